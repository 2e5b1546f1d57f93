package api_test

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"jiebang/domain"
)

func TestLogin(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		e := h.enterprise()
		r := h.must(h.do("POST", "/api/v1/auth/login", "", map[string]any{"email": strings.ToUpper(e.Email), "password": testPassword}), http.StatusOK)
		user := r.Body["user"].(map[string]any)
		if r.str("refresh_token") == "" || r.num("expires_in") != 900 || r.str("token_type") != "Bearer" || int64(user["id"].(float64)) != e.ID {
			t.Fatalf("login: %s", r.Raw)
		}
		if r.Header.Get("Cache-Control") != "no-store" {
			t.Fatal("token responses must not be cached")
		}
		unknown := h.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "nobody@example.cn", "password": testPassword})
		wrong := h.do("POST", "/api/v1/auth/login", "", map[string]any{"email": e.Email, "password": "Wrong-pass1"})
		for _, x := range []resp{unknown, wrong} {
			if x.Status != http.StatusUnauthorized || x.code() != "invalid_credentials" {
				t.Fatalf("bad credentials: %d %s", x.Status, x.Raw)
			}
		}
		if string(unknown.Raw) != string(wrong.Raw) {
			t.Fatalf("an unknown e-mail and a wrong password must look the same:\n%s\n%s", unknown.Raw, wrong.Raw)
		}
		for name, body := range map[string]any{"malformed": "{", "wrong type": `{"email": []}`} {
			if x := h.do("POST", "/api/v1/auth/login", "", body); x.Status != http.StatusBadRequest {
				t.Errorf("%s: %d %s", name, x.Status, x.Raw)
			}
		}
		if x := h.do("POST", "/api/v1/auth/login", "", map[string]any{"email": ""}); x.Status != http.StatusUnprocessableEntity ||
			x.field("email") == "" || x.field("password") == "" {
			t.Errorf("empty: %d %s", x.Status, x.Raw)
		}

		// An address longer than any account's is refused before anything is recorded: a failed login writes
		// the e-mail into the attempts table and the append-only audit log.
		huge := strings.Repeat("a", 1<<20) + "@example.cn"
		if x := h.do("POST", "/api/v1/auth/login", "", map[string]any{"email": huge, "password": testPassword}); x.Status != http.StatusUnprocessableEntity ||
			x.field("email") == "" {
			t.Errorf("huge e-mail: %d %.300s", x.Status, x.Raw)
		}

		// Failures are audited: on the user when known, on user 0 with the e-mail otherwise; never the password.
		boss := h.bureau()
		all := h.must(h.do("GET", "/api/v1/audit?entity=user&page_size=100", boss.Token, nil), http.StatusOK)
		onUser, onNobody := 0, 0
		for _, it := range all.items() {
			if strings.Contains(it["after"].(string), "Wrong-pass1") || strings.Contains(it["after"].(string), testPassword) {
				t.Fatal("a password reached the audit trail")
			}
			if strings.Contains(it["after"].(string), "aaaaaaaaaa@") {
				t.Fatal("a refused, oversized e-mail reached the audit trail")
			}
			if it["action"] != "login_failed" {
				continue
			}
			switch id := int64(it["entity_id"].(float64)); {
			case id == e.ID:
				onUser++
			case id == 0 && strings.Contains(it["after"].(string), "nobody@example.cn"):
				onNobody++
			}
		}
		if onUser != 1 || onNobody != 1 {
			t.Fatalf("want one failure audited on the user and one on user 0, got %d and %d: %s", onUser, onNobody, all.Raw)
		}
	})
}

func TestMe(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		tm := h.team()
		r := h.must(h.do("GET", "/api/v1/me", tm.Token, nil), http.StatusOK)
		org := r.Body["org"].(map[string]any)
		if r.str("email") != tm.Email || r.str("role") != "team" || int64(org["id"].(float64)) != tm.OrgID || org["verified"] != true {
			t.Fatalf("me: %s", r.Raw)
		}
		if b := h.must(h.do("GET", "/api/v1/me", h.bureau().Token, nil), http.StatusOK); b.Body["org"] != nil {
			t.Fatalf("bureau has no org: %s", b.Raw)
		}
		if x := h.do("GET", "/api/v1/me", "", nil); x.Status != http.StatusUnauthorized || x.code() != "unauthenticated" {
			t.Fatalf("anonymous: %d %s", x.Status, x.Raw)
		}
	})
}

