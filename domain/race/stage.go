package race

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
)

var (
	errRacerNotFound = domain.NewError(domain.ErrNotFound, "not_found", "未找到该参赛团队", "racer not found")
	errNotRacing     = domain.Conflict("racer_not_racing", "该团队不在赛中", "this racer is not racing")
	errDecided       = domain.Conflict("stage_already_decided", "该阶段已作出结论", "this stage has already been decided")
)

// DefaultMinScore is the elimination threshold when a stage gives none (60/100).
const DefaultMinScore = 60

// ReportInput is a racer's stage report.
type ReportInput struct {
	Stage     int
	Summary   string
	KPIValues map[string]float64
}

// inProgress loads the challenge of a racing action: it must be in progress.
func (s *Service) inProgress(ctx context.Context, actor domain.Actor, challengeID int64) (challenge.Challenge, error) {
	c, err := s.challenge(ctx, actor, challengeID)
	if err != nil {
		return c, err
	}
	if c.Status != challenge.StatusInProgress {
		return c, domain.Conflict("race_not_in_progress", "榜单不在实施阶段", "the challenge is not in progress")
	}
	return c, nil
}

// decided returns the stage decisions of a challenge by stage.
func (s *Service) decided(ctx context.Context, challengeID int64) (map[int]Decision, error) {
	ds, err := s.d.Store.Decisions(ctx, challengeID)
	out := map[int]Decision{}
	for _, d := range ds {
		out[d.Stage] = d
	}
	return out, err
}

// SubmitReport records a racer's report for a stage (the racing team): late ones are accepted and marked late;
// a resubmission before the stage's decision replaces the report.
func (s *Service) SubmitReport(ctx context.Context, actor domain.Actor, racerID int64, in ReportInput) (Report, error) {
	var out Report
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		r, err := s.d.Store.Racer(ctx, racerID)
		if err != nil {
			return notFoundAs(err, errRacerNotFound)
		}
		c, err := s.challenge(ctx, actor, r.ChallengeID)
		if err != nil {
			return err
		}
		if !actor.TeamOf(r.OrgID) {
			return domain.Forbidden("not_racer", "只有该参赛团队可以提交阶段报告", "only this racer's team may report")
		}
		if c.Status != challenge.StatusInProgress {
			return domain.Conflict("race_not_in_progress", "榜单不在实施阶段", "the challenge is not in progress")
		}
		if r.Status != RacerRacing {
			return errNotRacing
		}
		in.Summary = strings.TrimSpace(in.Summary)
		var v domain.Validator
		v.Range("stage", int64(in.Stage), 1, int64(len(c.Stages)))
		v.RequiredText("summary", in.Summary, maxText)
		kpis := map[string]bool{}
		for _, k := range c.KPIs {
			kpis[k.Name] = true
		}
		for k := range in.KPIValues {
			if !kpis[k] {
				v.Add("kpi_values."+k, "unknown_kpi", "榜单没有此指标", "the challenge has no such KPI")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		ds, err := s.decided(ctx, c.ID)
		if err != nil {
			return err
		}
		if _, ok := ds[in.Stage]; ok {
			return errDecided
		}
		now := s.now()
		due := r.DueAt(c, in.Stage)
		vals := map[string]float64{}
		for k, x := range in.KPIValues {
			vals[k] = x
		}
		out = Report{RacerID: r.ID, ChallengeID: c.ID, Stage: in.Stage, Summary: in.Summary, KPIValues: vals, DueAt: due,
			SubmittedAt: now, Late: now.After(due), SubmittedBy: actor.UserID}
		if err := s.d.Store.SaveReport(ctx, &out); err != nil {
			return err
		}
		if err := s.log(ctx, actor, audit.EntityRacer, r.ID, "report", nil,
			map[string]any{"stage": in.Stage, "late": out.Late, "kpi_values": vals}); err != nil {
			return err
		}
		return publish(ctx, s, EventReport, actor, r.ID, ReportSubmitted{Challenge: c, Racer: r, Report: out})
	})
	return out, err
}

// Proposal is the outcome the stage's rule proposes.
type Proposal struct {
	Stage     int
	Name      string
	KeepTop   int
	MinScore  int
	Scored    bool
	Scores    map[int64]float64
	Advance   []int64
	Eliminate []int64
	Decided   *Decision
}

