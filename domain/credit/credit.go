// Package credit is the organisations' credit ledger (信用记录): warnings, bars with an end date and lifts,
// each with its reason and the decision it comes from. The organisation's credit status (good, warned,
// barred) follows from its events and the clock, so a bar stops applying after its end date.
package credit

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
	"jiebang/domain/calendar"
	"jiebang/domain/event"
)

// Kind is what a credit event does.
type Kind string

// Kinds of credit events.
const (
	KindWarn Kind = "warn" // 警告
	KindBar  Kind = "bar"  // 禁止揭榜/发榜（至截止日）
	KindLift Kind = "lift" // 解除
)

// Event is one entry of an organisation's credit ledger, append-only.
type Event struct {
	ID     int64
	OrgID  int64
	Kind   Kind
	Reason string
	// Until is the last day a bar applies (China time), nil for warnings, lifts and bars without an end.
	Until *time.Time
	// Source and SourceID name the decision the event comes from ("racer" 12, "manual" 0, ...).
	Source      string
	SourceID    int64
	CreatedBy   int64
	CreatedName string
	CreatedAt   time.Time
}

// Status folds events (oldest first) into the status at now: a lift clears earlier warnings and bars; a bar
// applies until the end of its Until day; a warning lasts until lifted.
func Status(events []Event, now time.Time) account.CreditStatus {
	warned, barred := false, false
	var until *time.Time
	for _, e := range events {
		switch e.Kind {
		case KindWarn:
			warned = true
		case KindBar:
			barred, until = true, e.Until
		case KindLift:
			warned, barred, until = false, false, nil
		}
	}
	if barred && (until == nil || now.Before(until.AddDate(0, 0, 1))) {
		return account.CreditBarred
	}
	if warned {
		return account.CreditWarned
	}
	return account.CreditGood
}

// Store persists credit events.
type Store interface {
	// Add inserts e and sets its ID.
	Add(ctx context.Context, e *Event) error
	// Events returns an organisation's events, oldest first.
	Events(ctx context.Context, orgID int64) ([]Event, error)
	// List returns events of every organisation (one when orgID is not 0), newest first.
	List(ctx context.Context, orgID int64, p domain.Page) (domain.List[Event], error)
	// BarredOrgs returns the organisations whose stored credit status is barred.
	BarredOrgs(ctx context.Context) ([]int64, error)
}

// Orgs is what the ledger needs of the account area: read an organisation, and write its credit status
// compare-and-set (false when it was no longer from).
type Orgs interface {
	OrgByID(ctx context.Context, id int64) (account.Org, error)
	SetOrgCredit(ctx context.Context, id int64, from, to account.CreditStatus, at time.Time) (bool, error)
}

// Config holds the ledger's defaults.
type Config struct {
	// PenaltyBarMonths is how long a bar from a race elimination lasts, in calendar months (default
	// DefaultPenaltyBarMonths, three years): the bar's last day is the same day of the month that many months
	// after the China date it is imposed on, or that month's last day (imposed on 2028-02-29, a 36-month bar
	// lasts to 2031-02-28 inclusive).
	PenaltyBarMonths int
	// PenaltyBarDays is the former setting, in days; it still applies when set and PenaltyBarMonths is not.
	PenaltyBarDays int
}

// DefaultPenaltyBarMonths is the bar after an elimination without the tolerance clause: three calendar years.
const DefaultPenaltyBarMonths = 36

// BarUntil is the last day (China date, as midnight China time) of a bar from a race elimination imposed at
// the instant imposed.
func (c Config) BarUntil(imposed time.Time) time.Time {
	day := calendar.DayOf(imposed)
	switch {
	case c.PenaltyBarMonths > 0:
		return calendar.AddMonthsClamped(day, c.PenaltyBarMonths)
	case c.PenaltyBarDays > 0:
		return day.AddDate(0, 0, c.PenaltyBarDays)
	default:
		return calendar.AddMonthsClamped(day, DefaultPenaltyBarMonths)
	}
}

// Service is the credit ledger's use cases.
type Service struct {
	cfg    Config
	store  Store
	orgs   Orgs
	tx     domain.TxManager
	audit  *audit.Service
	clock  domain.Clock
	events *event.Bus
}

