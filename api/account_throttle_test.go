package api_test

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"
)

func (h *harness) tryLogin(email, password string) resp {
	h.t.Helper()
	return h.do("POST", "/api/v1/auth/login", "", map[string]any{"email": email, "password": password})
}

func TestLoginThrottlePerAccount(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		e := h.enterprise()
		// Four failures, then a success: the success resets the account's count.
		for range 4 {
			h.must(h.tryLogin(e.Email, "Wrong-pass1"), http.StatusUnauthorized)
		}
		h.must(h.tryLogin(e.Email, testPassword), http.StatusOK)
		for range 5 {
			h.must(h.tryLogin(e.Email, "Wrong-pass1"), http.StatusUnauthorized)
		}
		// The sixth attempt is refused before the password is checked, even the right one.
		r := h.tryLogin(e.Email, testPassword)
		if r.Status != http.StatusTooManyRequests || r.code() != "rate_limited" {
			t.Fatalf("want 429, got %d %s", r.Status, r.Raw)
		}
		secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
		if err != nil || secs < 890 || secs > 900 {
			t.Fatalf("Retry-After %q", r.Header.Get("Retry-After"))
		}
		// Another account from the same address is not affected.
		other := h.team()
		h.must(h.tryLogin(other.Email, testPassword), http.StatusOK)
		// Refused attempts are not counted: once the window has passed the account logs in.
		h.advance(time.Duration(secs) * time.Second)
		h.must(h.tryLogin(e.Email, testPassword), http.StatusOK)
	})
}

func TestLoginThrottlePerAddress(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		e := h.enterprise()
		// Twenty failures on twenty different (unknown) accounts from one address.
		for i := range 20 {
			h.must(h.tryLogin(fmt.Sprintf("guess%d@example.cn", i), "Wrong-pass1"), http.StatusUnauthorized)
			if i == 9 {
				h.advance(5 * time.Minute)
			}
		}
		r := h.tryLogin(e.Email, testPassword)
		if r.Status != http.StatusTooManyRequests || r.code() != "rate_limited" || r.Header.Get("Retry-After") == "" {
			t.Fatalf("want 429 with Retry-After, got %d %v %s", r.Status, r.Header, r.Raw)
		}
		// The window slides: when the first ten failures leave it, the address may try again.
		secs, _ := strconv.Atoi(r.Header.Get("Retry-After"))
		if secs < 590 || secs > 600 {
			t.Fatalf("Retry-After %d, want about 600", secs)
		}
		h.advance(time.Duration(secs) * time.Second)
		h.must(h.tryLogin(e.Email, testPassword), http.StatusOK)
	})
}

func TestSuccessfulLoginsAreNotThrottled(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	e := h.enterprise()
	// A whole university behind one address: 60 successful logins within a minute all pass.
	for i := range 60 {
		if r := h.tryLogin(e.Email, testPassword); r.Status != http.StatusOK {
			t.Fatalf("login %d: %d %s", i, r.Status, r.Raw)
		}
	}
}
