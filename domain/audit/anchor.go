package audit

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"time"
)

// The anchor (外部锚定) is a copy of every signed checkpoint kept outside the database, as it is made: an
// append-only file of JSON lines that operators put on another disk or on write-once storage. Its first line
// pins the checkpoint key (its fingerprint and public half); a key rotation is a line signed by the key it
// retires. Whoever rewrites the database can delete checkpoints, roll the database back or sign with a key of
// their own; none of that changes the anchor, and Verify checks the chain against it.

// Anchor record kinds.
const (
	AnchorGenesis    = "genesis"
	AnchorCheckpoint = "checkpoint"
	AnchorRotation   = "rotation"
)

// AnchorRecord is one line of an anchor. Which fields are set depends on Kind:
//   - genesis: KeyID and PublicKey pin the key in force when the anchor was started; Entries is the chain's
//     length then; LegacyUpTo is the last entry written before entries were sealed (0 on a new deployment).
//   - checkpoint: the checkpoint (Entries, HeadHash, SignedAt, KeyID, Signature).
//   - rotation: KeyID and PublicKey retire, NewKeyID and NewPublicKey take over after entry Entries (the
//     rotation's own audit entry); Signature is the retired key's signature of the rotation's statement.
type AnchorRecord struct {
	Kind         string `json:"kind"`
	At           string `json:"at"`
	KeyID        string `json:"key_id"`
	PublicKey    string `json:"public_key,omitempty"`
	NewKeyID     string `json:"new_key_id,omitempty"`
	NewPublicKey string `json:"new_public_key,omitempty"`
	Entries      int64  `json:"entries"`
	HeadHash     string `json:"head_hash,omitempty"`
	SignedAt     string `json:"signed_at,omitempty"`
	LegacyUpTo   int64  `json:"legacy_upto,omitempty"`
	Signature    string `json:"signature,omitempty"`
}

// Anchor is where checkpoints are copied outside the database.
type Anchor interface {
	// Name says where the anchor is (its path), for messages.
	Name() string
	// Read returns the anchor's records in order; none (and no error) when it does not exist yet.
	Read() ([]AnchorRecord, error)
	// Append adds records at the end and makes them durable (fsync) before it returns.
	Append(recs []AnchorRecord) error
}

// AnchorSource is an anchor read for verification: its name and records, or why it could not be read.
type AnchorSource struct {
	Name    string
	Records []AnchorRecord
	Err     error
}

// ReadAnchor reads an anchor for Verify.
func ReadAnchor(a Anchor) AnchorSource {
	recs, err := a.Read()
	return AnchorSource{Name: a.Name(), Records: recs, Err: err}
}

// AnchorStatus is how writing this server's anchor goes (for /readyz and metrics).
type AnchorStatus struct {
	// Configured is false when the service has no anchor.
	Configured bool
	Name       string
	// OK is false from a failed write until the next write succeeds.
	OK            bool
	LastError     string
	LastErrorAt   time.Time
	LastSuccessAt time.Time
	// Errors counts failed writes since start.
	Errors int64
	// Pending is the number of records waiting to be written (retried with the next checkpoint).
	Pending int
}

// maxPending bounds the records kept for a failing anchor (the oldest are dropped; Verify reports them as
// checkpoints missing from the anchor).
const maxPending = 10000

// rfc3339 formats an instant as anchors and statements do.
func rfc3339(t time.Time) string { return t.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano) }

func checkpointRecord(c Checkpoint, at time.Time) AnchorRecord {
	return AnchorRecord{Kind: AnchorCheckpoint, At: rfc3339(at), KeyID: c.KeyID, Entries: c.Entries,
		HeadHash: c.HeadHash, SignedAt: rfc3339(c.SignedAt), Signature: c.Signature}
}

// checkpoint returns the checkpoint of a checkpoint record.
func (r AnchorRecord) checkpoint() (Checkpoint, error) {
	t, err := time.Parse(time.RFC3339Nano, r.SignedAt)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("signed_at %q: %w", r.SignedAt, err)
	}
	return Checkpoint{Entries: r.Entries, HeadHash: r.HeadHash, SignedAt: t.UTC(), KeyID: r.KeyID, Signature: r.Signature}, nil
}

// UseAnchor makes the service copy every checkpoint it signs to a, and check the chain against it. report is
// called (may be nil) with every failed write; the service keeps running and retries with the next
// checkpoint. Call PrepareAnchor after it.
func (s *Service) UseAnchor(a Anchor, report func(error)) {
	s.anchor, s.report = a, report
	s.anchorStatus = AnchorStatus{Configured: true, Name: a.Name(), OK: true}
}

