package api_test

import (
	"net/http"
	"testing"
	"time"
)

// TestSettingsDefaultsReachReview: the bureau's default panel size (limits.experts_per_item) is what a round
// opened without experts_per_item gets, at once and without a restart.
func TestSettingsDefaultsReachReview(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.bidsClosed(1, 3)
		boss := h.bureau()
		l := h.must(h.do("GET", "/api/v1/settings/limits", boss.Token, nil), http.StatusOK)
		limits := map[string]any{}
		for k, v := range l.Body {
			limits[k] = v
		}
		limits["experts_per_item"] = 3
		limits["notice_days"] = 7
		h.must(h.do("PUT", "/api/v1/settings/limits", boss.Token, limits), http.StatusOK)
		body := map[string]any{"kind": "bid_review", "deadline": h.clock.Now().Add(240 * time.Hour).Format(time.RFC3339)}
		r := h.must(h.do("POST", chPath(f.ch, "rounds"), boss.Token, body), http.StatusCreated)
		if got := r.num("experts_per_item"); got != 3 {
			t.Fatalf("experts_per_item = %d, want the bureau's default 3", got)
		}
	})
}
