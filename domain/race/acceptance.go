package race

import (
	"context"
	"fmt"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
)

// OpinionInput is the owner enterprise's acceptance opinion on one racer.
type OpinionInput struct {
	RacerID    int64
	KPIResults map[string]KPIResult
	Opinion    string
}

// RecordOpinion records the owner enterprise's acceptance opinion (验收意见) on a surviving racer against every
// KPI; a second one replaces the first until the bureau concludes.
func (s *Service) RecordOpinion(ctx context.Context, actor domain.Actor, challengeID int64, in OpinionInput) (Opinion, error) {
	var out Opinion
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.challenge(ctx, actor, challengeID)
		if err != nil {
			return err
		}
		if !c.OwnedBy(actor) {
			return domain.Forbidden("not_owner", "只有发榜企业可以填写验收意见", "only the posting enterprise may record the acceptance opinion")
		}
		if c.Status != challenge.StatusInProgress {
			return domain.Conflict("race_not_in_progress", "榜单不在实施阶段", "the challenge is not in progress")
		}
		r, err := s.d.Store.Racer(ctx, in.RacerID)
		if err != nil || r.ChallengeID != challengeID {
			return domain.FieldErr("racer_id", "invalid_racer", "不是本榜单的参赛团队", "not a racer of this challenge")
		}
		if r.Status != RacerRacing {
			return domain.FieldErr("racer_id", "racer_not_racing", "该团队不在赛中", "this racer is not racing")
		}
		in.Opinion = strings.TrimSpace(in.Opinion)
		var v domain.Validator
		v.RequiredText("opinion", in.Opinion, maxText)
		names := map[string]bool{}
		for _, k := range c.KPIs {
			names[k.Name] = true
			if _, ok := in.KPIResults[k.Name]; !ok {
				v.Add("kpi_results."+k.Name, "required", "须对每项指标给出结论", "a finding is required for every KPI")
			}
		}
		for k, x := range in.KPIResults {
			if !names[k] {
				v.Add("kpi_results."+k, "unknown_kpi", "榜单没有此指标", "the challenge has no such KPI")
			}
			v.MaxLen("kpi_results."+k+".evidence", x.Evidence, maxText)
		}
		if err := v.Err(); err != nil {
			return err
		}
		out = Opinion{ChallengeID: challengeID, RacerID: r.ID, KPIResults: in.KPIResults, Opinion: in.Opinion, By: actor.UserID, At: s.now()}
		if err := s.d.Store.SaveOpinion(ctx, out); err != nil {
			return err
		}
		if err := s.log(ctx, actor, audit.EntityRacer, r.ID, "acceptance_opinion", nil,
			map[string]any{"kpi_results": in.KPIResults, "opinion": in.Opinion}); err != nil {
			return err
		}
		return publish(ctx, s, EventAcceptanceOpinion, actor, r.ID, OpinionRecorded{Challenge: c, Racer: r, Opinion: out})
	})
	return out, err
}

// Outcome is the acceptance's conclusion.
type Outcome string

// Acceptance outcomes.
const (
	OutcomeCompleted Outcome = "completed"
	OutcomeFailed    Outcome = "failed"
	// OutcomePassed is another name of completed (通过).
	OutcomePassed Outcome = "passed"
	// OutcomeRectify gives every racing racer one rectification period (限期整改) instead of failing; the
	// challenge stays in progress.
	OutcomeRectify Outcome = "rectify"
	// OutcomePassedAfterRectification (整改后通过) is completed after the rectification period; a completed
	// conclusion after one is recorded as this.
	OutcomePassedAfterRectification Outcome = "passed_after_rectification"
)

// AcceptanceInput is the bureau's conclusion of the acceptance.
type AcceptanceInput struct {
	Outcome        Outcome
	WinnerRacerIDs []int64
	Opinion        string
	// Tolerance per racer when failed (default true: honest effort); CreditStatus when it does not apply.
	Tolerance    map[int64]bool
	CreditStatus map[int64]string
	// RectifyDueAt and Requirements go with OutcomeRectify (due: the settings' period after now; requirements:
	// the opinion when empty).
	RectifyDueAt *time.Time
	Requirements string
}

