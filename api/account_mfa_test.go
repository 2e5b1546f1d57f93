package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"jiebang/cmd/app"
	"jiebang/domain"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// totpCode is the authenticator app's code of secret at the harness's time.
func (h *harness) totpCode(secret string) string {
	h.t.Helper()
	c, err := totp.GenerateCodeCustom(secret, h.clock.Now(), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix,
		Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

// enrolMFA turns u's second factor on; it returns the secret and the recovery codes. It leaves the clock in the
// next time step, so the next code is a new one.
func (h *harness) enrolMFA(u user) (string, []string) {
	h.t.Helper()
	st := h.must(h.do("POST", "/api/v1/me/mfa/totp", u.Token, nil), http.StatusOK)
	secret := st.str("secret")
	r := h.must(h.do("POST", "/api/v1/me/mfa/totp/confirm", u.Token, map[string]any{"code": h.totpCode(secret)}), http.StatusOK)
	raw, _ := r.Body["recovery_codes"].([]any)
	codes := make([]string, len(raw))
	for i, c := range raw {
		codes[i], _ = c.(string)
	}
	h.advance(30 * time.Second)
	return secret, codes
}

// loginMFA logs u in with a code and returns the access token.
func (h *harness) loginMFA(email, code string) resp {
	h.t.Helper()
	r := h.must(h.tryLogin(email, testPassword), http.StatusOK)
	if r.Body["mfa_required"] != true || r.str("mfa_token") == "" || r.str("access_token") != "" || r.str("refresh_token") != "" {
		h.t.Fatalf("login of a user with a second factor: %s", r.Raw)
	}
	return h.do("POST", "/api/v1/auth/login/mfa", "", map[string]any{"mfa_token": r.str("mfa_token"), "code": code})
}

func TestMFAEnrolAndLogin(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		tm := h.team()
		other := h.login(tm.Email, testPassword) // a second session, opened with the password only
		st := h.must(h.do("GET", "/api/v1/me/mfa", tm.Token, nil), http.StatusOK)
		if st.Body["enabled"] != false || st.Body["required"] != false || st.Body["pending"] != false {
			t.Fatalf("status before: %s", st.Raw)
		}
		// Confirming before starting, or with a wrong code, is refused.
		if r := h.do("POST", "/api/v1/me/mfa/totp/confirm", tm.Token, map[string]any{"code": "123456"}); r.Status != http.StatusConflict ||
			r.code() != "mfa_not_started" {
			t.Fatalf("confirm before start: %d %s", r.Status, r.Raw)
		}
		en := h.must(h.do("POST", "/api/v1/me/mfa/totp", tm.Token, nil), http.StatusOK)
		secret := en.str("secret")
		if len(secret) < 32 || !strings.HasPrefix(en.str("otpauth_url"), "otpauth://totp/") ||
			!strings.Contains(en.str("otpauth_url"), "secret="+secret) || !strings.Contains(en.str("otpauth_url"), "period=30") ||
			!strings.HasPrefix(en.str("qr_png"), "data:image/png;base64,") {
			t.Fatalf("enrolment: %s", en.Raw)
		}
		if st := h.must(h.do("GET", "/api/v1/me/mfa", tm.Token, nil), http.StatusOK); st.Body["pending"] != true || st.Body["enabled"] != false {
			t.Fatalf("pending: %s", st.Raw)
		}
		// Until confirmed, the password alone still logs in.
		if r := h.tryLogin(tm.Email, testPassword); r.str("access_token") == "" {
			t.Fatalf("pending enrolment asks for a code: %s", r.Raw)
		}
		wrong := "000000"
		if h.totpCode(secret) == wrong {
			wrong = "000001"
		}
		for _, c := range []string{wrong, "abc", "1234567"} {
			if r := h.do("POST", "/api/v1/me/mfa/totp/confirm", tm.Token, map[string]any{"code": c}); r.Status != http.StatusUnprocessableEntity ||
				r.code() != "invalid_code" {
				t.Fatalf("confirm with %q: %d %s", c, r.Status, r.Raw)
			}
		}
		h.must(h.do("POST", "/api/v1/me/mfa/totp/confirm", tm.Token, map[string]any{}), http.StatusUnprocessableEntity)
		used := h.totpCode(secret)
		r := h.must(h.do("POST", "/api/v1/me/mfa/totp/confirm", tm.Token, map[string]any{"code": used}), http.StatusOK)
		codes, _ := r.Body["recovery_codes"].([]any)
		seen := map[string]bool{}
		for _, c := range codes {
			s, _ := c.(string)
			if len(s) != 11 || s[5] != '-' || seen[s] {
				t.Fatalf("recovery codes: %s", r.Raw)
			}
			seen[s] = true
		}
		if len(seen) != 10 {
			t.Fatalf("%d recovery codes", len(seen))
		}
		// Enabling ends the other sessions, not this one.
		if r := h.do("GET", "/api/v1/me", other, nil); r.Status != http.StatusUnauthorized {
			t.Fatalf("other session after enrolment: %d %s", r.Status, r.Raw)
		}
		me := h.must(h.do("GET", "/api/v1/me", tm.Token, nil), http.StatusOK)
		if me.Body["mfa_enabled"] != true {
			t.Fatalf("me: %s", me.Raw)
		}
		if r := h.do("POST", "/api/v1/me/mfa/totp", tm.Token, nil); r.Status != http.StatusConflict || r.code() != "mfa_already_enabled" {
			t.Fatalf("enrol twice: %d %s", r.Status, r.Raw)
		}

		// The login answers the second step's token only; it is no access token.
		first := h.must(h.tryLogin(tm.Email, testPassword), http.StatusOK)
		if first.Body["mfa_required"] != true || first.str("access_token") != "" || first.num("mfa_token_expires_in") != 300 {
			t.Fatalf("login: %s", first.Raw)
		}
		if r := h.do("GET", "/api/v1/me", first.str("mfa_token"), nil); r.Status != http.StatusUnauthorized {
			t.Fatalf("mfa token as an access token: %d", r.Status)
		}
		if r := h.do("POST", "/api/v1/auth/login/mfa", "", map[string]any{"mfa_token": tm.Token, "code": used}); r.Status != http.StatusUnauthorized ||
			r.code() != "invalid_mfa_token" {
			t.Fatalf("access token as an mfa token: %d %s", r.Status, r.Raw)
		}
		// The code of the confirmation cannot be used again (replay), in its own step.
		if r := h.do("POST", "/api/v1/auth/login/mfa", "", map[string]any{"mfa_token": first.str("mfa_token"), "code": used}); r.Status != http.StatusUnauthorized ||
			r.code() != "invalid_code" {
			t.Fatalf("replayed code: %d %s", r.Status, r.Raw)
		}
		h.advance(30 * time.Second)
		code := h.totpCode(secret)
		ok := h.must(h.do("POST", "/api/v1/auth/login/mfa", "", map[string]any{"mfa_token": first.str("mfa_token"), "code": code}), http.StatusOK)
		if ok.str("access_token") == "" || ok.str("refresh_token") == "" || ok.Body["mfa_enrolment_required"] != false {
			t.Fatalf("second step: %s", ok.Raw)
		}
		h.must(h.do("GET", "/api/v1/me", ok.str("access_token"), nil), http.StatusOK)
		// The same code again, within its window: refused.
		if r := h.loginMFA(tm.Email, code); r.Status != http.StatusUnauthorized || r.code() != "invalid_code" {
			t.Fatalf("code reused: %d %s", r.Status, r.Raw)
		}
		// A recovery code works once (in any case, with or without its hyphen).
		var rc string
		for c := range seen {
			rc = c
			break
		}
		h.must(h.loginMFA(tm.Email, strings.ToLower(strings.ReplaceAll(rc, "-", ""))), http.StatusOK)
		if r := h.loginMFA(tm.Email, rc); r.Status != http.StatusUnauthorized || r.code() != "invalid_code" {
			t.Fatalf("recovery code reused: %d %s", r.Status, r.Raw)
		}
		if st := h.must(h.do("GET", "/api/v1/me/mfa", tm.Token, nil), http.StatusOK); st.num("recovery_codes_left") != 9 || st.Body["enabled"] != true {
			t.Fatalf("status after a recovery code: %s", st.Raw)
		}
		// The second step's token expires after five minutes.
		late := h.must(h.tryLogin(tm.Email, testPassword), http.StatusOK)
		h.advance(5*time.Minute + time.Second)
		if r := h.do("POST", "/api/v1/auth/login/mfa", "", map[string]any{"mfa_token": late.str("mfa_token"), "code": h.totpCode(secret)}); r.Status != http.StatusUnauthorized ||
			r.code() != "invalid_mfa_token" {
			t.Fatalf("expired mfa token: %d %s", r.Status, r.Raw)
		}
		// Wrong codes count as failed logins: with the reused recovery code above, five since the last login, so
		// the account is throttled, even with the right password.
		for i := range 4 {
			if r := h.loginMFA(tm.Email, fmt.Sprintf("%06d", 999990+i)); r.Status != http.StatusUnauthorized {
				if h.totpCode(secret) != fmt.Sprintf("%06d", 999990+i) {
					t.Fatalf("wrong code %d: %d %s", i, r.Status, r.Raw)
				}
			}
		}
		if r := h.tryLogin(tm.Email, testPassword); r.Status != http.StatusTooManyRequests || r.code() != "rate_limited" {
			t.Fatalf("after five wrong codes: %d %s", r.Status, r.Raw)
		}
	})
}