// NewService builds the credit ledger; its changes are published on events (nil: none).
func NewService(cfg Config, store Store, orgs Orgs, tx domain.TxManager, a *audit.Service, clock domain.Clock, events *event.Bus) *Service {
	return &Service{cfg: cfg, store: store, orgs: orgs, tx: tx, audit: a, clock: clock, events: events}
}

// Input is an event the bureau records.
type Input struct {
	Kind   Kind
	Reason string
	// Until is YYYY-MM-DD, the last day of a bar ("" for none).
	Until    string
	Source   string
	SourceID int64
}

func unprocessable(code, field, zh, en string) error {
	return domain.NewError(domain.ErrUnprocessable, code, zh, en).WithDetails(map[string]any{"field": field, "rule": code})
}

// China is the zone a bar's end date is read in (the working-day calendar's).
var China = calendar.China

func (in Input) check(now time.Time) (*time.Time, error) {
	switch in.Kind {
	case KindWarn, KindBar, KindLift:
	default:
		return nil, unprocessable("unknown_kind", "kind", "类型须为 warn、bar 或 lift", "kind must be warn, bar or lift")
	}
	r := strings.TrimSpace(in.Reason)
	if r == "" {
		return nil, unprocessable("reason_required", "reason", "请写明理由", "a reason is required")
	}
	if utf8.RuneCountInString(r) > account.MaxReasonLen {
		return nil, unprocessable("reason_too_long", "reason", "理由过长", "the reason is too long")
	}
	if utf8.RuneCountInString(in.Source) > 100 {
		return nil, unprocessable("source_too_long", "source", "来源过长", "source is too long")
	}
	if in.Until == "" {
		return nil, nil
	}
	if in.Kind != KindBar {
		return nil, unprocessable("until_only_for_bar", "until", "只有禁止类记录有截止日期", "only a bar has an end date")
	}
	t, err := time.ParseInLocation("2006-01-02", in.Until, China)
	if err != nil {
		return nil, unprocessable("until_invalid", "until", "截止日期须为 YYYY-MM-DD", "until must be YYYY-MM-DD")
	}
	if !now.Before(t.AddDate(0, 0, 1)) {
		return nil, unprocessable("until_past", "until", "截止日期已过", "the end date has passed")
	}
	return &t, nil
}

// Record adds an event to an organisation's ledger (bureau only) and updates its credit status.
func (s *Service) Record(ctx context.Context, actor domain.Actor, orgID int64, in Input) (Event, error) {
	if !actor.Is(domain.RoleBureau) {
		return Event{}, domain.Forbidden("forbidden", "只有科技局可以记录信用事项", "only the bureau records credit events")
	}
	if in.Source == "" {
		in.Source = "manual"
	}
	until, err := in.check(s.clock.Now())
	if err != nil {
		return Event{}, err
	}
	return s.add(ctx, actor, orgID, Event{OrgID: orgID, Kind: in.Kind, Reason: strings.TrimSpace(in.Reason), Until: until,
		Source: in.Source, SourceID: in.SourceID})
}

func (s *Service) add(ctx context.Context, actor domain.Actor, orgID int64, e Event) (Event, error) {
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		o, err := s.orgs.OrgByID(ctx, orgID)
		if errors.Is(err, domain.ErrNotFound) {
			return domain.NotFound("单位", "organisation")
		}
		if err != nil {
			return err
		}
		e.CreatedBy, e.CreatedName, e.CreatedAt = actor.UserID, actor.Name, s.clock.Now().UTC().Truncate(time.Microsecond)
		if err := s.store.Add(ctx, &e); err != nil {
			return err
		}
		after := map[string]any{"kind": e.Kind, "reason": e.Reason, "source": e.Source, "source_id": e.SourceID}
		if e.Until != nil {
			after["until"] = calendar.Date(*e.Until)
		}
		if err := s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityOrg, EntityID: orgID, Action: "credit_" + string(e.Kind),
			Before: map[string]any{"credit_status": o.CreditStatus}, After: after}); err != nil {
			return err
		}
		st, err := s.refresh(ctx, o)
		if err != nil {
			return err
		}
		entry := e
		return s.publish(ctx, EventRecord, actor, Changed{OrgID: orgID, Entry: &entry, From: o.CreditStatus, To: st})
	})
	return e, err
}

