package race

import (
	"context"
	"errors"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
	"jiebang/domain/fsm"
)

// Rectification (限期整改): a stage decision, or a first failing acceptance, may keep a racer in the race on
// condition that it remedies the defects named by the bureau before a due date. The racer stays racing (its
// status does not change); the rectification is a record of its own with its own machine:
//
//	open --report--> reported --report--> reported (replaced until the decision)
//	reported --pass--> passed
//	open | reported --eliminate--> eliminated (the racer is eliminated on the usual path)
//
// A stage rectification is decided by the bureau (POST /racers/{id}/rectification/decide); an acceptance
// rectification by the acceptance's second conclusion (passed_after_rectification or failed).

// RectificationStatus is a rectification's state.
type RectificationStatus string

// Rectification statuses.
const (
	RectOpen       RectificationStatus = "open"
	RectReported   RectificationStatus = "reported"
	RectPassed     RectificationStatus = "passed"
	RectEliminated RectificationStatus = "eliminated"
)

// RectificationKind tells where a rectification was ordered.
type RectificationKind string

// Rectification kinds.
const (
	RectStage      RectificationKind = "stage"
	RectAcceptance RectificationKind = "acceptance"
)

// Rectification actions (audit entries use them).
const (
	ActionRectify      = "rectify"        // ordered by a stage decision or the acceptance
	ActionRectReport   = "rectify_report" // the team's rectification report
	ActionRectPass     = "rectify_pass"
	ActionRectEliminat = "rectify_eliminate"
)

// EventRectify is the racer history step of a rectification ordered.
const EventRectify EventKind = "rectify"

// DefaultRectificationMonths is the rectification period when neither the bureau nor the settings give one.
const DefaultRectificationMonths = 3

// Rectification is one rectification period of a racer (限期整改).
type Rectification struct {
	ID          int64
	RacerID     int64
	ChallengeID int64
	Kind        RectificationKind
	// Stage is the stage whose decision ordered it (the last stage for the acceptance).
	Stage int
	// Requirements are the defects to remedy (confidential: the team, the owner enterprise, the bureau).
	Requirements string
	DueAt        time.Time
	Status       RectificationStatus
	// Summary is the team's rectification report; Late when it came after DueAt.
	Summary    string
	ReportedAt *time.Time
	ReportedBy int64
	Late       bool
	// Reason is the bureau's reason of its decision.
	Reason    string
	DecidedBy int64
	DecidedAt *time.Time
	CreatedBy int64
	CreatedAt time.Time
}

// Open reports whether the rectification is not decided yet (the racer's tranche is held meanwhile).
func (r Rectification) Open() bool { return r.Status == RectOpen || r.Status == RectReported }

// Public strips what only the team, the owner enterprise and the bureau see.
func (r Rectification) Public() Rectification {
	r.Requirements, r.Summary, r.Reason, r.ReportedBy, r.DecidedBy, r.CreatedBy = "", "", "", 0, 0, 0
	return r
}

// RectificationStore keeps rectifications (repository.RaceStore satisfies it).
type RectificationStore interface {
	// CreateRectification inserts one and sets its ID; a second for the same racer and stage is
	// domain.ErrConflict.
	CreateRectification(ctx context.Context, r *Rectification) error
	// Rectifications lists a challenge's, oldest first.
	Rectifications(ctx context.Context, challengeID int64) ([]Rectification, error)
	// RacerRectifications lists a racer's, oldest first.
	RacerRectifications(ctx context.Context, racerID int64) ([]Rectification, error)
	// OpenRectifications lists every rectification still open (no report yet).
	OpenRectifications(ctx context.Context) ([]Rectification, error)
	// UpdateRectification writes status, report and decision compare-and-set on the stored status; false when
	// it moved.
	UpdateRectification(ctx context.Context, r Rectification, from RectificationStatus) (bool, error)
}

// RectificationDefaults gives the bureau's default rectification period in months (the settings).
type RectificationDefaults interface {
	RectificationMonths(ctx context.Context) (int, error)
}

var rectMachine = newMachine("rectification",
	fsm.Edge[RectificationStatus, string, none]{From: RectOpen, Action: ActionRectReport, To: RectReported, By: []domain.Role{domain.RoleTeam}},
	fsm.Edge[RectificationStatus, string, none]{From: RectReported, Action: ActionRectReport, To: RectReported, By: []domain.Role{domain.RoleTeam}},
	fsm.Edge[RectificationStatus, string, none]{From: RectReported, Action: ActionRectPass, To: RectPassed, By: byBureau},
	fsm.Edge[RectificationStatus, string, none]{From: RectOpen, Action: ActionRectEliminat, To: RectEliminated, By: byBureau},
	fsm.Edge[RectificationStatus, string, none]{From: RectReported, Action: ActionRectEliminat, To: RectEliminated, By: byBureau},
)