// Conclude ends the race (bureau) once the earlier stages are decided and the enterprise's opinion is recorded
// for every surviving racer: completed with the winners (the others finish), or failed (every surviving racer
// is eliminated at the acceptance with its tolerance recorded). The challenge moves to completed or failed.
func (s *Service) Conclude(ctx context.Context, actor domain.Actor, challengeID int64, in AcceptanceInput) ([]Racer, error) {
	if err := requireBureau(actor); err != nil {
		return nil, err
	}
	in.Opinion = strings.TrimSpace(in.Opinion)
	var out []Racer
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.inProgress(ctx, actor, challengeID)
		if err != nil {
			return err
		}
		ds, err := s.decided(ctx, challengeID)
		if err != nil {
			return err
		}
		for i := 1; i < len(c.Stages); i++ {
			if _, ok := ds[i]; !ok {
				return domain.Conflict("previous_stage_undecided", fmt.Sprintf("第 %d 阶段尚未作出结论", i), fmt.Sprintf("stage %d is not decided yet", i))
			}
		}
		racers, err := s.d.Store.Racers(ctx, challengeID)
		if err != nil {
			return err
		}
		ops, err := s.d.Store.Opinions(ctx, challengeID)
		if err != nil {
			return err
		}
		hasOpinion := map[int64]bool{}
		for _, o := range ops {
			hasOpinion[o.RacerID] = true
		}
		racing := map[int64]bool{}
		for _, r := range racers {
			if r.Status == RacerRacing {
				racing[r.ID] = true
				if !hasOpinion[r.ID] {
					return domain.Conflict("opinion_missing", "发榜企业尚未对所有在赛团队提交验收意见",
						"the enterprise has not recorded its acceptance opinion on every racing racer")
				}
			}
		}
		if in.Outcome == OutcomePassed {
			in.Outcome = OutcomeCompleted
		}
		if err := s.openStageRectifications(ctx, challengeID); err != nil {
			return err
		}
		if in.Outcome == OutcomeRectify {
			var v domain.Validator
			v.RequiredText("opinion", in.Opinion, maxText)
			v.Check(len(in.WinnerRacerIDs) == 0, "winner_racer_ids", "not_allowed", "限期整改时不能指定获胜团队", "a rectification has no winner")
			if err := v.Err(); err != nil {
				return err
			}
			if out, err = s.acceptanceRectify(ctx, actor, c, racers, in); err != nil {
				return err
			}
			return s.log(ctx, actor, audit.EntityChallenge, challengeID, "acceptance", nil,
				map[string]any{"outcome": in.Outcome, "opinion": in.Opinion, "due_at": in.RectifyDueAt})
		}
		accRects, used, err := s.acceptanceRects(ctx, challengeID)
		if err != nil {
			return err
		}
		result := in.Outcome
		if in.Outcome == OutcomePassedAfterRectification {
			if !used {
				return domain.FieldErr("outcome", "no_rectification", "验收未给予限期整改，不能整改后通过", "no rectification was given at this acceptance")
			}
			in.Outcome = OutcomeCompleted
		} else if in.Outcome == OutcomeCompleted && used {
			result = OutcomePassedAfterRectification
		}
		if err := checkAcceptance(racing, &in); err != nil {
			return err
		}
		if in.Outcome == OutcomeCompleted {
			for _, x := range accRects {
				if x.Status == RectOpen {
					return domain.Conflict("rectification_not_reported", "尚有团队未提交整改报告", "a racer has not reported on its rectification yet")
				}
			}
		}
		for _, x := range accRects {
			action := ActionRectPass
			if in.Outcome == OutcomeFailed {
				action = ActionRectEliminat
			}
			if err := s.closeRect(ctx, actor, x, action, in.Opinion); err != nil {
				return err
			}
		}
		stage := len(c.Stages)
		for _, r := range racers {
			if r.Status != RacerRacing {
				out = append(out, r)
				continue
			}
			switch {
			case in.Outcome == OutcomeCompleted && contains(in.WinnerRacerIDs, r.ID):
				err = s.finish(ctx, actor, &r, ActionWin, EventWinner, stage, in.Opinion)
			case in.Outcome == OutcomeCompleted:
				err = s.finish(ctx, actor, &r, ActionFinish, EventFinished, stage, in.Opinion)
			default:
				tol, ok := in.Tolerance[r.ID]
				if !ok {
					tol = true
				}
				err = s.eliminate(ctx, actor, c, r, stage, Elimination{RacerID: r.ID, Reason: in.Opinion, Tolerance: tol, CreditStatus: in.CreditStatus[r.ID]})
				r.Status, r.Tolerance, r.EliminatedStage = RacerEliminated, &tol, stage
			}
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		if in.Outcome == OutcomeFailed {
			if _, err := s.d.Challenges.Advance(ctx, actor, challengeID, challenge.ActionFail, in.Opinion); err != nil {
				return err
			}
		} else if _, err := s.d.Challenges.Complete(ctx, actor, challengeID, in.WinnerRacerIDs, in.Opinion); err != nil {
			return err
		}
		if err := s.log(ctx, actor, audit.EntityChallenge, challengeID, "acceptance", nil,
			map[string]any{"outcome": result, "winner_racer_ids": in.WinnerRacerIDs, "opinion": in.Opinion}); err != nil {
			return err
		}
		return publish(ctx, s, EventAcceptanceConclude, actor, c.ID, Concluded{Challenge: c, Outcome: in.Outcome, Opinion: in.Opinion, Racers: out})
	})
	return out, err
}

