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
	db := testdb.New(t, repository.DialectSQLite)
	a, err := app.New(app.Config{DataDir: t.TempDir(), JWTSecret: "spa-secret-0123456789abcdef0123", Logger: discardLogger(), Frontend: dist}, db)
	if err != nil {
		t.Fatal(err)
	}
	api, err := a.API()
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, app: a, h: api.Handler()}
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
	if r := h.do("GET", "/api/v1/nothing", "", nil); r.Status != http.StatusNotFound || r.code() != "not_found" {
		t.Errorf("api 404 swallowed by the SPA: %d %s", r.Status, r.Raw)
	}
}