var (
	errRectUsed = domain.NewError(domain.ErrUnprocessable, "rectification_used", "验收阶段的限期整改只能给予一次",
		"the acceptance allows one rectification period only")
	errNoRect    = domain.Conflict("no_rectification", "该团队没有待处理的整改", "this racer has no rectification open")
	errRectOpen  = domain.Conflict("rectification_open", "尚有整改未作出结论", "a rectification is still open")
	errRectStore = domain.Conflict("rectification_unavailable", "整改功能未启用", "rectification is not available")
)

// RectifyInput is one racer given a rectification period.
type RectifyInput struct {
	RacerID      int64
	Requirements string
	// DueAt is the due date (nil: the default period after now); it must be in the future.
	DueAt *time.Time
}

// RectifyEntry is one racer given a rectification period by a stage decision.
type RectifyEntry struct {
	RacerID      int64     `json:"racer_id"`
	Requirements string    `json:"requirements"`
	DueAt        time.Time `json:"due_at"`
}

// rectDue returns the due date: the given one, or the default period (settings, else 3 months) after now.
func (s *Service) rectDue(ctx context.Context, now time.Time, due *time.Time) (time.Time, error) {
	if due != nil {
		return due.UTC().Truncate(time.Microsecond), nil
	}
	months := DefaultRectificationMonths
	if d, ok := s.d.Defaults.(RectificationDefaults); ok && d != nil {
		m, err := d.RectificationMonths(ctx)
		if err != nil {
			return time.Time{}, err
		}
		if m > 0 {
			months = m
		}
	}
	return DueMonthsAfter(now, months), nil
}

// DueMonthsAfter is the end (24:00 China time) of the day months after now, the day clamped to the month's
// length (30 November + 3 months is 28/29 February).
func DueMonthsAfter(now time.Time, months int) time.Time {
	cn := now.In(china)
	y, m, d := cn.Date()
	first := time.Date(y, m+time.Month(months), 1, 0, 0, 0, 0, china)
	last := first.AddDate(0, 1, -1).Day()
	if d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, 0, 0, 0, 0, china).AddDate(0, 0, 1).UTC()
}

var china = time.FixedZone("CST", 8*3600)

// rectEntry validates one rectification at now (requirements, a due date in the future) and fills its due
// date; the fields are named reqField and dueField.
func (s *Service) rectEntry(ctx context.Context, now time.Time, racerID int64, req string, due *time.Time, v *domain.Validator, reqField, dueField string) (RectifyEntry, error) {
	req = strings.TrimSpace(req)
	v.RequiredText(reqField, req, maxText)
	at, err := s.rectDue(ctx, now, due)
	if err != nil {
		return RectifyEntry{}, err
	}
	v.Check(at.After(now), dueField, "not_future", "整改期限须晚于现在", "the due date must be in the future")
	return RectifyEntry{RacerID: racerID, Requirements: req, DueAt: at}, nil
}

func (s *Service) rects() (RectificationStore, error) {
	if s.d.Rectifications == nil {
		return nil, errRectStore
	}
	return s.d.Rectifications, nil
}

// orderRectification records a rectification, the racer's history step and the audit entry (caller's
// transaction).
func (s *Service) orderRectification(ctx context.Context, actor domain.Actor, r Racer, kind RectificationKind, stage int, e RectifyEntry) (Rectification, error) {
	st, err := s.rects()
	if err != nil {
		return Rectification{}, err
	}
	now := s.now()
	x := Rectification{RacerID: r.ID, ChallengeID: r.ChallengeID, Kind: kind, Stage: stage, Requirements: e.Requirements,
		DueAt: e.DueAt, Status: RectOpen, CreatedBy: actor.UserID, CreatedAt: now}
	if err := st.CreateRectification(ctx, &x); err != nil {
		if kind == RectAcceptance && errors.Is(err, domain.ErrConflict) {
			return x, errRectUsed
		}
		return x, err
	}
	if err := s.d.Store.AddEvent(ctx, &Event{RacerID: r.ID, ChallengeID: r.ChallengeID, Stage: stage, Kind: EventRectify,
		Reason: e.Requirements, ActorID: actor.UserID, At: now}); err != nil {
		return x, err
	}
	return x, s.log(ctx, actor, audit.EntityRacer, r.ID, ActionRectify, nil,
		map[string]any{"kind": kind, "stage": stage, "requirements": e.Requirements, "due_at": e.DueAt})
}

