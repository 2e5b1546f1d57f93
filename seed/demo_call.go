package seed

import (
	"context"
	"fmt"
	"time"

	"jiebang/domain"
	"jiebang/domain/calendar"
	"jiebang/domain/call"
	"jiebang/domain/challenge"
)

// seedCalls tells the calls for needs (申报批次) over the last 45 days: the bureau opened the year's first call
// 45 days ago, two enterprises filed a need each into it, the bureau approved both after the call closed and
// published the call's list with one bidding deadline 20 days from now; three days ago it opened the second
// call, into which one need is submitted and one is still a draft. Dates are China dates from the clock, so the
// demo is the same on any day.
func (a *demo) seedCalls(ctx context.Context, d DemoAccounts) (string, error) {
	now := a.Clock.Now().UTC().Truncate(time.Minute)
	clk := domain.NewFrozenClock(now.Add(-45 * 24 * time.Hour))
	st, err := a.storyAt(clk)
	if err != nil {
		return "", err
	}
	at := func(daysAgo int) {
		target := now.Add(-time.Duration(daysAgo) * 24 * time.Hour)
		if dd := target.Sub(clk.Now()); dd > 0 {
			clk.Advance(dd)
		}
	}
	day := func(offset int) *string {
		s := calendar.Date(now.AddDate(0, 0, offset))
		return &s
	}
	year := calendar.DayOf(now).In(calendar.China).Year()
	boss := d.Bureau.Actor
	specs := map[string]demoChallengeSpec{}
	for _, sp := range demoChallengeSpecs {
		specs[sp.key] = sp
	}
	file := func(callID int64, key, title string) (int64, domain.Actor, error) {
		sp := specs[key]
		p := sp.patch
		p.Title, p.CallID = &title, &callID
		owner := d.Enterprises[sp.enterprise].Actor
		c, err := st.Challenges.Create(ctx, owner, p)
		return c.ID, owner, err
	}

	at(45)
	first := fmt.Sprintf("%d年第一批揭榜挂帅榜单", year)
	notes := "面向全市重点企业征集关键核心技术需求，经专家论证后统一张榜。"
	one, five := 1, 5
	c1, err := st.Calls.Create(ctx, boss, call.Input{Title: &first, Year: &year, OpensOn: day(-45), ClosesOn: day(-30),
		Notes: &notes, Rules: &call.Overrides{MaxActiveBidsPerPI: &one, NoticeDays: &five}})
	if err != nil {
		return "", fmt.Errorf("demo call: %w", err)
	}
	type filed struct {
		id    int64
		owner domain.Actor
	}
	var listed []filed
	for _, k := range []struct{ key, title string }{
		{"carbon", "氢燃料电池双极板低成本制造工艺"},
		{"motor", "轮毂电机一体化热管理系统"},
	} {
		id, owner, err := file(c1.ID, k.key, k.title)
		if err != nil {
			return "", fmt.Errorf("demo call challenge %s: %w", k.key, err)
		}
		listed = append(listed, filed{id, owner})
	}
	at(43)
	for _, f := range listed {
		if _, err := st.Challenges.Submit(ctx, f.owner, f.id); err != nil {
			return "", fmt.Errorf("demo call submit: %w", err)
		}
	}
	at(33)
	for _, f := range listed {
		if _, err := st.Challenges.Validate(ctx, boss, f.id, challenge.ValidateInput{Decision: challenge.DecisionApprove,
			Opinion: "经本批次专家论证，同意随批次张榜。"}); err != nil {
			return "", fmt.Errorf("demo call validate: %w", err)
		}
	}
	at(29)
	if _, err := st.Calls.Publish(ctx, boss, c1.ID, calendar.EndOfDayAfter(now, 20)); err != nil {
		return "", fmt.Errorf("demo call publish: %w", err)
	}

	at(3)
	second := fmt.Sprintf("%d年第二批揭榜挂帅需求征集", year)
	notes2 := "本批次不设单位限项（无限项），欢迎各类创新主体揭榜。"
	none := 0
	c2, err := st.Calls.Create(ctx, boss, call.Input{Title: &second, Year: &year, OpensOn: day(-3), ClosesOn: day(17),
		Notes: &notes2, Rules: &call.Overrides{MaxActiveBidsPerOrg: &none}})
	if err != nil {
		return "", fmt.Errorf("demo open call: %w", err)
	}
	subID, subOwner, err := file(c2.ID, "software", "工业设计仿真软件国产化替代")
	if err != nil {
		return "", fmt.Errorf("demo open call challenge: %w", err)
	}
	at(2)
	if _, err := st.Challenges.Submit(ctx, subOwner, subID); err != nil {
		return "", fmt.Errorf("demo open call submit: %w", err)
	}
	at(1)
	draftID, _, err := file(c2.ID, "sic", "车规级碳化硅模块封装可靠性提升")
	if err != nil {
		return "", fmt.Errorf("demo open call draft: %w", err)
	}
	return fmt.Sprintf("  calls: published /calls/%d (%s, %d challenges); open /calls/%d (%s: #%d submitted, #%d draft)\n",
		c1.ID, first, len(listed), c2.ID, second, subID, draftID), nil
}
