package funding

import (
	"context"
	"sync/atomic"
	"time"

	"jiebang/domain"
)

// DashboardFilter narrows the programme view: Year of publication (of creation when never published, China
// time; 0 = every year) and industry Field ("" = every field).
type DashboardFilter struct {
	Year  int
	Field string
}

// Count is a labelled number.
type Count struct {
	Key   string
	Count int64
}

// ChallengeBids is the number of submitted bids of one challenge.
type ChallengeBids struct {
	ChallengeID int64
	Title       string
	Bids        int64
}

// ChallengeFunds is one challenge's government funds against its cap.
type ChallengeFunds struct {
	ChallengeID  int64
	Title        string
	Status       string
	CapFen       int64
	DecidedFen   int64
	DisbursedFen int64
}

// FunnelStep is one step of the racers' elimination funnel (赛马漏斗): how many racers were still in after it.
type FunnelStep struct {
	Step       string // "started", "stage-N", "winner"
	Remaining  int64
	Eliminated int64
}

// Deadline is an upcoming date of the programme.
type Deadline struct {
	Kind        string // bidding, notice, stage_report, round
	ChallengeID int64
	Title       string
	Stage       int
	At          time.Time
}

// Dashboard is the bureau's programme view (项目总览).
type Dashboard struct {
	Filter     DashboardFilter
	Challenges int64
	ByStatus   []Count
	ByField    []Count
	// BidsTop are the challenges with the most submitted bids; BidsHistogram counts challenges (published or
	// later) by number of bids: "0", "1", "2", "3-5", "6-10", "11+".
	BidsTop       []ChallengeBids
	BidsHistogram []Count
	// FundsTop are the funded challenges with the largest caps; Funds the totals of every funded challenge.
	FundsTop []ChallengeFunds
	Funds    ChallengeFunds
	Funnel   []FunnelStep
	// Deadlines are the next 20 within DeadlineDays.
	Deadlines []Deadline
	// Memo is shared by every reader of the same cached figures (nil when they were not cached): what a caller
	// derives from them (the API's encoding) is kept there and stays right as long as the figures are served.
	Memo *Memo
}

// Memo keeps what a caller derived from a cached Dashboard.
type Memo struct{ v atomic.Value }

// Load returns what was kept (nil: nothing, or no memo).
func (m *Memo) Load() any {
	if m == nil {
		return nil
	}
	return m.v.Load()
}

// Keep keeps x (always of the same type) for the readers of the same figures.
func (m *Memo) Keep(x any) {
	if m != nil {
		m.v.Store(x)
	}
}

// DeadlineDays is how far ahead the programme view lists deadlines.
const DeadlineDays = 30

// DashboardStore reads the programme's figures (one query per figure over indexed columns and the kept
// funding totals).
type DashboardStore interface {
	Dashboard(ctx context.Context, f DashboardFilter, now time.Time, top int) (Dashboard, error)
	// EachDecision calls fn for every funding decision of the challenges in the filter, by challenge and
	// record, with the challenge's title and the racer's organisation.
	EachDecision(ctx context.Context, f DashboardFilter, fn func(ProgrammeDecision) error) error
}

// ProgrammeDecision is one funding decision in the programme-wide list (the Excel's 资助决定 sheet).
type ProgrammeDecision struct {
	Decision
	ChallengeTitle string
	RacerOrg       string
}

// EachDecision walks every funding decision of the programme (within the filter) for the bureau's export.
func (s *Service) EachDecision(ctx context.Context, actor domain.Actor, f DashboardFilter, fn func(ProgrammeDecision) error) error {
	if err := s.checkDashboard(ctx, actor, f); err != nil {
		return err
	}
	if s.d.Dashboard == nil {
		return nil
	}
	return s.d.Dashboard.EachDecision(ctx, f, fn)
}

// Dashboard returns the programme view to the bureau.
func (s *Service) Dashboard(ctx context.Context, actor domain.Actor, f DashboardFilter) (Dashboard, error) {
	if err := s.checkDashboard(ctx, actor, f); err != nil {
		return Dashboard{}, err
	}
	if s.d.Dashboard == nil {
		return Dashboard{Filter: f}, nil
	}
	d, err := s.d.Dashboard.Dashboard(ctx, f, s.now(), 15)
	d.Filter = f
	return d, err
}

// FieldSource tells whether an industry field exists (the bureau's settings; retired fields too).
type FieldSource interface {
	KnownField(ctx context.Context, code string) (bool, error)
}

// UseFields makes the programme view refuse a filter on a field that does not exist, as the board does.
func (s *Service) UseFields(f FieldSource) { s.fields = f }

// checkDashboard admits the bureau with a sane filter: a year of this century, a field that exists (400
// invalid_query otherwise, not an empty programme).
func (s *Service) checkDashboard(ctx context.Context, actor domain.Actor, f DashboardFilter) error {
	if !actor.Is(domain.RoleBureau) {
		return domain.Forbidden("forbidden", "只有科技局可以查看项目总览", "only the bureau sees the programme view")
	}
	if f.Year != 0 && (f.Year < 2000 || f.Year > 2100) {
		return unprocessable("year_invalid", "year", "年份无效", "invalid year")
	}
	if f.Field != "" && s.fields != nil {
		known, err := s.fields.KnownField(ctx, f.Field)
		if err != nil {
			return err
		}
		if !known {
			return domain.NewError(domain.ErrBadRequest, "invalid_query", "未知的领域："+f.Field, "unknown field: "+f.Field)
		}
	}
	return nil
}