// openStageRectifications refuses a later stage decision (or the acceptance) while a stage rectification of
// the challenge is open.
func (s *Service) openStageRectifications(ctx context.Context, challengeID int64) error {
	if s.d.Rectifications == nil {
		return nil
	}
	xs, err := s.d.Rectifications.Rectifications(ctx, challengeID)
	if err != nil {
		return err
	}
	for _, x := range xs {
		if x.Kind == RectStage && x.Open() {
			return errRectOpen
		}
	}
	return nil
}

// current returns the racer's open rectification (errNoRect when none).
func current(xs []Rectification) (Rectification, error) {
	for i := len(xs) - 1; i >= 0; i-- {
		if xs[i].Open() {
			return xs[i], nil
		}
	}
	return Rectification{}, errNoRect
}

// RectificationReport is the team's rectification report.
type RectificationReport struct {
	Summary string
}

// SubmitRectification records the racer's rectification report (the racer's team). A report after the due
// date is accepted and marked late (as stage reports are): the bureau sees it and decides; a second report
// replaces the first until the decision.
func (s *Service) SubmitRectification(ctx context.Context, actor domain.Actor, racerID int64, in RectificationReport) (Rectification, error) {
	var out Rectification
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		st, err := s.rects()
		if err != nil {
			return err
		}
		r, err := s.d.Store.Racer(ctx, racerID)
		if err != nil {
			return notFoundAs(err, errRacerNotFound)
		}
		if _, err := s.challenge(ctx, actor, r.ChallengeID); err != nil {
			return err
		}
		if !actor.TeamOf(r.OrgID) {
			return domain.Forbidden("not_racer", "只有该参赛团队可以提交整改报告", "only this racer's team may report on its rectification")
		}
		xs, err := st.RacerRectifications(ctx, r.ID)
		if err != nil {
			return err
		}
		x, err := current(xs)
		if err != nil {
			return err
		}
		in.Summary = strings.TrimSpace(in.Summary)
		var v domain.Validator
		v.RequiredText("summary", in.Summary, maxText)
		if err := v.Err(); err != nil {
			return err
		}
		to, err := rectMachine.next(x.Status, ActionRectReport, actor.Role)
		if err != nil {
			return err
		}
		from, now := x.Status, s.now()
		x.Status, x.Summary, x.ReportedAt, x.ReportedBy, x.Late = to, in.Summary, &now, actor.UserID, now.After(x.DueAt)
		ok, err := st.UpdateRectification(ctx, x, from)
		if err != nil {
			return err
		}
		if !ok {
			return domain.InvalidTransition("rectification", string(from), ActionRectReport)
		}
		out = x
		return s.log(ctx, actor, audit.EntityRacer, r.ID, ActionRectReport, map[string]any{"status": from},
			map[string]any{"status": to, "summary": in.Summary, "late": x.Late})
	})
	return out, err
}

// RectificationDecision is the bureau's decision on a stage rectification.
type RectificationDecision struct {
	// Outcome is passed or eliminated.
	Outcome string
	Reason  string
	// Tolerance (容错) when eliminated (nil: true, honest effort); CreditStatus when it does not apply.
	Tolerance    *bool
	CreditStatus string
}

// DecideRectification decides a racer's stage rectification (bureau): passed once the report is in, or
// eliminated (at any time: a missing or insufficient report) on the usual elimination path (tolerance or a
// credit status). An acceptance rectification is decided by the acceptance's conclusion instead.
func (s *Service) DecideRectification(ctx context.Context, actor domain.Actor, racerID int64, in RectificationDecision) (Rectification, error) {
	if err := requireBureau(actor); err != nil {
		return Rectification{}, err
	}
	var out Rectification
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		st, err := s.rects()
		if err != nil {
			return err
		}
		r, err := s.d.Store.Racer(ctx, racerID)
		if err != nil {
			return notFoundAs(err, errRacerNotFound)
		}
		c, err := s.challenge(ctx, actor, r.ChallengeID)
		if err != nil {
			return err
		}
		in.Reason = strings.TrimSpace(in.Reason)
		tol := in.Tolerance == nil || *in.Tolerance
		var v domain.Validator
		v.OneOf("outcome", in.Outcome, "passed", "eliminated")
		v.RequiredText("reason", in.Reason, maxText)
		if in.Outcome == "eliminated" && !tol {
			v.OneOf("credit_status", in.CreditStatus, string(account.CreditWarned), string(account.CreditBarred))
		}
		if err := v.Err(); err != nil {
			return err
		}
		xs, err := st.RacerRectifications(ctx, r.ID)
		if err != nil {
			return err
		}
		x, err := current(xs)
		if err != nil {
			return err
		}
		if x.Kind == RectAcceptance {
			return domain.Conflict("acceptance_rectification", "验收整改由验收结论决定", "an acceptance rectification is decided by concluding the acceptance")
		}
		action := ActionRectPass
		if in.Outcome == "eliminated" {
			action = ActionRectEliminat
		}
		to, err := rectMachine.next(x.Status, action, actor.Role)
		if err != nil {
			if x.Status == RectOpen && action == ActionRectPass {
				return domain.Conflict("rectification_not_reported", "整改报告尚未提交", "the rectification report is not in yet")
			}
			return err
		}
		from, now := x.Status, s.now()
		x.Status, x.Reason, x.DecidedBy, x.DecidedAt = to, in.Reason, actor.UserID, &now
		ok, err := st.UpdateRectification(ctx, x, from)
		if err != nil {
			return err
		}
		if !ok {
			return domain.InvalidTransition("rectification", string(from), action)
		}
		if err := s.log(ctx, actor, audit.EntityRacer, r.ID, action, map[string]any{"status": from},
			map[string]any{"status": to, "reason": in.Reason}); err != nil {
			return err
		}
		out = x
		if to == RectEliminated {
			cs := in.CreditStatus
			if tol {
				cs = ""
			}
			return s.eliminate(ctx, actor, c, r, x.Stage, Elimination{RacerID: r.ID, Reason: in.Reason, Tolerance: tol, CreditStatus: cs})
		}
		return nil
	})
	return out, err
}

