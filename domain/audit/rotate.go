package audit

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	"jiebang/domain"
)

// EntityAuditKey names the checkpoint key in the audit entries of its rotation.
const EntityAuditKey = "audit_key"

// ActionRotate is the action of a key rotation's audit entry.
const ActionRotate = "rotate"

// Rotation is a change of the checkpoint key (密钥轮换), signed by the key it retires. It takes effect after
// its own audit entry (number Entries): checkpoints of up to Entries entries are signed, and entries up to it
// sealed, by the old key; those after, by the new one.
type Rotation struct {
	OldKeyID     string
	OldPublicKey ed25519.PublicKey
	NewKeyID     string
	NewPublicKey ed25519.PublicKey
	At           time.Time
	Signature    string
	Entries      int64
}

// Statement is the byte string the old key signs.
func (r Rotation) Statement() []byte {
	return []byte("jiebang-audit-key-rotation/v1\n" + r.OldKeyID + "\n" + r.NewKeyID + "\n" +
		base64.StdEncoding.EncodeToString(r.NewPublicKey) + "\n" + rfc3339(r.At) + "\n")
}

// valid reports whether the rotation is signed by the key it retires.
func (r Rotation) valid() bool {
	return len(r.OldPublicKey) == ed25519.PublicKeySize && KeyID(r.OldPublicKey) == r.OldKeyID &&
		len(r.NewPublicKey) == ed25519.PublicKeySize && KeyID(r.NewPublicKey) == r.NewKeyID &&
		verifySig(r.OldPublicKey, r.Statement(), r.Signature)
}

// rotationSummary is the audit entry's After of a rotation (its Entries is the entry's own ID).
type rotationSummary struct {
	OldKeyID     string `json:"old_key_id"`
	OldPublicKey string `json:"old_public_key"`
	NewKeyID     string `json:"new_key_id"`
	NewPublicKey string `json:"new_public_key"`
	At           string `json:"at"`
	Signature    string `json:"signature"`
}

func (r Rotation) summary() rotationSummary {
	return rotationSummary{OldKeyID: r.OldKeyID, OldPublicKey: base64.StdEncoding.EncodeToString(r.OldPublicKey),
		NewKeyID: r.NewKeyID, NewPublicKey: base64.StdEncoding.EncodeToString(r.NewPublicKey), At: rfc3339(r.At),
		Signature: r.Signature}
}

func (r Rotation) record() AnchorRecord {
	s := r.summary()
	return AnchorRecord{Kind: AnchorRotation, At: s.At, KeyID: r.OldKeyID, PublicKey: s.OldPublicKey,
		NewKeyID: r.NewKeyID, NewPublicKey: s.NewPublicKey, Entries: r.Entries, Signature: r.Signature}
}

// rotationFrom parses a rotation from its audit entry or anchor record fields.
func rotationFrom(oldID, oldPub, newID, newPub, at, sig string, entries int64) (Rotation, error) {
	op, err := publicKeyOf(oldID, oldPub)
	if err != nil {
		return Rotation{}, err
	}
	np, err := publicKeyOf(newID, newPub)
	if err != nil {
		return Rotation{}, err
	}
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return Rotation{}, err
	}
	return Rotation{OldKeyID: oldID, OldPublicKey: op, NewKeyID: newID, NewPublicKey: np, At: t.UTC(), Signature: sig,
		Entries: entries}, nil
}

// rotationOfEntry parses a rotation audit entry.
func rotationOfEntry(e Entry) (Rotation, error) {
	var s rotationSummary
	if err := json.Unmarshal([]byte(e.After), &s); err != nil {
		return Rotation{}, err
	}
	return rotationFrom(s.OldKeyID, s.OldPublicKey, s.NewKeyID, s.NewPublicKey, s.At, s.Signature, e.ID)
}

// isRotation reports whether e records a key rotation.
func isRotation(e Entry) bool { return e.Entity == EntityAuditKey && e.Action == ActionRotate }

// RotateKey replaces the checkpoint key with next: the old key signs the new key's fingerprint; the rotation
// is recorded as an audit entry, and a checkpoint signed by the old key ends the old key's part of the chain
// (both in one transaction, so no other entry comes between); the checkpoint and the rotation are then copied
// to the anchor. From then on the service signs and seals with next. Run it with every other server stopped
// (they hold the old key) and give them the new key file before they start again.
func (s *Service) RotateKey(ctx context.Context, tx domain.TxManager, actor domain.Actor, next *Key) (Rotation, error) {
	if s.key == nil || s.checkpoints == nil {
		return Rotation{}, errNoKey
	}
	if next.ID() == s.key.ID() {
		return Rotation{}, fmt.Errorf("audit: the new key is the current key %s", next.ID())
	}
	s.cpMu.Lock()
	defer s.cpMu.Unlock()
	if s.anchorBlocked != nil {
		return Rotation{}, s.anchorBlocked
	}
	r := Rotation{OldKeyID: s.key.ID(), OldPublicKey: s.key.Public(), NewKeyID: next.ID(), NewPublicKey: next.Public(),
		At: s.clock.Now().UTC().Truncate(time.Microsecond)}
	r.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(s.key.priv, r.Statement()))
	var cp Checkpoint
	err := tx.InTx(ctx, func(ctx context.Context) error {
		e := s.entry(actor, Record{Entity: EntityAuditKey, Action: ActionRotate, After: r.summary()})
		if err := s.sealing.AppendSealed(ctx, e, s.key.Seal); err != nil {
			return err
		}
		r.Entries = e.ID
		var err error
		cp, err = s.signTail(ctx)
		return err
	})
	if err != nil {
		return Rotation{}, err
	}
	s.key = next
	// The rotation holds whatever the anchor does: the chain has it and is checkpointed; a failed anchor write
	// is reported and retried with the next checkpoint.
	_ = s.anchorWrite(checkpointRecord(cp, s.clock.Now()), r.record())
	return r, nil
}
