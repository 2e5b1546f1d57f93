package bid

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/calendar"
	"jiebang/domain/challenge"
	"jiebang/domain/event"
	"jiebang/domain/schedule"
)

// The correction window's use cases (补正): requesting, gating edits, closing, lapsing and reminding; the rules
// they apply are in correction.go.

// pendingCorrection returns the bid's pending correction, ok false when it has none (or corrections are not
// wired).
func (s *Service) pendingCorrection(ctx context.Context, bidID int64) (Correction, bool, error) {
	if s.corrections == nil {
		return Correction{}, false, nil
	}
	c, err := s.corrections.LatestCorrection(ctx, bidID)
	if errors.Is(err, domain.ErrNotFound) {
		return Correction{}, false, nil
	}
	if err != nil {
		return Correction{}, false, err
	}
	return c, c.Status.Pending(), nil
}

// latestCorrection returns the bid's newest correction, nil when none.
func (s *Service) latestCorrection(ctx context.Context, bidID int64) (*Correction, error) {
	if s.corrections == nil {
		return nil, nil
	}
	c, err := s.corrections.LatestCorrection(ctx, bidID)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// correctionGate checks, for a change by the team, the window the change falls in: bidding open, or a pending
// correction before its due date. It returns the pending correction (nil while bidding is open).
func (s *Service) correctionGate(ctx context.Context, b Bid, ch challenge.Challenge, action Action) (*Correction, error) {
	openErr := s.checkOpen(ctx, ch)
	if openErr == nil {
		return nil, nil
	}
	c, ok, err := s.pendingCorrection(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	if !ok || b.Status != StatusSubmitted {
		return nil, openErr
	}
	switch action {
	case ActionEdit, ActionAttach, ActionDetach, ActionSubmit:
	default:
		return nil, openErr
	}
	if err := CheckCorrectionOpen(c, s.now()); err != nil {
		return nil, err
	}
	return &c, nil
}

// stillCorrectable re-reads the correction inside the transaction and checks it is the same and still open.
func (s *Service) stillCorrectable(ctx context.Context, c *Correction) (time.Time, error) {
	now := s.now()
	cur, err := s.corrections.LatestCorrection(ctx, c.BidID)
	if err != nil {
		return now, err
	}
	if cur.ID != c.ID {
		return now, errNoCorrection()
	}
	if err := CheckCorrectionOpen(cur, now); err != nil {
		return now, err
	}
	*c = cur
	return now, nil
}

// stillEditable is stillOpen for a change while bidding is open, stillCorrectable during a correction.
func (s *Service) stillEditable(ctx context.Context, b Bid, c *Correction) (time.Time, error) {
	if c != nil {
		return s.stillCorrectable(ctx, c)
	}
	return s.stillOpen(ctx, b.ChallengeID)
}

// addWorkdays is the bureau calendar's AddWorkdays, or weekdays only without a calendar.
func (s *Service) addWorkdays(ctx context.Context) func(time.Time, int) (time.Time, error) {
	return func(from time.Time, n int) (time.Time, error) {
		if s.workdays != nil {
			return s.workdays.AddWorkdays(ctx, from, n)
		}
		return calendar.Days{}.AddWorkdays(from, n), nil
	}
}

// RequestCorrection asks a submitted bid for correction (补正) after the bidding deadline, while the challenge is
// in eligibility checking. The team is told the defects and the due date.
func (s *Service) RequestCorrection(ctx context.Context, actor domain.Actor, id int64, in CorrectionInput) (View, error) {
	b, ch, err := s.load(ctx, actor, id)
	if err != nil {
		return View{}, err
	}
	if !actor.Is(domain.RoleBureau) {
		return View{}, domain.Forbidden("forbidden", "只有科技局可以要求补正", "only the bureau requests corrections")
	}
	if s.corrections == nil {
		return View{}, errNoCorrection()
	}
	if err := CheckEligibilityWindow(ch); err != nil {
		return View{}, err
	}
	if b.Status != StatusSubmitted {
		return View{}, Machine.Invalid(b.Status, ActionRequestCorrection)
	}
	latest, err := s.store.LatestVersion(ctx, b.ID)
	if err != nil {
		return View{}, err
	}
	defects, err := ValidateCorrection(in, latest.Attachments)
	if err != nil {
		return View{}, err
	}
	now := s.now()
	due, err := CorrectionDue(in.Due, now, s.addWorkdays(ctx))
	if err != nil {
		return View{}, err
	}
	c := Correction{BidID: b.ID, ChallengeID: b.ChallengeID, Status: CorrectionOpen, Defects: defects, DueAt: due,
		BaseVersion: b.Version, RequestedBy: actor.UserID, RequestedAt: now}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.LockBid(ctx, b.ID); err != nil {
			return err
		}
		cur, err := s.store.Get(ctx, b.ID)
		if err != nil {
			return err
		}
		if cur.Status != StatusSubmitted || cur.Version != b.Version {
			return Machine.Lost(domain.ErrStale, b.Status, ActionRequestCorrection)
		}
		if err := s.corrections.CreateCorrection(ctx, &c); err != nil {
			if errors.Is(err, domain.ErrConflict) {
				return domain.Conflict("correction_exists", "该申报已有待补正的通知", "the bid already has a pending correction")
			}
			return err
		}
		// The working copy restarts from the submitted version: changes left unsubmitted at the deadline
		// are void, and the team corrects the version the defects were found in.
		if err := s.store.SaveContent(ctx, b.ID, StatusSubmitted, latest.Content, false, now); err != nil {
			return Machine.Lost(err, b.Status, ActionRequestCorrection)
		}
		if err := s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityBid, EntityID: b.ID, Action: string(ActionRequestCorrection),
			After: map[string]any{"correction_id": c.ID, "defects": defectSummary(defects), "due_at": due, "version": b.Version}}); err != nil {
			return err
		}
		return s.emit(ctx, actor, b, b.Status, ActionRequestCorrection, noteOf(c))
	})
	if err != nil {
		return View{}, err
	}
	b.Content, b.Dirty, b.UpdatedAt = latest.Content, false, now
	return s.view(ctx, actor, b, ch, nil, nil)
}