func TestAccessTokenChecks(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		tm := h.team()
		parts := strings.Split(tm.Token, ".")
		payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
		forged := strings.Replace(string(payload), `"role":"team"`, `"role":"bureau"`, 1)
		tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(forged)) + "." + parts[2]
		claims := jwt.MapClaims{"sub": "1", "role": "bureau", "iss": "jiebang", "aud": "jiebang-api",
			"iat": T0.Unix(), "exp": T0.Add(time.Hour).Unix()}
		none, _ := jwt.NewWithClaims(jwt.SigningMethodNone, claims).SignedString(jwt.UnsafeAllowNoneSignatureType)
		otherKey, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte("some-other-secret-some-other-secret"))
		cases := []struct{ name, header string }{
			{"tampered role", "Bearer " + tampered},
			{"alg none", "Bearer " + none},
			{"other key", "Bearer " + otherKey},
			{"garbage", "Bearer abc"},
			{"not bearer", "Basic " + tm.Token},
			{"empty bearer", "Bearer "},
		}
		for _, c := range cases {
			r := h.do("GET", "/api/v1/me", "", nil, "Authorization", c.header)
			if r.Status != http.StatusUnauthorized || r.code() != "invalid_token" {
				t.Errorf("%s: want 401 invalid_token, got %d %s", c.name, r.Status, r.Raw)
			}
		}
		// A bad token is refused even on a public route, so the client refreshes instead of silently seeing less.
		if r := h.do("GET", "/api/v1/orgs/lookup?credit_code=x", "", nil, "Authorization", "Bearer "+none); r.Status != http.StatusUnauthorized {
			t.Errorf("public route with a bad token: %d", r.Status)
		}
		h.must(h.do("GET", "/api/v1/me", tm.Token, nil), http.StatusOK)
		h.advance(15*time.Minute + 31*time.Second)
		if r := h.do("GET", "/api/v1/me", tm.Token, nil); r.Status != http.StatusUnauthorized || r.code() != "invalid_token" {
			t.Fatalf("expired: %d %s", r.Status, r.Raw)
		}
	})
}

func TestRefreshRotationAndReuse(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		e := h.enterprise()
		login := h.must(h.do("POST", "/api/v1/auth/login", "", map[string]any{"email": e.Email, "password": testPassword}), http.StatusOK)
		rt1 := login.str("refresh_token")
		h.advance(20 * time.Minute) // the access token has expired; the refresh token has not
		if r := h.do("GET", "/api/v1/me", login.str("access_token"), nil); r.Status != http.StatusUnauthorized {
			t.Fatalf("old access token: %d", r.Status)
		}
		r2 := h.must(h.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": rt1}), http.StatusOK)
		rt2 := r2.str("refresh_token")
		if rt2 == rt1 || r2.str("access_token") == "" {
			t.Fatalf("rotation: %s", r2.Raw)
		}
		h.must(h.do("GET", "/api/v1/me", r2.str("access_token"), nil), http.StatusOK)
		r3 := h.must(h.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": rt2}), http.StatusOK)
		rt3 := r3.str("refresh_token")

		// rt1 again: it leaked. Refused, and the whole family (rt3 included) is revoked.
		reuse := h.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": rt1})
		if reuse.Status != http.StatusUnauthorized || reuse.code() != "refresh_token_reused" {
			t.Fatalf("reuse: %d %s", reuse.Status, reuse.Raw)
		}
		if r := h.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": rt3}); r.Status != http.StatusUnauthorized || r.code() != "invalid_token" {
			t.Fatalf("family revoked: %d %s", r.Status, r.Raw)
		}
		// Another session of the same user is untouched.
		other := h.must(h.do("POST", "/api/v1/auth/login", "", map[string]any{"email": e.Email, "password": testPassword}), http.StatusOK)
		h.must(h.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": other.str("refresh_token")}), http.StatusOK)

		for name, body := range map[string]any{"unknown": map[string]any{"refresh_token": "nope"}, "malformed": "[", "empty": map[string]any{}} {
			r := h.do("POST", "/api/v1/auth/refresh", "", body)
			want := map[string]int{"unknown": 401, "malformed": 400, "empty": 422}[name]
			if r.Status != want {
				t.Errorf("%s: want %d, got %d %s", name, want, r.Status, r.Raw)
			}
		}
		// Refresh tokens expire after 30 days.
		old := h.must(h.do("POST", "/api/v1/auth/login", "", map[string]any{"email": e.Email, "password": testPassword}), http.StatusOK)
		h.advance(30*24*time.Hour + time.Minute)
		if r := h.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": old.str("refresh_token")}); r.Status != http.StatusUnauthorized {
			t.Fatalf("expired refresh token: %d %s", r.Status, r.Raw)
		}
		boss := h.login(h.bureau().Email, testPassword) // the cached token expired with the clock
		if v := h.must(h.do("GET", "/api/v1/audit/verify", boss, nil), http.StatusOK); v.Body["ok"] != true {
			t.Fatalf("audit: %s", v.Raw)
		}
	})
}

