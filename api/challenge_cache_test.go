package api_test

import (
	"net/http"
	"testing"
	"time"
)

// TestBoardListsSummariesAndDetailFollowsChanges: list items carry summary instead of the long texts; the
// public detail (served from the cache after its first read) shows an amendment and a state change at once.
func TestBoardListsSummariesAndDetailFollowsChanges(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, boss := h.enterprise(), h.bureau()
		id := h.chPublished(owner, 72*time.Hour)
		r := h.must(h.do("GET", "/api/v1/challenges?q=永磁", "", nil), http.StatusOK)
		items := r.items()
		if len(items) != 1 || r.num("total") != 1 {
			t.Fatalf("search: %s", r.Raw)
		}
		it := items[0]
		if it["summary"] != chBody()["problem"] || it["title"] != chBody()["title"] {
			t.Errorf("summary %q", it["summary"])
		}
		for _, long := range []string{"background", "problem", "deliverables", "ip_terms", "eligibility"} {
			if _, ok := it[long]; ok {
				t.Errorf("list item carries %s", long)
			}
		}
		if kpis, _ := it["kpis"].([]any); len(kpis) != 2 {
			t.Errorf("list item kpis %v", it["kpis"])
		}
		team := h.team()
		for range 2 { // the second read comes from the cache
			if d := h.must(h.do("GET", chPath(id), team.Token, nil), http.StatusOK); d.str("problem") != chBody()["problem"] {
				t.Fatalf("detail: %s", d.Raw)
			}
		}
		h.must(h.do("POST", chPath(id, "amendments"), boss.Token, map[string]any{"content": "截止时间不变，补充检测标准"}), http.StatusCreated)
		d := h.must(h.do("GET", chPath(id), team.Token, nil), http.StatusOK)
		if ams, _ := d.Body["amendments"].([]any); len(ams) != 1 {
			t.Fatalf("amendment not shown after the cached read: %s", d.Raw)
		}
		h.must(h.do("POST", chPath(id, "cancel"), boss.Token, map[string]any{"reason": "企业撤回需求"}), http.StatusOK)
		if d := h.must(h.do("GET", chPath(id), "", nil), http.StatusOK); d.str("status") != "cancelled" || d.str("cancel_reason") != "企业撤回需求" {
			t.Fatalf("state change not shown after the cached read: %s", d.Raw)
		}
	})
}