// Propose applies a stage's rule to the racing racers and their scores: rank by score (racers without a score
// last, then by id), keep the top K (K = racers - 1, at least 1, unless the stage fixes it), and eliminate
// anyone below the minimum score; without scores everyone advances.
func Propose(st challenge.Stage, racing []int64, scores map[int64]float64, scored bool) (advance, eliminate []int64, keep, min int) {
	keep = len(racing) - 1
	if st.KeepTop != nil {
		keep = *st.KeepTop
	}
	if keep < 1 {
		keep = 1
	}
	min = st.MinScore
	if min <= 0 {
		min = DefaultMinScore
	}
	if !scored {
		return append([]int64{}, racing...), []int64{}, keep, min
	}
	ids := append([]int64{}, racing...)
	sort.SliceStable(ids, func(i, j int) bool {
		si, oki := scores[ids[i]]
		sj, okj := scores[ids[j]]
		if oki != okj {
			return oki
		}
		if si != sj {
			return si > sj
		}
		return ids[i] < ids[j]
	})
	advance, eliminate = []int64{}, []int64{}
	for i, id := range ids {
		sc, ok := scores[id]
		if i < keep && ok && sc >= float64(min) {
			advance = append(advance, id)
		} else {
			eliminate = append(eliminate, id)
		}
	}
	return advance, eliminate, keep, min
}

// StageProposal returns the proposal of a stage's rule (bureau), or, once the stage is decided, the decision
// with the proposal as it stood when it was made: the rule applied to the racers the decision took and the
// scores it recorded (not to the racers still racing now, nor to scores of a later round).
func (s *Service) StageProposal(ctx context.Context, actor domain.Actor, challengeID int64, stage int) (Proposal, error) {
	if err := requireBureau(actor); err != nil {
		return Proposal{}, err
	}
	c, err := s.challenge(ctx, actor, challengeID)
	if err != nil {
		return Proposal{}, err
	}
	if stage < 1 || stage > len(c.Stages) {
		return Proposal{}, domain.NewError(domain.ErrNotFound, "not_found", "没有该阶段", "no such stage")
	}
	ds, err := s.decided(ctx, challengeID)
	if err != nil {
		return Proposal{}, err
	}
	st := c.Stages[stage-1]
	if d, ok := ds[stage]; ok {
		scores := d.Scores
		if scores == nil {
			scores = map[int64]float64{}
		}
		p := Proposal{Stage: stage, Name: st.Name, Scores: scores, Scored: len(scores) > 0, Decided: &d}
		p.Advance, p.Eliminate, p.KeepTop, p.MinScore = Propose(st, d.Racers(), scores, p.Scored)
		return p, nil
	}
	racers, err := s.d.Store.Racers(ctx, challengeID)
	if err != nil {
		return Proposal{}, err
	}
	var racing []int64
	for _, r := range racers {
		if r.Status == RacerRacing {
			racing = append(racing, r.ID)
		}
	}
	scores, scored, err := s.d.Reviews.StageScores(ctx, challengeID, stage)
	if err != nil {
		return Proposal{}, err
	}
	p := Proposal{Stage: stage, Name: st.Name, Scores: scores, Scored: scored}
	p.Advance, p.Eliminate, p.KeepTop, p.MinScore = Propose(st, racing, scores, scored)
	return p, nil
}

// DecisionInput is the bureau's stage decision.
type DecisionInput struct {
	Advance   []int64
	Eliminate []Elimination
	// Rectify keeps racers on condition of a rectification (限期整改) with a due date (default: the settings'
	// period after now) and the requirements.
	Rectify []RectifyInput
	// Reason is required when the decision departs from the proposal.
	Reason string
	// rect are the validated Rectify entries (Decide fills them).
	rect []RectifyEntry
}

