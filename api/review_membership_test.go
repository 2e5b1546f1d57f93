package api_test

import (
	"net/http"
	"testing"

	"jiebang/domain"
)

// TestReviewPendingExpertNotInPool: an expert who registered with an organisation's credit code but was not
// approved by it claims an affiliation nobody confirmed: it is not in the pool, is never drawn, and sees no
// assignments (a probe found such accounts drawn and reading sealed bids).
func TestReviewPendingExpertNotInPool(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.bidsClosed(1, 2)
		pending := h.requestJoin(domain.RoleExpert, f.experts[0])
		p := h.must(h.do("PUT", "/api/v1/me/expert-profile", pending.Token,
			map[string]any{"fields": []string{"equipment"}, "conflicts": []any{}}), http.StatusOK)
		if p.Body["in_pool"] != false {
			t.Fatalf("a pending expert is in the pool: %v", p.Body)
		}
		boss := h.bureau()
		r := h.must(h.do("POST", chPath(f.ch, "rounds"), boss.Token, h.roundBody(3)), http.StatusCreated)
		// two approved experts and a pending one: a panel of three cannot be staffed
		h.must(h.do("POST", roundPath(r.num("id"), "assign"), boss.Token, map[string]any{"seed": 1}), http.StatusConflict)
		if a := h.do("GET", "/api/v1/me/assignments", pending.Token, nil); a.Status != http.StatusForbidden {
			t.Fatalf("pending expert's assignments: %d %s", a.Status, string(a.Raw))
		}
		h.must(h.do("PATCH", roundPath(r.num("id")), boss.Token, h.roundBody(1)), http.StatusOK)
		h.must(h.do("POST", roundPath(r.num("id"), "assign"), boss.Token, map[string]any{"seed": 1}), http.StatusOK)
	})
}
