package repository

import (
	"context"
	"time"

	"jiebang/domain/funding"
)

var _ funding.EndingStore = (*FundingStore)(nil)

type fundingEndingRow struct {
	RacerID       int64 `gorm:"primaryKey;autoIncrement:false"`
	ChallengeID   int64
	OrgID         int64
	Kind          string
	Ground        string
	Reason        string
	CreditStatus  string
	DecidedBy     int64
	DecidedByName string
	DecidedAt     time.Time
}

func (fundingEndingRow) TableName() string { return "funding_endings" }

func (r fundingEndingRow) toDomain() funding.Ending {
	return funding.Ending{RacerID: r.RacerID, ChallengeID: r.ChallengeID, OrgID: r.OrgID, Kind: r.Kind, Ground: r.Ground,
		Reason: r.Reason, CreditStatus: r.CreditStatus, DecidedBy: r.DecidedBy, DecidedName: r.DecidedByName, DecidedAt: r.DecidedAt.UTC()}
}

type fundingTerminationRequestRow struct {
	ID              int64 `gorm:"primaryKey"`
	RacerID         int64
	ChallengeID     int64
	Reason          string
	RequestedBy     int64
	RequestedByName string
	RequestedAt     time.Time
}

func (fundingTerminationRequestRow) TableName() string { return "funding_termination_requests" }

type fundingExpenseRow struct {
	ID          int64 `gorm:"primaryKey"`
	RacerID     int64
	ChallengeID int64
	Kind        string
	AmountFen   int64
	Note        string
	ByID        int64
	ByName      string
	At          time.Time
}

func (fundingExpenseRow) TableName() string { return "funding_expenses" }

type fundingRefundRow struct {
	ID             int64 `gorm:"primaryKey"`
	RacerID        int64
	ChallengeID    int64
	Kind           string
	AmountFen      int64
	ReceivedOn     string
	Reference      string
	Note           string
	RecordedBy     int64
	RecordedByName string
	RecordedAt     time.Time
}

func (fundingRefundRow) TableName() string { return "funding_refunds" }

func (r fundingRefundRow) toDomain() funding.Refund {
	return funding.Refund{ID: r.ID, RacerID: r.RacerID, ChallengeID: r.ChallengeID, Kind: r.Kind, AmountFen: r.AmountFen,
		ReceivedOn: r.ReceivedOn, Reference: r.Reference, Note: r.Note, RecordedBy: r.RecordedBy, RecordedName: r.RecordedByName,
		RecordedAt: r.RecordedAt.UTC()}
}

// AddEnding inserts a racer's termination or revocation; a second one is domain.ErrConflict (primary key).
func (s *FundingStore) AddEnding(ctx context.Context, e *funding.Ending) (err error) {
	defer wrap(&err, "funding store: add ending %d", e.RacerID)
	row := fundingEndingRow{RacerID: e.RacerID, ChallengeID: e.ChallengeID, OrgID: e.OrgID, Kind: e.Kind, Ground: e.Ground,
		Reason: e.Reason, CreditStatus: e.CreditStatus, DecidedBy: e.DecidedBy, DecidedByName: e.DecidedName, DecidedAt: dbTime(e.DecidedAt)}
	return translate(s.db.conn(ctx).Create(&row).Error)
}

// Ending returns a racer's ending.
func (s *FundingStore) Ending(ctx context.Context, racerID int64) (_ funding.Ending, err error) {
	defer wrap(&err, "funding store: ending %d", racerID)
	var row fundingEndingRow
	if err := s.db.conn(ctx).Where("racer_id = ?", racerID).Take(&row).Error; err != nil {
		return funding.Ending{}, translate(err)
	}
	return row.toDomain(), nil
}

// Endings returns the endings of the racers of challengeIDs (nil: every challenge), by racer.
func (s *FundingStore) Endings(ctx context.Context, challengeIDs []int64) (_ map[int64]funding.Ending, err error) {
	defer wrap(&err, "funding store: endings")
	q := s.db.conn(ctx)
	if challengeIDs != nil {
		q = q.Where("challenge_id IN ?", append(challengeIDs, 0))
	}
	var rows []fundingEndingRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := map[int64]funding.Ending{}
	for _, r := range rows {
		out[r.RacerID] = r.toDomain()
	}
	return out, nil
}

// AddTerminationRequest inserts a team's request to terminate.
func (s *FundingStore) AddTerminationRequest(ctx context.Context, r *funding.TerminationRequest) (err error) {
	defer wrap(&err, "funding store: add termination request %d", r.RacerID)
	row := fundingTerminationRequestRow{RacerID: r.RacerID, ChallengeID: r.ChallengeID, Reason: r.Reason, RequestedBy: r.RequestedBy,
		RequestedByName: r.RequestedName, RequestedAt: dbTime(r.RequestedAt)}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	r.ID = row.ID
	return nil
}

// TerminationRequests lists requests newest first (one racer's when racerID is not 0).
func (s *FundingStore) TerminationRequests(ctx context.Context, racerID int64) (_ []funding.TerminationRequest, err error) {
	defer wrap(&err, "funding store: termination requests %d", racerID)
	q := s.db.conn(ctx)
	if racerID != 0 {
		q = q.Where("racer_id = ?", racerID)
	}
	var rows []fundingTerminationRequestRow
	if err := q.Order("id DESC").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]funding.TerminationRequest, 0, len(rows))
	for _, r := range rows {
		out = append(out, funding.TerminationRequest{ID: r.ID, RacerID: r.RacerID, ChallengeID: r.ChallengeID, Reason: r.Reason,
			RequestedBy: r.RequestedBy, RequestedName: r.RequestedByName, RequestedAt: r.RequestedAt.UTC()})
	}
	return out, nil
}

