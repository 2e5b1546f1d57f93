package api_test

import (
	"net/http"
	"testing"
	"time"
)

// scoreRound has every expert score each pending assignment of the round with score(bid, racer), then closes
// the round.
func (h *harness) scoreRound(round int64, experts []user, score func(bidID, racerID int64) int) {
	h.t.Helper()
	var names []string
	for _, c := range h.must(h.do("GET", roundPath(round), h.bureau().Token, nil), http.StatusOK).Body["rubric"].([]any) {
		names = append(names, c.(map[string]any)["name"].(string))
	}
	for _, e := range experts {
		r := h.must(h.do("GET", "/api/v1/me/assignments?page_size=100", e.Token, nil), http.StatusOK)
		for _, it := range r.items() {
			if it["status"] != "pending" || int64(it["round_id"].(float64)) != round {
				continue
			}
			x := score(int64(it["bid_id"].(float64)), int64(it["racer_id"].(float64)))
			scores := map[string]int{}
			for _, n := range names {
				scores[n] = x
			}
			h.must(h.do("POST", asgPath(int64(it["id"].(float64)), "score"), e.Token,
				map[string]any{"scores": scores, "comment": "按任务书推进"}), http.StatusOK)
		}
	}
	h.must(h.do("POST", roundPath(round, "close"), h.bureau().Token, nil), http.StatusOK)
}

// TestRaceWithReviewEngine drives the race from the real review engine: the ranking of a closed bid review
// feeds the selection, and a closed stage_review round's scores feed the stage proposal.
func TestRaceWithReviewEngine(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.bidsClosed(3, 6)
		boss := h.bureau()
		check(t, "selection before any review", h.do("POST", chPath(f.ch, "selection"), boss.Token, map[string]any{"bid_ids": f.bids[:2]}), 409, "invalid_transition")
		round := h.must(h.do("POST", chPath(f.ch, "rounds"), boss.Token, h.roundBody(3)), http.StatusCreated).num("id")
		h.must(h.do("POST", roundPath(round, "assign"), boss.Token, map[string]any{"seed": 7}), http.StatusOK)
		check(t, "selection while the review is open", h.do("POST", chPath(f.ch, "selection"), boss.Token, map[string]any{"bid_ids": f.bids[:2]}), 409, "review_not_closed")
		// The third bid scores best, then the first, then the second.
		rank := map[int64]int{f.bids[2]: 92, f.bids[0]: 81, f.bids[1]: 70}
		h.scoreRound(round, f.experts, func(b, _ int64) int { return rank[b] })

		sel := h.must(h.do("GET", chPath(f.ch, "selection"), boss.Token, nil), http.StatusOK)
		ranking := sel.Body["ranking"].([]any)
		if sel.Body["review_closed"] != true || len(ranking) != 3 || int64(ranking[0].(map[string]any)["bid_id"].(float64)) != f.bids[2] {
			t.Fatalf("ranking from the review: %s", sel.Raw)
		}
		check(t, "top two in the wrong order without reason", h.do("POST", chPath(f.ch, "selection"), boss.Token,
			map[string]any{"bid_ids": []int64{f.bids[2], f.bids[1]}}), 422, "validation_failed")
		h.must(h.do("POST", chPath(f.ch, "selection"), boss.Token, map[string]any{"bid_ids": []int64{f.bids[0], f.bids[2]}}), http.StatusOK)
		h.advance(8 * 24 * time.Hour)
		for i := range f.teams {
			h.relogin(&f.teams[i])
		}
		for i := range f.experts {
			h.relogin(&f.experts[i])
		}
		boss = h.bureau()
		b := h.must(h.do("POST", chPath(f.ch, "start"), boss.Token, nil), http.StatusOK)
		racers := map[int64]int64{} // bid -> racer
		for _, it := range b.items() {
			racers[int64(it["bid_id"].(float64))] = int64(it["id"].(float64))
		}
		// Only racers that reported are scored in the stage review.
		h.must(h.do("POST", racerPath(racers[f.bids[0]], "reports"), f.teams[0].Token, reportBody(1)), http.StatusCreated)
		h.must(h.do("POST", racerPath(racers[f.bids[2]], "reports"), f.teams[2].Token, reportBody(1)), http.StatusCreated)
		body := h.roundBody(3)
		body["kind"], body["stage"] = "stage_review", 1
		sr := h.must(h.do("POST", chPath(f.ch, "rounds"), boss.Token, body), http.StatusCreated)
		if len(sr.Body["items"].([]any)) != 2 {
			t.Fatalf("stage review items: %s", sr.Raw)
		}
		h.must(h.do("POST", roundPath(sr.num("id"), "assign"), boss.Token, map[string]any{"seed": 7}), http.StatusOK)
		h.scoreRound(sr.num("id"), f.experts, func(_, racer int64) int {
			if racer == racers[f.bids[2]] {
				return 55
			}
			return 84
		})
		p := h.must(h.do("GET", stagePathOf(f.ch, 1), boss.Token, nil), http.StatusOK)
		adv, elim := p.Body["advance"].([]any), p.Body["eliminate"].([]any)
		if p.Body["scored"] != true || len(adv) != 1 || int64(adv[0].(float64)) != racers[f.bids[0]] || int64(elim[0].(float64)) != racers[f.bids[2]] {
			t.Fatalf("proposal from the stage review: %s", p.Raw)
		}
	})
}
