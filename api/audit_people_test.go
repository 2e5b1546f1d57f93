package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"jiebang/domain"
)

// TestAuditPeople: the register's person filter finds accounts by part of a name or an e-mail, with their
// organisation, for the bureau and the administrator only; an empty or overlong search is a 400.
func TestAuditPeople(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		team := h.team()
		boss, admin := h.bureau(), h.staff(domain.RoleAdmin)
		people := func(token, q string) resp {
			return h.do("GET", "/api/v1/audit/people?q="+url.QueryEscape(q), token, nil)
		}
		list := func(r resp) []map[string]any {
			var out []map[string]any
			if err := json.Unmarshal(r.Raw, &out); err != nil {
				t.Fatalf("not a list: %s", r.Raw)
			}
			return out
		}
		for _, tok := range []string{boss.Token, admin.Token} {
			r := h.must(people(tok, team.Email), http.StatusOK)
			got := list(r)
			if len(got) != 1 || num(got[0], "id") != team.ID || got[0]["email"] != team.Email || got[0]["role"] != "team" ||
				!strings.HasPrefix(got[0]["org_name"].(string), "测试单位") {
				t.Fatalf("by e-mail: %s", r.Raw)
			}
		}
		// By part of the name: every harness user is named 用户N; at most 20 come back.
		r := h.must(people(boss.Token, "用户"), http.StatusOK)
		if n := len(list(r)); n < 1 || n > 20 {
			t.Fatalf("by name: %d results", n)
		}
		if r := h.must(people(boss.Token, "nobody-by-this-name"), http.StatusOK); len(list(r)) != 0 || string(r.Raw) != "[]" {
			t.Fatalf("no match: %s", r.Raw)
		}
		check(t, "empty", people(boss.Token, "  "), http.StatusBadRequest, "invalid_query")
		check(t, "too long", people(boss.Token, strings.Repeat("长", 101)), http.StatusBadRequest, "invalid_query")
		check(t, "team", people(team.Token, "用户"), http.StatusForbidden, "forbidden")
		check(t, "anonymous", people("", "用户"), http.StatusUnauthorized, "unauthenticated")
	})
}
