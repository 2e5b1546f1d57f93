package seed

import (
	"context"
	"fmt"

	"jiebang/domain/calendar"
	"jiebang/domain/funding"
)

// seedFunding records the demo ledgers from the default split: start-up funds for every racer of the race in
// progress, with a first payment; on the finished race, the enterprise's co-funding and the tranches of the
// racers still in it (start-up, the stages they advanced, the final award of the winner) with payments. An
// eliminated racer gets no further tranche, so seeding after the fact leaves the eliminated racer's line empty.
func (a *demo) seedFunding(ctx context.Context, d DemoAccounts, r DemoRaces) (int, error) {
	boss := d.Bureau.Actor
	n := 0
	for _, ch := range []int64{r.InProgress, r.Finished} {
		if ch == 0 {
			continue
		}
		p, err := a.Funding.Proposal(ctx, boss, ch)
		if err != nil {
			return n, err
		}
		l, err := a.Funding.Ledger(ctx, boss, ch)
		if err != nil {
			return n, err
		}
		out := map[int64]bool{}
		for _, x := range l.Racers {
			out[x.Racer.ID] = x.Racer.Eliminated()
		}
		govOf := map[int64]int64{}
		for _, line := range p.Lines {
			if !line.Provisional && !out[line.RacerID] {
				govOf[line.RacerID] += line.AmountFen
			}
		}
		for racer, amount := range govOf {
			if _, err := a.Funding.Decide(ctx, boss, ch, funding.DecisionInput{RacerID: racer, Tranche: funding.TrancheStartup,
				Source: funding.SourceEnterprise, AmountFen: amount, Basis: "企业配套资金到账回单"}); err != nil {
				return n, fmt.Errorf("co-funding: %w", err)
			}
			n++
		}
		for _, line := range p.Lines {
			if line.Provisional || out[line.RacerID] || line.AmountFen <= 0 {
				continue
			}
			dec, err := a.Funding.Decide(ctx, boss, ch, funding.DecisionInput{RacerID: line.RacerID, Tranche: line.Tranche,
				AmountFen: line.AmountFen, Basis: "按默认分配方案", Note: "演示数据"})
			if err != nil {
				return n, fmt.Errorf("%s for racer %d: %w", line.Tranche, line.RacerID, err)
			}
			n++
			if line.Tranche == funding.TrancheStartup {
				if _, err := a.Funding.Disburse(ctx, boss, ch, funding.DisbursementInput{RacerID: line.RacerID, DecisionID: dec.ID,
					AmountFen: dec.AmountFen / 2, PaidOn: calendar.Date(a.Clock.Now()), Reference: fmt.Sprintf("财拨〔演示〕%d号", dec.ID)}); err != nil {
					return n, err
				}
			}
		}
	}
	return n, nil
}