func TestMFARequiredRole(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		h := newHarnessWith(t, db, func(c *app.Config) { c.Require2FA = "bureau,admin" })
		b := h.staff(domain.RoleBureau)
		r := h.must(h.tryLogin(b.Email, testPassword), http.StatusOK)
		if r.Body["mfa_enrolment_required"] != true || r.str("access_token") == "" {
			t.Fatalf("login of a bureau officer without a second factor: %s", r.Raw)
		}
		// Everything but the own account, the enrolment and logout answers 403.
		for _, p := range []string{"/api/v1/orgs", "/api/v1/challenges", "/api/v1/users", "/api/v1/audit"} {
			if r := h.do("GET", p, b.Token, nil); r.Status != http.StatusForbidden || r.code() != "mfa_enrolment_required" {
				t.Fatalf("GET %s: %d %s", p, r.Status, r.Raw)
			}
		}
		if r := h.do("POST", "/api/v1/me/password", b.Token, map[string]any{"current_password": testPassword,
			"new_password": "Another-pass9"}); r.Status != http.StatusForbidden || r.code() != "mfa_enrolment_required" {
			t.Fatalf("password change before enrolment: %d %s", r.Status, r.Raw)
		}
		h.must(h.do("GET", "/api/v1/me", b.Token, nil), http.StatusOK)
		st := h.must(h.do("GET", "/api/v1/me/mfa", b.Token, nil), http.StatusOK)
		if st.Body["required"] != true || st.Body["enabled"] != false {
			t.Fatalf("status: %s", st.Raw)
		}
		// Other roles are not concerned.
		tm := h.register(domain.RoleTeam, "university", false)
		h.must(h.do("GET", "/api/v1/challenges", tm.Token, nil), http.StatusOK)

		secret, _ := h.enrolMFA(b)
		// The session that enrolled goes on, now unrestricted.
		h.must(h.do("GET", "/api/v1/orgs", b.Token, nil), http.StatusOK)
		// The role requires it: it cannot be turned off.
		if r := h.do("DELETE", "/api/v1/me/mfa", b.Token, map[string]any{"code": h.totpCode(secret)}); r.Status != http.StatusForbidden ||
			r.code() != "mfa_required_by_role" {
			t.Fatalf("turn off a required second factor: %d %s", r.Status, r.Raw)
		}
		ok := h.must(h.loginMFA(b.Email, h.totpCode(secret)), http.StatusOK)
		if ok.Body["mfa_enrolment_required"] != false {
			t.Fatalf("after enrolment: %s", ok.Raw)
		}
		h.must(h.do("GET", "/api/v1/orgs", ok.str("access_token"), nil), http.StatusOK)
		h.logoutWorksWhileEnrolling()
	})
}

