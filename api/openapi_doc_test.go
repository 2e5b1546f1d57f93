package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
)

// committedDoc is the OpenAPI document the frontend's types are generated from (make api-types).
const committedDoc = "../frontend/openapi.json"

// TestOpenAPIDocumentIsCommitted fails when the served document differs from the committed copy, so the typed
// frontend client (generated from that copy, and checked against it by `npm run check:api-types`) cannot drift
// from the server, and when docs/api.md's endpoint index misses or misstates an operation (apidoc_test.go). JIEBANG_UPDATE_OPENAPI=1 rewrites the copy (make api-types does).
func TestOpenAPIDocumentIsCommitted(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	r := h.must(h.do("GET", "/api/v1/openapi.json", "", nil), http.StatusOK)
	served := append(bytes.TrimSpace(r.Raw), '\n')
	update := os.Getenv("JIEBANG_UPDATE_OPENAPI") == "1"
	if msg, err := checkAPIDoc(served, update); err != nil {
		t.Fatal(err)
	} else if msg != "" {
		t.Error(msg)
	}
	if update {
		if err := os.WriteFile(committedDoc, served, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	committed, err := os.ReadFile(committedDoc)
	if err != nil {
		t.Fatalf("%v: run `make api-types`", err)
	}
	if !bytes.Equal(committed, served) {
		t.Fatalf("frontend/openapi.json is stale (the served OpenAPI document changed): run `make api-types` and commit " +
			"frontend/openapi.json and frontend/src/api/schema.d.ts")
	}
}

// TestOpenAPIOperationsHaveIDsAndSecurity checks what client generators rely on: a unique operationId on every
// operation, servers, and either the bearer scheme or an explicit empty security list.
func TestOpenAPIOperationsHaveIDsAndSecurity(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	r := h.must(h.do("GET", "/api/v1/openapi.json", "", nil), http.StatusOK)
	var doc struct {
		Servers []map[string]any                     `json:"servers"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(r.Raw, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Servers) == 0 {
		t.Fatal("no servers")
	}
	seen := map[string]string{}
	for path, ops := range doc.Paths {
		for method, o := range ops {
			id, _ := o["operationId"].(string)
			if id == "" {
				t.Errorf("%s %s has no operationId", method, path)
			}
			if prev, dup := seen[id]; dup {
				t.Errorf("operationId %s used by %s and %s %s", id, prev, method, path)
			}
			seen[id] = method + " " + path
			sec, ok := o["security"].([]any)
			if !ok {
				t.Errorf("%s %s has no security", method, path)
				continue
			}
			public := strings.HasPrefix(path, "/api/v1/auth/") && path != "/api/v1/auth/logout" ||
				path == "/api/v1/openapi.json" || (method == "get" && path == "/api/v1/challenges")
			if public && len(sec) != 0 {
				t.Errorf("%s %s is public but declares %v", method, path, sec)
			}
		}
	}
	if id := seen["getChallengesByIdBids"]; id != "get /api/v1/challenges/{id}/bids" {
		t.Errorf("derived id: %q", id)
	}
}