// AddExpense inserts an expense record.
func (s *FundingStore) AddExpense(ctx context.Context, e *funding.Expense) (err error) {
	defer wrap(&err, "funding store: add expense %d", e.RacerID)
	row := fundingExpenseRow{RacerID: e.RacerID, ChallengeID: e.ChallengeID, Kind: e.Kind, AmountFen: e.AmountFen, Note: e.Note,
		ByID: e.ByID, ByName: e.ByName, At: dbTime(e.At)}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	e.ID = row.ID
	return nil
}

// Expenses lists a racer's expense records in ID order.
func (s *FundingStore) Expenses(ctx context.Context, racerID int64) (_ []funding.Expense, err error) {
	defer wrap(&err, "funding store: expenses %d", racerID)
	var rows []fundingExpenseRow
	if err := s.db.conn(ctx).Where("racer_id = ?", racerID).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]funding.Expense, 0, len(rows))
	for _, r := range rows {
		out = append(out, funding.Expense{ID: r.ID, RacerID: r.RacerID, ChallengeID: r.ChallengeID, Kind: r.Kind, AmountFen: r.AmountFen,
			Note: r.Note, ByID: r.ByID, ByName: r.ByName, At: r.At.UTC()})
	}
	return out, nil
}

// AddRefund inserts a refund entry.
func (s *FundingStore) AddRefund(ctx context.Context, r *funding.Refund) (err error) {
	defer wrap(&err, "funding store: add refund %d", r.RacerID)
	row := fundingRefundRow{RacerID: r.RacerID, ChallengeID: r.ChallengeID, Kind: r.Kind, AmountFen: r.AmountFen, ReceivedOn: r.ReceivedOn,
		Reference: r.Reference, Note: r.Note, RecordedBy: r.RecordedBy, RecordedByName: r.RecordedName, RecordedAt: dbTime(r.RecordedAt)}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	r.ID = row.ID
	return nil
}

// Refunds lists a challenge's refund entries (one racer's when racerID is not 0) in ID order.
func (s *FundingStore) Refunds(ctx context.Context, challengeID, racerID int64) (_ []funding.Refund, err error) {
	defer wrap(&err, "funding store: refunds %d %d", challengeID, racerID)
	q := s.db.conn(ctx).Where("challenge_id = ?", challengeID)
	if racerID != 0 {
		q = q.Where("racer_id = ?", racerID)
	}
	var rows []fundingRefundRow
	if err := q.Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]funding.Refund, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// RefundFiguresOf sums the refund entries per racer of challengeIDs (nil: every challenge).
func (s *FundingStore) RefundFiguresOf(ctx context.Context, challengeIDs []int64) (_ map[int64]funding.RefundFigures, err error) {
	defer wrap(&err, "funding store: refund figures")
	q := s.db.conn(ctx).Model(&fundingRefundRow{}).Select("racer_id, kind, SUM(amount_fen) AS sum")
	if challengeIDs != nil {
		q = q.Where("challenge_id IN ?", append(challengeIDs, 0))
	}
	var rows []struct {
		RacerID int64
		Kind    string
		Sum     int64
	}
	if err := q.Group("racer_id, kind").Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := map[int64]funding.RefundFigures{}
	for _, r := range rows {
		f := out[r.RacerID]
		if r.Kind == funding.RefundReceived {
			f.ReceivedFen = r.Sum
		} else {
			f.DueFen = r.Sum
		}
		out[r.RacerID] = f
	}
	return out, nil
}

// OpenGovDecisions returns every government decision, neither reversed nor a reversal, not fully paid, with
// the amount paid on each.
func (s *FundingStore) OpenGovDecisions(ctx context.Context) (_ []funding.Decision, _ map[int64]int64, err error) {
	defer wrap(&err, "funding store: open government decisions")
	var rows []fundingDecisionRow
	err = s.db.conn(ctx).Where(`source = 'government' AND reverses_id IS NULL
		AND NOT EXISTS (SELECT 1 FROM funding_decisions r WHERE r.reverses_id = funding_decisions.id)`).Order("id").Find(&rows).Error
	if err != nil {
		return nil, nil, translate(err)
	}
	var sums []struct {
		DecisionID int64
		Sum        int64
	}
	err = s.db.conn(ctx).Model(&fundingDisbursementRow{}).Select("decision_id, SUM(amount_fen) AS sum").Group("decision_id").Scan(&sums).Error
	if err != nil {
		return nil, nil, translate(err)
	}
	paidOn := map[int64]int64{}
	for _, x := range sums {
		paidOn[x.DecisionID] = x.Sum
	}
	var out []funding.Decision
	paid := map[int64]int64{}
	for _, r := range rows {
		if paidOn[r.ID] >= r.AmountFen {
			continue
		}
		out = append(out, r.toDomain())
		paid[r.ID] = paidOn[r.ID]
	}
	return out, paid, nil
}
