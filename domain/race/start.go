package race

import (
	"context"
	"fmt"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/bid"
	"jiebang/domain/calendar"
	"jiebang/domain/challenge"
)

// Start starts the project (立项) after the notice: refused while the period runs (409 notice_running) or an
// objection is open (409 objection_open). Each selected bid becomes a racer with its task book; the challenge
// moves to in_progress.
func (s *Service) Start(ctx context.Context, actor domain.Actor, challengeID int64) ([]Racer, error) {
	if err := requireBureau(actor); err != nil {
		return nil, err
	}
	var out []Racer
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.challenge(ctx, actor, challengeID)
		if err != nil {
			return err
		}
		if c.Status != challenge.StatusNotice {
			return domain.InvalidTransition("challenge", string(c.Status), string(challenge.ActionStart))
		}
		n, err := s.d.Store.CurrentNotice(ctx, challengeID)
		if err != nil {
			return err
		}
		now := s.now()
		if n.Running(now) {
			return errNoticeRunning.WithDetails(map[string]any{"ends_at": n.EndsAt})
		}
		if n.OpenObjections > 0 {
			return errObjectionOpen
		}
		if n.Status == NoticeOpen {
			// The period is over but the job has not run yet: close it now.
			if err := s.moveNotice(ctx, actor, n, ActionClose); err != nil {
				return err
			}
		}
		bids, err := s.d.Bids.Submitted(ctx, challengeID)
		if err != nil {
			return err
		}
		for _, id := range n.BidIDs {
			var b *bid.Bid
			for i := range bids {
				if bids[i].ID == id {
					b = &bids[i]
				}
			}
			if b == nil {
				return fmt.Errorf("race: selected bid %d not found", id)
			}
			r := Racer{ChallengeID: challengeID, BidID: b.ID, OrgID: b.LeadOrgID, Status: RacerRacing, StartedAt: now, UpdatedAt: now}
			if o, err := s.d.Orgs.OrgByID(ctx, b.LeadOrgID); err == nil {
				r.OrgName = o.Name
			}
			r.TaskBook = NewTaskBook(c, *b, r.OrgName, now)
			if err := s.d.Store.CreateRacer(ctx, &r); err != nil {
				return err
			}
			if err := s.d.Store.AddEvent(ctx, &Event{RacerID: r.ID, ChallengeID: challengeID, Kind: EventStarted, ActorID: actor.UserID, At: now}); err != nil {
				return err
			}
			if err := s.log(ctx, actor, audit.EntityRacer, r.ID, "start", nil,
				map[string]any{"challenge_id": challengeID, "bid_id": b.ID, "org_id": b.LeadOrgID, "status": r.Status}); err != nil {
				return err
			}
			out = append(out, r)
		}
		if _, err := s.d.Challenges.Advance(ctx, actor, challengeID, challenge.ActionStart, ""); err != nil {
			return err
		}
		return publish(ctx, s, EventStart, actor, c.ID, Started{Challenge: c, Racers: out})
	})
	return out, err
}

// StageDue is when a stage's report is due: the same day of the month offsetMonths after the start's China
// date, or that month's last day when it has no such day (started 31 January, one month on is due 28 or 29
// February, never early March), at the end of that date (24:00 China time).
func StageDue(start time.Time, offsetMonths int) time.Time {
	return calendar.EndOfDay(calendar.AddMonthsClamped(calendar.DayOf(start), offsetMonths)).UTC()
}

// DueAt is when the racer's report for stage (1-based) is due: the date its task book fixed at start, so a
// team is held to the date it was given (a task book written before the month-end rule keeps its date);
// StageDue for a task book without that stage.
func (r Racer) DueAt(c challenge.Challenge, stage int) time.Time {
	for _, st := range r.TaskBook.Stages {
		if st.Stage == stage && !st.DueAt.IsZero() {
			return st.DueAt.UTC()
		}
	}
	return StageDue(r.StartedAt, c.Stages[stage-1].OffsetMonths)
}

// NewTaskBook builds a racer's task book from its challenge and its submitted bid.
func NewTaskBook(c challenge.Challenge, b bid.Bid, orgName string, start time.Time) TaskBook {
	tb := TaskBook{ChallengeTitle: c.Title, LeadOrg: orgName, PI: b.Content.PI.Name, PIEmail: b.Content.PI.Email,
		Partners: []string{}, Approach: b.Content.Approach, KPIs: []TaskKPI{}, Stages: []TaskStage{}, Budget: []TaskBudget{},
		BudgetFen: b.Content.BudgetTotal(), StartedAt: start,
		Terms: TaskBookTerms{DurationMonths: c.DurationMonths, GovFundingFen: c.GovFundingFen, CofundingFen: c.CofundingFen,
			IPTerms: c.IPTerms, Deliverables: c.Deliverables, Mode: string(c.Mode)}}
	for _, p := range b.Content.Partners {
		tb.Partners = append(tb.Partners, p.OrgName)
	}
	for _, k := range c.KPIs {
		tb.KPIs = append(tb.KPIs, TaskKPI{Name: k.Name, Target: k.Target, Unit: k.Unit, Comparison: k.Comparison, Method: k.Method})
	}
	for i, st := range c.Stages {
		ts := TaskStage{Stage: i + 1, Name: st.Name, DueAt: StageDue(start, st.OffsetMonths), KPITargets: map[string]float64{}}
		for _, p := range b.Content.Plan {
			if p.Stage == i+1 {
				for k, v := range p.KPITargets {
					ts.KPITargets[k] = v
				}
				ts.Deliverables = p.Deliverables
			}
		}
		tb.Stages = append(tb.Stages, ts)
	}
	for _, l := range b.Content.Budget {
		tb.Budget = append(tb.Budget, TaskBudget{Item: l.Item, AmountFen: l.AmountFen})
	}
	return tb
}
