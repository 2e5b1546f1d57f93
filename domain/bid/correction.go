package bid

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/calendar"
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
	// LatestCorrections is LatestCorrection of several bids in one read, by bid (a bid without any is absent).
	LatestCorrections(ctx context.Context, bidIDs []int64) (map[int64]Correction, error)
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
