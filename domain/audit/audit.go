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
	"sync"
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
	// Seal is the HMAC of Hash under the checkpoint key ("" for entries written before entries were sealed).
	// It is not part of the hash: see seal.go.
	Seal string
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

// SealingStore is a Store that keeps seals (seal.go); checkpoints need one.
type SealingStore interface {
	Store
	// AppendSealed is Append that also sets Seal to seal(Hash).
	AppendSealed(ctx context.Context, e *Entry, seal func(hash string) string) error
	// Range calls fn for the entries with after < ID <= upTo, in ID order (a short tail of the chain).
	Range(ctx context.Context, after, upTo int64, fn func(Entry) error) error
	// LastUnsealed returns the highest ID of an entry without a seal (0 when every entry has one).
	LastUnsealed(ctx context.Context) (int64, error)
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
	// sealing is the store when it keeps seals (nil otherwise).
	sealing SealingStore
	// cpMu serialises this server's checkpoints, rotations and anchor writes.
	cpMu sync.Mutex
	// anchor is this server's copy of the checkpoints outside the database (nil: none); see anchor.go.
	anchor        Anchor
	report        func(error)
	anchorBlocked error
	anchorNew     bool
	genesis       AnchorRecord
	pending       []AnchorRecord
	anchorLast    Checkpoint // the longest checkpoint this server's anchor holds
	legacyUpTo    int64
	statusMu      sync.Mutex
	anchorStatus  AnchorStatus
}

// NewService builds the audit service.
func NewService(store Store, clock domain.Clock) *Service {
	s := &Service{store: store, clock: clock}
	s.sealing, _ = store.(SealingStore)
	return s
}

// Log appends an entry for actor. Call it inside the transaction of the change it records.
func (s *Service) Log(ctx context.Context, actor domain.Actor, r Record) error {
	if s.sealing != nil && s.key != nil {
		return s.sealing.AppendSealed(ctx, s.entry(actor, r), s.key.Seal)
	}
	return s.store.Append(ctx, s.entry(actor, r))
}

// Sealer returns the function that seals entries (nil without a key), for bulk writers of the chain.
func (s *Service) Sealer() func(hash string) string {
	if s == nil || s.key == nil {
		return nil
	}
	return s.key.Seal
}

func (s *Service) entry(actor domain.Actor, r Record) *Entry {
	return &Entry{
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
