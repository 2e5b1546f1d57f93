// Package audit is the append-only, hash-chained audit trail (审计日志). Every state change of the process is
// recorded here in the same transaction as the change itself; each entry stores the SHA-256 of the previous
// entry's hash plus its own content, so an edit, removal or reordering of a stored entry is detectable.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"

	"jiebang/domain"
)

// Entities named by audit entries (the contract's singular resource names).
const (
	EntityUser            = "user"
	EntityOrg             = "org"
	EntityChallenge       = "challenge"
	EntityBid             = "bid"
	EntityRound           = "round"
	EntityAssignment      = "assignment"
	EntityNotice          = "notice"
	EntityObjection       = "objection"
	EntityRacer           = "racer"
	EntityFundingDecision = "funding_decision"
)

// Entry is one audit record.
type Entry struct {
	ID        int64
	At        time.Time
	ActorID   int64
	ActorName string
	ActorRole string
	Entity    string
	EntityID  int64
	Action    string
	// Before and After are JSON summaries of the entity around the change ("" when not applicable).
	Before    string
	After     string
	RequestID string
	IP        string
	PrevHash  string
	Hash      string
}

// GenesisHash is the PrevHash of the first entry.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// ComputeHash returns SHA-256(prevHash || canonical content of e), hex encoded. e.PrevHash and e.Hash are not
// part of the content; the ID is, so reordering breaks the chain.
func ComputeHash(prevHash string, e Entry) string {
	var buf [512]byte
	sum := sha256.Sum256(appendHashInput(buf[:0], prevHash, e))
	return hex.EncodeToString(sum[:])
}

// appendHashInput appends what ComputeHash hashes: prevHash, then every field as 0x1f, its length in bytes in
// decimal, ':' and the field itself. It builds the bytes in buf, without a string per field, so that
// verifying a long chain is bounded by SHA-256 rather than by allocation.
func appendHashInput(buf []byte, prevHash string, e Entry) []byte {
	buf = append(buf, prevHash...)
	field := func(s string) {
		buf = append(buf, '\x1f')
		buf = strconv.AppendInt(buf, int64(len(s)), 10)
		buf = append(buf, ':')
		buf = append(buf, s...)
	}
	num := func(n int64) {
		var d [20]byte
		b := strconv.AppendInt(d[:0], n, 10)
		buf = append(buf, '\x1f')
		buf = strconv.AppendInt(buf, int64(len(b)), 10)
		buf = append(buf, ':')
		buf = append(buf, b...)
	}
	num(e.ID)
	var t [40]byte
	at := e.At.UTC().Truncate(time.Microsecond).AppendFormat(t[:0], time.RFC3339Nano)
	buf = append(buf, '\x1f')
	buf = strconv.AppendInt(buf, int64(len(at)), 10)
	buf = append(buf, ':')
	buf = append(buf, at...)
	num(e.ActorID)
	field(e.ActorName)
	field(e.ActorRole)
	field(e.Entity)
	num(e.EntityID)
	field(e.Action)
	field(e.Before)
	field(e.After)
	field(e.RequestID)
	field(e.IP)
	return buf
}

// Store persists entries. Append must run inside the caller's transaction, serialise appenders (so the chain
// has no forks), assign the next ID, set PrevHash from the last entry, and compute Hash with ComputeHash.
type Store interface {
	Append(ctx context.Context, e *Entry) error
	List(ctx context.Context, f Filter, p domain.Page) (domain.List[Entry], error)
	// Each calls fn for every entry in ID order, in batches; it stops at the first error fn returns. fn must not
	// use the database (the batch being read may hold the connection).
	Each(ctx context.Context, fn func(Entry) error) error
}

// Filter narrows a listing.
type Filter struct {
	Entity   string
	EntityID int64
}

// Record is what a use case writes: the acting user comes from the actor.
type Record struct {
	Entity   string
	EntityID int64
	Action   string
	Before   any
	After    any
}

// Service writes and verifies the audit trail.
type Service struct {
	store Store
	clock domain.Clock
	// checkpoints and key sign and check checkpoints (nil: none).
	checkpoints CheckpointStore
	key         *Key
}

