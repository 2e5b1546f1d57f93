package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestContractCheckCatchesWhatTheDocumentDoesNotDeclare: the check that every API test runs on every answer
// fails on an undeclared status, a field of the wrong type or a null where none is declared, an undeclared
// content type, a body where none is declared and an answer on a path the document lacks; it passes the same
// operations' declared answers.
func TestContractCheckCatchesWhatTheDocumentDoesNotDeclare(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	c := h.h.(checkedHandler).c
	answer := func(method, path string, status int, ctype, body string) string {
		rec := httptest.NewRecorder()
		if ctype != "" {
			rec.Header().Set("Content-Type", ctype)
		}
		rec.WriteHeader(status)
		_, _ = rec.WriteString(body)
		return c.check(httptest.NewRequest(method, path, nil), rec)
	}
	user := `{"id":1,"email":"a@b.cn","name":"n","role":"bureau","org":null,"disabled":false,"membership":"active",` +
		`"org_admin":false,"membership_note":"","mfa_enabled":false,"expert_fields":null,"created_at":"2026-11-02T01:00:00Z","actions":null}`
	const js = "application/json; charset=utf-8"
	errBody := `{"error":{"code":"x","message":"m"}}`
	good := []struct {
		method, path string
		status       int
		ctype, body  string
	}{
		{"GET", "/api/v1/me", 200, js, user},
		{"GET", "/api/v1/me", 401, js, errBody},
		{"GET", "/api/v1/bids/1/attachments/2", 200, "application/pdf", "%PDF-1.4"},
		{"POST", "/api/v1/auth/logout", 204, "", ""},
		{"GET", "/api/v1/no/such/path", 404, js, `{"error":{"code":"not_found","message":"m"}}`},
	}
	for _, g := range good {
		if msg := answer(g.method, g.path, g.status, g.ctype, g.body); msg != "" {
			t.Errorf("declared answer refused: %s", msg)
		}
	}
	bad := []struct {
		name, method, path string
		status             int
		ctype, body, want  string
	}{
		{"undeclared status", "GET", "/api/v1/me", 418, js, errBody, "418"},
		{"409 on a read that declares none", "GET", "/api/v1/me", 409, js, errBody, "409"},
		{"wrong field type", "GET", "/api/v1/me", 200, js, strings.Replace(user, `"id":1`, `"id":"1"`, 1), "id"},
		{"null where none is declared", "GET", "/api/v1/me", 200, js, strings.Replace(user, `"name":"n"`, `"name":null`, 1), "name"},
		{"missing required field", "GET", "/api/v1/me", 200, js, strings.Replace(user, `"email":"a@b.cn",`, "", 1), "email"},
		{"error body without code", "GET", "/api/v1/me", 401, js, `{"error":{"message":"m"}}`, "code"},
		{"undeclared content type", "GET", "/api/v1/bids/1/attachments/2", 200, "text/html", "<html>", "text/html"},
		{"body where none is declared", "POST", "/api/v1/auth/logout", 204, js, `{}`, "without a body"},
		{"answer on an undocumented path", "GET", "/api/v1/no/such/path", 200, js, `{}`, "matches no operation"},
	}
	for _, b := range bad {
		msg := answer(b.method, b.path, b.status, b.ctype, b.body)
		if msg == "" || !strings.Contains(msg, b.want) {
			t.Errorf("%s: not caught as it should be (want %q in the message): %q", b.name, b.want, msg)
		}
	}
	_ = http.StatusOK
}