func TestLogout(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		e, other := h.enterprise(), h.team()
		s := h.must(h.do("POST", "/api/v1/auth/login", "", map[string]any{"email": e.Email, "password": testPassword}), http.StatusOK)
		rt := s.str("refresh_token")
		if r := h.do("POST", "/api/v1/auth/logout", "", map[string]any{"refresh_token": rt}); r.Status != http.StatusUnauthorized {
			t.Fatalf("anonymous logout: %d", r.Status)
		}
		// Someone else's token is not touched (and nothing is revealed).
		h.must(h.do("POST", "/api/v1/auth/logout", other.Token, map[string]any{"refresh_token": rt}), http.StatusNoContent)
		if r := h.do("POST", "/api/v1/auth/logout", e.Token, "{"); r.Status != http.StatusBadRequest {
			t.Fatalf("malformed: %d", r.Status)
		}
		if r := h.do("POST", "/api/v1/auth/logout", e.Token, map[string]any{}); r.Status != http.StatusUnprocessableEntity || r.field("refresh_token") == "" {
			t.Fatalf("missing token: %d %s", r.Status, r.Raw)
		}
		r2 := h.must(h.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": rt}), http.StatusOK)
		h.must(h.do("POST", "/api/v1/auth/logout", e.Token, map[string]any{"refresh_token": r2.str("refresh_token")}), http.StatusNoContent)
		if r := h.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": r2.str("refresh_token")}); r.Status != http.StatusUnauthorized || r.code() != "invalid_token" {
			t.Fatalf("after logout: %d %s", r.Status, r.Raw)
		}
	})
}

func TestStaffCannotRegisterOrBeCreatedByUsers(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ad := h.staff(domain.RoleAdmin)
		r := h.must(h.do("GET", "/api/v1/me", ad.Token, nil), http.StatusOK)
		if r.str("role") != "admin" || r.Body["org"] != nil {
			t.Fatalf("admin: %s", r.Raw)
		}
		_, err := h.app.Accounts.CreateStaff(t.Context(), domain.Actor{UserID: ad.ID, Role: domain.RoleAdmin}, accountStaff("x@kjj.gov.cn", domain.RoleBureau))
		if domain.CodeOf(err) != "forbidden" {
			t.Fatalf("only the command line creates staff: %v", err)
		}
		_, err = h.app.Accounts.CreateStaff(t.Context(), domain.System, accountStaff(ad.Email, domain.RoleBureau))
		if domain.CodeOf(err) != "email_taken" {
			t.Fatalf("duplicate staff e-mail: %v", err)
		}
		_, err = h.app.Accounts.CreateStaff(t.Context(), domain.System, accountStaff("t@kjj.gov.cn", domain.RoleTeam))
		if ve, ok := err.(*domain.ValidationError); !ok || !ve.Has("role") {
			t.Fatalf("staff role: %v", err)
		}
	})
}
