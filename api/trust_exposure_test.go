package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"jiebang/domain"
)

// TestAccessTokenEndsWithItsSession: logout, a reused refresh token and disabling end a session, and its access
// tokens stop working at once, not when they expire.
func TestAccessTokenEndsWithItsSession(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		e := h.enterprise()
		login := func() (string, string) {
			r := h.must(h.tryLogin(e.Email, testPassword), http.StatusOK)
			return r.str("access_token"), r.str("refresh_token")
		}
		ended := func(name, access string) {
			t.Helper()
			r := h.do("GET", "/api/v1/me", access, nil)
			d, _ := r.Body["error"].(map[string]any)["details"].(map[string]any)
			if r.Status != http.StatusUnauthorized || r.code() != "invalid_token" || d["reason"] != "session_ended" {
				t.Fatalf("%s: %d %s", name, r.Status, r.Raw)
			}
		}

		// Logout ends the session's access token; another session of the same user goes on.
		a1, r1 := login()
		a2, _ := login()
		h.must(h.do("POST", "/api/v1/auth/logout", a1, map[string]any{"refresh_token": r1}), http.StatusNoContent)
		ended("after logout", a1)
		h.must(h.do("GET", "/api/v1/me", a2, nil), http.StatusOK)

		// Rotation keeps the session: the old and the new access token work. A reused refresh token ends it.
		a3, r3 := login()
		rot := h.must(h.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": r3}), http.StatusOK)
		a4 := rot.str("access_token")
		h.must(h.do("GET", "/api/v1/me", a3, nil), http.StatusOK)
		h.must(h.do("GET", "/api/v1/me", a4, nil), http.StatusOK)
		if r := h.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": r3}); r.code() != "refresh_token_reused" {
			t.Fatalf("reuse: %d %s", r.Status, r.Raw)
		}
		ended("after refresh-token reuse (old token)", a3)
		ended("after refresh-token reuse (new token)", a4)

		// Disabling ends every session (the account_disabled answer comes first).
		admin := h.staff(domain.RoleAdmin)
		h.must(h.do("POST", fmt.Sprintf("/api/v1/users/%d/disable", e.ID), admin.Token, nil), http.StatusOK)
		h.must(h.do("POST", fmt.Sprintf("/api/v1/users/%d/enable", e.ID), admin.Token, nil), http.StatusOK)
		ended("after disable and enable", a2)
	})
}

func TestBearerSchemeAndNoStore(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	e := h.enterprise()
	for _, scheme := range []string{"Bearer", "bearer", "BEARER", "bEaReR"} {
		r := h.do("GET", "/api/v1/me", "", nil, "Authorization", scheme+" "+e.Token)
		if r.Status != http.StatusOK {
			t.Errorf("%s: %d %s", scheme, r.Status, r.Raw)
		}
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q", scheme, cc)
		}
	}
	for _, hdr := range []string{"Basic abc", "Bearer", "Bearer   ", "Token " + e.Token, "Bearer" + e.Token} {
		if r := h.do("GET", "/api/v1/me", "", nil, "Authorization", hdr); r.Status != http.StatusUnauthorized ||
			r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%q: %d %q", hdr, r.Status, r.Header.Get("Cache-Control"))
		}
	}
	// Every authenticated response, including lists anyone may read and errors.
	for _, p := range []string{"/api/v1/challenges", "/api/v1/me/bids", "/api/v1/orgs", "/api/v1/challenges/999999"} {
		if r := h.do("GET", p, e.Token, nil); r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q (status %d)", p, r.Header.Get("Cache-Control"), r.Status)
		}
	}
}

// TestAuditIsTheBureaus: the audit log holds draft contents, opinions and failed-login e-mails; only the bureau
// reads and verifies it.
func TestAuditIsTheBureaus(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	boss, admin, e, tm, ex := h.bureau(), h.staff(domain.RoleAdmin), h.enterprise(), h.team(), h.expert()
	for _, p := range []string{"/api/v1/audit", "/api/v1/audit/verify", "/api/v1/audit?entity=user"} {
		h.must(h.do("GET", p, boss.Token, nil), http.StatusOK)
		for _, u := range []user{admin, e, tm, ex} {
			if r := h.do("GET", p, u.Token, nil); r.Status != http.StatusForbidden {
				t.Errorf("%s GET %s: %d", u.Role, p, r.Status)
			}
		}
	}
}

// TestTextQueriesAreBounded: a huge search text is 400, not a 500 or a slow scan.
func TestTextQueriesAreBounded(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		boss, admin := h.bureau(), h.staff(domain.RoleAdmin)
		huge := url.QueryEscape(strings.Repeat("电", 50000))
		long := url.QueryEscape(strings.Repeat("a", 101))
		for _, c := range []struct{ path, token string }{
			{"/api/v1/orgs?q=" + huge, boss.Token},
			{"/api/v1/users?q=" + huge, admin.Token},
			{"/api/v1/orgs?q=" + long, boss.Token},
			{"/api/v1/users?q=" + long, admin.Token},
			{"/api/v1/challenges?q=" + huge, ""},
			{"/api/v1/orgs/lookup?credit_code=" + huge, ""},
			{"/api/v1/challenges?" + strings.Repeat("x", 2000) + "=1", ""},
		} {
			r := h.do("GET", c.path, c.token, nil)
			if r.Status != http.StatusBadRequest || r.code() != "invalid_query" {
				t.Errorf("%.60s: %d %.200s", c.path, r.Status, r.Raw)
			}
		}
		h.must(h.do("GET", "/api/v1/orgs?q="+url.QueryEscape(strings.Repeat("电", 100)), boss.Token, nil), http.StatusOK)
		h.must(h.do("GET", "/api/v1/users?q="+url.QueryEscape(strings.Repeat("a", 100)), admin.Token, nil), http.StatusOK)
	})
}
