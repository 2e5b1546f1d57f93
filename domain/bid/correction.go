package bid

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/calendar"
	"jiebang/domain/challenge"
	"jiebang/domain/event"
	"jiebang/domain/schedule"
)

// 补正 (correction): after the bidding deadline the bureau may ask a submitted bid to correct named defects
// instead of finding it ineligible. The bid keeps its status (submitted); the pending correction is a record of
// its own (Correction), so the limits, the review's eligible bids and every other reader of the status are
// unchanged. While a correction is pending the team may change only the named fields and attachments and
// resubmit (a new version with a new receipt); the bureau then closes the correction and decides eligibility as
// usual. A correction not resubmitted by its due date makes the bid ineligible (not_corrected, by the scheduler).

// CorrectionStatus is where a correction stands.
type CorrectionStatus string

// Correction statuses: open (the team has not resubmitted), resubmitted (at least once; the team may resubmit
// again until the due date), corrected (the bureau closed it: back to the eligibility decision), lapsed (not
// resubmitted by the due date: the bid became ineligible), void (the bid ended otherwise, e.g. its challenge was
// cancelled).
const (
	CorrectionOpen        CorrectionStatus = "open"
	CorrectionResubmitted CorrectionStatus = "resubmitted"
	CorrectionCorrected   CorrectionStatus = "corrected"
	CorrectionLapsed      CorrectionStatus = "lapsed"
	CorrectionVoid        CorrectionStatus = "void"
)

// Pending reports whether a correction in status s still holds the bid (the team may correct it, the bureau
// may not decide eligibility, the review round may not open).
func (s CorrectionStatus) Pending() bool { return s == CorrectionOpen || s == CorrectionResubmitted }

// PendingCorrectionStatuses are the statuses of a pending correction.
var PendingCorrectionStatuses = []CorrectionStatus{CorrectionOpen, CorrectionResubmitted}

// Actions of the correction (audit entries and events carry their names).
const (
	ActionRequestCorrection Action = "request_correction"
	ActionResubmit          Action = "resubmit_correction"
	ActionCloseCorrection   Action = "close_correction"
	// ActionNotCorrected makes a bid ineligible whose correction lapsed (the scheduler).
	ActionNotCorrected Action = "not_corrected"
)

// NotCorrectedReason is the eligibility reason of a bid whose correction lapsed.
const NotCorrectedReason = "not_corrected"

// DefaultCorrectionWorkdays is the default correction window: the end of the 5th working day after the request.
const DefaultCorrectionWorkdays = 5

// MaxDefects is the most defects one correction names.
const MaxDefects = 30

// FieldAttachments is the defect field that asks for a missing document: the team may add one attachment.
const FieldAttachments = "attachments"

// ContentFields are the names of a bid's content fields a defect may name (the API's field names).
var ContentFields = []string{"pi", "lead_share_pct", "partners", "members", "approach", "plan", "budget",
	"commitment_signed", "integrity_pledge_signed"}

// Defect is one thing the bureau asks to correct: a content field (Field), an attachment to replace
// (AttachmentID) or a missing document (Field "attachments"), with what is wrong (What).
type Defect struct {
	Field        string
	AttachmentID int64
	What         string
}

// Correction is a request for correction (补正通知) of one bid.
type Correction struct {
	ID          int64
	BidID       int64
	ChallengeID int64
	Status      CorrectionStatus
	Defects     []Defect
	// DueAt is the end of the due date (24:00 China time); BaseVersion the version the defects were found in.
	DueAt       time.Time
	BaseVersion int
	RequestedBy int64
	RequestedAt time.Time
	// ResubmittedVersion is the latest version resubmitted under this correction (0: none yet).
	ResubmittedVersion int
	ResubmittedAt      *time.Time
	ClosedBy           int64
	ClosedAt           *time.Time
}

// CorrectionStore persists corrections (the bid store implements it).
type CorrectionStore interface {
	// CreateCorrection inserts c and sets its ID; domain.ErrConflict when the bid has a pending one.
	CreateCorrection(ctx context.Context, c *Correction) error
	// LatestCorrection returns the bid's newest correction (domain.ErrNotFound when none).
	LatestCorrection(ctx context.Context, bidID int64) (Correction, error)
	// SetCorrectionStatus moves a correction from one status to another (compare-and-set, domain.ErrStale);
	// resubmitted records version and at as the resubmission, corrected, lapsed and void record at and by as
	// the close.
	SetCorrectionStatus(ctx context.Context, id int64, from, to CorrectionStatus, version int, by int64, at time.Time) error
	// DueCorrections lists the open corrections whose due time is at or before now.
	DueCorrections(ctx context.Context, now time.Time) ([]Correction, error)
	// PendingCorrections lists the pending corrections of a challenge's bids.
	PendingCorrections(ctx context.Context, challengeID int64) ([]Correction, error)
}

