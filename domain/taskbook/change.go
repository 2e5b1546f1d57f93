package taskbook

import (
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/calendar"
	"jiebang/domain/race"
)

// Kind is the kind of a change request (变更类型).
type Kind string

// The kinds of change. Major kinds (重大事项: PI, partner, KPI, end date, title) need the owner enterprise's
// consent before the bureau's approval; a budget change goes to the bureau directly.
const (
	KindPI      Kind = "pi"
	KindPartner Kind = "partner"
	KindKPI     Kind = "kpi"
	KindEndDate Kind = "end_date"
	KindBudget  Kind = "budget"
	KindTitle   Kind = "title"
)

// Kinds are the kinds of change, in the order the pages offer them.
var Kinds = []Kind{KindPI, KindPartner, KindKPI, KindEndDate, KindBudget, KindTitle}

// Major reports whether the kind needs the owner enterprise's consent.
func (k Kind) Major() bool { return k != KindBudget }

// Status is a change request's state.
type Status string

// The states: submitted → consented → approved | rejected | withdrawn (a budget change is approved or
// rejected from submitted).
const (
	StatusSubmitted Status = "submitted"
	StatusConsented Status = "consented"
	StatusApproved  Status = "approved"
	StatusRejected  Status = "rejected"
	StatusWithdrawn Status = "withdrawn"
)

// Actions on a change request.
const (
	ActionConsent  = "consent"
	ActionApprove  = "approve"
	ActionReject   = "reject"
	ActionWithdraw = "withdraw"
)

// Next is the change request's transition table: the state an action leads to from a state for a kind; false
// when the action is not allowed there.
func Next(k Kind, from Status, action string) (Status, bool) {
	switch {
	case action == ActionConsent && from == StatusSubmitted && k.Major():
		return StatusConsented, true
	case action == ActionApprove && (from == StatusConsented || (from == StatusSubmitted && !k.Major())):
		return StatusApproved, true
	case action == ActionReject && (from == StatusSubmitted || from == StatusConsented):
		return StatusRejected, true
	case action == ActionWithdraw && (from == StatusSubmitted || from == StatusConsented):
		return StatusWithdrawn, true
	}
	return "", false
}

// Rules are the numbers of the change rules (settable per deployment; the defaults follow 重庆's rules).
type Rules struct {
	// LeadDays: a request must be filed at least this many days before the racer's end (default 60), unless the
	// bureau files it.
	LeadDays int
	// MaxExtensionMonths: an extension moves the end by at most this many months (default 12).
	MaxExtensionMonths int
	// MaxExtensions: how many extensions a racer may get (default 1).
	MaxExtensions int
}

// Default change rules.
const (
	DefaultLeadDays           = 60
	DefaultMaxExtensionMonths = 12
	DefaultMaxExtensions      = 1
)

func (r Rules) withDefaults() Rules {
	if r.LeadDays <= 0 {
		r.LeadDays = DefaultLeadDays
	}
	if r.MaxExtensionMonths <= 0 {
		r.MaxExtensionMonths = DefaultMaxExtensionMonths
	}
	if r.MaxExtensions <= 0 {
		r.MaxExtensions = DefaultMaxExtensions
	}
	return r
}

// Proposed is what a change request proposes; only the fields of its kind are read.
type Proposed struct {
	PI       *PIInfo           `json:"pi,omitempty"`
	Partners []Party           `json:"partners,omitempty"`
	KPIs     []KPITarget       `json:"kpis,omitempty"`
	EndOn    string            `json:"end_on,omitempty"`
	Budget   []race.TaskBudget `json:"budget,omitempty"`
	Title    string            `json:"title,omitempty"`
}

// KPITarget is a KPI's new target.
type KPITarget struct {
	Name   string  `json:"name"`
	Target float64 `json:"target"`
}

