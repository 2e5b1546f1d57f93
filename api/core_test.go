package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"jiebang/cmd/app"
	"jiebang/domain"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

func TestOpenAPIDocumentCoversEveryRoute(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	r := h.must(h.do("GET", "/api/v1/openapi.json", "", nil), http.StatusOK)
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(r.Raw, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	api, err := h.app.API()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, rt := range api.Engine().Routes() {
		if !strings.HasPrefix(rt.Path, "/api/") {
			continue
		}
		n++
		p := rt.Path
		for _, seg := range strings.Split(p, "/") {
			if strings.HasPrefix(seg, ":") {
				p = strings.Replace(p, seg, "{"+seg[1:]+"}", 1)
			}
		}
		ops, ok := doc.Paths[p]
		if !ok {
			t.Errorf("route %s %s is missing from the OpenAPI document", rt.Method, p)
			continue
		}
		if _, ok := ops[strings.ToLower(rt.Method)]; !ok {
			t.Errorf("method %s of %s is missing from the OpenAPI document", rt.Method, p)
		}
	}
	if n < 4 {
		t.Fatalf("only %d API routes found", n)
	}
}

func TestCoreHTTPBehaviour(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	cases := []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"unknown api path is JSON 404", "GET", "/api/v1/no-such-thing", nil, 404, "not_found"},
		{"unknown api method path is JSON 404", "DELETE", "/api/v1/openapi.json", nil, 404, "not_found"},
		{"audit needs login", "GET", "/api/v1/audit", nil, 401, "unauthenticated"},
		{"audit verify needs login", "GET", "/api/v1/audit/verify", nil, 401, "unauthenticated"},
		{"clock read", "GET", "/api/v1/test/clock", nil, 200, ""},
		{"clock malformed", "POST", "/api/v1/test/clock", `{"advance":`, 400, "malformed_json"},
		{"clock wrong type", "POST", "/api/v1/test/clock", `{"advance": 5}`, 400, "malformed_json"},
		{"clock negative", "POST", "/api/v1/test/clock", map[string]any{"advance": "-1h"}, 422, "validation_failed"},
		{"clock garbage", "POST", "/api/v1/test/clock", map[string]any{"advance": "soon"}, 422, "validation_failed"},
		{"clock empty body", "POST", "/api/v1/test/clock", "", 400, "malformed_json"},
		{"invalid bearer", "GET", "/api/v1/openapi.json", nil, 401, "invalid_token"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var r resp
			if tc.name == "invalid bearer" {
				r = h.do(tc.method, tc.path, "", tc.body, "Authorization", "Basic abc")
			} else {
				r = h.do(tc.method, tc.path, "", tc.body)
			}
			if r.Status != tc.status || r.code() != tc.code {
				t.Fatalf("want %d %q, got %d %q: %s", tc.status, tc.code, r.Status, r.code(), r.Raw)
			}
			if r.Status >= 400 {
				e := r.Body["error"].(map[string]any)
				if msg, _ := e["message"].(string); msg == "" {
					t.Fatalf("error without message: %s", r.Raw)
				}
			}
		})
	}
}

func TestErrorMessagesFollowAcceptLanguage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	zh := h.do("GET", "/api/v1/no-such-thing", "", nil)
	en := h.do("GET", "/api/v1/no-such-thing", "", nil, "Accept-Language", "en-US,en;q=0.9")
	zm := zh.Body["error"].(map[string]any)["message"].(string)
	em := en.Body["error"].(map[string]any)["message"].(string)
	if zm == em || !strings.Contains(em, "endpoint") {
		t.Fatalf("zh %q en %q", zm, em)
	}
	r := h.do("POST", "/api/v1/test/clock", "", map[string]any{"advance": "x"}, "Accept-Language", "en")
	if !strings.Contains(r.field("advance"), "duration") {
		t.Fatalf("english field message: %s", r.Raw)
	}
}

func TestTestClockAdvances(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	r := h.must(h.do("POST", "/api/v1/test/clock", "", map[string]any{"advance": "72h"}), http.StatusOK)
	now, err := time.Parse(time.RFC3339Nano, r.str("now"))
	if err != nil || !now.Equal(T0.Add(72*time.Hour)) {
		t.Fatalf("now %v (%v), want %v", now, err, T0.Add(72*time.Hour))
	}
	r = h.must(h.do("POST", "/api/v1/test/clock", "", map[string]any{"advance": "0s"}), http.StatusOK)
	if r.str("now") == "" {
		t.Fatal("no time")
	}
	if got := h.must(h.do("GET", "/api/v1/test/clock", "", nil), 200).str("now"); !strings.HasPrefix(got, "2026-11-05") {
		t.Fatalf("clock read %s", got)
	}
}

