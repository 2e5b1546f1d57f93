package api_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

// TestParallelSubmissionsOfOneAssignment: an expert's parallel submissions of the same scores (a double click,
// a retry) are all accepted: the first moves the assignment to scored, the others revise it; each is audited.
func TestParallelSubmissionsOfOneAssignment(t *testing.T) {
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.bidsClosed(1, 3)
		boss := h.bureau()
		dl := h.clock.Now().Add(240 * time.Hour).Format(time.RFC3339)
		round := h.must(h.do("POST", chPath(f.ch, "rounds"), boss.Token, map[string]any{"kind": "bid_review", "experts_per_item": 3,
			"deadline": dl}), http.StatusCreated).num("id")
		h.must(h.do("POST", roundPath(round, "assign"), boss.Token, map[string]any{"seed": 1}), http.StatusOK)
		e := f.experts[0]
		asg := h.myAssignments(e)["pending"][0]
		const n = 24
		statuses := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = h.do("POST", asgPath(asg, "score"), e.Token, map[string]any{"scores": map[string]int{"技术方案": 70 + i%5,
					"团队实力": 80, "可行性与计划": 75, "预算合理性": 90}, "comment": "评分依据充分"}).Status
			}()
		}
		wg.Wait()
		for i, st := range statuses {
			if st != http.StatusOK {
				t.Fatalf("submission %d: %d (all: %v)", i, st, statuses)
			}
		}
		au := h.must(h.do("GET", fmt.Sprintf("/api/v1/audit?entity=assignment&entity_id=%d&page_size=100", asg), boss.Token, nil), http.StatusOK)
		if au.num("total") != n {
			t.Fatalf("%d audit entries for %d accepted submissions", au.num("total"), n)
		}
	})
}
