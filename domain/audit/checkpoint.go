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
	priv ed25519.PrivateKey
	id   string
}

// NewKey wraps an Ed25519 private key.
func NewKey(priv ed25519.PrivateKey) (*Key, error) {
	if len(priv) != ed25519.PrivateKeySize {
		return nil, errors.New("audit: an Ed25519 private key has 64 bytes")
	}
	return &Key{priv: priv, id: KeyID(priv.Public().(ed25519.PublicKey))}, nil
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
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	return err == nil && c.KeyID == KeyID(pub) && ed25519.Verify(pub, c.Statement(), sig)
}

// CheckpointStore persists checkpoints. Add answers an error wrapping domain.ErrConflict when a checkpoint of
// the same length exists (another server made it).
type CheckpointStore interface {
	Add(ctx context.Context, c *Checkpoint) error
	// All returns every checkpoint, shortest chain first.
	All(ctx context.Context) ([]Checkpoint, error)
	// Head returns the last entry's id (the chain's length) and hash; 0 and "" for an empty chain.
	Head(ctx context.Context) (int64, string, error)
}

// UseCheckpoints makes the service sign checkpoints with key and check the chain against them. Call it at
// wiring time.
func (s *Service) UseCheckpoints(cs CheckpointStore, key *Key) {
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

// MakeCheckpoint signs a checkpoint of the chain as it is now; false when there is nothing new to sign (an
// empty chain, or no entry since the last checkpoint, or another server just signed the same length).
func (s *Service) MakeCheckpoint(ctx context.Context) (Checkpoint, bool, error) {
	if s.checkpoints == nil {
		return Checkpoint{}, false, errors.New("audit: checkpoints are not configured")
	}
	n, head, err := s.checkpoints.Head(ctx)
	if err != nil || n == 0 {
		return Checkpoint{}, false, err
	}
	all, err := s.checkpoints.All(ctx)
	if err != nil {
		return Checkpoint{}, false, err
	}
	if len(all) > 0 && all[len(all)-1].Entries >= n {
		return Checkpoint{}, false, nil
	}
	c := Checkpoint{Entries: n, HeadHash: head, SignedAt: s.clock.Now().UTC().Truncate(time.Microsecond), KeyID: s.key.ID()}
	c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(s.key.priv, c.Statement()))
	if err := s.checkpoints.Add(ctx, &c); err != nil {
		if errors.Is(err, domain.ErrConflict) {
			return Checkpoint{}, false, nil
		}
		return Checkpoint{}, false, err
	}
	return c, true, nil
}

// checkAgainst compares the walked chain with the checkpoints: hashAt holds the hash of each checkpointed
// position that the chain reached. It returns the first disagreement.
func (s *Service) checkAgainst(cps []Checkpoint, entries int64, hashAt map[int64]string) (VerifyResult, bool) {
	for _, c := range cps {
		when := c.SignedAt.UTC().Format(time.RFC3339)
		switch {
		case s.key == nil || c.KeyID != s.key.ID():
			return VerifyResult{FirstBrokenID: c.Entries, Reason: fmt.Sprintf(
				"checkpoint of %d entries (signed %s) is signed by key %s, not by this server's key %s",
				c.Entries, when, c.KeyID, s.keyID())}, false
		case !VerifyCheckpoint(s.key.Public(), c):
			return VerifyResult{FirstBrokenID: c.Entries, Reason: fmt.Sprintf(
				"checkpoint of %d entries (signed %s) has an invalid signature", c.Entries, when)}, false
		case entries < c.Entries:
			return VerifyResult{FirstBrokenID: entries + 1, Reason: fmt.Sprintf(
				"chain is shorter than a signed checkpoint: %d entries, the checkpoint signed %s has %d (entries were deleted)",
				entries, when, c.Entries)}, false
		case hashAt[c.Entries] != c.HeadHash:
			return VerifyResult{FirstBrokenID: c.Entries, Reason: fmt.Sprintf(
				"entry %d differs from the signed checkpoint of %s (an entry up to it was changed and the hashes after it recomputed)",
				c.Entries, when)}, false
		}
	}
	return VerifyResult{}, true
}

func (s *Service) keyID() string {
	if s.key == nil {
		return "(none)"
	}
	return s.key.ID()
}
