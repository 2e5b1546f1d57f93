package seed

import (
	"context"
	"fmt"
	"slices"

	"jiebang/domain/calendar"
	"jiebang/domain/race"
)

// seedNotice selects the best-ranked bids of the demo's closed bid review (the offshore-wind challenge) and opens
// its public notice (公示) on the real clock, so the demo has a notice running that anyone may read; a team
// left out objects to it, and the objection waits for the bureau's answer. The notice's end is what the
// working-day calendar gives from now, so it is open whatever day the demo is loaded.
func (a *demo) seedNotice(ctx context.Context, accts DemoAccounts, chs DemoChallenges, bids DemoBids) (string, error) {
	id := chs.IDs["wind"]
	sel, err := a.Race.Ranking(ctx, accts.Bureau.Actor, id)
	if err != nil {
		return "", fmt.Errorf("demo notice: ranking of challenge %d: %w", id, err)
	}
	if !sel.Closed || len(sel.Ranking) < sel.Min {
		return "", fmt.Errorf("demo notice: challenge %d has no closed bid review to select from", id)
	}
	var selected []int64
	for _, r := range sel.Ranking[:sel.Min] {
		selected = append(selected, r.BidID)
	}
	n, err := a.Race.Select(ctx, accts.Bureau.Actor, id, race.SelectionInput{BidIDs: selected})
	if err != nil {
		return "", fmt.Errorf("demo notice: select on challenge %d: %w", id, err)
	}
	// The objection comes from a team that bid on the challenge and was not selected.
	team := -1
	for _, sp := range demoBidSpecs {
		if sp.challenge == "wind" && !slices.Contains(selected, bids.IDs[sp.key]) {
			team = sp.team
		}
	}
	if team < 0 {
		return "", fmt.Errorf("demo notice: every bid of challenge %d was selected: no team left out to object", id)
	}
	o, err := a.Race.Object(ctx, accts.Teams[team].Actor, n.ID,
		"我单位方案的台架试验数据已补充提交，评审时未予采纳，请复核评分并说明理由。")
	if err != nil {
		return "", fmt.Errorf("demo notice: objection: %w", err)
	}
	return fmt.Sprintf("  notice: #%d open for challenge #%d until the end of %s (China time, %d working days), objection #%d waiting for the bureau (/notices)\n",
		n.ID, id, calendar.DeadlineDate(n.EndsAt), n.NoticeDays, o.ID), nil
}