// logoutWorksWhileEnrolling: a user who must enrol may still log out.
func (h *harness) logoutWorksWhileEnrolling() {
	h.t.Helper()
	a := h.staff(domain.RoleAdmin)
	r := h.must(h.tryLogin(a.Email, testPassword), http.StatusOK)
	h.must(h.do("POST", "/api/v1/auth/logout", r.str("access_token"), map[string]any{"refresh_token": r.str("refresh_token")}),
		http.StatusNoContent)
	if x := h.do("GET", "/api/v1/me", r.str("access_token"), nil); x.Status != http.StatusUnauthorized {
		h.t.Fatalf("after logout: %d", x.Status)
	}
}

func TestMFADisableAndRecoveryCodes(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		e := h.enterprise()
		if r := h.do("DELETE", "/api/v1/me/mfa", e.Token, map[string]any{"password": testPassword}); r.Status != http.StatusConflict ||
			r.code() != "mfa_not_enabled" {
			t.Fatalf("turn off when off: %d %s", r.Status, r.Raw)
		}
		secret, codes := h.enrolMFA(e)
		// New recovery codes need a current code; the old ones stop working.
		if r := h.do("POST", "/api/v1/me/mfa/recovery-codes", e.Token, map[string]any{"code": "000000"}); r.Status != http.StatusUnprocessableEntity {
			if h.totpCode(secret) != "000000" {
				t.Fatalf("new codes with a wrong code: %d %s", r.Status, r.Raw)
			}
		}
		fresh := h.must(h.do("POST", "/api/v1/me/mfa/recovery-codes", e.Token, map[string]any{"code": h.totpCode(secret)}), http.StatusOK)
		if n := len(fresh.Body["recovery_codes"].([]any)); n != 10 {
			t.Fatalf("%d new codes", n)
		}
		if r := h.loginMFA(e.Email, codes[0]); r.code() != "invalid_code" {
			t.Fatalf("old recovery code after renewal: %d %s", r.Status, r.Raw)
		}
		// Turning off needs the password or a current code.
		h.must(h.do("DELETE", "/api/v1/me/mfa", e.Token, map[string]any{}), http.StatusUnprocessableEntity)
		if r := h.do("DELETE", "/api/v1/me/mfa", e.Token, map[string]any{"password": "Wrong-pass1"}); r.Status != http.StatusUnprocessableEntity ||
			r.code() != "invalid_password" {
			t.Fatalf("turn off with a wrong password: %d %s", r.Status, r.Raw)
		}
		h.must(h.do("DELETE", "/api/v1/me/mfa", e.Token, map[string]any{"password": testPassword}), http.StatusNoContent)
		if st := h.must(h.do("GET", "/api/v1/me/mfa", e.Token, nil), http.StatusOK); st.Body["enabled"] != false {
			t.Fatalf("after turning off: %s", st.Raw)
		}
		if r := h.tryLogin(e.Email, testPassword); r.str("access_token") == "" {
			t.Fatalf("login after turning off: %s", r.Raw)
		}
		// On again, off with a code.
		secret, _ = h.enrolMFA(e)
		h.must(h.do("DELETE", "/api/v1/me/mfa", e.Token, map[string]any{"code": h.totpCode(secret)}), http.StatusNoContent)
		h.must(h.do("DELETE", "/api/v1/me/mfa", "", map[string]any{"code": "123456"}), http.StatusUnauthorized)
	})
}

