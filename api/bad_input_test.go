package api_test

import (
	"net/http"
	"testing"
	"time"
)

// TestTextThatNoDatabaseKeeps: a NUL character in any JSON string, or a query parameter that is not UTF-8
// or holds NUL, is refused before it reaches the database (PostgreSQL cannot store or compare either and
// answered 500). Nothing is stored.
func TestTextThatNoDatabaseKeeps(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ent, tm, bu := h.enterprise(), h.team(), h.bureau()
		ch := h.chPublished(ent, 72*time.Hour)
		bidID := h.bidDraft(tm, ch)
		before := h.must(h.do("GET", "/api/v1/challenges?scope=mine", ent.Token, nil), http.StatusOK).num("total")

		bodies := []struct {
			name, method, path, token, body, field string
		}{
			{"challenge title", "POST", "/api/v1/challenges", ent.Token, `{"title": "电机\u0000研制"}`, "title"},
			{"KPI name", "POST", "/api/v1/challenges", ent.Token, `{"kpis": [{"name": "ok"}, {"name": "x\u0000"}]}`, "kpis[1].name"},
			{"bid PI name", "PATCH", bidPath(bidID), tm.Token, `{"pi": {"name": "\u0000", "email": "a@b.cn"}}`, "pi.name"},
			{"login e-mail", "POST", "/api/v1/auth/login", "", `{"email": "a\u0000@b.cn", "password": "x1234567"}`, "email"},
			{"amendment", "POST", chPath(ch, "amendments"), bu.Token, `{"content": "更正\u0000"}`, "content"},
		}
		for _, b := range bodies {
			r := h.do(b.method, b.path, b.token, b.body)
			if r.Status != http.StatusUnprocessableEntity || r.code() != "validation_failed" || r.field(b.field) == "" {
				t.Errorf("%s: want 422 naming %s, got %d %s", b.name, b.field, r.Status, r.Raw)
			}
		}
		// An escaped backslash before "u0000" is ordinary text.
		h.must(h.do("POST", "/api/v1/challenges", ent.Token, `{"title": "路径 C:\\u0000"}`), http.StatusCreated)
		if after := h.must(h.do("GET", "/api/v1/challenges?scope=mine", ent.Token, nil), http.StatusOK).num("total"); after != before+1 {
			t.Errorf("challenges of the enterprise: %d, want %d (only the clean one stored)", after, before+1)
		}
		if got := h.must(h.do("GET", bidPath(bidID), tm.Token, nil), http.StatusOK).obj("pi")["name"]; got != "陈志远" {
			t.Errorf("bid PI name changed to %q", got)
		}

		for _, p := range []struct{ path, token string }{
			{"/api/v1/challenges?q=%00", ""},
			{"/api/v1/challenges?q=%ff%fe", ""},
			{"/api/v1/orgs?q=%00", bu.Token},
			{"/api/v1/orgs/lookup?credit_code=%ff", ""},
		} {
			if r := h.do("GET", p.path, p.token, nil); r.Status != http.StatusBadRequest || r.code() != "invalid_query" {
				t.Errorf("GET %s: want 400 invalid_query, got %d %s", p.path, r.Status, r.Raw)
			}
		}
	})
}

// TestHugeNumbers: numbers at the edge of int64 are refused with the field named, never wrapped round:
// two budget lines of MaxInt64 fen used to add up to a negative total that passed the funding cap, and an
// absurd page number used to show the first page.
func TestHugeNumbers(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ent, tm := h.enterprise(), h.team()
		ch := h.chPublished(ent, 72*time.Hour)
		bidID := h.bidDraft(tm, ch)
		r := h.do("PATCH", bidPath(bidID), tm.Token, `{"budget": [{"item": "设备费", "amount_fen": 9223372036854775807},
			{"item": "材料费", "amount_fen": 9223372036854775807}, {"item": "差旅费", "amount_fen": 2}]}`)
		if r.Status != http.StatusUnprocessableEntity || r.field("budget[0].amount_fen") == "" || r.field("budget[1].amount_fen") == "" {
			t.Errorf("huge budget lines: %d %s", r.Status, r.Raw)
		}
		if got := h.must(h.do("GET", bidPath(bidID), tm.Token, nil), http.StatusOK).num("budget_total_fen"); got != 180_000_000 {
			t.Errorf("budget total after the refused edit: %d", got)
		}

		r = h.must(h.do("GET", "/api/v1/challenges?page=9223372036854775807&page_size=100", "", nil), http.StatusOK)
		if n := len(r.items()); n != 0 || r.num("total") < 1 {
			t.Errorf("absurd page: %d items of %d, want none", n, r.num("total"))
		}
	})
}
