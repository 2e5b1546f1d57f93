package api_test

import (
	"net/http"
	"testing"
	"time"
)

// TestReviewStageRoundFromTheRace opens a stage review over the racers' reports of a started race: the items
// are the reports (with their bids' parties for the conflict rules), drawn, scored and closed like any round.
func TestReviewStageRoundFromTheRace(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := h.raceReviewing(2)
	racers := h.raceStarted(f, 2)
	var experts []user
	for i := 0; i < 3; i++ {
		experts = append(experts, h.expert())
	}
	boss := h.bureau()
	dl := h.clock.Now().Add(240 * time.Hour).Format(time.RFC3339)
	if r := h.do("POST", chPath(f.ch, "rounds"), boss.Token, map[string]any{"kind": "stage_review", "stage": 9, "deadline": dl}); r.Status != 422 || r.field("stage") == "" {
		t.Fatalf("no such stage: %s", r.Raw)
	}
	if r := h.do("POST", chPath(f.ch, "rounds"), boss.Token, map[string]any{"kind": "stage_review", "stage": 1, "deadline": dl}); r.Status != 409 {
		t.Fatalf("before any report: %s", r.Raw)
	}
	for i, id := range racers {
		h.must(h.do("POST", racerPath(id, "reports"), f.teams[i].Token, reportBody(1)), http.StatusCreated)
	}
	r := h.must(h.do("POST", chPath(f.ch, "rounds"), boss.Token, map[string]any{"kind": "stage_review", "stage": 1, "experts_per_item": 3, "deadline": dl}), http.StatusCreated)
	items := r.Body["items"].([]any)
	if len(items) != 2 || r.Body["rubric"].([]any)[0].(map[string]any)["name"] != "指标完成度" {
		t.Fatalf("stage round: %s", r.Raw)
	}
	got := map[int64]bool{}
	for _, it := range items {
		m := it.(map[string]any)
		got[int64(m["racer_id"].(float64))] = m["bid_id"].(float64) > 0
	}
	for _, id := range racers {
		if !got[id] {
			t.Fatalf("racer %d is not an item with its bid: %v", id, got)
		}
	}
	round := r.num("id")
	h.must(h.do("POST", roundPath(round, "assign"), boss.Token, map[string]any{"seed": 5}), http.StatusOK)
	for i, e := range experts {
		for _, id := range h.myAssignments(e)["pending"] {
			h.must(h.do("POST", asgPath(id, "score"), e.Token, map[string]any{"scores": map[string]int{"指标完成度": 70 + i, "进度与计划": 80,
				"技术进展": 75, "经费使用": 90}, "comment": "按计划推进"}), http.StatusOK)
		}
	}
	h.must(h.do("POST", roundPath(round, "close"), boss.Token, nil), http.StatusOK)
	res := h.must(h.do("GET", roundPath(round, "results"), boss.Token, nil), http.StatusOK)
	if len(res.items()) != 2 || res.items()[0]["racer_id"].(float64) == 0 {
		t.Fatalf("stage results: %s", res.Raw)
	}
	own := h.must(h.do("GET", roundPath(round, "results"), f.teams[0].Token, nil), http.StatusOK)
	if len(own.items()) != 1 {
		t.Fatalf("a racer's team sees its own line: %s", own.Raw)
	}
}
