package api_test

import (
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"jiebang/cmd/app"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

func TestSPAServesBuildWithCacheRules(t *testing.T) {
	t.Parallel()
	dist := fstest.MapFS{
		"index.html":           {Data: []byte("<!doctype html><div id=app></div>")},
		"assets/app-abc123.js": {Data: []byte("console.log(1)")},
		"favicon.svg":          {Data: []byte("<svg/>")},
	}
	h := spaHarness(t, dist)
	cases := []struct {
		path, cache, contains string
		status                int
	}{
		{"/", "no-cache", "id=app", 200},
		{"/challenges/3/edit", "no-cache", "id=app", 200},
		{"/assets/app-abc123.js", "immutable", "console.log", 200},
		{"/favicon.svg", "max-age=3600", "svg", 200},
		{"/assets/missing-123.js", "", "not found", 404},
	}
	for _, tc := range cases {
		r := h.do("GET", tc.path, "", nil)
		if r.Status != tc.status || !strings.Contains(r.Header.Get("Cache-Control"), tc.cache) || !strings.Contains(string(r.Raw), tc.contains) {
			t.Errorf("%s: %d cache=%q body=%.40q", tc.path, r.Status, r.Header.Get("Cache-Control"), r.Raw)
		}
	}
	for _, m := range []string{"GET", "HEAD", "POST"} {
		for _, p := range []string{"/api", "/api/", "/api/v1/nothing", "/api/v2/challenges", "/api/v1/challenges/3/nothing",
			"/debug", "/debug/", "/debug/pprof/", "/debug/pprof/heap", "/debug/vars"} {
			r := h.do(m, p, "", nil)
			if r.Status != http.StatusNotFound || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") ||
				(m != "HEAD" && r.code() != "not_found") || strings.Contains(string(r.Raw), "id=app") {
				t.Errorf("%s %s: want the JSON 404, got %d %q %.60q", m, p, r.Status, r.Header.Get("Content-Type"), r.Raw)
			}
		}
	}
	// Paths that merely begin with the same letters are the web app's.
	for _, p := range []string{"/apiary", "/debugging"} {
		if r := h.do("GET", p, "", nil); r.Status != http.StatusOK || !strings.Contains(string(r.Raw), "id=app") {
			t.Errorf("%s: want the web app, got %d %.60q", p, r.Status, r.Raw)
		}
	}
}

// spaHarness is a server whose web app is dist.
func spaHarness(t *testing.T, dist fstest.MapFS) *harness {
	t.Helper()
	db := testdb.New(t, repository.DialectSQLite)
	a, err := app.New(app.Config{DataDir: t.TempDir(), JWTSecret: "spa-secret-0123456789abcdef0123", Logger: discardLogger(), Frontend: dist}, db)
	if err != nil {
		t.Fatal(err)
	}
	api, err := a.API()
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, app: a, h: checked(t, api.Handler())}
}
