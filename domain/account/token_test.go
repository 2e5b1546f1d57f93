package account

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"jiebang/domain"
)

var t0 = time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)

const testSecret = "0123456789abcdef0123456789abcdef"

func TestAccessToken(t *testing.T) {
	t.Parallel()
	clk := domain.NewFrozenClock(t0)
	ti := newTokenIssuer([]byte(testSecret), clk, 15*time.Minute)
	u := User{ID: 42, Role: domain.RoleTeam, OrgID: 7}
	tok, exp, err := ti.sign(u, "family-1")
	if err != nil {
		t.Fatal(err)
	}
	if !exp.Equal(t0.Add(15 * time.Minute)) {
		t.Fatalf("expiry %v", exp)
	}
	if id, sid, err := ti.parse(tok); err != nil || id != 42 || sid != "family-1" {
		t.Fatalf("parse: %d %v", id, err)
	}

	sign := func(method jwt.SigningMethod, key any, mutate func(*accessClaims)) string {
		c := accessClaims{Role: "team", SID: "family-1", RegisteredClaims: jwt.RegisteredClaims{Issuer: TokenIssuer, Subject: "42",
			Audience: jwt.ClaimStrings{TokenAudience}, IssuedAt: jwt.NewNumericDate(t0), ExpiresAt: jwt.NewNumericDate(t0.Add(time.Hour))}}
		if mutate != nil {
			mutate(&c)
		}
		s, err := jwt.NewWithClaims(method, c).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	parts := strings.Split(tok, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(payload), `"sub":"42"`, `"sub":"1"`, 1))) + "." + parts[2]
	bad := []struct{ name, token string }{
		{"tampered payload", tampered},
		{"alg none", sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, nil)},
		{"HS512", sign(jwt.SigningMethodHS512, []byte(testSecret), nil)},
		{"other secret", sign(jwt.SigningMethodHS256, []byte("another-secret-another-secret-xx"), nil)},
		{"wrong issuer", sign(jwt.SigningMethodHS256, []byte(testSecret), func(c *accessClaims) { c.Issuer = "evil" })},
		{"wrong audience", sign(jwt.SigningMethodHS256, []byte(testSecret), func(c *accessClaims) { c.Audience = jwt.ClaimStrings{"other"} })},
		{"no expiry", sign(jwt.SigningMethodHS256, []byte(testSecret), func(c *accessClaims) { c.ExpiresAt = nil })},
		{"bad subject", sign(jwt.SigningMethodHS256, []byte(testSecret), func(c *accessClaims) { c.Subject = "x" })},
		{"no session", sign(jwt.SigningMethodHS256, []byte(testSecret), func(c *accessClaims) { c.SID = "" })},
		{"garbage", "not.a.token"},
	}
	for _, b := range bad {
		if _, _, err := ti.parse(b.token); domain.CodeOf(err) != "invalid_token" {
			t.Errorf("%s: want invalid_token, got %v", b.name, err)
		}
	}

	clk.Advance(15*time.Minute + 20*time.Second) // within the 30 s leeway
	if _, _, err := ti.parse(tok); err != nil {
		t.Fatalf("within leeway: %v", err)
	}
	clk.Advance(15 * time.Second)
	_, _, err = ti.parse(tok)
	if de, ok := err.(*domain.Error); !ok || de.Code != "invalid_token" || de.Details["reason"] != "expired" {
		t.Fatalf("expired: %v", err)
	}
}

func TestRefreshTokenEncoding(t *testing.T) {
	t.Parallel()
	a, b := randomToken(), randomToken()
	if a == b || len(a) != 43 {
		t.Fatalf("tokens %q %q", a, b)
	}
	if h := hashToken(a); len(h) != 64 || h == a || h != hashToken(a) {
		t.Fatalf("hash %q", h)
	}
}