// RacerRectifications returns a racer's rectifications, oldest first: the team, the owner enterprise and the
// bureau (404 for everyone else).
func (s *Service) RacerRectifications(ctx context.Context, actor domain.Actor, racerID int64) ([]Rectification, error) {
	r, err := s.d.Store.Racer(ctx, racerID)
	if err != nil {
		return nil, notFoundAs(err, errRacerNotFound)
	}
	c, err := s.challenge(ctx, actor, r.ChallengeID)
	if err != nil {
		return nil, notFoundAs(err, errRacerNotFound)
	}
	if !seesAll(actor, c) && !actor.TeamOf(r.OrgID) {
		return nil, errRacerNotFound
	}
	if s.d.Rectifications == nil {
		return []Rectification{}, nil
	}
	return s.d.Rectifications.RacerRectifications(ctx, r.ID)
}

// RectificationPending reports whether the racer has a rectification not decided yet (the funding area holds
// the racer's tranche meanwhile).
func (s *Service) RectificationPending(ctx context.Context, racerID int64) (bool, error) {
	if s.d.Rectifications == nil {
		return false, nil
	}
	xs, err := s.d.Rectifications.RacerRectifications(ctx, racerID)
	if err != nil {
		return false, err
	}
	_, err = current(xs)
	return err == nil, nil
}

// acceptanceRectify gives every racing racer an acceptance rectification (the first failing acceptance
// instead of failed); a second one is rectification_used.
func (s *Service) acceptanceRectify(ctx context.Context, actor domain.Actor, c challenge.Challenge, racers []Racer, in AcceptanceInput) ([]Racer, error) {
	st, err := s.rects()
	if err != nil {
		return nil, err
	}
	xs, err := st.Rectifications(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for _, x := range xs {
		if x.Kind == RectAcceptance {
			return nil, errRectUsed
		}
	}
	req := strings.TrimSpace(in.Requirements)
	if req == "" {
		req = in.Opinion
	}
	var v domain.Validator
	e, err := s.rectEntry(ctx, s.now(), 0, req, in.RectifyDueAt, &v, "requirements", "rectify_due_at")
	if err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	stage := len(c.Stages)
	for _, r := range racers {
		if r.Status != RacerRacing {
			continue
		}
		e.RacerID = r.ID
		if _, err := s.orderRectification(ctx, actor, r, RectAcceptance, stage, e); err != nil {
			return nil, err
		}
	}
	return racers, nil
}

// Actions of a racer's rectification on its page.
const (
	ActionRectificationReport = "rectification_report"
	ActionRectificationDecide = "rectification_decide"
)

// RectificationActionsFor lists what actor may do now on the racer's open rectification: its team report
// (open or reported), the bureau decide (a stage rectification).
func RectificationActionsFor(actor domain.Actor, r Racer, xs []Rectification) []string {
	out := []string{}
	x, err := current(xs)
	if err != nil || r.Status != RacerRacing {
		return out
	}
	switch {
	case actor.TeamOf(r.OrgID):
		out = append(out, ActionRectificationReport)
	case actor.Bureau() && x.Kind == RectStage:
		out = append(out, ActionRectificationDecide)
	}
	return out
}
