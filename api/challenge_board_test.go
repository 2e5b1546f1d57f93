package api_test

import (
	"net/http"
	"reflect"
	"sort"
	"testing"
	"time"

	"jiebang/domain"
)

// TestPublicBoardHidesUnpublished: no state before publication (draft, submitted, returned, approved,
// rejected, cancelled before publication) is listed, filterable or readable by anyone but the owner
// organisation and the bureau; a challenge cancelled after publication stays public.
func TestPublicBoardHidesUnpublished(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, boss := h.enterprise(), h.bureau()
		validate := func(id int64, decision string) {
			h.must(h.do("POST", chPath(id, "validate"), boss.Token, map[string]any{"decision": decision, "opinion": "意见"}), http.StatusOK)
		}
		cancel := func(id int64) {
			h.must(h.do("POST", chPath(id, "cancel"), boss.Token, map[string]any{"reason": "企业撤回需求"}), http.StatusOK)
		}
		hidden := map[string]int64{"draft": h.chDraft(owner), "submitted": h.chSubmitted(owner), "approved": h.chApproved(owner)}
		hidden["returned"] = h.chSubmitted(owner)
		validate(hidden["returned"], "return")
		hidden["rejected"] = h.chSubmitted(owner)
		validate(hidden["rejected"], "reject")
		hidden["cancelled"] = h.chApproved(owner)
		cancel(hidden["cancelled"])
		published := h.chPublished(owner, 72*time.Hour)
		cancelledPublic := h.chPublished(owner, 72*time.Hour)
		cancel(cancelledPublic)
		wantPublic := []int64{cancelledPublic, published}
		sort.Slice(wantPublic, func(i, j int) bool { return wantPublic[i] > wantPublic[j] })

		viewers := map[string]string{"anonymous": "", "other enterprise": h.enterprise().Token, "team": h.team().Token,
			"expert": h.expert().Token, "admin": h.staff(domain.RoleAdmin).Token}
		for who, tok := range viewers {
			r := h.must(h.do("GET", "/api/v1/challenges?page_size=100", tok, nil), http.StatusOK)
			if got := chIDs(r); !reflect.DeepEqual(got, wantPublic) || r.num("total") != 2 {
				t.Errorf("%s sees %v (total %d), want %v", who, got, r.num("total"), wantPublic)
			}
			for st, id := range hidden {
				var want []int64 // only the challenge cancelled after publication is public among the cancelled
				if st == "cancelled" {
					want = []int64{cancelledPublic}
				}
				if r := h.must(h.do("GET", "/api/v1/challenges?status="+st, tok, nil), http.StatusOK); !reflect.DeepEqual(chIDs(r), want) ||
					r.num("total") != int64(len(want)) {
					t.Errorf("%s filtering status=%s: %s", who, st, r.Raw)
				}
				if r := h.do("GET", chPath(id), tok, nil); r.Status != http.StatusNotFound || r.code() != "not_found" {
					t.Errorf("%s reading the %s challenge: %d %s", who, st, r.Status, r.Raw)
				}
			}
		}
		for st, id := range hidden {
			if r := h.must(h.do("GET", chPath(id), owner.Token, nil), http.StatusOK); r.str("status") != st {
				t.Errorf("owner reads its %s challenge as %s", st, r.str("status"))
			}
		}
		if r := h.must(h.do("GET", "/api/v1/challenges?page_size=100", boss.Token, nil), http.StatusOK); r.num("total") != int64(len(hidden)+2) {
			t.Errorf("the bureau sees every state: total %d", r.num("total"))
		}
	})
}
