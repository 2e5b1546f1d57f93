package repository

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"jiebang/domain"
	"jiebang/domain/audit"
)

type auditRow struct {
	ID        int64 `gorm:"primaryKey;autoIncrement:false"`
	At        time.Time
	ActorID   int64
	ActorName string
	ActorRole string
	Entity    string
	EntityID  int64
	Action    string
	Before    string
	After     string
	RequestID string
	IP        string `gorm:"column:ip"`
	PrevHash  string
	Hash      string
}

func (auditRow) TableName() string { return "audit_entries" }

func (r auditRow) toDomain() audit.Entry {
	return audit.Entry{ID: r.ID, At: r.At.UTC(), ActorID: r.ActorID, ActorName: r.ActorName, ActorRole: r.ActorRole,
		Entity: r.Entity, EntityID: r.EntityID, Action: r.Action, Before: r.Before, After: r.After,
		RequestID: r.RequestID, IP: r.IP, PrevHash: r.PrevHash, Hash: r.Hash}
}

// auditLockKey is the PostgreSQL advisory lock that serialises appenders to the chain.
const auditLockKey = 0x6a696562 // "jieb"

// AuditStore implements audit.Store.
type AuditStore struct{ db *DB }

// NewAuditStore returns the audit store.
func NewAuditStore(db *DB) *AuditStore { return &AuditStore{db: db} }

// Append adds e at the end of the chain. It must run inside a transaction.
func (s *AuditStore) Append(ctx context.Context, e *audit.Entry) error {
	if !InTxContext(ctx) {
		return fmt.Errorf("audit append outside a transaction")
	}
	tx := s.db.conn(ctx)
	if s.db.Dialect == DialectPostgres {
		if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", auditLockKey).Error; err != nil {
			return err
		}
	}
	var last auditRow
	err := tx.Select("id", "hash").Order("id DESC").Limit(1).Take(&last).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		e.ID, e.PrevHash = 1, audit.GenesisHash
	case err != nil:
		return err
	default:
		e.ID, e.PrevHash = last.ID+1, last.Hash
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Hash = audit.ComputeHash(e.PrevHash, *e)
	row := auditRow{ID: e.ID, At: e.At, ActorID: e.ActorID, ActorName: e.ActorName, ActorRole: e.ActorRole,
		Entity: e.Entity, EntityID: e.EntityID, Action: e.Action, Before: e.Before, After: e.After,
		RequestID: e.RequestID, IP: e.IP, PrevHash: e.PrevHash, Hash: e.Hash}
	return translate(tx.Create(&row).Error)
}

// List returns entries newest first.
func (s *AuditStore) List(ctx context.Context, f audit.Filter, p domain.Page) (domain.List[audit.Entry], error) {
	q := s.db.conn(ctx).Model(&auditRow{})
	if f.Entity != "" {
		q = q.Where("entity = ?", f.Entity)
	}
	if f.EntityID != 0 {
		q = q.Where("entity_id = ?", f.EntityID)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return domain.List[audit.Entry]{}, err
	}
	var rows []auditRow
	if err := q.Order("id DESC").Offset(p.Offset()).Limit(p.PageSize).Find(&rows).Error; err != nil {
		return domain.List[audit.Entry]{}, err
	}
	out := domain.List[audit.Entry]{Items: make([]audit.Entry, 0, len(rows)), Total: total, Page: p.Page, PageSize: p.PageSize}
	for _, r := range rows {
		out.Items = append(out.Items, r.toDomain())
	}
	return out, nil
}

// Each walks the chain in ID order in batches of 1000.
func (s *AuditStore) Each(ctx context.Context, fn func(audit.Entry) error) error {
	var after int64
	for {
		var rows []auditRow
		if err := s.db.conn(ctx).Where("id > ?", after).Order("id").Limit(1000).Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		for _, r := range rows {
			if err := fn(r.toDomain()); err != nil {
				return err
			}
		}
		after = rows[len(rows)-1].ID
	}
}
