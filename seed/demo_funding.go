package seed

import (
	"context"
	"fmt"

	"jiebang/domain"
	"jiebang/domain/calendar"
	"jiebang/domain/funding"
	"jiebang/domain/race"
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
		coFunding := map[int64]int64{}
		govOf := map[int64]int64{}
		for _, line := range p.Lines {
			if !line.Provisional && !out[line.RacerID] {
				govOf[line.RacerID] += line.AmountFen
			}
		}
		for racer, amount := range govOf {
			dec, err := a.Funding.Decide(ctx, boss, ch, funding.DecisionInput{RacerID: racer, Tranche: funding.TrancheStartup,
				Source: funding.SourceEnterprise, AmountFen: amount, Basis: "企业配套资金到账回单"})
			if err != nil {
				return n, fmt.Errorf("co-funding: %w", err)
			}
			coFunding[racer] = dec.ID
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
				due, err := a.trancheDue(ctx, boss, line.RacerID, line.Tranche)
				if err != nil {
					return n, err
				}
				if !due {
					// held (a task book not signed by everyone yet): 待拨付 shows the hold
					continue
				}
				if _, err := a.Funding.Disburse(ctx, boss, ch, funding.DisbursementInput{RacerID: line.RacerID, DecisionID: dec.ID,
					AmountFen: dec.AmountFen / 2, PaidOn: calendar.Date(a.Clock.Now()), Reference: fmt.Sprintf("财拨〔演示〕%d号", dec.ID)}); err != nil {
					return n, err
				}
			}
		}
		if ch == r.InProgress {
			k, err := a.seedEndings(ctx, d, ch, r.leader, r.ending, coFunding)
			n += k
			if err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// seedEndings tells the milestone payments of the race in progress: the leader (heldID) has its stage-1
// tranche held because the enterprise's co-funding receipt was reversed (待拨付 shows it held for co-funding);
// the fourth racer (endedID) is terminated (终止) after its team reported its expenses and the bureau accepted
// part of them, so a refund is due (and its team is told).
func (a *demo) seedEndings(ctx context.Context, d DemoAccounts, ch, heldID, endedID int64, coFunding map[int64]int64) (int, error) {
	boss := d.Bureau.Actor
	racers, err := a.Race.RacersOf(ctx, ch)
	if err != nil {
		return 0, err
	}
	var held, ended *race.Racer
	for i, rc := range racers {
		switch {
		case rc.ID == heldID && rc.Status == race.RacerRacing:
			held = &racers[i]
		case rc.ID == endedID && rc.Status == race.RacerRacing:
			ended = &racers[i]
		}
	}
	if held == nil || ended == nil {
		return 0, fmt.Errorf("the running race needs its leader (%d) and its fourth racer (%d) racing", heldID, endedID)
	}
	n := 0
	if id, ok := coFunding[held.ID]; ok {
		if _, err := a.Funding.Decide(ctx, boss, ch, funding.DecisionInput{ReversesID: &id,
			Note: "银行退回：企业配套资金到账回单有误，待企业重新汇入"}); err != nil {
			return n, fmt.Errorf("co-funding reversal: %w", err)
		}
		n++
	}
	var team domain.Actor
	for _, u := range d.Teams {
		if u.Actor.OrgID == ended.OrgID {
			team = u.Actor
			break
		}
	}
	figs, err := a.Funding.Plan(ctx, boss, ended.ID)
	if err != nil {
		return n, err
	}
	var paid int64
	for _, t := range figs.Tranches {
		paid += t.DisbursedFen
	}
	if team.UserID != 0 && paid > 0 {
		if _, err := a.Funding.RequestTermination(ctx, team, ended.ID, "伺服驱动器关键芯片断供，速度环带宽指标已无法在任务书期限内实现，申请终止项目。"); err != nil {
			return n, fmt.Errorf("termination request: %w", err)
		}
		if _, err := a.Funding.ReportExpense(ctx, team, ended.ID, paid*3/5, "样机材料费、测试费（附支出明细）"); err != nil {
			return n, fmt.Errorf("expenses: %w", err)
		}
		if _, err := a.Funding.AcceptExpenses(ctx, boss, ended.ID, paid/2); err != nil {
			return n, fmt.Errorf("accept expenses: %w", err)
		}
	}
	if _, _, err := a.Funding.Terminate(ctx, boss, ended.ID, funding.EndingInput{Ground: "kpi_unachievable",
		Reason: "关键芯片断供，团队申请终止，经审核同意"}); err != nil {
		return n, fmt.Errorf("terminate: %w", err)
	}
	return n, nil
}

// trancheDue asks the funding service whether the racer's tranche may be paid now (its plan says due).
func (a *demo) trancheDue(ctx context.Context, boss domain.Actor, racer int64, tranche string) (bool, error) {
	figs, err := a.Funding.Plan(ctx, boss, racer)
	if err != nil {
		return false, err
	}
	for _, t := range figs.Tranches {
		if t.Tranche == tranche {
			return t.State == funding.StateDue, nil
		}
	}
	return false, nil
}
