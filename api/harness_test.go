package api_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"jiebang/cmd/app"
	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// T0 is the frozen start of every API test's clock: 2026-11-02 09:00 Beijing time, or the instant named by
// JIEBANG_TEST_CLOCK_START (to run the suite from a difficult day: the eve of a holiday, the year end). No test
// reads the real clock.
var T0 = testdb.Start()

// harness is a real application (real migrations, real database, test clock) behind an in-process handler.
type harness struct {
	t     *testing.T
	app   *app.App
	h     http.Handler
	clock *domain.ManualClock
	seq   atomic.Int64
	boss  *user
}

// eachDB runs fn against a fresh application on SQLite and, when configured, on PostgreSQL.
func eachDB(t *testing.T, fn func(t *testing.T, h *harness)) {
	t.Helper()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		fn(t, newHarnessOn(t, db))
	})
}

// newHarness is one application on SQLite.
func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessOn(t, testdb.New(t, repository.DialectSQLite))
}

func newHarnessOn(t *testing.T, db *repository.DB) *harness {
	t.Helper()
	return newHarnessWith(t, db, nil)
}

// newHarnessWith is one application on db with its configuration adjusted by tune.
func newHarnessWith(t *testing.T, db *repository.DB, tune func(c *app.Config)) *harness {
	t.Helper()
	clk := domain.NewFrozenClock(T0)
	cfg := app.Config{DataDir: t.TempDir(), JWTSecret: "test-secret-0123456789abcdef0123456789", TestClock: true,
		Clock: clk, Logger: discardLogger(), Placeholder: []byte("<html>placeholder</html>"), PasswordHash: cheapHash,
		RegistrationsPerHour: 100000}
	if tune != nil {
		tune(&cfg)
	}
	a, err := app.New(cfg, db)
	if err != nil {
		t.Fatalf("app: %v", err)
	}
	h, err := a.API()
	if err != nil {
		t.Fatalf("api: %v", err)
	}
	// Every answer is checked against the served OpenAPI document (contract_test.go).
	return &harness{t: t, app: a, h: checked(t, h.Handler()), clock: clk}
}

// resp is a decoded response.
type resp struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    []byte
	// Plain is Raw decompressed when the answer was sent with Content-Encoding: gzip (else nil).
	Plain []byte
}

// plain is the body as the client reads it after decompression.
func (r resp) plain() []byte {
	if r.Plain != nil {
		return r.Plain
	}
	return r.Raw
}

// gunzip decompresses a gzip body.
func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return io.ReadAll(zr)
}

// code returns error.code of an error body ("" when none).
func (r resp) code() string {
	if e, ok := r.Body["error"].(map[string]any); ok {
		s, _ := e["code"].(string)
		return s
	}
	return ""
}

// field returns error.details.fields[name] ("" when absent).
func (r resp) field(name string) string {
	e, _ := r.Body["error"].(map[string]any)
	d, _ := e["details"].(map[string]any)
	f, _ := d["fields"].(map[string]any)
	s, _ := f[name].(string)
	return s
}

// num returns a top-level number field as int64.
func (r resp) num(name string) int64 {
	f, _ := r.Body[name].(float64)
	return int64(f)
}

// str returns a top-level string field.
func (r resp) str(name string) string {
	s, _ := r.Body[name].(string)
	return s
}

// items returns the list envelope's items.
func (r resp) items() []map[string]any {
	raw, _ := r.Body["items"].([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, x := range raw {
		m, _ := x.(map[string]any)
		out = append(out, m)
	}
	return out
}

// do sends a request. body may be nil, a string (sent raw) or any value (sent as JSON).
func (h *harness) do(method, path, token string, body any, hdr ...string) resp {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i] == "X-Test-Remote-Addr" {
			req.RemoteAddr = hdr[i+1] // another client address
			continue
		}
		req.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.h.ServeHTTP(w, req)
	r := resp{Status: w.Code, Header: w.Header(), Raw: w.Body.Bytes()}
	if w.Header().Get("Content-Encoding") == "gzip" { // asked for with Accept-Encoding: Raw is what was sent
		plain, err := gunzip(r.Raw)
		if err != nil {
			h.t.Fatalf("%s %s: Content-Encoding: gzip, but %v", method, path, err)
		}
		r.Plain = plain
	}
	if strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		_ = json.Unmarshal(r.plain(), &r.Body)
	}
	return r
}