// Decide records a stage decision (bureau): every racing racer advances or is eliminated; eliminating without
// the tolerance clause sets the organisation's credit status (warned or barred). The last stage is concluded
// by the acceptance instead; stages are decided in order, once.
func (s *Service) Decide(ctx context.Context, actor domain.Actor, challengeID int64, stage int, in DecisionInput) (Decision, error) {
	if err := requireBureau(actor); err != nil {
		return Decision{}, err
	}
	var out Decision
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.inProgress(ctx, actor, challengeID)
		if err != nil {
			return err
		}
		if stage < 1 || stage > len(c.Stages) {
			return domain.NewError(domain.ErrNotFound, "not_found", "没有该阶段", "no such stage")
		}
		if stage == len(c.Stages) {
			return domain.Conflict("acceptance_stage", "最后阶段为验收，请通过验收作出结论", "the last stage is the acceptance: conclude it there")
		}
		ds, err := s.decided(ctx, challengeID)
		if err != nil {
			return err
		}
		if _, ok := ds[stage]; ok {
			return errDecided
		}
		for i := 1; i < stage; i++ {
			if _, ok := ds[i]; !ok {
				return domain.Conflict("previous_stage_undecided", fmt.Sprintf("第 %d 阶段尚未作出结论", i), fmt.Sprintf("stage %d is not decided yet", i))
			}
		}
		p, err := s.StageProposal(ctx, actor, challengeID, stage)
		if err != nil {
			return err
		}
		racers, err := s.d.Store.Racers(ctx, challengeID)
		if err != nil {
			return err
		}
		if err := s.openStageRectifications(ctx, challengeID); err != nil {
			return err
		}
		now := s.now()
		var rv domain.Validator
		for i, x := range in.Rectify {
			f := fmt.Sprintf("rectify[%d]", i)
			e, err := s.rectEntry(ctx, now, x.RacerID, x.Requirements, x.DueAt, &rv, f+".requirements", f+".due_at")
			if err != nil {
				return err
			}
			in.rect = append(in.rect, e)
		}
		if err := rv.Merge("", checkDecision(racers, p, &in)); err != nil {
			return err
		}
		if err := rv.Err(); err != nil {
			return err
		}
		if len(in.rect) > 0 {
			if _, err := s.rects(); err != nil {
				return err
			}
		}
		out = Decision{ChallengeID: challengeID, Stage: stage, Advance: in.Advance, Eliminate: in.Eliminate, Rectify: in.rect, Scores: p.Scores,
			Reason: in.Reason, DecidedBy: actor.UserID, DecidedAt: now}
		if out.Scores == nil {
			out.Scores = map[int64]float64{}
		}
		if err := s.d.Store.CreateDecision(ctx, out); err != nil {
			if errors.Is(err, domain.ErrConflict) {
				return errDecided
			}
			return err
		}
		byID := map[int64]Racer{}
		for _, r := range racers {
			byID[r.ID] = r
		}
		for _, id := range in.Advance {
			if err := s.d.Store.AddEvent(ctx, &Event{RacerID: id, ChallengeID: challengeID, Stage: stage, Kind: EventAdvanced, ActorID: actor.UserID, At: now}); err != nil {
				return err
			}
		}
		for _, e := range in.Eliminate {
			if err := s.eliminate(ctx, actor, c, byID[e.RacerID], stage, e); err != nil {
				return err
			}
		}
		for _, e := range in.rect {
			if _, err := s.orderRectification(ctx, actor, byID[e.RacerID], RectStage, stage, e); err != nil {
				return err
			}
		}
		if out.Rectify == nil {
			out.Rectify = []RectifyEntry{}
		}
		if err := s.log(ctx, actor, audit.EntityChallenge, challengeID, "stage_decision", nil,
			map[string]any{"stage": stage, "advance": in.Advance, "eliminate": in.Eliminate, "rectify": in.rect, "reason": in.Reason}); err != nil {
			return err
		}
		return publish(ctx, s, EventStageDecide, actor, c.ID, StageDecided{Challenge: c, Decision: out, Racers: racers})
	})
	return out, err
}

