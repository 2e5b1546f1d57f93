package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"jiebang/cmd/app"
	"jiebang/domain"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// TestTwoServersEndSessionsAtOnce: two servers on one database; an access token used on the second stops
// working there as soon as the first ends its session (logout, a reused refresh token) or disables its
// account: authentication reads the database on every request, nothing is kept in a server.
func TestTwoServersEndSessionsAtOnce(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		key := sharedAuditKey(t)
		tune := func(c *app.Config) { c.AuditKeyPEM = key }
		h1 := newHarnessWith(t, db, tune)
		db2, err := repository.Open(repository.Options{URL: db.URL, SQLitePath: db.Path, Logger: discardLogger()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db2.Close() })
		h2 := newHarnessWith(t, db2, tune)
		me := func(h *harness, tok string) resp { return h.do("GET", "/api/v1/me", tok, nil) }
		ended := func(what string, r resp, code string) {
			t.Helper()
			if r.Status != http.StatusUnauthorized || r.code() != code {
				t.Errorf("%s: %d %s", what, r.Status, r.Raw)
			}
		}

		// Logout on the first server.
		tm := h1.team()
		s := h1.must(h1.tryLogin(tm.Email, testPassword), http.StatusOK)
		tok := s.str("access_token")
		for range 3 {
			h2.must(me(h2, tok), http.StatusOK)
		}
		h1.must(h1.do("POST", "/api/v1/auth/logout", tok, map[string]any{"refresh_token": s.str("refresh_token")}), http.StatusNoContent)
		ended("after logout on the other server", me(h2, tok), "invalid_token")

		// A refresh token used twice (once on each server) ends the session on both.
		s = h1.must(h1.tryLogin(tm.Email, testPassword), http.StatusOK)
		fresh := h2.must(h2.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": s.str("refresh_token")}), http.StatusOK)
		h2.must(me(h2, fresh.str("access_token")), http.StatusOK)
		ended("reuse", h1.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": s.str("refresh_token")}), "refresh_token_reused")
		ended("after reuse", me(h2, fresh.str("access_token")), "invalid_token")

		// Disabling on the first server.
		e := h1.enterprise()
		h2.must(me(h2, e.Token), http.StatusOK)
		admin := h1.staff(domain.RoleAdmin)
		h1.must(h1.do("POST", fmt.Sprintf("/api/v1/users/%d/disable", e.ID), admin.Token, nil), http.StatusOK)
		ended("after disabling on the other server", me(h2, e.Token), "account_disabled")
	})
}
