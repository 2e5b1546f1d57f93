package api_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
	"jiebang/domain/race"
)

// fakeReviews stands in for the review engine: a closed bid review ranks the bids in the order given, stage
// scores are set per stage.
type fakeReviews struct {
	mu      sync.Mutex
	ranking map[int64][]int64
	scores  map[[2]int64]map[int64]float64
}

func (f *fakeReviews) BidRanking(_ context.Context, challengeID int64) ([]race.Ranked, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ids, ok := f.ranking[challengeID]
	var out []race.Ranked
	for i, id := range ids {
		out = append(out, race.Ranked{BidID: id, Rank: i + 1, Score: float64(90 - i)})
	}
	return out, ok, nil
}

func (f *fakeReviews) StageScores(_ context.Context, challengeID int64, stage int) (map[int64]float64, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.scores[[2]int64{challengeID, int64(stage)}]
	return s, ok, nil
}

func (f *fakeReviews) setScores(challengeID int64, stage int, s map[int64]float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.scores[[2]int64{challengeID, int64(stage)}] = s
}

// raceFixture is a race-mode challenge under review with eligible bids ranked in order and one ineligible.
type raceFixture struct {
	owner      user
	teams      []user
	bids       []int64
	ineligible int64
	ch         int64
	reviews    *fakeReviews
}

// raceReviewing builds a challenge of a new enterprise with n eligible bids (ranked in order) and one
// ineligible bid, bidding closed, the review started and (in the fake) closed.
func (h *harness) raceReviewing(n int) *raceFixture {
	h.t.Helper()
	f := &raceFixture{owner: h.enterprise(), reviews: &fakeReviews{ranking: map[int64][]int64{}, scores: map[[2]int64]map[int64]float64{}}}
	f.ch = h.chPublished(f.owner, 72*time.Hour)
	for i := 0; i < n; i++ {
		tm := h.team()
		f.teams = append(f.teams, tm)
		f.bids = append(f.bids, h.bidSubmitted(tm, f.ch))
	}
	bad := h.team()
	f.ineligible = h.bidSubmitted(bad, f.ch)
	h.advance(72*time.Hour + domain.ArrivalGrace)
	h.relogin(&f.owner)
	for i := range f.teams {
		h.relogin(&f.teams[i])
	}
	for _, id := range f.bids {
		h.must(h.do("POST", bidPath(id, "eligibility"), h.bureau().Token, map[string]any{"eligible": true, "reason": "材料齐全"}), http.StatusOK)
	}
	h.must(h.do("POST", bidPath(f.ineligible, "eligibility"), h.bureau().Token, map[string]any{"eligible": false, "reason": "预算超出上限"}), http.StatusOK)
	boss := domain.Actor{UserID: h.bureau().ID, Name: "科技局", Role: domain.RoleBureau}
	if _, err := h.app.Challenges.Advance(context.Background(), boss, f.ch, challenge.ActionStartReview, ""); err != nil {
		h.t.Fatalf("start review: %v", err)
	}
	f.reviews.ranking[f.ch] = append([]int64{}, f.bids...)
	h.app.Race.UseReviews(f.reviews)
	return f
}

// raceStarted takes a fixture through selection of the top k and the notice to the start; it returns the
// racer ids in bid order.
func (h *harness) raceStarted(f *raceFixture, k int) []int64 {
	h.t.Helper()
	h.must(h.do("POST", chPath(f.ch, "selection"), h.bureau().Token, map[string]any{"bid_ids": f.bids[:k], "notice_days": 5}), http.StatusOK)
	h.advance(8 * 24 * time.Hour)
	h.relogin(&f.owner)
	for i := range f.teams {
		h.relogin(&f.teams[i])
	}
	r := h.must(h.do("POST", chPath(f.ch, "start"), h.bureau().Token, nil), http.StatusOK)
	var ids []int64
	for _, it := range r.items() {
		ids = append(ids, int64(it["id"].(float64)))
	}
	return ids
}

func racerPath(id int64, action string) string {
	return fmt.Sprintf("/api/v1/racers/%d/%s", id, action)
}

func stagePathOf(ch int64, stage int) string {
	return fmt.Sprintf("/api/v1/challenges/%d/stages/%d/decision", ch, stage)
}

func reportBody(stage int) map[string]any {
	return map[string]any{"stage": stage, "summary": "完成原理样机并通过台架试验。", "kpi_values": map[string]any{"峰值功率密度": 5.8, "最高效率": 96.4}}
}

// racerByID finds a racer in a board response.
func racerByID(t *testing.T, r resp, id int64) map[string]any {
	t.Helper()
	for _, it := range r.items() {
		if int64(it["id"].(float64)) == id {
			return it
		}
	}
	t.Fatalf("racer %d not on the board: %s", id, r.Raw)
	return nil
}

// check asserts a response's status and error code.
func check(t *testing.T, name string, r resp, status int, code string) {
	t.Helper()
	if r.Status != status || r.code() != code {
		t.Errorf("%s: %d %q, want %d %q: %s", name, r.Status, r.code(), status, code, r.Raw)
	}
}

func fmtInt(n int64) string { return fmt.Sprint(n) }

// notificationKinds are the kinds of the user's notifications.
func (h *harness) notificationKinds(u user) map[string]bool {
	h.t.Helper()
	l, _, err := h.app.Notify.List(context.Background(), domain.Actor{UserID: u.ID, Role: u.Role}, false, domain.Page{Page: 1, PageSize: 100})
	if err != nil {
		h.t.Fatalf("notifications: %v", err)
	}
	out := map[string]bool{}
	for _, n := range l.Items {
		out[n.Kind] = true
	}
	return out
}