func TestMFAAdminReset(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		admin := h.staff(domain.RoleAdmin)
		tm := h.team()
		path := fmt.Sprintf("/api/v1/users/%d/mfa/reset", tm.ID)
		if r := h.do("POST", path, admin.Token, nil); r.Status != http.StatusConflict || r.code() != "mfa_not_enabled" {
			t.Fatalf("reset without a second factor: %d %s", r.Status, r.Raw)
		}
		h.enrolMFA(tm)
		users := h.must(h.do("GET", "/api/v1/users?q="+tm.Email, admin.Token, nil), http.StatusOK).items()
		if len(users) != 1 || users[0]["mfa_enabled"] != true || !strings.Contains(fmt.Sprint(users[0]["actions"]), "reset_mfa") {
			t.Fatalf("admin's list: %v", users)
		}
		h.must(h.do("POST", path, tm.Token, nil), http.StatusForbidden)
		h.must(h.do("POST", path, h.bureau().Token, nil), http.StatusForbidden)
		h.must(h.do("POST", path, "", nil), http.StatusUnauthorized)
		h.must(h.do("POST", "/api/v1/users/999999/mfa/reset", admin.Token, nil), http.StatusNotFound)
		u := h.must(h.do("POST", path, admin.Token, nil), http.StatusOK)
		if u.Body["mfa_enabled"] != false {
			t.Fatalf("reset: %s", u.Raw)
		}
		// The user's sessions ended; the password alone logs in again.
		h.must(h.do("GET", "/api/v1/me", tm.Token, nil), http.StatusUnauthorized)
		if r := h.tryLogin(tm.Email, testPassword); r.str("access_token") == "" {
			t.Fatalf("login after reset: %s", r.Raw)
		}
		// Audited, with who did it.
		au := h.must(h.do("GET", fmt.Sprintf("/api/v1/audit?entity=user&entity_id=%d&page_size=100", tm.ID), h.bureau().Token, nil), http.StatusOK)
		var actions []string
		for _, it := range au.items() {
			actions = append(actions, fmt.Sprint(it["action"]))
			if it["action"] == "mfa_reset" && int64(it["actor_id"].(float64)) != admin.ID {
				t.Fatalf("reset audited as %v", it)
			}
		}
		if !strings.Contains(strings.Join(actions, ","), "mfa_reset") || !strings.Contains(strings.Join(actions, ","), "mfa_enable") {
			t.Fatalf("audit: %v", actions)
		}
		// An administrator cannot reset its own.
		a2 := h.staff(domain.RoleAdmin)
		h.enrolMFA(a2)
		if r := h.do("POST", fmt.Sprintf("/api/v1/users/%d/mfa/reset", a2.ID), a2.Token, nil); r.Status != http.StatusForbidden ||
			r.code() != "cannot_reset_own_mfa" {
			t.Fatalf("own reset: %d %s", r.Status, r.Raw)
		}
	})
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		e := h.enterprise()
		other := h.must(h.tryLogin(e.Email, testPassword), http.StatusOK)
		if r := h.do("POST", "/api/v1/me/password", e.Token, map[string]any{"current_password": "Wrong-pass1",
			"new_password": "Another-pass9"}); r.Status != http.StatusUnprocessableEntity || r.code() != "invalid_password" {
			t.Fatalf("wrong current password: %d %s", r.Status, r.Raw)
		}
		if r := h.do("POST", "/api/v1/me/password", e.Token, map[string]any{"current_password": testPassword,
			"new_password": "short"}); r.Status != http.StatusUnprocessableEntity || r.field("new_password") == "" {
			t.Fatalf("weak new password: %d %s", r.Status, r.Raw)
		}
		h.must(h.do("POST", "/api/v1/me/password", e.Token, map[string]any{"current_password": testPassword,
			"new_password": "Another-pass9"}), http.StatusNoContent)
		// This session goes on; the other one ends, its refresh token too.
		h.must(h.do("GET", "/api/v1/me", e.Token, nil), http.StatusOK)
		h.must(h.do("GET", "/api/v1/me", other.str("access_token"), nil), http.StatusUnauthorized)
		h.must(h.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": other.str("refresh_token")}), http.StatusUnauthorized)
		h.must(h.tryLogin(e.Email, testPassword), http.StatusUnauthorized)
		h.must(h.tryLogin(e.Email, "Another-pass9"), http.StatusOK)
	})
}

