package repository

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"jiebang/domain/audit"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/review"
)

// Bulk writes: the same rows the one-at-a-time methods write, in multi-row INSERTs, for the scale seed (a
// programme of 10,000 challenges is some two million rows; one round trip per row is what made it slow on
// PostgreSQL).

// bulkBatch is the number of rows per INSERT (well under SQLite's and PostgreSQL's parameter limits for the
// widest of these rows).
const bulkBatch = 400

// AppendAll adds es at the end of the chain in order, filling their ID, PrevHash, Hash and (when seal is not
// nil) Seal: one read of the chain's end and multi-row INSERTs. It must run inside a transaction.
func (s *AuditStore) AppendAll(ctx context.Context, es []audit.Entry, seal func(hash string) string) (err error) {
	defer wrap(&err, "audit store: append all")
	if len(es) == 0 {
		return nil
	}
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
	id, prev := int64(0), audit.GenesisHash
	err = tx.Select("id", "hash").Order("id DESC").Limit(1).Take(&last).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
	case err != nil:
		return err
	default:
		id, prev = last.ID, last.Hash
	}
	rows := make([]auditRow, len(es))
	for i := range es {
		e := &es[i]
		id++
		e.ID, e.PrevHash = id, prev
		e.At = e.At.UTC().Truncate(time.Microsecond)
		e.Hash = audit.ComputeHash(e.PrevHash, *e)
		if seal != nil {
			e.Seal = seal(e.Hash)
		}
		prev = e.Hash
		rows[i] = auditRow{ID: e.ID, At: e.At, ActorID: e.ActorID, ActorName: e.ActorName, ActorRole: e.ActorRole,
			Entity: e.Entity, EntityID: e.EntityID, Action: e.Action, Before: e.Before, After: e.After,
			RequestID: e.RequestID, IP: e.IP, PrevHash: e.PrevHash, Hash: e.Hash, Seal: e.Seal}
	}
	return translate(tx.CreateInBatches(&rows, bulkBatch).Error)
}

// AddHistoryAll appends history entries and sets their IDs.
func (s *ChallengeStore) AddHistoryAll(ctx context.Context, hs []challenge.HistoryEntry) (err error) {
	defer wrap(&err, "challenge store: add history all")
	if len(hs) == 0 {
		return nil
	}
	rows := make([]historyRow, len(hs))
	for i, h := range hs {
		rows[i] = historyRow{ChallengeID: h.ChallengeID, Action: string(h.Action), FromStatus: string(h.FromStatus),
			ToStatus: string(h.ToStatus), Opinion: h.Opinion, ActorID: h.ActorID, ActorName: h.ActorName,
			ActorRole: h.ActorRole, At: dbTime(h.At)}
	}
	if err := s.db.conn(ctx).CreateInBatches(&rows, bulkBatch).Error; err != nil {
		return translate(err)
	}
	for i := range hs {
		hs[i].ID = rows[i].ID
	}
	return nil
}

// CreateSubmitted inserts bids that have been submitted (their status, version, digest and submission time
// set) with their submitted versions: vs[i] is the latest version of bs[i] and gets its BidID. It sets the
// bids' IDs.
func (s *BidStore) CreateSubmitted(ctx context.Context, bs []bid.Bid, vs []bid.Version) (err error) {
	defer wrap(&err, "bid store: create submitted")
	if len(bs) == 0 {
		return nil
	}
	if len(vs) != len(bs) {
		return fmt.Errorf("bulk bids: %d bids and %d versions", len(bs), len(vs))
	}
	rows := make([]bidRow, len(bs))
	for i, b := range bs {
		r, err := bidToRow(b)
		if err != nil {
			return err
		}
		r.ID = 0
		rows[i] = r
	}
	db := s.db.conn(ctx)
	if err := db.CreateInBatches(&rows, bulkBatch/4).Error; err != nil {
		return translate(err)
	}
	vrows := make([]bidVersionRow, len(vs))
	for i := range bs {
		bs[i].ID, vs[i].BidID = rows[i].ID, rows[i].ID
		v := vs[i]
		vrows[i] = bidVersionRow{BidID: v.BidID, Version: v.Version, Content: string(v.Canonical), Digest: v.Digest,
			SubmittedAt: dbTime(v.SubmittedAt), SubmittedBy: v.SubmittedBy}
	}
	return translate(db.CreateInBatches(&vrows, bulkBatch).Error)
}

// SaveScores inserts the scores of assignments that have none yet.
func (s *ReviewStore) SaveScores(ctx context.Context, scs []review.Score) (err error) {
	defer wrap(&err, "review store: save scores")
	if len(scs) == 0 {
		return nil
	}
	rows := make([]reviewScoreRow, len(scs))
	for i, sc := range scs {
		b, err := json.Marshal(sc.Scores)
		if err != nil {
			return err
		}
		rows[i] = reviewScoreRow{AssignmentID: sc.AssignmentID, Scores: string(b), Comment: sc.Comment, Draft: sc.Draft,
			SavedAt: dbTime(sc.SavedAt), SubmittedAt: bidUTC(sc.SubmittedAt)}
	}
	return translate(s.db.conn(ctx).CreateInBatches(&rows, bulkBatch).Error)
}
