package repository

import (
	"context"
	"errors"
	"fmt"
	"runtime"
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
	Seal      string
}

func (auditRow) TableName() string { return "audit_entries" }

func (r auditRow) toDomain() audit.Entry {
	return audit.Entry{ID: r.ID, At: r.At.UTC(), ActorID: r.ActorID, ActorName: r.ActorName, ActorRole: r.ActorRole,
		Entity: r.Entity, EntityID: r.EntityID, Action: r.Action, Before: r.Before, After: r.After,
		RequestID: r.RequestID, IP: r.IP, PrevHash: r.PrevHash, Hash: r.Hash, Seal: r.Seal}
}

// auditLockKey is the PostgreSQL advisory lock that serialises appenders to the chain.
const auditLockKey = 0x6a696562 // "jieb"

// AuditStore implements audit.Store.
type AuditStore struct{ db *DB }

// NewAuditStore returns the audit store.
func NewAuditStore(db *DB) *AuditStore { return &AuditStore{db: db} }

var _ audit.SealingStore = (*AuditStore)(nil)

// Append adds e at the end of the chain, unsealed. It must run inside a transaction.
func (s *AuditStore) Append(ctx context.Context, e *audit.Entry) error {
	return s.AppendSealed(ctx, e, nil)
}

// AppendSealed adds e at the end of the chain and seals it with seal (when not nil). It must run inside a
// transaction.
func (s *AuditStore) AppendSealed(ctx context.Context, e *audit.Entry, seal func(hash string) string) (err error) {
	defer wrap(&err, "audit store: append")
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
	err = tx.Select("id", "hash").Order("id DESC").Limit(1).Take(&last).Error
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
	if seal != nil {
		e.Seal = seal(e.Hash)
	}
	row := auditRow{ID: e.ID, At: e.At, ActorID: e.ActorID, ActorName: e.ActorName, ActorRole: e.ActorRole,
		Entity: e.Entity, EntityID: e.EntityID, Action: e.Action, Before: e.Before, After: e.After,
		RequestID: e.RequestID, IP: e.IP, PrevHash: e.PrevHash, Hash: e.Hash, Seal: e.Seal}
	return translate(tx.Create(&row).Error)
}

// List returns entries newest first.
func (s *AuditStore) List(ctx context.Context, f audit.Filter, p domain.Page) (_ domain.List[audit.Entry], err error) {
	defer wrap(&err, "audit store: list")
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

// auditEachBatch is the number of entries Each reads per query.
const auditEachBatch = 5000

// Each walks the chain in ID order. Outside a transaction it reads ranges of auditEachBatch IDs on several
// connections at once (SQLite's WAL and PostgreSQL both serve concurrent readers) and hands them to fn in
// order, with plain database/sql scans: verifying a million entries is bounded by reading and hashing on every
// core, not by one connection's round trips or by row mapping. Entries appended during the walk are read
// at the end by key.
func (s *AuditStore) Each(ctx context.Context, fn func(audit.Entry) error) (err error) {
	defer wrap(&err, "audit store: each")
	after := int64(0)
	if !InTxContext(ctx) {
		var bounds struct{ N, MaxID int64 }
		if err := s.db.conn(ctx).Raw("SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS max_id FROM audit_entries").Scan(&bounds).Error; err != nil {
			return translate(err)
		}
		// IDs are 1..N unless rows were removed or forged; ranges are only used while they are dense enough.
		if bounds.MaxID > 0 && bounds.MaxID <= 2*bounds.N+auditEachBatch {
			if err := s.eachParallel(ctx, bounds.MaxID, fn); err != nil {
				return err
			}
			after = bounds.MaxID
		}
	}
	for {
		var batch []audit.Entry
		err := s.readRange(ctx, after, 0, func(e audit.Entry) error { batch = append(batch, e); return nil })
		if err != nil {
			return err
		}
		for _, e := range batch {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(batch) < auditEachBatch {
			return nil
		}
		after = batch[len(batch)-1].ID
	}
}

// auditChunk is one range of IDs read ahead by eachParallel.
type auditChunk struct {
	entries []audit.Entry
	err     error
	done    chan struct{}
}

// eachParallel reads (0, maxID] in ranges on runtime.GOMAXPROCS readers and calls fn in ID order.
func (s *AuditStore) eachParallel(ctx context.Context, maxID int64, fn func(audit.Entry) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	readers := max(2, runtime.GOMAXPROCS(0))
	chunks := make(chan *auditChunk, 2*readers)
	go func() {
		defer close(chunks)
		sem := make(chan struct{}, readers)
		for lo := int64(0); lo < maxID; lo += auditEachBatch {
			c := &auditChunk{done: make(chan struct{})}
			select {
			case chunks <- c:
			case <-ctx.Done():
				return
			}
			sem <- struct{}{}
			go func(lo int64) {
				defer func() { <-sem; close(c.done) }()
				c.err = s.readRange(ctx, lo, min(lo+auditEachBatch, maxID), func(e audit.Entry) error {
					c.entries = append(c.entries, e)
					return nil
				})
			}(lo)
		}
	}()
	for c := range chunks {
		<-c.done
		if c.err != nil {
			return c.err
		}
		for _, e := range c.entries {
			if err := fn(e); err != nil {
				return err
			}
		}
	}
	return ctx.Err()
}

// readRange reads the entries with after < id <= upTo (upTo 0: the next auditEachBatch entries after after).
func (s *AuditStore) readRange(ctx context.Context, after, upTo int64, fn func(audit.Entry) error) error {
	q, args := `SELECT id, at, actor_id, actor_name, actor_role, entity, entity_id, action, before, after,
		request_id, ip, prev_hash, hash, seal FROM audit_entries WHERE id > ? ORDER BY id LIMIT ?`, []any{after, auditEachBatch}
	if upTo > 0 {
		q, args = `SELECT id, at, actor_id, actor_name, actor_role, entity, entity_id, action, before, after,
		request_id, ip, prev_hash, hash, seal FROM audit_entries WHERE id > ? AND id <= ? ORDER BY id`, []any{after, upTo}
	}
	rows, err := s.db.conn(ctx).Raw(q, args...).Rows()
	if err != nil {
		return translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var e audit.Entry
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.ActorRole, &e.Entity, &e.EntityID, &e.Action,
			&e.Before, &e.After, &e.RequestID, &e.IP, &e.PrevHash, &e.Hash, &e.Seal); err != nil {
			return translate(err)
		}
		e.At = e.At.UTC()
		if err := fn(e); err != nil {
			return err
		}
	}
	return translate(rows.Err())
}

// Range calls fn for the entries with after < id <= upTo in ID order.
func (s *AuditStore) Range(ctx context.Context, after, upTo int64, fn func(audit.Entry) error) (err error) {
	defer wrap(&err, "audit store: range %d-%d", after, upTo)
	return s.readRange(ctx, after, upTo, fn)
}

// LastUnsealed returns the highest id of an entry without a seal (0 when none).
func (s *AuditStore) LastUnsealed(ctx context.Context) (_ int64, err error) {
	defer wrap(&err, "audit store: last unsealed")
	var n int64
	err = s.db.conn(ctx).Raw("SELECT COALESCE(MAX(id), 0) FROM audit_entries WHERE seal = ''").Scan(&n).Error
	return n, translate(err)
}