// Workdays counts working days on the bureau's calendar.
type Workdays interface {
	AddWorkdays(ctx context.Context, from time.Time, n int) (time.Time, error)
}

// UseWorkdays sets the bureau's calendar for the default correction due date (without one, weekends only).
func (s *Service) UseWorkdays(w Workdays) { s.workdays = w }

// CorrectionInput is the bureau's request for correction. Due is a China date (YYYY-MM-DD), empty for the
// default (5 working days).
type CorrectionInput struct {
	Defects []Defect
	Due     string
}

// errDueNotFuture is the 422 for an explicit due date that is not after today.
func errDueNotFuture() error {
	return domain.FieldErr("due", "not_future", "补正期限须为今天之后的日期", "the due date must be after today")
}

// ValidateCorrection checks a request for correction against the bid's submitted version: each defect names
// one known content field, "attachments" or an attachment of the version, says what is wrong, and no defect
// is named twice. It returns the normalised defects.
func ValidateCorrection(in CorrectionInput, attachments []AttachmentRef) ([]Defect, error) {
	var v domain.Validator
	if len(in.Defects) == 0 {
		v.Add("defects", "required", "请至少列出一项需要补正的内容", "name at least one defect")
	}
	if len(in.Defects) > MaxDefects {
		v.Add("defects", "too_many", fmt.Sprintf("一次最多列出 %d 项", MaxDefects), fmt.Sprintf("at most %d defects", MaxDefects))
	}
	seen := map[string]bool{}
	out := make([]Defect, 0, len(in.Defects))
	for i, d := range in.Defects {
		f := fmt.Sprintf("defects[%d]", i)
		d.Field, d.What = strings.TrimSpace(d.Field), strings.TrimSpace(d.What)
		v.Required(f+".what", d.What)
		v.MaxLen(f+".what", d.What, maxReasonLen)
		key := ""
		switch {
		case d.Field != "" && d.AttachmentID != 0:
			v.Add(f, "one_target", "每项只能指向一个字段或一个附件", "a defect names either a field or an attachment")
		case d.AttachmentID != 0:
			if !slices.ContainsFunc(attachments, func(a AttachmentRef) bool { return a.ID == d.AttachmentID }) {
				v.Add(f+".attachment_id", "unknown_attachment", "所提交的申报中没有该附件", "the submitted bid has no such attachment")
			}
			key = fmt.Sprintf("attachment:%d", d.AttachmentID)
		case d.Field != "":
			if d.Field != FieldAttachments && !slices.Contains(ContentFields, d.Field) {
				v.Add(f+".field", "unknown_field", "申报中没有该字段", "the bid has no such field")
			}
			key = "field:" + d.Field
		default:
			v.Add(f, "required", "请指明需要补正的字段或附件", "name a field or an attachment")
		}
		if key != "" && key != "field:"+FieldAttachments && seen[key] {
			v.Add(f, "duplicate", "同一字段或附件只能列出一次", "a field or attachment is named once")
		}
		seen[key] = true
		out = append(out, d)
	}
	return out, v.Err()
}

// CorrectionDue computes the due time of a correction requested at now: the end of the given China date,
// which must be after today, or the end of the 5th working day after now on days.
func CorrectionDue(due string, now time.Time, add func(from time.Time, n int) (time.Time, error)) (time.Time, error) {
	if strings.TrimSpace(due) == "" {
		return add(now, DefaultCorrectionWorkdays)
	}
	d, err := time.ParseInLocation(calendar.DateLayout, strings.TrimSpace(due), calendar.China)
	if err != nil {
		return time.Time{}, domain.FieldErr("due", "invalid", "补正期限格式应为 YYYY-MM-DD", "the due date is YYYY-MM-DD")
	}
	if !d.After(calendar.DayOf(now)) {
		return time.Time{}, errDueNotFuture()
	}
	return calendar.EndOfDay(d), nil
}

// Allowed is what a pending correction lets the team change.
type Allowed struct {
	Fields map[string]bool
	// Attachments are the attachments the team may remove or replace; NewAttachments how many files it may add
	// (one per attachment defect).
	Attachments    map[int64]bool
	NewAttachments int
}

// AllowedBy lists what the defects let the team change.
func AllowedBy(defects []Defect) Allowed {
	a := Allowed{Fields: map[string]bool{}, Attachments: map[int64]bool{}}
	for _, d := range defects {
		switch {
		case d.AttachmentID != 0:
			a.Attachments[d.AttachmentID] = true
			a.NewAttachments++
		case d.Field == FieldAttachments:
			a.NewAttachments++
		case d.Field != "":
			a.Fields[d.Field] = true
		}
	}
	return a
}