// checkDecision checks a decision against the racing racers and the proposal.
func checkDecision(racers []Racer, p Proposal, in *DecisionInput) error {
	in.Reason = strings.TrimSpace(in.Reason)
	var v domain.Validator
	racing := map[int64]bool{}
	for _, r := range racers {
		if r.Status == RacerRacing {
			racing[r.ID] = true
		}
	}
	seen := map[int64]bool{}
	for i, id := range in.Advance {
		f := fmt.Sprintf("advance[%d]", i)
		if !racing[id] {
			v.Add(f, "racer_not_racing", "该团队不在赛中", "this racer is not racing")
		} else if seen[id] {
			v.Add(f, "duplicate", "重复", "listed twice")
		}
		seen[id] = true
	}
	for i, x := range in.Rectify {
		f := fmt.Sprintf("rectify[%d].racer_id", i)
		if !racing[x.RacerID] {
			v.Add(f, "racer_not_racing", "该团队不在赛中", "this racer is not racing")
		} else if seen[x.RacerID] {
			v.Add(f, "duplicate", "重复", "listed twice")
		}
		seen[x.RacerID] = true
	}
	for i := range in.Eliminate {
		e := &in.Eliminate[i]
		f := fmt.Sprintf("eliminate[%d]", i)
		e.Reason = strings.TrimSpace(e.Reason)
		if !racing[e.RacerID] {
			v.Add(f+".racer_id", "racer_not_racing", "该团队不在赛中", "this racer is not racing")
		} else if seen[e.RacerID] {
			v.Add(f+".racer_id", "duplicate", "重复", "listed twice")
		}
		seen[e.RacerID] = true
		v.RequiredText(f+".reason", e.Reason, maxText)
		if e.Tolerance {
			e.CreditStatus = ""
		} else {
			v.OneOf(f+".credit_status", e.CreditStatus, string(account.CreditWarned), string(account.CreditBarred))
		}
	}
	for id := range racing {
		if !seen[id] {
			v.Add("advance", "racer_missing", "每个在赛团队都须列入晋级、限期整改或淘汰", "every racing racer must advance, rectify or be eliminated")
			break
		}
	}
	kept := append([]int64{}, in.Advance...)
	for _, x := range in.Rectify {
		kept = append(kept, x.RacerID)
	}
	v.Check(len(kept) > 0, "advance", "none_advance", "至少一个团队晋级或限期整改", "at least one racer must advance or rectify")
	if !sameSet(kept, p.Advance) {
		v.Check(in.Reason != "", "reason", "reason_required", "与规则建议不一致时必须说明理由", "a written reason is required when departing from the proposal")
	}
	v.MaxLen("reason", in.Reason, maxText)
	return v.Err()
}

func sameSet(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !contains(b, x) {
			return false
		}
	}
	return true
}

// eliminate moves a racer to eliminated at a stage, recording reason and tolerance; without tolerance the
// organisation's credit status changes.
func (s *Service) eliminate(ctx context.Context, actor domain.Actor, c challenge.Challenge, r Racer, stage int, e Elimination) error {
	to, err := racerMachine.next(r.Status, ActionEliminate, actor.Role)
	if err != nil {
		return err
	}
	from := r.Status
	tol := e.Tolerance
	r.Status, r.Tolerance, r.EliminatedStage, r.EliminationReason, r.UpdatedAt = to, &tol, stage, e.Reason, s.now()
	won, err := s.d.Store.UpdateRacer(ctx, r, from)
	if err != nil {
		return err
	}
	if !won {
		return domain.InvalidTransition("racer", string(from), ActionEliminate)
	}
	if err := s.d.Store.AddEvent(ctx, &Event{RacerID: r.ID, ChallengeID: c.ID, Stage: stage, Kind: EventEliminated, Reason: e.Reason, ActorID: actor.UserID, At: r.UpdatedAt}); err != nil {
		return err
	}
	if err := s.log(ctx, actor, audit.EntityRacer, r.ID, ActionEliminate, map[string]any{"status": from},
		map[string]any{"status": to, "stage": stage, "reason": e.Reason, "tolerance": tol, "credit_status": e.CreditStatus}); err != nil {
		return err
	}
	if !tol && s.d.Credit != nil {
		reason := fmt.Sprintf("%s 第 %d 阶段淘汰（不适用容错）：%s", c.Title, stage, e.Reason)
		if err := s.d.Credit.Penalise(ctx, actor, r.OrgID, account.CreditStatus(e.CreditStatus), reason); err != nil {
			return err
		}
	}
	return nil
}