// TestPasswordResetEndsSessions: the command line's reset ends every session of the user.
func TestPasswordResetEndsSessions(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		e := h.enterprise()
		if _, err := h.app.Accounts.ResetPassword(t.Context(), domain.Actor{UserID: e.ID, Role: e.Role}, e.Email, "Another-pass9"); err == nil {
			t.Fatal("a user reset a password")
		}
		if _, err := h.app.Accounts.ResetPassword(t.Context(), domain.System, e.Email, "Another-pass9"); err != nil {
			t.Fatal(err)
		}
		h.must(h.do("GET", "/api/v1/me", e.Token, nil), http.StatusUnauthorized)
		h.must(h.tryLogin(e.Email, "Another-pass9"), http.StatusOK)
	})
}

// TestParallelRightPasswordsAreNotThrottled: 10 parallel logins with the right password all succeed, on both
// databases (the throttle's reservations are not failures).
func TestParallelRightPasswordsAreNotThrottled(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		e := h.enterprise()
		fresh := h.registerOnly(domain.RoleTeam) // never logged in: no address exemption either
		for _, email := range []string{e.Email, fresh} {
			pw := make([]string, 10)
			for i := range pw {
				pw[i] = testPassword
			}
			if c := h.burst(email, pw); c[http.StatusOK] != 10 {
				t.Fatalf("10 parallel right passwords of %s: %v", email, c)
			}
		}
		// Four failures, then ten parallel right passwords: still all in.
		for range 4 {
			h.must(h.tryLogin(e.Email, "Wrong-pass1"), http.StatusUnauthorized)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		counts := map[int]int{}
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := h.tryLogin(e.Email, testPassword)
				mu.Lock()
				counts[r.Status]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if counts[http.StatusOK] != 10 {
			t.Fatalf("after four failures: %v", counts)
		}
	})
}

// TestRefreshOfDisabledAccount: refreshing a disabled account's session answers account_disabled.
func TestRefreshOfDisabledAccount(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		e := h.enterprise()
		s := h.must(h.tryLogin(e.Email, testPassword), http.StatusOK)
		admin := h.staff(domain.RoleAdmin)
		h.must(h.do("POST", fmt.Sprintf("/api/v1/users/%d/disable", e.ID), admin.Token, nil), http.StatusOK)
		r := h.do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": s.str("refresh_token")})
		if r.Status != http.StatusUnauthorized || r.code() != "account_disabled" {
			t.Fatalf("refresh of a disabled account: %d %s", r.Status, r.Raw)
		}
	})
}
