package api_test

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"jiebang/cmd/app"
	"jiebang/domain"
	"jiebang/repository"
	"jiebang/repository/testdb"
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
		known := h.enterprise() // has logged in from this address
		fresh := h.registerOnly(domain.RoleTeam)
		// Twenty failures on twenty different (unknown) accounts from one address.
		for i := range 20 {
			h.must(h.tryLogin(fmt.Sprintf("guess%d@example.cn", i), "Wrong-pass1"), http.StatusUnauthorized)
			if i == 9 {
				h.advance(5 * time.Minute)
			}
		}
		// An account that never logged in from here is throttled with the address...
		r := h.tryLogin(fresh, testPassword)
		if r.Status != http.StatusTooManyRequests || r.code() != "rate_limited" || r.Header.Get("Retry-After") == "" {
			t.Fatalf("want 429 with Retry-After, got %d %v %s", r.Status, r.Header, r.Raw)
		}
		// ...one that has logged in from here before is not (people behind one NAT keep working).
		for i := range 60 {
			if r := h.tryLogin(known.Email, testPassword); r.Status != http.StatusOK {
				t.Fatalf("known account, login %d in a throttled address's minute: %d %s", i, r.Status, r.Raw)
			}
		}
		// The window slides: when the first ten failures leave it, the address may try again.
		secs, _ := strconv.Atoi(r.Header.Get("Retry-After"))
		if secs < 590 || secs > 600 {
			t.Fatalf("Retry-After %d, want about 600", secs)
		}
		h.advance(time.Duration(secs) * time.Second)
		h.must(h.tryLogin(fresh, testPassword), http.StatusOK)
	})
}

// registerOnly registers a user in a new (unverified) organisation without logging it in; it returns the e-mail.
func (h *harness) registerOnly(role domain.Role) string {
	h.t.Helper()
	n := h.seq.Add(1)
	email := fmt.Sprintf("fresh%d@example.cn", n)
	h.must(h.do("POST", "/api/v1/auth/register", "", map[string]any{
		"email": email, "password": testPassword, "name": fmt.Sprintf("新用户%d", n), "role": role,
		"org": map[string]any{"name": fmt.Sprintf("新单位%d", n), "type": "university", "credit_code": h.creditCode()},
	}), http.StatusCreated)
	return email
}

// burst sends the passwords as parallel logins of one account and counts the answers by status.
func (h *harness) burst(email string, passwords []string) map[int]int {
	var mu sync.Mutex
	counts := map[int]int{}
	var wg sync.WaitGroup
	for _, p := range passwords {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := h.tryLogin(email, p)
			mu.Lock()
			counts[r.Status]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return counts
}

// TestLoginThrottleBurst: of 40 parallel wrong passwords at most the limit (5) reach the password check; the
// right password inside a burst on a locked account is refused like the rest.
func TestLoginThrottleBurst(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		e := h.enterprise()
		wrong := make([]string, 40)
		for i := range wrong {
			wrong[i] = fmt.Sprintf("Wrong-pass%d", i)
		}
		c := h.burst(e.Email, wrong)
		if c[http.StatusUnauthorized] > 5 || c[http.StatusUnauthorized]+c[http.StatusTooManyRequests] != 40 {
			t.Fatalf("40 parallel wrong passwords: %v, want at most 5 checked (401) and the rest 429", c)
		}
		mixed := append(wrong[:39:39], testPassword)
		if c := h.burst(e.Email, mixed); c[http.StatusOK] != 0 || c[http.StatusTooManyRequests] != 40 {
			t.Fatalf("burst with the right password on a locked account: %v", c)
		}
	})
}

// TestRegistrationLimitPerAddress: a limited number of registrations per address and hour, 429 with
// Retry-After beyond, also under a parallel burst.
func TestRegistrationLimitPerAddress(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		h := newHarnessWith(t, db, func(c *app.Config) { c.RegistrationsPerHour = 5 })
		var wg sync.WaitGroup
		var mu sync.Mutex
		counts := map[int]int{}
		for i := range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := h.do("POST", "/api/v1/auth/register", "", map[string]any{
					"email": fmt.Sprintf("dept%d@example.cn", i), "password": testPassword, "name": "系里同事", "role": "team",
					"org": map[string]any{"name": fmt.Sprintf("单位%d", i), "type": "university", "credit_code": h.creditCode()}})
				mu.Lock()
				counts[r.Status]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if counts[http.StatusCreated] != 5 || counts[http.StatusTooManyRequests] != 7 {
			t.Fatalf("12 parallel registrations with a limit of 5: %v", counts)
		}
		r := h.do("POST", "/api/v1/auth/register", "", map[string]any{"email": "late@example.cn", "password": testPassword,
			"name": "迟到", "role": "team", "org": map[string]any{"name": "迟到单位", "type": "university", "credit_code": h.creditCode()}})
		secs, _ := strconv.Atoi(r.Header.Get("Retry-After"))
		if r.Status != http.StatusTooManyRequests || r.code() != "rate_limited" || secs < 3590 || secs > 3600 {
			t.Fatalf("over the limit: %d %q %s", r.Status, r.Header.Get("Retry-After"), r.Raw)
		}
		// Another address is not affected.
		r = h.do("POST", "/api/v1/auth/register", "", map[string]any{"email": "other@example.cn", "password": testPassword,
			"name": "别处", "role": "team", "org": map[string]any{"name": "别处单位", "type": "university", "credit_code": h.creditCode()}},
			"X-Test-Remote-Addr", "198.51.100.7:4000")
		if r.Status != http.StatusCreated {
			t.Fatalf("another address: %d %s", r.Status, r.Raw)
		}
		h.advance(time.Hour)
		h.must(h.do("POST", "/api/v1/auth/register", "", map[string]any{"email": "next@example.cn", "password": testPassword,
			"name": "一小时后", "role": "team", "org": map[string]any{"name": "后来单位", "type": "university", "credit_code": h.creditCode()}}),
			http.StatusCreated)
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
