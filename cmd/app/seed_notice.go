package app

import (
	"context"
	"fmt"

	"jiebang/domain/race"
)

// seedNotice selects the best-ranked bids of the demo's closed bid review (the offshore-wind challenge) and opens
// its public notice (公示) on the real clock, so the demo has a notice running that anyone may read and object to.
func (a *App) seedNotice(ctx context.Context, accts DemoAccounts, chs DemoChallenges) (string, error) {
	id := chs.IDs["wind"]
	sel, err := a.Race.Ranking(ctx, accts.Bureau.Actor, id)
	if err != nil {
		return "", fmt.Errorf("demo notice: ranking of challenge %d: %w", id, err)
	}
	if !sel.Closed || len(sel.Ranking) < sel.Min {
		return "", fmt.Errorf("demo notice: challenge %d has no closed bid review to select from", id)
	}
	var bids []int64
	for _, r := range sel.Ranking[:sel.Min] {
		bids = append(bids, r.BidID)
	}
	n, err := a.Race.Select(ctx, accts.Bureau.Actor, id, race.SelectionInput{BidIDs: bids})
	if err != nil {
		return "", fmt.Errorf("demo notice: select on challenge %d: %w", id, err)
	}
	return fmt.Sprintf("  notice: #%d open for challenge #%d until %s (/notices)\n", n.ID, id,
		n.EndsAt.Format("2006-01-02 15:04 MST")), nil
}
