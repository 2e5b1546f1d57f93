package account

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"unicode"

	"golang.org/x/crypto/argon2"

	"jiebang/domain"
)

// HashParams are the argon2id parameters. They are stored in every hash (PHC string format), so they can be
// raised later without invalidating stored passwords.
type HashParams struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// DefaultHashParams follow OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane).
var DefaultHashParams = HashParams{MemoryKiB: 19 * 1024, Time: 2, Threads: 1}

// Hasher hashes and checks passwords with argon2id. A semaphore bounds how many hashes run at once, so a
// burst of logins cannot take more than MaxConcurrent × MemoryKiB of memory.
type Hasher struct {
	p   HashParams
	sem chan struct{}
}

// NewHasher returns a hasher; maxConcurrent < 1 means the number of CPUs, at most 4 (hashing is CPU-bound:
// more at once would only take more memory and finish no sooner).
func NewHasher(p HashParams, maxConcurrent int) *Hasher {
	if maxConcurrent < 1 {
		maxConcurrent = min(4, runtime.GOMAXPROCS(0))
	}
	return &Hasher{p: p, sem: make(chan struct{}, maxConcurrent)}
}

func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *Hasher) release() { <-h.sem }

// Hash returns the PHC-encoded argon2id hash of password with a fresh random salt.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, h.p.Time, h.p.MemoryKiB, h.p.Threads, 32)
	h.release()
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, h.p.MemoryKiB, h.p.Time, h.p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("malformed password hash")

// Verify reports whether password matches the encoded hash, in constant time.
func (h *Hasher) Verify(ctx context.Context, password, encoded string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var p HashParams
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil ||
		p.MemoryKiB == 0 || p.MemoryKiB > 1<<20 || p.Time == 0 || p.Time > 16 || p.Threads == 0 {
		return false, errBadHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errBadHash
	}
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(want)))
	h.release()
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// Password rules.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 128
)

// checkPassword adds the strength rule's errors for password under field: at least 8 characters, a letter and
// a digit, not the e-mail address.
func checkPassword(v *domain.Validator, field, password, email string) {
	if !v.Required(field, password) {
		return
	}
	n := len([]rune(password))
	if !v.Check(n >= MinPasswordLen, field, "too_short",
		fmt.Sprintf("密码至少 %d 个字符", MinPasswordLen), fmt.Sprintf("must be at least %d characters", MinPasswordLen)) {
		return
	}
	if !v.Check(n <= MaxPasswordLen, field, "too_long",
		fmt.Sprintf("密码不能超过 %d 个字符", MaxPasswordLen), fmt.Sprintf("must be at most %d characters", MaxPasswordLen)) {
		return
	}
	var letter, digit bool
	for _, r := range password {
		letter = letter || unicode.IsLetter(r)
		digit = digit || unicode.IsDigit(r)
	}
	if !v.Check(letter && digit, field, "weak_password",
		"密码须同时包含字母和数字", "must contain at least one letter and one digit") {
		return
	}
	e := strings.ToLower(strings.TrimSpace(email))
	v.Check(e == "" || (strings.ToLower(password) != e && strings.ToLower(password) != localPart(e)), field, "same_as_email",
		"密码不能与电子邮箱相同", "must not be the e-mail address")
}

func localPart(email string) string {
	if i := strings.IndexByte(email, '@'); i > 0 {
		return email[:i]
	}
	return email
}