// fieldLabels are the content fields' names in Chinese and English (the notifications and the audit).
var fieldLabels = map[string][2]string{
	"pi": {"挂帅人", "principal investigator"}, "lead_share_pct": {"牵头单位分工比例", "lead share of work"},
	"partners": {"联合体成员", "consortium partners"}, "members": {"团队成员", "team members"},
	"approach": {"技术路线", "approach"}, "plan": {"分阶段计划", "stage plan"}, "budget": {"预算", "budget"},
	"commitment_signed": {"军令状", "commitment (军令状)"}, "integrity_pledge_signed": {"科研诚信承诺书", "integrity pledge"},
	FieldAttachments: {"缺少的附件", "missing document"},
}

// DefectsText lists the defects as numbered lines, in Chinese and in English.
func DefectsText(ds []Defect) (zh, en string) {
	var z, e []string
	for i, d := range ds {
		tz, te := fmt.Sprintf("附件 #%d", d.AttachmentID), fmt.Sprintf("attachment #%d", d.AttachmentID)
		if d.AttachmentID == 0 {
			l := fieldLabels[d.Field]
			tz, te = l[0], l[1]
		}
		z = append(z, fmt.Sprintf("%d. %s：%s", i+1, tz, d.What))
		e = append(e, fmt.Sprintf("%d. %s: %s", i+1, te, d.What))
	}
	return strings.Join(z, "\n"), strings.Join(e, "\n")
}

// noteOf is the defects as the event's note says them.
func noteOf(c Correction) string {
	zh, _ := DefectsText(c.Defects)
	return zh
}

func defectSummary(ds []Defect) []map[string]any {
	out := make([]map[string]any, len(ds))
	for i, d := range ds {
		m := map[string]any{"what": d.What}
		if d.AttachmentID != 0 {
			m["attachment_id"] = d.AttachmentID
		} else {
			m["field"] = d.Field
		}
		out[i] = m
	}
	return out
}

// CloseCorrection closes a bid's pending correction as corrected (补正完成): the bid returns to the bureau's
// eligibility decision.
func (s *Service) CloseCorrection(ctx context.Context, actor domain.Actor, id int64) (View, error) {
	b, ch, err := s.load(ctx, actor, id)
	if err != nil {
		return View{}, err
	}
	if !actor.Is(domain.RoleBureau) {
		return View{}, domain.Forbidden("forbidden", "只有科技局可以结束补正", "only the bureau closes corrections")
	}
	c, ok, err := s.pendingCorrection(ctx, b.ID)
	if err != nil {
		return View{}, err
	}
	if !ok {
		return View{}, errNoCorrection()
	}
	now := s.now()
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.corrections.SetCorrectionStatus(ctx, c.ID, c.Status, CorrectionCorrected, 0, actor.UserID, now); err != nil {
			if errors.Is(err, domain.ErrStale) {
				return domain.Conflict("correction_changed", "补正状态已变化，请刷新后重试", "the correction changed meanwhile; reload and retry")
			}
			return err
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityBid, EntityID: b.ID, Action: string(ActionCloseCorrection),
			Before: map[string]any{"correction_id": c.ID, "status": c.Status},
			After:  map[string]any{"status": CorrectionCorrected, "version": b.Version}})
	})
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, actor, b, ch, nil, nil)
}