// NewService builds the audit service.
func NewService(store Store, clock domain.Clock) *Service {
	return &Service{store: store, clock: clock}
}

// Log appends an entry for actor. Call it inside the transaction of the change it records.
func (s *Service) Log(ctx context.Context, actor domain.Actor, r Record) error {
	e := &Entry{
		At:        s.clock.Now().UTC().Truncate(time.Microsecond),
		ActorID:   actor.UserID,
		ActorName: actor.Name,
		ActorRole: string(actor.Role),
		Entity:    r.Entity,
		EntityID:  r.EntityID,
		Action:    r.Action,
		Before:    summary(r.Before),
		After:     summary(r.After),
		RequestID: actor.RequestID,
		IP:        actor.IP,
	}
	return s.store.Append(ctx, e)
}

func summary(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// List returns entries, newest first, to the bureau only: entries hold draft contents, opinions and the
// e-mails of failed logins, none of which the platform's operators (admin) need.
func (s *Service) List(ctx context.Context, actor domain.Actor, f Filter, p domain.Page) (domain.List[Entry], error) {
	if !actor.Is(domain.RoleBureau) {
		return domain.List[Entry]{}, domain.Forbidden("forbidden", "无权查看审计日志", "not allowed to read the audit log")
	}
	return s.store.List(ctx, f, p.Normalize())
}

// VerifyResult is the outcome of a chain check.
type VerifyResult struct {
	OK            bool
	Entries       int64
	FirstBrokenID int64
	Reason        string
	// Checkpoints is the number of signed checkpoints the chain was checked against.
	Checkpoints int
}

// Verify walks the whole chain and reports the first entry whose hash, link or position is wrong, then checks
// the chain against every signed checkpoint: it fails, naming the reason, when the chain is shorter than one
// or differs from one at its position.
func (s *Service) Verify(ctx context.Context) (VerifyResult, error) {
	return s.VerifyAgainst(ctx, nil)
}

// VerifyAgainst is Verify with further checkpoints (copies kept outside, e.g. fetched earlier from
// GET /audit/checkpoints) checked as well.
func (s *Service) VerifyAgainst(ctx context.Context, extra []Checkpoint) (VerifyResult, error) {
	var cps []Checkpoint
	if s.checkpoints != nil {
		stored, err := s.checkpoints.All(ctx)
		if err != nil {
			return VerifyResult{}, err
		}
		cps = stored
	}
	cps = append(cps, extra...)
	want := map[int64]bool{}
	for _, c := range cps {
		want[c.Entries] = true
	}
	hashAt := map[int64]string{}
	res := VerifyResult{OK: true, Checkpoints: len(cps)}
	prev := GenesisHash
	var lastID int64
	// The chain is read in order; the hashes are computed in parallel (an entry's hash depends only on its own
	// content and its stored PrevHash, and PrevHash is checked against the previous entry in order), then the
	// batches are checked in order, so the first broken entry and its reason are the same as one by one.
	err := verifyBatches(ctx, s.store, func(b []Entry, hashOK []bool) {
		for i, e := range b {
			res.Entries++
			if !res.OK {
				continue
			}
			switch {
			case e.ID != lastID+1:
				res.OK, res.FirstBrokenID, res.Reason = false, e.ID, "gap or reorder before this entry"
			case e.PrevHash != prev:
				res.OK, res.FirstBrokenID, res.Reason = false, e.ID, "previous hash does not match"
			case !hashOK[i]:
				res.OK, res.FirstBrokenID, res.Reason = false, e.ID, "content does not match its hash"
			}
			if want[e.ID] {
				hashAt[e.ID] = e.Hash
			}
			prev, lastID = e.Hash, e.ID
		}
	})
	if err != nil || !res.OK {
		return res, err
	}
	if bad, ok := s.checkAgainst(cps, res.Entries, hashAt); !ok {
		bad.Entries, bad.Checkpoints = res.Entries, len(cps)
		return bad, nil
	}
	return res, nil
}