// PrepareAnchor reads the anchor before the first write: an existing anchor must pin this server's key (or a
// key rotated to it); a new one is started, with the next checkpoint, pinning this key and recording which
// entries predate sealing. A refusal is returned and also reported through the anchor status: the service
// then keeps serving but does not write to that anchor.
func (s *Service) PrepareAnchor(ctx context.Context) error {
	if s.anchor == nil || s.key == nil {
		return nil
	}
	s.cpMu.Lock()
	defer s.cpMu.Unlock()
	recs, err := s.anchor.Read()
	if err != nil {
		s.anchorFailed(err)
		return err
	}
	if len(recs) == 0 {
		n, _, err := s.checkpoints.Head(ctx)
		if err != nil {
			return err
		}
		legacy, err := s.sealing.LastUnsealed(ctx)
		if err != nil {
			return err
		}
		s.legacyUpTo, s.anchorNew = legacy, true
		s.genesis = AnchorRecord{Kind: AnchorGenesis, At: rfc3339(s.clock.Now()), KeyID: s.key.ID(),
			PublicKey: base64.StdEncoding.EncodeToString(s.key.Public()), Entries: n, LegacyUpTo: legacy}
		return nil
	}
	g := recs[0]
	if g.Kind != AnchorGenesis {
		err := fmt.Errorf("audit anchor %s does not start with its genesis record", s.anchor.Name())
		s.anchorBlocked = err
		s.anchorFailed(err)
		return err
	}
	s.legacyUpTo = g.LegacyUpTo
	current := g.KeyID
	for _, r := range recs[1:] {
		if r.Kind == AnchorRotation && r.KeyID == current {
			current = r.NewKeyID
		}
		if c, err := r.checkpoint(); r.Kind == AnchorCheckpoint && err == nil && c.Entries > s.anchorLast.Entries {
			s.anchorLast = c
		}
	}
	if current != s.key.ID() {
		err := fmt.Errorf("the audit key %s is not the key that anchor %s pins (%s): the anchor accepts a new key only "+
			"through `jiebang audit rotate-key`; checkpoints are not copied to it", s.key.ID(), s.anchor.Name(), current)
		s.anchorBlocked = err
		s.anchorFailed(err)
		return err
	}
	return nil
}

// AnchorStatus reports how writing the anchor goes.
func (s *Service) AnchorStatus() AnchorStatus {
	if s == nil {
		return AnchorStatus{}
	}
	s.statusMu.Lock()
	defer s.statusMu.Unlock()
	return s.anchorStatus
}

// anchorWrite appends recs to the anchor (after any records a failed write left pending). Call it with cpMu
// held. A failure is reported and remembered; the records are retried with the next write.
func (s *Service) anchorWrite(recs ...AnchorRecord) error {
	if s.anchor == nil {
		return nil
	}
	if s.anchorBlocked != nil {
		s.anchorFailed(s.anchorBlocked)
		return s.anchorBlocked
	}
	all := append(append([]AnchorRecord(nil), s.pending...), recs...)
	if len(all) == 0 {
		return nil
	}
	out := all
	if s.anchorNew {
		// Another process (a server sharing the data dir, `jiebang audit checkpoint`) may have started the file
		// since PrepareAnchor: then it has its genesis already.
		if recs, err := s.anchor.Read(); err == nil && len(recs) > 0 {
			s.anchorNew = false
		} else {
			out = append([]AnchorRecord{s.genesis}, all...)
		}
	}
	if err := s.anchor.Append(out); err != nil {
		if len(all) > maxPending {
			all = all[len(all)-maxPending:]
		}
		s.pending = all
		s.statusMu.Lock()
		s.anchorStatus.Pending = len(all)
		s.statusMu.Unlock()
		err = fmt.Errorf("write audit anchor %s: %w", s.anchor.Name(), err)
		s.anchorFailed(err)
		return err
	}
	s.pending, s.anchorNew = nil, false
	for _, r := range all {
		if c, err := r.checkpoint(); r.Kind == AnchorCheckpoint && err == nil && c.Entries > s.anchorLast.Entries {
			s.anchorLast = c
		}
	}
	s.statusMu.Lock()
	s.anchorStatus.OK, s.anchorStatus.LastSuccessAt, s.anchorStatus.Pending = true, s.clock.Now().UTC(), 0
	s.statusMu.Unlock()
	return nil
}

func (s *Service) anchorFailed(err error) {
	s.statusMu.Lock()
	s.anchorStatus.OK, s.anchorStatus.LastError, s.anchorStatus.LastErrorAt = false, err.Error(), s.clock.Now().UTC()
	s.anchorStatus.Errors++
	s.statusMu.Unlock()
	if s.report != nil {
		s.report(err)
	}
}

// errNoKey is returned by the uses that need the checkpoint key.
var errNoKey = errors.New("audit: checkpoints are not configured")

// publicKeyOf decodes a base64 Ed25519 public key and checks it against its id.
func publicKeyOf(id, b64 string) (ed25519.PublicKey, error) {
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("key %s: not a base64 Ed25519 public key", id)
	}
	if KeyID(b) != id {
		return nil, fmt.Errorf("key %s: the public key's fingerprint is %s", id, KeyID(b))
	}
	return ed25519.PublicKey(b), nil
}