// ChangedFields names the content fields in which after differs from before, in ContentFields order.
func ChangedFields(before, after Content) []string {
	before, after = NormalizeContent(before), NormalizeContent(after)
	var out []string
	add := func(name string, same bool) {
		if !same {
			out = append(out, name)
		}
	}
	add("pi", before.PI == after.PI)
	add("lead_share_pct", reflect.DeepEqual(before.LeadSharePct, after.LeadSharePct))
	add("partners", equalList(before.Partners, after.Partners))
	add("members", equalList(before.Members, after.Members))
	add("approach", before.Approach == after.Approach)
	add("plan", equalList(before.Plan, after.Plan))
	add("budget", equalList(before.Budget, after.Budget))
	add("commitment_signed", before.CommitmentSigned == after.CommitmentSigned)
	add("integrity_pledge_signed", before.IntegrityPledgeSigned == after.IntegrityPledgeSigned)
	return out
}

// equalList compares two lists, an empty list equal to a missing one.
func equalList[T any](a, b []T) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

// OutsideCorrection is the 422 for a change the correction does not allow; fields names what was changed.
func OutsideCorrection(fields []string) *domain.Error {
	return domain.NewError(domain.ErrUnprocessable, "outside_correction",
		"补正期间只能修改补正通知列出的内容："+strings.Join(fields, "、")+" 不在其中",
		"during a correction only the named defects may change: "+strings.Join(fields, ", ")+" may not").
		WithDetails(map[string]any{"fields": fields})
}

// CheckPatchAllowed refuses a patch of fields the correction does not name.
func (a Allowed) CheckPatchAllowed(p Patch) error {
	var out []string
	for _, f := range p.Fields() {
		if !a.Fields[f] {
			out = append(out, f)
		}
	}
	if len(out) > 0 {
		return OutsideCorrection(out)
	}
	return nil
}

// CheckResubmission refuses a resubmission that changes more than the correction allows: content fields not
// named, attachments of the base version removed that are not named, or more new files than attachment defects.
// requestedAt separates the files uploaded for the correction from earlier ones.
func (a Allowed) CheckResubmission(base Version, content Content, atts []Attachment, requestedAt time.Time) error {
	var out []string
	for _, f := range ChangedFields(base.Content, content) {
		if !a.Fields[f] {
			out = append(out, f)
		}
	}
	now := map[int64]bool{}
	added := 0
	for _, x := range atts {
		now[x.ID] = true
		if !inRefs(base.Attachments, x.ID) {
			if x.UploadedAt.Before(requestedAt) {
				out = append(out, fmt.Sprintf("attachment:%d", x.ID))
			} else {
				added++
			}
		}
	}
	for _, r := range base.Attachments {
		if !now[r.ID] && !a.Attachments[r.ID] {
			out = append(out, fmt.Sprintf("attachment:%d", r.ID))
		}
	}
	if added > a.NewAttachments {
		out = append(out, FieldAttachments)
	}
	if len(out) > 0 {
		return OutsideCorrection(out)
	}
	return nil
}

func inRefs(rs []AttachmentRef, id int64) bool {
	return slices.ContainsFunc(rs, func(r AttachmentRef) bool { return r.ID == id })
}

// CheckCorrectionOpen refuses a change by the team when the correction is not pending or its due time has
// passed.
func CheckCorrectionOpen(c Correction, now time.Time) error {
	if !c.Status.Pending() {
		return errNoCorrection()
	}
	if !now.Before(c.DueAt) {
		return domain.NewError(domain.ErrDeadlinePassed, "correction_overdue", "补正期限已过", "the correction's due date has passed").
			WithDetails(map[string]any{"due_at": c.DueAt.UTC().Format(time.RFC3339), "due_on": calendar.DeadlineDate(c.DueAt)})
	}
	return nil
}

func errNoCorrection() *domain.Error {
	return domain.Conflict("no_correction", "该申报没有待补正的通知", "the bid has no pending correction")
}

// ErrCorrectionPending is the 409 for an eligibility decision or a review round while a correction is pending.
func ErrCorrectionPending(bidIDs ...int64) *domain.Error {
	return domain.Conflict("correction_pending", "有申报正在补正，补正结束前不能进行该操作",
		"a bid is being corrected; this waits until the correction ends").WithDetails(map[string]any{"bid_ids": bidIDs})
}

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
	openErr := CheckOpen(ch, s.now())
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
	return s.view(ctx, actor, b, ch, nil)
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
	return s.view(ctx, actor, b, ch, nil)
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
