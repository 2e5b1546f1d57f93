package repository

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"jiebang/domain/audit"
)

type auditCheckpointRow struct {
	ID        int64 `gorm:"primaryKey"`
	Entries   int64
	HeadHash  string
	SignedAt  time.Time
	KeyID     string
	Signature string
}

func (auditCheckpointRow) TableName() string { return "audit_checkpoints" }

// AuditCheckpointStore implements audit.CheckpointStore.
type AuditCheckpointStore struct{ db *DB }

// NewAuditCheckpointStore returns the checkpoint store.
func NewAuditCheckpointStore(db *DB) *AuditCheckpointStore { return &AuditCheckpointStore{db: db} }

var _ audit.CheckpointStore = (*AuditCheckpointStore)(nil)

// Add stores a checkpoint (conflict when one of the same length exists).
func (s *AuditCheckpointStore) Add(ctx context.Context, c *audit.Checkpoint) (err error) {
	defer wrap(&err, "audit checkpoint store: add")
	row := auditCheckpointRow{Entries: c.Entries, HeadHash: c.HeadHash, SignedAt: dbTime(c.SignedAt), KeyID: c.KeyID,
		Signature: c.Signature}
	err = NewTxManager(s.db).InTx(ctx, func(ctx context.Context) error {
		return s.db.conn(ctx).Create(&row).Error
	})
	if err != nil {
		return translate(err)
	}
	c.ID = row.ID
	return nil
}

// All returns every checkpoint, shortest chain first.
func (s *AuditCheckpointStore) All(ctx context.Context) (_ []audit.Checkpoint, err error) {
	defer wrap(&err, "audit checkpoint store: all")
	var rows []auditCheckpointRow
	if err := s.db.conn(ctx).Order("entries").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]audit.Checkpoint, 0, len(rows))
	for _, r := range rows {
		out = append(out, audit.Checkpoint{ID: r.ID, Entries: r.Entries, HeadHash: r.HeadHash, SignedAt: r.SignedAt.UTC(),
			KeyID: r.KeyID, Signature: r.Signature})
	}
	return out, nil
}

// Last returns the checkpoint of the longest chain.
func (s *AuditCheckpointStore) Last(ctx context.Context) (_ audit.Checkpoint, _ bool, err error) {
	defer wrap(&err, "audit checkpoint store: last")
	var rows []auditCheckpointRow
	if err := s.db.conn(ctx).Order("entries DESC").Limit(1).Find(&rows).Error; err != nil || len(rows) == 0 {
		return audit.Checkpoint{}, false, err
	}
	r := rows[0]
	return audit.Checkpoint{ID: r.ID, Entries: r.Entries, HeadHash: r.HeadHash, SignedAt: r.SignedAt.UTC(), KeyID: r.KeyID,
		Signature: r.Signature}, true, nil
}

// Head returns the id and hash of the last audit entry.
func (s *AuditCheckpointStore) Head(ctx context.Context) (_ int64, _ string, err error) {
	defer wrap(&err, "audit checkpoint store: head")
	var last auditRow
	err = s.db.conn(ctx).Select("id", "hash").Order("id DESC").Limit(1).Take(&last).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return 0, "", nil
	case err != nil:
		return 0, "", err
	}
	return last.ID, last.Hash, nil
}

// InTx reports whether ctx carries a transaction.
func (s *AuditCheckpointStore) InTx(ctx context.Context) bool { return InTxContext(ctx) }