// Change is a change request (变更申请).
type Change struct {
	ID          int64
	RacerID     int64
	ChallengeID int64
	Kind        Kind
	Reason      string
	Proposed    Proposed
	Attachments []string
	Status      Status
	FiledBy     int64
	FiledByName string
	// ByBureau is set when the bureau filed it (the too_late rule does not apply).
	ByBureau       bool
	ConsentedBy    int64
	ConsentedAt    *time.Time
	DecidedBy      int64
	DecidedAt      *time.Time
	DecisionReason string
	// Version is the task book version the approval made (0 until approved).
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ChangeInput is a new change request.
type ChangeInput struct {
	Kind        Kind
	Reason      string
	Proposed    Proposed
	Attachments []string
}

var (
	errTooLate = domain.NewError(domain.ErrUnprocessable, "too_late", "距项目结束不足规定天数，不能再申请变更（可由科技局提出）",
		"too close to the racer's end to file a change (the bureau may still file it)")
	errExtensionUsed = domain.NewError(domain.ErrUnprocessable, "extension_used", "延期只能申请一次，已用过",
		"the racer's one extension is used")
	errExtensionTooLong = domain.NewError(domain.ErrUnprocessable, "extension_too_long", "延期超过允许的最长月数",
		"the extension is longer than allowed")
	errChangeOpen = domain.Conflict("change_open", "已有同类变更申请在办理中", "a change of this kind is already in progress")
)

// CheckChange validates a change request against the racer's current version and the rules at now: the
// kind-specific fields (422 with field errors), the lead time (422 too_late unless byBureau), and for an
// extension the one-extension and maximum-length rules (422 extension_used, extension_too_long).
// extensions counts the racer's approved or pending extensions.
func CheckChange(in ChangeInput, cur Content, rules Rules, now time.Time, byBureau bool, extensions int) error {
	rules = rules.withDefaults()
	var v domain.Validator
	v.OneOf("kind", string(in.Kind), kindStrings()...)
	v.RequiredText("reason", in.Reason, 2000)
	v.Check(len(in.Attachments) <= 10, "attachments", "too_many", "附件说明最多 10 项", "at most 10 attachments")
	for _, a := range in.Attachments {
		v.MaxLen("attachments", a, 300)
	}
	p := in.Proposed
	switch in.Kind {
	case KindPI:
		if v.Check(p.PI != nil, "proposed.pi", "required", "请填写新的挂帅人", "give the new PI") {
			v.RequiredText("proposed.pi.name", p.PI.Name, 100)
			if v.RequiredText("proposed.pi.email", p.PI.Email, 200) {
				v.Check(strings.Contains(p.PI.Email, "@"), "proposed.pi.email", "invalid", "邮箱格式不正确", "not an e-mail address")
			}
		}
	case KindPartner:
		v.Check(len(p.Partners) <= 10, "proposed.partners", "too_many", "成员单位最多 10 个", "at most 10 partners")
		for _, x := range p.Partners {
			v.RequiredText("proposed.partners.org_name", x.OrgName, 200)
			v.MaxLen("proposed.partners.credit_code", x.CreditCode, 18)
		}
	case KindKPI:
		if v.Check(len(p.KPIs) > 0, "proposed.kpis", "required", "请填写调整的指标", "give the KPI targets to change") {
			for _, k := range p.KPIs {
				v.Check(hasKPI(cur, k.Name), "proposed.kpis.name", "unknown", "任务书中没有该指标", "no such KPI in the task book")
			}
		}
	case KindTitle:
		v.RequiredText("proposed.title", p.Title, 200)
	case KindBudget:
		if v.Check(len(p.Budget) > 0, "proposed.budget", "required", "请填写调整后的预算", "give the new budget lines") {
			var sum int64
			for _, l := range p.Budget {
				v.RequiredText("proposed.budget.item", l.Item, 100)
				v.NonNegative("proposed.budget.amount_fen", l.AmountFen)
				sum += l.AmountFen
			}
			v.Check(sum == cur.BudgetFen, "proposed.budget", "total_changed", "调整后的预算总额须与原预算一致",
				"the new lines must add up to the budget's total")
		}
	case KindEndDate:
		end, err := time.ParseInLocation(time.DateOnly, p.EndOn, calendar.China)
		if !v.Check(err == nil, "proposed.end_on", "invalid", "请填写新的结束日期（YYYY-MM-DD）", "give the new end date (YYYY-MM-DD)") {
			break
		}
		old, _ := time.ParseInLocation(time.DateOnly, cur.EndOn, calendar.China)
		if !v.Check(end.After(old), "proposed.end_on", "not_later", "新的结束日期须晚于原结束日期", "the new end must be after the current end") {
			break
		}
		if err := v.Err(); err != nil {
			return err
		}
		if extensions >= rules.MaxExtensions {
			return errExtensionUsed.WithDetails(map[string]any{"max_extensions": rules.MaxExtensions})
		}
		if end.After(calendar.AddMonthsClamped(old, rules.MaxExtensionMonths)) {
			return errExtensionTooLong.WithDetails(map[string]any{"max_months": rules.MaxExtensionMonths})
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if !byBureau && TooLate(cur, rules, now) {
		return errTooLate.WithDetails(map[string]any{"end_on": cur.EndOn, "lead_days": rules.LeadDays})
	}
	return nil
}

// TooLate reports whether now is later than rules.LeadDays days before the end of the version's end date.
func TooLate(cur Content, rules Rules, now time.Time) bool {
	rules = rules.withDefaults()
	end, err := time.ParseInLocation(time.DateOnly, cur.EndOn, calendar.China)
	if err != nil {
		return false
	}
	return now.After(calendar.EndOfDay(end).AddDate(0, 0, -rules.LeadDays))
}

func hasKPI(c Content, name string) bool {
	for _, k := range c.KPIs {
		if k.Name == name {
			return true
		}
	}
	return false
}

func kindStrings() []string {
	out := make([]string, 0, len(Kinds))
	for _, k := range Kinds {
		out = append(out, string(k))
	}
	return out
}

// Apply is the content of the next version: cur with the approved change ch carried out.
func Apply(cur Content, ch Change) Content {
	next := cur
	next.Version = cur.Version + 1
	next.Change = &ChangeRef{ID: ch.ID, Kind: ch.Kind, Reason: ch.Reason}
	p := ch.Proposed
	switch ch.Kind {
	case KindPI:
		next.PI = *p.PI
	case KindPartner:
		next.Partners = append([]Party{}, p.Partners...)
	case KindKPI:
		next.KPIs = append([]race.TaskKPI{}, cur.KPIs...)
		for i := range next.KPIs {
			for _, k := range p.KPIs {
				if next.KPIs[i].Name == k.Name {
					next.KPIs[i].Target = k.Target
				}
			}
		}
	case KindEndDate:
		next.EndOn = p.EndOn
	case KindBudget:
		next.Budget = append([]race.TaskBudget{}, p.Budget...)
	case KindTitle:
		next.Title = p.Title
	}
	return next
}
