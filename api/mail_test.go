package api_test

import (
	"testing"
)

func TestMailEndpoints(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	boss, ent := h.bureau(), h.enterprise()
	h.chSubmitted(ent) // the bureau receives a notification of kind challenge.submitted
	cases := []struct {
		name, method, path, tok string
		body                    any
		status                  int
		code, field             string
	}{
		{"prefs need login", "GET", "/api/v1/me/mail-prefs", "", nil, 401, "unauthenticated", ""},
		{"prefs", "GET", "/api/v1/me/mail-prefs", ent.Token, nil, 200, "", ""},
		{"bad lang", "PUT", "/api/v1/me/mail-prefs", ent.Token, map[string]any{"lang": "fr", "muted": []string{}}, 422, "validation_failed", "lang"},
		{"blank kind", "PUT", "/api/v1/me/mail-prefs", ent.Token, map[string]any{"lang": "en", "muted": []string{" "}}, 422, "validation_failed", "muted[0]"},
		{"malformed", "PUT", "/api/v1/me/mail-prefs", ent.Token, `{"lang":`, 400, "malformed_json", ""},
		{"save", "PUT", "/api/v1/me/mail-prefs", boss.Token, map[string]any{"lang": "en", "muted": []string{"challenge.submitted"}}, 200, "", ""},
		{"undelivered needs login", "GET", "/api/v1/mail/undelivered", "", nil, 401, "unauthenticated", ""},
		{"undelivered is the bureau's", "GET", "/api/v1/mail/undelivered", ent.Token, nil, 403, "forbidden", ""},
		{"undelivered", "GET", "/api/v1/mail/undelivered", boss.Token, nil, 200, "", ""},
	}
	for _, tc := range cases {
		r := h.do(tc.method, tc.path, tc.tok, tc.body)
		if r.Status != tc.status || r.code() != tc.code {
			t.Fatalf("%s: want %d %q, got %d %s", tc.name, tc.status, tc.code, r.Status, r.Raw)
		}
		if tc.field != "" && r.field(tc.field) == "" {
			t.Fatalf("%s: no message for %s: %s", tc.name, tc.field, r.Raw)
		}
	}
	r := h.must(h.do("GET", "/api/v1/me/mail-prefs", boss.Token, nil), 200)
	if r.Body["enabled"] != false || r.str("lang") != "en" || len(r.Body["muted"].([]any)) != 1 ||
		r.Body["kinds"].([]any)[0] != "challenge.submitted" {
		t.Fatalf("prefs: %s", r.Raw)
	}
}