func checkAcceptance(racing map[int64]bool, in *AcceptanceInput) error {
	var v domain.Validator
	v.OneOf("outcome", string(in.Outcome), string(OutcomeCompleted), string(OutcomeFailed), string(OutcomePassed),
		string(OutcomeRectify), string(OutcomePassedAfterRectification))
	v.RequiredText("opinion", in.Opinion, maxText)
	switch in.Outcome {
	case OutcomeCompleted:
		v.Check(len(in.WinnerRacerIDs) > 0, "winner_racer_ids", "required", "验收通过须指定获胜团队", "name the winner(s)")
		for i, id := range in.WinnerRacerIDs {
			v.Check(racing[id], fmt.Sprintf("winner_racer_ids[%d]", i), "racer_not_racing", "该团队不在赛中", "this racer is not racing")
		}
	case OutcomeFailed:
		v.Check(len(in.WinnerRacerIDs) == 0, "winner_racer_ids", "not_allowed", "验收未通过时不能指定获胜团队", "a failed acceptance has no winner")
		for id, tol := range in.Tolerance {
			if !tol && racing[id] {
				v.OneOf(fmt.Sprintf("credit_status.%d", id), in.CreditStatus[id], string(account.CreditWarned), string(account.CreditBarred))
			}
		}
	}
	return v.Err()
}

// finish moves a racing racer to winner or finished at the acceptance.
func (s *Service) finish(ctx context.Context, actor domain.Actor, r *Racer, action string, kind EventKind, stage int, opinion string) error {
	to, err := racerMachine.next(r.Status, action, actor.Role)
	if err != nil {
		return err
	}
	from := r.Status
	r.Status, r.UpdatedAt = to, s.now()
	if err := s.casRacer(ctx, *r, from, action); err != nil {
		return err
	}
	if err := s.d.Store.AddEvent(ctx, &Event{RacerID: r.ID, ChallengeID: r.ChallengeID, Stage: stage, Kind: kind, Reason: opinion, ActorID: actor.UserID, At: r.UpdatedAt}); err != nil {
		return err
	}
	return s.log(ctx, actor, audit.EntityRacer, r.ID, action, map[string]any{"status": from}, map[string]any{"status": to})
}

// acceptanceRects returns the open acceptance rectifications of a challenge, and whether one was ever given.
func (s *Service) acceptanceRects(ctx context.Context, challengeID int64) ([]Rectification, bool, error) {
	if s.d.Rectifications == nil {
		return nil, false, nil
	}
	xs, err := s.d.Rectifications.Rectifications(ctx, challengeID)
	if err != nil {
		return nil, false, err
	}
	var open []Rectification
	used := false
	for _, x := range xs {
		if x.Kind == RectAcceptance {
			used = true
			if x.Open() {
				open = append(open, x)
			}
		}
	}
	return open, used, nil
}

// closeRect passes or eliminates a rectification compare-and-set (the acceptance's conclusion).
func (s *Service) closeRect(ctx context.Context, actor domain.Actor, x Rectification, action, reason string) error {
	to, err := rectMachine.next(x.Status, action, actor.Role)
	if err != nil {
		return err
	}
	from, now := x.Status, s.now()
	x.Status, x.Reason, x.DecidedBy, x.DecidedAt = to, reason, actor.UserID, &now
	ok, err := s.d.Rectifications.UpdateRectification(ctx, x, from)
	if err != nil {
		return err
	}
	if !ok {
		return domain.InvalidTransition("rectification", string(from), action)
	}
	return s.log(ctx, actor, audit.EntityRacer, x.RacerID, action, map[string]any{"status": from}, map[string]any{"status": to, "reason": reason})
}
