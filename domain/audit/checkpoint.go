package audit

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"jiebang/domain"
)

// Checkpoint is a signed statement of the chain's length and head (审计锚点): "the chain had Entries entries
// and entry Entries had HeadHash". The signing key is kept apart from the database, so whoever can rewrite the
// database can neither make a new checkpoint nor make an old one agree with a truncated or recomputed chain.
// Checkpoints are published, so outside parties can keep copies.
type Checkpoint struct {
	ID        int64
	Entries   int64
	HeadHash  string
	SignedAt  time.Time
	KeyID     string
	Signature string // base64 (standard) Ed25519 signature of Statement()
}

// Statement is the exact byte string a checkpoint's signature covers.
func (c Checkpoint) Statement() []byte {
	return []byte("jiebang-audit-checkpoint/v1\n" + strconv.FormatInt(c.Entries, 10) + "\n" + c.HeadHash + "\n" +
		c.SignedAt.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano) + "\n")
}

// Key signs checkpoints (Ed25519).
type Key struct {
	priv    ed25519.PrivateKey
	id      string
	sealKey []byte
}

// NewKey wraps an Ed25519 private key.
func NewKey(priv ed25519.PrivateKey) (*Key, error) {
	if len(priv) != ed25519.PrivateKeySize {
		return nil, errors.New("audit: an Ed25519 private key has 64 bytes")
	}
	k := &Key{priv: priv, id: KeyID(priv.Public().(ed25519.PublicKey))}
	k.sealKey = sealSecret(k)
	return k, nil
}

// KeyID names a public key: the first 16 hex digits of its SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	s := sha256.Sum256(pub)
	return hex.EncodeToString(s[:8])
}

// ID is the key's id.
func (k *Key) ID() string { return k.id }

// Public is the key's public half.
func (k *Key) Public() ed25519.PublicKey { return k.priv.Public().(ed25519.PublicKey) }

// VerifyCheckpoint checks a checkpoint's signature with a public key.
func VerifyCheckpoint(pub ed25519.PublicKey, c Checkpoint) bool {
	return c.KeyID == KeyID(pub) && verifySig(pub, c.Statement(), c.Signature)
}

// verifySig checks a base64 Ed25519 signature of msg.
func verifySig(pub ed25519.PublicKey, msg []byte, sig string) bool {
	b, err := base64.StdEncoding.DecodeString(sig)
	return err == nil && len(pub) == ed25519.PublicKeySize && ed25519.Verify(pub, msg, b)
}

// CheckpointStore persists checkpoints. Add answers an error wrapping domain.ErrConflict when a checkpoint of
// the same length exists (another server made it).
type CheckpointStore interface {
	Add(ctx context.Context, c *Checkpoint) error
	// All returns every checkpoint, shortest chain first.
	All(ctx context.Context) ([]Checkpoint, error)
	// Last returns the checkpoint of the longest chain (false when there is none).
	Last(ctx context.Context) (Checkpoint, bool, error)
	// Head returns the last entry's id (the chain's length) and hash; 0 and "" for an empty chain.
	Head(ctx context.Context) (int64, string, error)
	// InTx reports whether ctx carries an open transaction (whose entries a checkpoint must not sign before it
	// commits).
	InTx(ctx context.Context) bool
}

// UseCheckpoints makes the service seal entries and sign checkpoints with key, and check the chain against
// them. Call it at wiring time, before any entry is written.
func (s *Service) UseCheckpoints(cs CheckpointStore, key *Key) {
	if s.sealing == nil {
		panic("audit: checkpoints need a store that keeps seals (SealingStore)")
	}
	s.checkpoints, s.key = cs, key
}

// PublicKey returns the checkpoint key's id and public half (nil without checkpoints).
func (s *Service) PublicKey() (string, ed25519.PublicKey) {
	if s.key == nil {
		return "", nil
	}
	return s.key.ID(), s.key.Public()
}

// Checkpoints lists the signed checkpoints, shortest chain first (anyone may read them).
func (s *Service) Checkpoints(ctx context.Context) ([]Checkpoint, error) {
	if s.checkpoints == nil {
		return []Checkpoint{}, nil
	}
	return s.checkpoints.All(ctx)
}

// MakeCheckpoint signs a checkpoint of the chain as it is now and copies it to the anchor; false when there is
// nothing new to sign (an empty chain, or no entry since the last checkpoint, or another server just signed the
// same length). It refuses to sign a tail that does not hold together (an entry whose hash, link or seal is
// wrong: written or rehashed outside the platform). A failed anchor write is reported (AnchorStatus and the
// report function) but is not an error: the checkpoint is in the database and the write is retried.
func (s *Service) MakeCheckpoint(ctx context.Context) (Checkpoint, bool, error) {
	if s.checkpoints == nil || s.key == nil {
		return Checkpoint{}, false, errNoKey
	}
	s.cpMu.Lock()
	defer s.cpMu.Unlock()
	c, err := s.signTail(ctx)
	if err != nil {
		return Checkpoint{}, false, err
	}
	if c.Entries == 0 {
		_ = s.anchorWrite() // retry what a failed write left
		return Checkpoint{}, false, nil
	}
	_ = s.anchorWrite(checkpointRecord(c, s.clock.Now()))
	return c, true, nil
}

