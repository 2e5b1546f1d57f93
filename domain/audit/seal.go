package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// A seal (封签) is an HMAC-SHA256 of an entry's hash under a secret derived from the checkpoint key. The hash
// chain alone lets whoever can write the database append an entry with a correct hash, or recompute the hashes
// after an edit; the seal cannot be made without the key, which is kept apart from the database. Checkpoints
// pin everything up to them; seals cover the entries written since the last checkpoint, so an appended or
// rehashed entry is caught before a checkpoint could sign it (MakeCheckpoint refuses an unsealed tail) and by
// Verify at any time.

// sealDomain separates the seal secret from any other use of the key.
const sealDomain = "jiebang-audit-entry-seal/v1"

// sealSecret derives the HMAC secret from the private key's seed.
func sealSecret(k *Key) []byte {
	h := sha256.New()
	h.Write([]byte(sealDomain))
	h.Write(k.priv.Seed())
	return h.Sum(nil)
}

// Seal returns the seal of an entry whose hash is hash (hex).
func (k *Key) Seal(hash string) string {
	m := hmac.New(sha256.New, k.sealKey)
	m.Write([]byte(hash))
	return hex.EncodeToString(m.Sum(nil))
}

// sealOK reports whether seal is the key's seal of hash (constant time).
func (k *Key) sealOK(hash, seal string) bool { return k.sealChecker()(hash, seal) }

// sealChecker returns a check of seals that reuses one HMAC state: cheap per entry, for one goroutine only.
func (k *Key) sealChecker() func(hash, seal string) bool {
	m := hmac.New(sha256.New, k.sealKey)
	var sum [sha256.Size]byte
	var want [2 * sha256.Size]byte
	return func(hash, seal string) bool {
		if len(seal) != len(want) {
			return false
		}
		m.Reset()
		m.Write([]byte(hash))
		hex.Encode(want[:], m.Sum(sum[:0]))
		return hmac.Equal(want[:], []byte(seal))
	}
}
