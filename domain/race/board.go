package race

import (
	"context"
	"sort"
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// RacerView is a racer as one caller may see it: everyone sees the outcomes (status, eliminations,
// re-admissions, the winner); the team its own detail, the enterprise and the bureau everyone's.
type RacerView struct {
	Racer
	// Detail tells whether the caller sees the task book, reports, scores and opinion.
	Detail  bool
	Reports []Report
	// Scores are the stage review's final scores by stage (decided stages, and closed rounds for the bureau).
	Scores  map[int]float64
	Events  []Event
	Opinion *Opinion
	// Rectifications are the racer's rectification periods (限期整改), oldest first: the requirements, the
	// report and the reasons only with Detail.
	Rectifications []Rectification
}

// Board is the race board (赛马看板) of a challenge.
type Board struct {
	Challenge challenge.Challenge
	Racers    []RacerView
	Decisions []Decision
	// Opinions counts the enterprise's acceptance opinions recorded.
	Opinions int
}

// seesAll reports whether the actor sees every racer's detail: the bureau and the owner enterprise.
func seesAll(actor domain.Actor, c challenge.Challenge) bool {
	return c.SeenWhole(actor)
}

// Board returns the race board of a challenge as the actor may see it.
func (s *Service) Board(ctx context.Context, actor domain.Actor, challengeID int64) (Board, error) {
	c, err := s.challenge(ctx, actor, challengeID)
	if err != nil {
		return Board{}, err
	}
	b := Board{Challenge: c, Racers: []RacerView{}, Decisions: []Decision{}}
	data, err := s.boardData(ctx, challengeID)
	if err != nil {
		return b, err
	}
	racers, reports, events, ds, ops, atts, rects := data.Racers, data.Reports, data.Events, data.Decisions, data.Opinions,
		data.Attachments, data.Rectifications
	b.Opinions = len(ops)
	all := seesAll(actor, c)
	for _, d := range ds {
		if !all {
			d.Scores, d.Reason = map[int64]float64{}, ""
			rs := make([]RectifyEntry, 0, len(d.Rectify))
			for _, x := range d.Rectify {
				x.Requirements = ""
				rs = append(rs, x)
			}
			d.Rectify = rs
			d.Eliminate = append([]Elimination(nil), d.Eliminate...) // the data may be shared: never write into it
			for i := range d.Eliminate {
				d.Eliminate[i].Reason, d.Eliminate[i].CreditStatus = "", ""
			}
		}
		b.Decisions = append(b.Decisions, d)
	}
	for _, r := range racers {
		v := RacerView{Racer: r, Detail: all || actor.TeamOf(r.OrgID),
			Reports: []Report{}, Scores: map[int]float64{}, Events: []Event{}, Rectifications: []Rectification{}}
		for _, x := range rects {
			if x.RacerID == r.ID {
				if !v.Detail {
					x = x.Public()
				}
				v.Rectifications = append(v.Rectifications, x)
			}
		}
		for _, e := range events {
			if e.RacerID == r.ID {
				if !v.Detail {
					e.Reason = ""
				}
				v.Events = append(v.Events, e)
			}
		}
		if v.Detail {
			for _, rep := range reports {
				if rep.RacerID == r.ID {
					for _, a := range atts {
						if a.ReportID == rep.ID {
							rep.Attachments = append(rep.Attachments, a)
						}
					}
					v.Reports = append(v.Reports, rep)
				}
			}
			for _, d := range ds {
				if sc, ok := d.Scores[r.ID]; ok {
					v.Scores[d.Stage] = sc
				}
			}
			for i := range ops {
				if ops[i].RacerID == r.ID {
					v.Opinion = &ops[i]
				}
			}
		} else {
			v.TaskBook = TaskBook{}
			v.EliminationReason = ""
		}
		b.Racers = append(b.Racers, v)
	}
	return b, nil
}

// Racer returns one racer with its task book (the team itself, the owner enterprise, the bureau; 404 for
// everyone else).
func (s *Service) Racer(ctx context.Context, actor domain.Actor, id int64) (RacerView, challenge.Challenge, error) {
	r, err := s.d.Store.Racer(ctx, id)
	if err != nil {
		return RacerView{}, challenge.Challenge{}, notFoundAs(err, errRacerNotFound)
	}
	b, err := s.Board(ctx, actor, r.ChallengeID)
	if err != nil {
		return RacerView{}, challenge.Challenge{}, notFoundAs(err, errRacerNotFound)
	}
	for _, v := range b.Racers {
		if v.ID == id && v.Detail {
			return v, b.Challenge, nil
		}
	}
	return RacerView{}, challenge.Challenge{}, errRacerNotFound
}

// FundingTotals gives the government funding decided per racer (wired to the funding area when it exists).
type FundingTotals interface {
	DecidedByRacer(ctx context.Context, challengeID int64) (map[int64]int64, error)
}

// Result is a finished challenge as the public results show it.
type Result struct {
	Challenge challenge.Challenge
	Racers    []RacerView
	// FundingFen is the government funding decided per racer (nil when the funding area is not wired).
	FundingFen map[int64]int64
}

// UseFunding wires the funding totals of the results.
func (s *Service) UseFunding(f FundingTotals) { s.funding = f }

// Results lists finished challenges (completed or failed) with winners and stage outcomes (public).
func (s *Service) Results(ctx context.Context, p domain.Page) (domain.List[Result], error) {
	ids, err := s.d.Store.FinishedChallenges(ctx, p.Normalize())
	if err != nil {
		return domain.List[Result]{}, err
	}
	out := domain.List[Result]{Total: ids.Total, Page: ids.Page, PageSize: ids.PageSize, Items: []Result{}}
	for _, id := range ids.Items {
		b, err := s.Board(ctx, domain.Actor{}, id)
		if err != nil {
			return out, err
		}
		res := Result{Challenge: b.Challenge, Racers: b.Racers}
		if s.funding != nil {
			if res.FundingFen, err = s.funding.DecidedByRacer(ctx, id); err != nil {
				return out, err
			}
		}
		out.Items = append(out.Items, res)
	}
	return out, nil
}

// Item is one racer's report to score in a stage_review or acceptance round, with its bid (for the conflict
// checks).
type Item struct {
	RacerID, BidID, ReportID int64
	Label                    string
	// SubmittedAt is when the report was submitted (the ranking's tie-break).
	SubmittedAt time.Time
}

// StageItems are the reports of the racing racers for a stage, for the review engine's stage rounds (409
// race_not_started before the start; a racer without a report is not scored).
func (s *Service) StageItems(ctx context.Context, challengeID int64, stage int) ([]Item, error) {
	c, err := s.d.Challenges.Lookup(ctx, challengeID)
	if err != nil {
		return nil, notFoundAs(err, errChallengeNotFound)
	}
	if c.Status != challenge.StatusInProgress {
		return nil, domain.Conflict("race_not_started", "赛马尚未开始", "the race has not started")
	}
	if stage < 1 || stage > len(c.Stages) {
		return nil, domain.FieldErr("stage", "out_of_range", "没有该阶段", "no such stage")
	}
	racers, err := s.d.Store.Racers(ctx, challengeID)
	if err != nil {
		return nil, err
	}
	reports, err := s.d.Store.Reports(ctx, challengeID)
	if err != nil {
		return nil, err
	}
	var out []Item
	for _, r := range racers {
		if r.Status != RacerRacing {
			continue
		}
		for _, rep := range reports {
			if rep.RacerID == r.ID && rep.Stage == stage {
				out = append(out, Item{RacerID: r.ID, BidID: r.BidID, ReportID: rep.ID, Label: r.OrgName, SubmittedAt: rep.SubmittedAt})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].RacerID < out[j].RacerID })
	return out, nil
}
