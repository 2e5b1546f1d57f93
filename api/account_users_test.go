package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"jiebang/domain"
)

func TestDisableAndEnableUser(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ad := h.staff(domain.RoleAdmin)
		tm := h.team()
		s := h.must(h.tryLogin(tm.Email, testPassword), http.StatusOK)
		path := fmt.Sprintf("/api/v1/users/%d", tm.ID)

		r := h.must(h.do("POST", path+"/disable", ad.Token, nil), http.StatusOK)
		if r.Body["disabled"] != true {
			t.Fatalf("disable: %s", r.Raw)
		}
		// The disabled user's access token stops at once, its refresh token too, and it cannot log in.
		if x := h.do("GET", "/api/v1/me", tm.Token, nil); x.Status != http.StatusUnauthorized || x.code() != "account_disabled" {
			t.Fatalf("token of a disabled user: %d %s", x.Status, x.Raw)
		}
		if x := h.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": s.str("refresh_token")}); x.Status != http.StatusUnauthorized {
			t.Fatalf("refresh of a disabled user: %d %s", x.Status, x.Raw)
		}
		if x := h.tryLogin(tm.Email, testPassword); x.Status != http.StatusForbidden || x.code() != "account_disabled" {
			t.Fatalf("login of a disabled user: %d %s", x.Status, x.Raw)
		}
		// A wrong password does not reveal that the account is disabled.
		if x := h.tryLogin(tm.Email, "Wrong-pass1"); x.Status != http.StatusUnauthorized || x.code() != "invalid_credentials" {
			t.Fatalf("wrong password on a disabled user: %d %s", x.Status, x.Raw)
		}
		if x := h.do("POST", path+"/disable", ad.Token, nil); x.Status != http.StatusConflict || x.code() != "invalid_transition" {
			t.Fatalf("disable twice: %d %s", x.Status, x.Raw)
		}
		h.must(h.do("POST", path+"/enable", ad.Token, nil), http.StatusOK)
		if x := h.do("POST", path+"/enable", ad.Token, nil); x.Status != http.StatusConflict {
			t.Fatalf("enable twice: %d %s", x.Status, x.Raw)
		}
		h.must(h.tryLogin(tm.Email, testPassword), http.StatusOK)

		for _, c := range []struct {
			name, path string
			status     int
			code       string
		}{
			{"self", fmt.Sprintf("/api/v1/users/%d/disable", ad.ID), http.StatusForbidden, "cannot_disable_self"},
			{"unknown", "/api/v1/users/999999/disable", http.StatusNotFound, "not_found"},
			{"unknown enable", "/api/v1/users/999999/enable", http.StatusNotFound, "not_found"},
			{"bad id", "/api/v1/users/x/disable", http.StatusNotFound, "not_found"},
		} {
			if x := h.do("POST", c.path, ad.Token, nil); x.Status != c.status || x.code() != c.code {
				t.Errorf("%s: %d %s", c.name, x.Status, x.Raw)
			}
		}
		a := h.must(h.do("GET", fmt.Sprintf("/api/v1/audit?entity=user&entity_id=%d", tm.ID), h.bureau().Token, nil), http.StatusOK)
		actions := []string{}
		for _, it := range a.items() {
			if it["action"] == "disable" || it["action"] == "enable" {
				actions = append(actions, it["action"].(string))
			}
		}
		if strings.Join(actions, ",") != "enable,disable" {
			t.Fatalf("audit: %v", actions)
		}
	})
}

func TestListUsers(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ad := h.staff(domain.RoleAdmin)
		e, tm := h.enterprise(), h.team()
		h.must(h.do("POST", fmt.Sprintf("/api/v1/users/%d/disable", tm.ID), ad.Token, nil), http.StatusOK)
		cases := []struct {
			query string
			want  []string
		}{
			{"?role=enterprise", []string{e.Email}},
			{"?disabled=true", []string{tm.Email}},
			{"?q=" + strings.ToUpper(e.Email[:12]), []string{e.Email}},
			{"?role=admin", []string{ad.Email}},
		}
		for _, c := range cases {
			r := h.must(h.do("GET", "/api/v1/users"+c.query, ad.Token, nil), http.StatusOK)
			got := []string{}
			for _, it := range r.items() {
				got = append(got, it["email"].(string))
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("%s: got %v, want %v", c.query, got, c.want)
			}
		}
		all := h.must(h.do("GET", "/api/v1/users?page_size=2", ad.Token, nil), http.StatusOK)
		if all.num("total") != 4 || len(all.items()) != 2 {
			t.Errorf("paging: %s", all.Raw)
		}
		for _, q := range []string{"?role=king", "?disabled=x", "?page=-1"} {
			if r := h.do("GET", "/api/v1/users"+q, ad.Token, nil); r.Status != http.StatusBadRequest {
				t.Errorf("%s: %d", q, r.Status)
			}
		}
	})
}

// TestAccountAccess checks every account endpoint against every role: 401 anonymous, 403 wrong role.
func TestAccountAccess(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		tokens := map[string]string{"anonymous": "", "enterprise": h.enterprise().Token, "team": h.team().Token,
			"expert": h.expert().Token, "bureau": h.bureau().Token, "admin": h.staff(domain.RoleAdmin).Token}
		target := h.register(domain.RoleTeam, "university", false)
		everyone := []string{"enterprise", "team", "expert", "bureau", "admin"}
		cases := []struct {
			method, path string
			body         any
			allowed      []string
		}{
			{"GET", "/api/v1/me", nil, everyone},
			{"POST", "/api/v1/auth/logout", map[string]any{"refresh_token": "x"}, everyone},
			{"GET", "/api/v1/orgs", nil, []string{"bureau"}},
			{"POST", fmt.Sprintf("/api/v1/orgs/%d/verify", target.OrgID), nil, []string{"bureau"}},
			{"POST", fmt.Sprintf("/api/v1/orgs/%d/credit", target.OrgID), map[string]any{"credit_status": "warned", "reason": "x"}, []string{"bureau"}},
			{"GET", "/api/v1/users", nil, []string{"admin"}},
			{"POST", fmt.Sprintf("/api/v1/users/%d/disable", target.ID), nil, []string{"admin"}},
			{"POST", fmt.Sprintf("/api/v1/users/%d/enable", target.ID), nil, []string{"admin"}},
		}
		for _, c := range cases {
			for role, tok := range tokens {
				r := h.do(c.method, c.path, tok, c.body)
				allowed := false
				for _, a := range c.allowed {
					allowed = allowed || a == role
				}
				switch {
				case role == "anonymous":
					if r.Status != http.StatusUnauthorized {
						t.Errorf("%s %s anonymous: %d", c.method, c.path, r.Status)
					}
				case allowed:
					if r.Status >= 400 {
						t.Errorf("%s %s as %s: %d %s", c.method, c.path, role, r.Status, r.Raw)
					}
				default:
					if r.Status != http.StatusForbidden || r.code() != "forbidden" {
						t.Errorf("%s %s as %s: want 403, got %d", c.method, c.path, role, r.Status)
					}
				}
			}
		}
		// Public endpoints answer the anonymous.
		h.must(h.do("GET", "/api/v1/orgs/lookup?credit_code=91350100M000100Y43", "", nil), http.StatusOK)
	})
}