// CorrectionJob is the scheduled job that ends lapsed corrections.
const CorrectionJob = "bid_corrections_due"

// LapseDueCorrections makes ineligible (not_corrected) every bid whose open correction's due time has passed
// without a resubmission, each in its own transaction, compare-and-set, audited as the system; several servers
// may run it at once (the compare-and-set on the correction lets one of them act). It returns how many lapsed.
func (s *Service) LapseDueCorrections(ctx context.Context, now time.Time) (int, error) {
	if s.corrections == nil {
		return 0, nil
	}
	due, err := s.corrections.DueCorrections(ctx, now)
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, c := range due {
		lapsed := false
		err := s.tx.InTx(ctx, func(ctx context.Context) error {
			lapsed = false
			b, err := s.store.Get(ctx, c.BidID)
			if err != nil {
				return err
			}
			at := s.now()
			to := CorrectionLapsed
			if b.Status != StatusSubmitted {
				to = CorrectionVoid
			}
			if err := s.corrections.SetCorrectionStatus(ctx, c.ID, CorrectionOpen, to, 0, 0, at); err != nil {
				return err
			}
			if to == CorrectionVoid {
				return nil
			}
			if err := s.store.SetStatus(ctx, b.ID, StatusSubmitted, StatusIneligible, NotCorrectedReason, at); err != nil {
				return err
			}
			if err := s.audit.Log(ctx, domain.System, audit.Record{Entity: audit.EntityBid, EntityID: b.ID, Action: string(ActionNotCorrected),
				Before: map[string]any{"status": b.Status, "correction_id": c.ID},
				After:  map[string]any{"status": StatusIneligible, "reason": NotCorrectedReason, "due_at": c.DueAt}}); err != nil {
				return err
			}
			after := b
			after.Status, after.EligibilityReason, after.DecidedAt, after.UpdatedAt = StatusIneligible, NotCorrectedReason, &at, at
			lapsed = true
			return s.emit(ctx, domain.System, after, b.Status, ActionNotCorrected, NotCorrectedReason)
		})
		switch {
		case err == nil && lapsed:
			n++
		case err != nil && !errors.Is(err, domain.ErrStale):
			// ErrStale: another server (or a resubmission) got there first
			errs = append(errs, err)
		}
	}
	return n, errors.Join(errs...)
}

// PendingCorrections lists the bids of a challenge with a pending correction (the review's port: no round opens
// while one is pending). It checks no actor.
func (s *Service) PendingCorrections(ctx context.Context, challengeID int64) ([]int64, error) {
	if s.corrections == nil {
		return nil, nil
	}
	cs, err := s.corrections.PendingCorrections(ctx, challengeID)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(cs))
	for _, c := range cs {
		ids = append(ids, c.BidID)
	}
	return ids, nil
}

// CorrectionReminderJob is the scheduled job that reminds a team once, a day before its correction is due.
const CorrectionReminderJob = "bid_correction_reminders"

// EventCorrectionDueSoon is emitted (no status change) when a team is reminded of its correction.
const EventCorrectionDueSoon = "bid.correction_due_soon"

// RemindCorrections reminds the team of every open correction due within 24 hours, once (claims makes the
// reminder happen once across servers and runs).
func (s *Service) RemindCorrections(ctx context.Context, now time.Time, claims schedule.Claims) error {
	if s.corrections == nil || claims == nil {
		return nil
	}
	due, err := s.corrections.DueCorrections(ctx, now.Add(24*time.Hour))
	if err != nil {
		return err
	}
	var errs []error
	for _, c := range due {
		if !now.Before(c.DueAt) {
			continue
		}
		err := s.tx.InTx(ctx, func(ctx context.Context) error {
			ok, err := claims.Claim(ctx, CorrectionReminderJob, fmt.Sprintf("correction:%d", c.ID), c.DueAt)
			if err != nil || !ok {
				return err
			}
			b, err := s.store.Get(ctx, c.BidID)
			if err != nil {
				return err
			}
			return s.events.Emit(ctx, event.Event{Name: EventCorrectionDueSoon, EntityID: b.ID, Actor: domain.System,
				Data: Changed{Bid: b, From: b.Status}})
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
