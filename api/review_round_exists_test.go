package api_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestReviewRoundOnePerStage: a challenge has at most one round not yet closed per kind and stage. A second
// bid review while the first is open, or a second stage review of the same stage, is refused with 409
// round_exists naming the round (Chinese and English); two officers opening at once get one round; once the
// round is closed the stage may be reviewed again. A stage review opened without a stage takes the first stage
// before the last that has no round; with none left, the stage must be named.
func TestReviewRoundOnePerStage(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.bidsClosed(2, 3)
		first := h.must(h.do("POST", chPath(f.ch, "rounds"), h.bureau().Token, h.roundBody(3)), http.StatusCreated)
		r := h.do("POST", chPath(f.ch, "rounds"), h.bureau().Token, h.roundBody(3))
		check(t, "a second bid review", r, http.StatusConflict, "round_exists")
		if msg := errMessage(r); !strings.Contains(msg, "揭榜评审") || !strings.Contains(msg, "#"+fmtInt(first.num("id"))) {
			t.Errorf("the refusal names the open round: %s", r.Raw)
		}
		en := h.do("POST", chPath(f.ch, "rounds"), h.bureau().Token, h.roundBody(3), "Accept-Language", "en")
		if !strings.Contains(errMessage(en), "bid review round that is not closed") {
			t.Errorf("English message: %s", en.Raw)
		}

		// two officers at once: one round
		g := h.bidsClosed(1, 0)
		var wg sync.WaitGroup
		statuses := make([]int, 2)
		codes := make([]string, 2)
		for i := range statuses {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				r := h.do("POST", chPath(g.ch, "rounds"), h.bureau().Token, h.roundBody(3))
				statuses[i], codes[i] = r.Status, r.code()
			}(i)
		}
		wg.Wait()
		created := 0
		for i, s := range statuses {
			switch {
			case s == http.StatusCreated:
				created++
			case s == http.StatusConflict && (codes[i] == "round_exists" || codes[i] == "invalid_transition" || codes[i] == "busy"):
			default:
				t.Errorf("parallel open %d: %d %s", i, s, codes[i])
			}
		}
		rounds := h.must(h.do("GET", chPath(g.ch, "rounds"), h.bureau().Token, nil), http.StatusOK)
		if created != 1 || len(rounds.items()) != 1 {
			t.Errorf("parallel opens made %d rounds (%d created): %s", len(rounds.items()), created, rounds.Raw)
		}

		// stage reviews of a race with two stages (midterm, final)
		rf := h.raceReviewing(2)
		racers := h.raceStarted(rf, 2)
		for i, id := range racers {
			h.must(h.do("POST", racerPath(id, "reports"), rf.teams[i].Token, reportBody(1)), http.StatusCreated)
		}
		for i := 0; i < 3; i++ {
			h.expert()
		}
		dl := h.clock.Now().Add(240 * time.Hour).Format(time.RFC3339)
		stageBody := func(stage int) map[string]any {
			b := map[string]any{"kind": "stage_review", "experts_per_item": 3, "deadline": dl}
			if stage > 0 {
				b["stage"] = stage
			}
			return b
		}
		sr := h.must(h.do("POST", chPath(rf.ch, "rounds"), h.bureau().Token, stageBody(0)), http.StatusCreated)
		if sr.num("stage") != 1 {
			t.Fatalf("the default stage is the first without a round: %s", sr.Raw)
		}
		r = h.do("POST", chPath(rf.ch, "rounds"), h.bureau().Token, stageBody(1))
		check(t, "a second round of stage 1", r, http.StatusConflict, "round_exists")
		if !strings.Contains(errMessage(r), "第 1 阶段") {
			t.Errorf("the refusal names the stage: %s", r.Raw)
		}
		h.must(h.do("POST", roundPath(sr.num("id"), "assign"), h.bureau().Token, map[string]any{"seed": 5}), http.StatusOK)
		h.must(h.do("POST", roundPath(sr.num("id"), "close"), h.bureau().Token, map[string]any{"reason": "专家未按期评分，重新组织评审"}), http.StatusOK)
		again := h.must(h.do("POST", chPath(rf.ch, "rounds"), h.bureau().Token, stageBody(1)), http.StatusCreated)
		if again.num("stage") != 1 {
			t.Fatalf("stage 1 again after the close: %s", again.Raw)
		}
		r = h.do("POST", chPath(rf.ch, "rounds"), h.bureau().Token, stageBody(0))
		if r.Status != http.StatusUnprocessableEntity || r.field("stage") == "" {
			t.Errorf("every stage before the last has a round: the stage must be named: %s", r.Raw)
		}
	})
}

// errMessage is error.message of an error body.
func errMessage(r resp) string {
	e, _ := r.Body["error"].(map[string]any)
	s, _ := e["message"].(string)
	return s
}