func TestTestClockAbsentWithoutFlag(t *testing.T) {
	t.Parallel()
	db := testdb.New(t, repository.DialectSQLite)
	a, err := app.New(app.Config{DataDir: t.TempDir(), JWTSecret: "x-secret-0123456789abcdef0123456789", Logger: discardLogger()}, db)
	if err != nil {
		t.Fatal(err)
	}
	api, err := a.API()
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, app: a, h: checked(t, api.Handler())}
	for _, m := range []string{"GET", "POST"} {
		if r := h.do(m, "/api/v1/test/clock", "", map[string]any{"advance": "1h"}); r.Status != 404 {
			t.Fatalf("%s test clock without the flag: %d", m, r.Status)
		}
	}
}

func TestTestClockRefusedInProduction(t *testing.T) {
	t.Parallel()
	db := testdb.New(t, repository.DialectSQLite)
	_, err := app.New(app.Config{DataDir: t.TempDir(), Env: "production", TestClock: true, Logger: discardLogger()}, db)
	if err == nil {
		t.Fatal("test clock accepted in production")
	}
}

func TestHealthReadinessMetricsHeaders(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	r := h.must(h.do("GET", "/healthz", "", nil), 200)
	for _, hd := range []string{"X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy", "X-Request-Id"} {
		if r.Header.Get(hd) == "" {
			t.Errorf("missing header %s", hd)
		}
	}
	if r := h.do("GET", "/healthz", "", nil, "X-Request-ID", "abc-123"); r.Header.Get("X-Request-Id") != "abc-123" {
		t.Errorf("request id not echoed: %q", r.Header.Get("X-Request-Id"))
	}
	if r := h.must(h.do("GET", "/readyz", "", nil), 200); r.str("database") != "up" {
		t.Fatalf("readyz: %s", r.Raw)
	}
	if m := h.do("GET", "/metrics", "", nil); m.Status != http.StatusNotFound || strings.Contains(string(m.Raw), "jiebang_http_requests_total") {
		t.Fatalf("metrics on the public address: %d", m.Status)
	}
	if p := h.do("GET", "/debug/pprof/", "", nil); strings.Contains(string(p.Raw), "goroutine") {
		t.Fatalf("the profiler on the public address: %d %s", p.Status, p.Raw)
	}
	api, err := h.app.API()
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	api.MetricsHandler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	if !strings.Contains(w.Body.String(), "jiebang_http_requests_total") || !strings.Contains(w.Body.String(), "go_sql_") {
		t.Fatalf("metrics missing counters")
	}
}

func TestReadinessFailsWhenDatabaseIsDown(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	if err := h.app.DB.Close(); err != nil {
		t.Fatal(err)
	}
	if r := h.do("GET", "/readyz", "", nil); r.Status != http.StatusServiceUnavailable {
		t.Fatalf("readyz with a closed database: %d", r.Status)
	}
}

func TestSPAFallbackNeverSwallowsAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	r := h.must(h.do("GET", "/challenges/12", "", nil), 200)
	if !strings.Contains(string(r.Raw), "placeholder") || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("spa fallback: %s", r.Raw)
	}
	if r := h.do("GET", "/api/v1/challengez", "", nil); r.Status != 404 || r.code() != "not_found" {
		t.Fatalf("api path swallowed: %d %s", r.Status, r.Raw)
	}
}

func TestOversizedBodyIs413(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	big := `{"advance":"` + strings.Repeat("1", 11<<20) + `"}`
	r := h.do("POST", "/api/v1/test/clock", "", big)
	if r.Status != http.StatusRequestEntityTooLarge || r.code() != "body_too_large" {
		t.Fatalf("oversized body: %d %s", r.Status, r.code())
	}
	h.must(h.do("GET", "/healthz", "", nil), 200)
}

var _ = domain.RoleBureau

func TestPanicAnswersContractErrorWithoutStack(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a, err := h.app.API()
	if err != nil {
		t.Fatal(err)
	}
	a.Engine().GET("/api/v1/boom-for-test", func(*gin.Context) { panic("kaboom secret detail") })
	h.h = a.Handler()
	r := h.do("GET", "/api/v1/boom-for-test", "", nil)
	if r.Status != http.StatusInternalServerError || r.code() != "internal" {
		t.Fatalf("panic: %d %s", r.Status, r.Raw)
	}
	if strings.Contains(string(r.Raw), "kaboom") || strings.Contains(string(r.Raw), "goroutine") {
		t.Fatalf("panic details leaked: %s", r.Raw)
	}
	h.must(h.do("GET", "/healthz", "", nil), http.StatusOK)
}
