package funding

import (
	"context"
	"slices"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// RacerPlan is a racer's payment plan (拨付计划) with its tranches and holds, its ending, expenses, refunds
// and the team's termination requests.
type RacerPlan struct {
	Challenge challenge.Challenge
	Racer     Racer
	Tranches  []PlanTranche
	Ending    *Ending
	// RefundDueOn is the last day to pay the refund back ("" without an ending).
	RefundDueOn string
	Expenses    ExpenseFigures
	Refunds     RefundFigures
	RefundList  []Refund
	ExpenseList []Expense
	Requests    []TerminationRequest
	// Actions are what the viewer may do: terminate, revoke, accept_expenses, record_refund (bureau);
	// request_termination, report_expense (the racer's team).
	Actions []string
}

// plan computes the tranches of racers of one challenge from its records (government funds only).
func (s *Service) plan(ctx context.Context, ch challenge.Challenge, racers []Racer, endings map[int64]Ending) (map[int64][]PlanTranche, error) {
	decs, err := s.d.Store.Decisions(ctx, ch.ID, 0)
	if err != nil {
		return nil, err
	}
	pays, err := s.d.Store.Disbursements(ctx, ch.ID, 0)
	if err != nil {
		return nil, err
	}
	paidOn := map[int64]int64{}
	for _, p := range pays {
		paidOn[p.DecisionID] += p.AmountFen
	}
	all, err := s.d.Racers.RacersOf(ctx, ch.ID)
	if err != nil {
		return nil, err
	}
	in := ProposalInput{CapFen: ch.GovFundingFen, StartupPct: s.cfg.StartupPct, Racers: all}
	for i, st := range ch.Stages {
		in.StageSharePct = append(in.StageSharePct, st.FundingSharePct)
		out, err := s.d.Racers.StageOutcome(ctx, ch.ID, i+1)
		if err != nil {
			return nil, err
		}
		in.Outcomes = append(in.Outcomes, out)
	}
	planned := map[int64]map[string]ProposalLine{}
	for _, l := range DefaultSplit(in).Lines {
		if planned[l.RacerID] == nil {
			planned[l.RacerID] = map[string]ProposalLine{}
		}
		planned[l.RacerID][l.Tranche] = l
	}
	tranches := []string{TrancheStartup}
	for i := range ch.Stages {
		tranches = append(tranches, StageTranche(i+1))
	}
	tranches = append(tranches, TrancheFinalAward)
	out := map[int64][]PlanTranche{}
	for _, r := range racers {
		gov, ent := map[string]int64{}, int64(0)
		decided, disbursed := map[string]int64{}, map[string]int64{}
		open := map[string][]int64{}
		for _, d := range decs {
			if d.RacerID != r.ID {
				continue
			}
			switch d.Source {
			case SourceEnterprise:
				ent += d.AmountFen
				continue
			case SourceSelf:
				continue
			}
			gov[d.Tranche] += d.AmountFen
			decided[d.Tranche] += d.AmountFen
			disbursed[d.Tranche] += paidOn[d.ID]
			if !d.IsReversal() && d.ReversedByID == nil && paidOn[d.ID] < d.AmountFen {
				open[d.Tranche] = append(open[d.Tranche], d.ID)
			}
		}
		var ending *Ending
		if e, ok := endings[r.ID]; ok {
			ending = &e
		}
		for _, t := range tranches {
			f, err := s.trancheFacts(ctx, r, t, ending, gov, ent)
			if err != nil {
				return nil, err
			}
			hold, details := Hold(f)
			pl := planned[r.ID][t]
			out[r.ID] = append(out[r.ID], PlanTranche{Tranche: t, PlannedFen: pl.AmountFen, Provisional: pl.Provisional,
				DecidedFen: decided[t], DisbursedFen: disbursed[t], State: StateOf(decided[t], disbursed[t], hold),
				Hold: hold, HoldDetails: details, DecisionIDs: open[t]})
		}
	}
	return out, nil
}

// Plan returns a racer's payment plan: the bureau and the owner enterprise see every racer's, a team user of
// the racer's organisation its own; anyone else gets 404.
func (s *Service) Plan(ctx context.Context, actor domain.Actor, racerID int64) (RacerPlan, error) {
	r, err := s.lookupRacer(ctx, racerID)
	if err != nil {
		return RacerPlan{}, err
	}
	ch, err := s.challenge(ctx, r.ChallengeID)
	if err != nil {
		return RacerPlan{}, err
	}
	team := actor.TeamOf(r.OrgID)
	if !ch.SeenWhole(actor) && !team {
		return RacerPlan{}, errRacerNotFound()
	}
	p := RacerPlan{Challenge: ch, Racer: r}
	endings := map[int64]Ending{}
	if s.d.Endings != nil {
		if p.Ending, err = s.ending(ctx, r.ID); err != nil {
			return p, err
		}
		if p.Ending != nil {
			endings[r.ID] = *p.Ending
			p.RefundDueOn = s.RefundDueOn(*p.Ending)
		}
		if p.ExpenseList, err = s.d.Endings.Expenses(ctx, r.ID); err != nil {
			return p, err
		}
		if p.RefundList, err = s.d.Endings.Refunds(ctx, ch.ID, r.ID); err != nil {
			return p, err
		}
		if p.Requests, err = s.d.Endings.TerminationRequests(ctx, r.ID); err != nil {
			return p, err
		}
		p.Expenses, p.Refunds = expenseFigures(p.ExpenseList), refundFigures(p.RefundList)
	}
	ts, err := s.plan(ctx, ch, []Racer{r}, endings)
	if err != nil {
		return p, err
	}
	p.Tranches = ts[r.ID]
	p.Actions = planActions(actor, p, team, s.d.Endings != nil)
	return p, nil
}

func planActions(actor domain.Actor, p RacerPlan, team, on bool) []string {
	out := []string{}
	if !on || fundable(p.Challenge) != nil {
		return out
	}
	switch {
	case actor.Bureau():
		if p.Ending == nil {
			out = append(out, "terminate", "revoke")
		}
		if p.Expenses.ReportedFen > p.Expenses.AcceptedFen {
			out = append(out, "accept_expenses")
		}
		if p.Refunds.Outstanding() > 0 {
			out = append(out, "record_refund")
		}
	case team:
		if p.Ending == nil {
			out = append(out, "request_termination")
		}
		out = append(out, "report_expense")
	}
	return out
}

// DueItem is one government tranche with money decided and not yet paid: due now, or held with the reason.
type DueItem struct {
	Challenge      challenge.Challenge
	Racer          Racer
	Tranche        PlanTranche
	UndisbursedFen int64
}

// DueList is the bureau's 待拨付 view: every tranche due now and every one held, the refunds outstanding and
// the team's open termination requests.
type DueList struct {
	Due      []DueItem
	Held     []DueItem
	Refunds  []RefundLine
	Requests []TerminationRequest
}

// RefundLine is a racer's outstanding refund.
type RefundLine struct {
	Challenge challenge.Challenge
	Racer     Racer
	Ending    Ending
	DueOn     string
	Figures   RefundFigures
}

// Due lists, for the bureau, every government tranche decided and not fully paid of every challenge, due
// now or held with its reason; the refunds still outstanding; the open termination requests.
func (s *Service) Due(ctx context.Context, actor domain.Actor) (DueList, error) {
	if !actor.Bureau() {
		return DueList{}, notBureau()
	}
	out := DueList{Due: []DueItem{}, Held: []DueItem{}, Refunds: []RefundLine{}, Requests: []TerminationRequest{}}
	if s.d.Endings == nil {
		return out, nil
	}
	decs, _, err := s.d.Endings.OpenGovDecisions(ctx)
	if err != nil {
		return out, err
	}
	byChallenge := map[int64]map[int64]bool{}
	for _, d := range decs {
		if byChallenge[d.ChallengeID] == nil {
			byChallenge[d.ChallengeID] = map[int64]bool{}
		}
		byChallenge[d.ChallengeID][d.RacerID] = true
	}
	endings, err := s.d.Endings.Endings(ctx, nil)
	if err != nil {
		return out, err
	}
	ids := make([]int64, 0, len(byChallenge))
	for id := range byChallenge {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		ch, err := s.challenge(ctx, id)
		if err != nil {
			return out, err
		}
		all, err := s.d.Racers.RacersOf(ctx, id)
		if err != nil {
			return out, err
		}
		var racers []Racer
		for _, r := range all {
			if byChallenge[id][r.ID] {
				racers = append(racers, r)
			}
		}
		plans, err := s.plan(ctx, ch, racers, endings)
		if err != nil {
			return out, err
		}
		for _, r := range racers {
			for _, t := range plans[r.ID] {
				if len(t.DecisionIDs) == 0 {
					continue
				}
				it := DueItem{Challenge: ch, Racer: r, Tranche: t, UndisbursedFen: t.DecidedFen - t.DisbursedFen}
				if t.Hold != "" {
					out.Held = append(out.Held, it)
				} else {
					out.Due = append(out.Due, it)
				}
			}
		}
	}
	figs, err := s.d.Endings.RefundFiguresOf(ctx, nil)
	if err != nil {
		return out, err
	}
	rids := make([]int64, 0, len(figs))
	for id := range figs {
		rids = append(rids, id)
	}
	slices.Sort(rids)
	for _, rid := range rids {
		f := figs[rid]
		e, ok := endings[rid]
		if !ok || f.Outstanding() == 0 {
			continue
		}
		r, err := s.lookupRacer(ctx, rid)
		if err != nil {
			return out, err
		}
		ch, err := s.challenge(ctx, r.ChallengeID)
		if err != nil {
			return out, err
		}
		out.Refunds = append(out.Refunds, RefundLine{Challenge: ch, Racer: r, Ending: e, DueOn: s.RefundDueOn(e), Figures: f})
	}
	reqs, err := s.d.Endings.TerminationRequests(ctx, 0)
	if err != nil {
		return out, err
	}
	for _, q := range reqs {
		if _, ended := endings[q.RacerID]; !ended {
			out.Requests = append(out.Requests, q)
		}
	}
	return out, nil
}