// CheckpointNow makes a checkpoint at once (after a change that must not wait for the next scheduled one, such
// as a funding decision). Call it after the change's transaction committed; a failure is reported, never
// returned: the change itself stands.
func (s *Service) CheckpointNow(ctx context.Context) {
	if s == nil || s.checkpoints == nil || s.key == nil || s.checkpoints.InTx(ctx) {
		return // inside a larger transaction (the demo seed): the scheduled checkpoint follows its commit
	}
	if _, _, err := s.MakeCheckpoint(ctx); err != nil && s.report != nil {
		s.report(fmt.Errorf("checkpoint: %w", err))
	}
}

// signTail checks the entries after the last checkpoint, then signs and stores a checkpoint of the chain's
// head; a zero checkpoint when there is nothing new. Call it with cpMu held.
func (s *Service) signTail(ctx context.Context) (Checkpoint, error) {
	n, head, err := s.checkpoints.Head(ctx)
	if err != nil || n == 0 {
		return Checkpoint{}, err
	}
	last, ok, err := s.checkpoints.Last(ctx)
	if err != nil {
		return Checkpoint{}, err
	}
	if ok && last.Entries >= n {
		return Checkpoint{}, nil
	}
	if s.anchorLast.Entries > n {
		return Checkpoint{}, fmt.Errorf("audit: refusing to sign a checkpoint: the chain has %d entries, but this server's "+
			"anchor holds a checkpoint of %d (entries deleted, or the database rolled back); run `jiebang audit verify`",
			n, s.anchorLast.Entries)
	}
	// The tail starts at the last checkpoint this key signed (a row of the database whose signature does not
	// verify is no starting point: whoever wrote it wants the entries before it left unchecked), else at the
	// last one of this server's anchor, else at the start.
	from, prev := int64(0), GenesisHash
	switch {
	case ok && last.KeyID == s.key.ID() && VerifyCheckpoint(s.key.Public(), last):
		from, prev = last.Entries, last.HeadHash
	case s.anchorLast.Entries > 0 && s.anchorLast.Entries < n:
		from, prev = s.anchorLast.Entries, s.anchorLast.HeadHash
	}
	want := from + 1
	var unsealed int64 // the first entry without this key's seal since the last rotation to this key
	err = s.sealing.Range(ctx, from, n, func(e Entry) error {
		why := ""
		switch {
		case e.ID != want:
			why = "a gap or reorder before it"
		case e.PrevHash != prev:
			why = "its previous hash does not match"
		case ComputeHash(e.PrevHash, e) != e.Hash:
			why = "its content does not match its hash"
		}
		if why != "" {
			return fmt.Errorf("audit: refusing to sign a checkpoint: entry %d: %s; run `jiebang audit verify`", e.ID, why)
		}
		if unsealed == 0 && !(e.Seal == "" && e.ID <= s.legacyUpTo) && !s.key.sealOK(e.Hash, e.Seal) {
			unsealed = e.ID
		}
		if isRotation(e) {
			// Entries up to a rotation to this key were sealed by the key before it (and that key's checkpoint
			// covers them).
			if r, err := rotationOfEntry(e); err == nil && r.valid() && r.NewKeyID == s.key.ID() {
				unsealed = 0
			}
		}
		want, prev = e.ID+1, e.Hash
		return nil
	})
	if err != nil {
		return Checkpoint{}, err
	}
	if unsealed > 0 {
		return Checkpoint{}, fmt.Errorf("audit: refusing to sign a checkpoint: entry %d is not sealed by the audit key "+
			"(written or rehashed outside the platform); run `jiebang audit verify`", unsealed)
	}
	if want != n+1 {
		return Checkpoint{}, fmt.Errorf("audit: refusing to sign a checkpoint: entries %d to %d are missing", want, n)
	}
	c := Checkpoint{Entries: n, HeadHash: head, SignedAt: s.clock.Now().UTC().Truncate(time.Microsecond), KeyID: s.key.ID()}
	c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(s.key.priv, c.Statement()))
	if err := s.checkpoints.Add(ctx, &c); err != nil {
		if errors.Is(err, domain.ErrConflict) {
			return Checkpoint{}, nil
		}
		return Checkpoint{}, err
	}
	return c, nil
}

// signStatement signs msg with k (base64).
func signStatement(k *Key, msg []byte) string {
	return base64.StdEncoding.EncodeToString(ed25519.Sign(k.priv, msg))
}
