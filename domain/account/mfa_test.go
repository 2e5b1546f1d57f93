package account

import (
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"jiebang/domain"
)

// TestTOTPStep: a code is accepted in the step before, of and after the clock's (drift), and names its step, which
// the store then refuses to accept twice; codes further away, of another secret or malformed are refused.
func TestTOTPStep(t *testing.T) {
	t.Parallel()
	const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" // RFC 6238's SHA-1 key
	clk := domain.NewFrozenClock(t0)
	s := &Service{clock: clk}
	cur := t0.Unix() / 30
	code := func(at time.Time) string {
		c, err := totp.GenerateCodeCustom(secret, at, totpOpts)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, c := range []struct {
		at   time.Duration
		ok   bool
		step int64
	}{{0, true, cur}, {-30 * time.Second, true, cur - 1}, {30 * time.Second, true, cur + 1},
		{-90 * time.Second, false, 0}, {90 * time.Second, false, 0}} {
		step, ok := s.totpStep(secret, code(t0.Add(c.at)))
		if ok != c.ok || step != c.step {
			t.Errorf("code of %v: step %d %v, want %d %v", c.at, step, ok, c.step, c.ok)
		}
	}
	if _, ok := s.totpStep("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", code(t0)); ok {
		t.Error("another secret's code accepted")
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef", "12 34 5x"} {
		if _, ok := s.totpStep(secret, bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	// RFC 6238 appendix B: at 59 s the 8-digit code is 94287082, so the 6-digit one is 287082.
	if c, _ := totp.GenerateCodeCustom(secret, time.Unix(59, 0), totpOpts); c != "287082" {
		t.Fatalf("RFC 6238 vector: %s", c)
	}
	if step, ok := s.totpStep(secret, " "+code(t0)[:3]+" "+code(t0)[3:]); !ok || step != cur {
		t.Error("spaces inside a code are ignored")
	}
}

func TestRecoveryCodes(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 200 {
		c := randomRecoveryCode()
		if len(c) != recoveryLen || seen[c] {
			t.Fatalf("code %q", c)
		}
		for _, r := range c {
			if !strings.ContainsRune(recoveryAlphabet, r) {
				t.Fatalf("code %q has %q", c, r)
			}
		}
		seen[c] = true
	}
	// As typed: any case, with or without the hyphen, with spaces.
	if normalizeCode(" abcde-fghjk ") != "ABCDEFGHJK" || hashRecoveryCode("ABCDEFGHJK") == hashRecoveryCode("ABCDEFGHJL") {
		t.Fatal("normalisation or hashing")
	}
}

func TestMFATokenIsNotAnAccessToken(t *testing.T) {
	t.Parallel()
	clk := domain.NewFrozenClock(t0)
	ti := newTokenIssuer([]byte(testSecret), clk, 15*time.Minute)
	mt, exp, err := ti.signMFA(42, "bnd")
	if err != nil || !exp.Equal(t0.Add(MFATokenTTL)) {
		t.Fatal(err, exp)
	}
	if _, _, err := ti.parse(mt); err == nil {
		t.Fatal("an mfa token authenticates as an access token")
	}
	at, _, _ := ti.sign(User{ID: 42, Role: domain.RoleTeam}, "fam")
	if _, _, err := ti.parseMFA(at); err == nil {
		t.Fatal("an access token passes as an mfa token")
	}
	if id, b, err := ti.parseMFA(mt); err != nil || id != 42 || b != "bnd" {
		t.Fatal(id, b, err)
	}
	clk.Advance(MFATokenTTL + time.Second)
	if _, _, err := ti.parseMFA(mt); err == nil {
		t.Fatal("an expired mfa token passes")
	}
}
