package repository

import (
	"context"
	"time"

	"jiebang/domain"
	"jiebang/domain/credit"
)

// creditEventRow is a row of credit_events; until is the bar's last day as YYYY-MM-DD.
type creditEventRow struct {
	ID          int64 `gorm:"primaryKey"`
	OrgID       int64
	Kind        string
	Reason      string
	Until       *string
	Source      string
	SourceID    int64
	CreatedBy   int64
	CreatedName string
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
}

func (creditEventRow) TableName() string { return "credit_events" }

func (r creditEventRow) toDomain() credit.Event {
	e := credit.Event{ID: r.ID, OrgID: r.OrgID, Kind: credit.Kind(r.Kind), Reason: r.Reason, Source: r.Source,
		SourceID: r.SourceID, CreatedBy: r.CreatedBy, CreatedName: r.CreatedName, CreatedAt: r.CreatedAt.UTC()}
	if r.Until != nil {
		if t, err := time.ParseInLocation("2006-01-02", *r.Until, credit.China); err == nil {
			e.Until = &t
		}
	}
	return e
}

// CreditStore implements credit.Store.
type CreditStore struct{ db *DB }

// NewCreditStore returns the credit ledger store.
func NewCreditStore(db *DB) *CreditStore { return &CreditStore{db: db} }

var _ credit.Store = (*CreditStore)(nil)

// Add inserts e and sets its ID.
func (s *CreditStore) Add(ctx context.Context, e *credit.Event) (err error) {
	defer wrap(&err, "credit store: add of %d", e.OrgID)
	row := creditEventRow{OrgID: e.OrgID, Kind: string(e.Kind), Reason: e.Reason, Source: e.Source, SourceID: e.SourceID,
		CreatedBy: e.CreatedBy, CreatedName: e.CreatedName, CreatedAt: dbTime(e.CreatedAt)}
	if e.Until != nil {
		u := e.Until.In(credit.China).Format("2006-01-02")
		row.Until = &u
	}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	e.ID = row.ID
	return nil
}

// Events returns an organisation's events, oldest first.
func (s *CreditStore) Events(ctx context.Context, orgID int64) (_ []credit.Event, err error) {
	defer wrap(&err, "credit store: events %d", orgID)
	var rows []creditEventRow
	if err := s.db.conn(ctx).Where("org_id = ?", orgID).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]credit.Event, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// List returns events newest first, of one organisation when orgID is not 0.
func (s *CreditStore) List(ctx context.Context, orgID int64, p domain.Page) (_ domain.List[credit.Event], err error) {
	defer wrap(&err, "credit store: list %d", orgID)
	q := s.db.conn(ctx).Model(&creditEventRow{})
	if orgID != 0 {
		q = q.Where("org_id = ?", orgID)
	}
	out := domain.List[credit.Event]{Page: p.Page, PageSize: p.PageSize, Items: []credit.Event{}}
	if err := q.Count(&out.Total).Error; err != nil {
		return out, translate(err)
	}
	var rows []creditEventRow
	if err := q.Order("id DESC").Offset(p.Offset()).Limit(p.PageSize).Find(&rows).Error; err != nil {
		return out, translate(err)
	}
	for _, r := range rows {
		out.Items = append(out.Items, r.toDomain())
	}
	return out, nil
}

// BarredOrgs returns the organisations whose stored status is barred and that have credit events.
func (s *CreditStore) BarredOrgs(ctx context.Context) (_ []int64, err error) {
	defer wrap(&err, "credit store: barred orgs")
	var ids []int64
	err = s.db.conn(ctx).Table("orgs").Where("credit_status = ? AND EXISTS (SELECT 1 FROM credit_events e WHERE e.org_id = orgs.id)", "barred").
		Order("id").Pluck("id", &ids).Error
	return ids, translate(err)
}