// must fails the test unless the response has the status.
func (h *harness) must(r resp, status int) resp {
	h.t.Helper()
	if r.Status != status {
		h.t.Fatalf("want status %d, got %d: %s", status, r.Status, string(r.Raw))
	}
	return r
}

// user is a logged-in test account.
type user struct {
	ID     int64
	OrgID  int64
	Email  string
	Token  string
	Role   domain.Role
	Credit string
}

// creditCode returns a valid, unique unified social credit code (GB 32100-2015 check character).
func (h *harness) creditCode() string {
	n := h.seq.Add(1)
	body := fmt.Sprintf("91110000%09dX", n)[:17]
	return body + string(checkChar(body))
}

func checkChar(body17 string) byte {
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(chars, body17[i]) * weights[i]
	}
	return chars[(31-sum%31)%31]
}

const testPassword = "Passw0rd-test"

// register creates a user of role (enterprise, team, expert) in a new organisation of orgType; verified asks
// the bureau to verify the organisation.
func (h *harness) register(role domain.Role, orgType string, verified bool) user {
	h.t.Helper()
	n := h.seq.Add(1)
	email := fmt.Sprintf("%s%d@example.cn", role, n)
	code := h.creditCode()
	r := h.must(h.do("POST", "/api/v1/auth/register", "", map[string]any{
		"email": email, "password": testPassword, "name": fmt.Sprintf("用户%d", n), "role": role,
		"org": map[string]any{"name": fmt.Sprintf("测试单位%d", n), "type": orgType, "credit_code": code},
	}), http.StatusCreated)
	u := user{ID: r.num("id"), Email: email, Role: role, Credit: code}
	if org, ok := r.Body["org"].(map[string]any); ok {
		u.OrgID = int64(org["id"].(float64))
	}
	if verified {
		h.must(h.do("POST", fmt.Sprintf("/api/v1/orgs/%d/verify", u.OrgID), h.bureau().Token, nil), http.StatusOK)
	}
	u.Token = h.login(email, testPassword)
	return u
}

// enterprise, team and expert are verified users of new organisations.
func (h *harness) enterprise() user { return h.register(domain.RoleEnterprise, "enterprise", true) }
func (h *harness) team() user       { return h.register(domain.RoleTeam, "university", true) }
func (h *harness) expert() user     { return h.register(domain.RoleExpert, "research_institute", true) }

var staffSeq atomic.Int64

// staff creates a bureau or admin account via the command-line use case and logs it in.
func (h *harness) staff(role domain.Role) user {
	h.t.Helper()
	email := fmt.Sprintf("%s-%d@kjj.gov.cn", role, staffSeq.Add(1))
	u, err := h.app.Accounts.CreateStaff(context.Background(), domain.System,
		account.StaffInput{Email: email, Password: testPassword, Name: "科技局" + string(role), Role: role})
	if err != nil {
		h.t.Fatalf("create %s: %v", role, err)
	}
	return user{ID: u.ID, Email: email, Role: role, Token: h.login(email, testPassword)}
}

// bureau returns the harness's bureau officer (created once; a harness belongs to one test goroutine).
func (h *harness) bureau() user {
	h.t.Helper()
	if h.boss == nil {
		u := h.staff(domain.RoleBureau)
		h.boss = &u
	}
	return *h.boss
}

// login returns an access token.
func (h *harness) login(email, password string) string {
	h.t.Helper()
	r := h.must(h.do("POST", "/api/v1/auth/login", "", map[string]any{"email": email, "password": password}), http.StatusOK)
	return r.str("access_token")
}

// advance moves the test clock through the API (running due work).
func (h *harness) advance(d time.Duration) {
	h.t.Helper()
	h.must(h.do("POST", "/api/v1/test/clock", "", map[string]any{"advance": d.String()}), http.StatusOK)
}
