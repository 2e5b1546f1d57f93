package api_test

import (
	"net/http"
	"testing"
	"time"
)

// TestMyBidsShowEachChallengesTitle: the organisation's bids, listed with their challenges read for the whole
// page at once, each carry the title of their own challenge.
func TestMyBidsShowEachChallengesTitle(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ent, tm, boss := h.enterprise(), h.team(), h.bureau()
		titles := map[int64]string{}
		for _, title := range []string{"海上风电主轴承国产化", "动力电池回收再利用"} {
			id := h.chDraft(ent)
			h.must(h.do("PATCH", chPath(id), ent.Token, map[string]any{"title": title}), http.StatusOK)
			h.must(h.do("POST", chPath(id, "submit"), ent.Token, nil), http.StatusOK)
			h.must(h.do("POST", chPath(id, "validate"), boss.Token, map[string]any{"decision": "approve"}), http.StatusOK)
			h.must(h.do("POST", chPath(id, "publish"), boss.Token,
				map[string]any{"bid_deadline": h.clock.Now().Add(72 * time.Hour).Format(time.RFC3339)}), http.StatusOK)
			titles[h.bidDraft(tm, id)] = title
		}
		r := h.must(h.do("GET", "/api/v1/me/bids", tm.Token, nil), http.StatusOK)
		items := r.items()
		if len(items) != 2 {
			t.Fatalf("my bids: %s", r.Raw)
		}
		for _, it := range items {
			id := int64(it["id"].(float64))
			if it["challenge_title"] != titles[id] || it["lead_org_name"] == "" {
				t.Errorf("bid %d: challenge_title %q, want %q (lead_org_name %q)", id, it["challenge_title"], titles[id], it["lead_org_name"])
			}
		}
	})
}