// refresh recomputes the organisation's status from its events, stores it when it changed and returns it.
func (s *Service) refresh(ctx context.Context, o account.Org) (account.CreditStatus, error) {
	events, err := s.store.Events(ctx, o.ID)
	if err != nil {
		return "", err
	}
	now := s.clock.Now()
	st := Status(events, now)
	if st == o.CreditStatus {
		return st, nil
	}
	ok, err := s.orgs.SetOrgCredit(ctx, o.ID, o.CreditStatus, st, now)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", domain.Conflict("conflict", "信用状态刚被他人修改，请刷新后重试", "the credit status was just changed by someone else, reload and retry")
	}
	return st, nil
}

// Penalise records the credit consequence of a race elimination without the tolerance clause (the race calls
// it in its transaction): a warning, or a bar for the configured period.
func (s *Service) Penalise(ctx context.Context, actor domain.Actor, orgID int64, status account.CreditStatus, reason string) error {
	e := Event{OrgID: orgID, Kind: KindWarn, Reason: reason, Source: "race_elimination"}
	if status == account.CreditBarred {
		until := s.cfg.BarUntil(s.clock.Now())
		e.Kind, e.Until = KindBar, &until
	}
	if strings.TrimSpace(e.Reason) == "" {
		e.Reason = "淘汰（不适用容错）"
	}
	_, err := s.add(ctx, actor, orgID, e)
	return err
}

// ExpireBars lifts, in the stored status, every bar whose end date has passed (scheduled job): the
// organisation's status falls back to what its other events say.
func (s *Service) ExpireBars(ctx context.Context, now time.Time) error {
	ids, err := s.store.BarredOrgs(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		err := s.tx.InTx(ctx, func(ctx context.Context) error {
			o, err := s.orgs.OrgByID(ctx, id)
			if err != nil || o.CreditStatus != account.CreditBarred {
				return err
			}
			events, err := s.store.Events(ctx, id)
			if err != nil {
				return err
			}
			st := Status(events, now)
			if st == account.CreditBarred || len(events) == 0 {
				return nil
			}
			if _, err := s.orgs.SetOrgCredit(ctx, id, o.CreditStatus, st, now); err != nil {
				return err
			}
			if err := s.audit.Log(ctx, domain.System, audit.Record{Entity: audit.EntityOrg, EntityID: id, Action: "credit_bar_expired",
				Before: map[string]any{"credit_status": o.CreditStatus}, After: map[string]any{"credit_status": st}}); err != nil {
				return err
			}
			return s.publish(ctx, EventBarExpired, domain.System, Changed{OrgID: id, From: o.CreditStatus, To: st})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Ledger is an organisation's credit record as shown to the bureau and to the organisation itself.
type Ledger struct {
	Org    account.Org
	Status account.CreditStatus
	Events []Event
}

// OrgLedger returns an organisation's credit ledger to the bureau or to the organisation's own enterprise and
// team users, who act for it (404 for anyone else: an expert's organisation is only its affiliation).
func (s *Service) OrgLedger(ctx context.Context, actor domain.Actor, orgID int64) (Ledger, error) {
	if !actor.Bureau() && !actor.EnterpriseOf(orgID) && !actor.TeamOf(orgID) {
		return Ledger{}, domain.NotFound("单位", "organisation")
	}
	o, err := s.orgs.OrgByID(ctx, orgID)
	if errors.Is(err, domain.ErrNotFound) {
		return Ledger{}, domain.NotFound("单位", "organisation")
	}
	if err != nil {
		return Ledger{}, err
	}
	events, err := s.store.Events(ctx, orgID)
	if err != nil {
		return Ledger{}, err
	}
	st := o.CreditStatus
	if len(events) > 0 {
		st = Status(events, s.clock.Now())
	}
	return Ledger{Org: o, Status: st, Events: events}, nil
}

// List returns the credit events of every organisation (or one), newest first, for the bureau.
func (s *Service) List(ctx context.Context, actor domain.Actor, orgID int64, p domain.Page) (domain.List[Event], error) {
	if !actor.Is(domain.RoleBureau) {
		return domain.List[Event]{}, domain.Forbidden("forbidden", "只有科技局可以查看信用记录总表", "only the bureau sees the credit ledger")
	}
	return s.store.List(ctx, orgID, p.Normalize())
}
