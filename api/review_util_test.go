package api_test

import (
	"fmt"
	"net/http"
	"time"

	"jiebang/domain"
)

// roundPath is a round's path with an optional action.
func roundPath(id int64, action ...string) string {
	p := fmt.Sprintf("/api/v1/rounds/%d", id)
	for _, a := range action {
		p += "/" + a
	}
	return p
}

// asgPath is an assignment's path with an optional action.
func asgPath(id int64, action ...string) string {
	p := fmt.Sprintf("/api/v1/assignments/%d", id)
	for _, a := range action {
		p += "/" + a
	}
	return p
}

// reviewFixture is a challenge whose bidding closed with eligible bids, and a pool of experts.
type reviewFixture struct {
	owner   user
	ch      int64
	teams   []user
	bids    []int64
	experts []user
}

// bidsClosed publishes a challenge of a new enterprise, lets nBids teams bid, closes bidding by moving the
// clock past the deadline, marks every bid eligible and registers nExperts experts of the challenge's field.
func (h *harness) bidsClosed(nBids, nExperts int) reviewFixture {
	h.t.Helper()
	f := reviewFixture{owner: h.enterprise()}
	f.ch = h.chPublished(f.owner, 72*time.Hour)
	for i := 0; i < nBids; i++ {
		tm := h.team()
		f.teams = append(f.teams, tm)
		f.bids = append(f.bids, h.bidSubmitted(tm, f.ch))
	}
	return h.closeAndQualify(f, nExperts)
}

// closeAndQualify registers nExperts experts of the challenge's field, closes bidding by moving the clock past the
// 72-hour deadline (everyone logs in again) and marks every bid of f eligible.
func (h *harness) closeAndQualify(f reviewFixture, nExperts int) reviewFixture {
	h.t.Helper()
	for i := 0; i < nExperts; i++ {
		f.experts = append(f.experts, h.expert())
	}
	h.advance(72*time.Hour + domain.ArrivalGrace)
	h.relogin(&f.owner)
	for i := range f.teams {
		h.relogin(&f.teams[i])
	}
	for i := range f.experts {
		h.relogin(&f.experts[i])
		h.must(h.do("PUT", "/api/v1/me/expert-profile", f.experts[i].Token,
			map[string]any{"fields": []string{"equipment"}, "conflicts": []any{}}), http.StatusOK)
	}
	for _, b := range f.bids {
		h.must(h.do("POST", bidPath(b, "eligibility"), h.bureau().Token, map[string]any{"eligible": true}), http.StatusOK)
	}
	return f
}

// roundBody is a bid review round body with n experts per item, due in 10 days.
func (h *harness) roundBody(n int) map[string]any {
	return map[string]any{"kind": "bid_review", "experts_per_item": n,
		"deadline": h.clock.Now().Add(240 * time.Hour).Format(time.RFC3339)}
}

// myAssignments returns the ids of an expert's assignments by status.
func (h *harness) myAssignments(u user) map[string][]int64 {
	h.t.Helper()
	r := h.must(h.do("GET", "/api/v1/me/assignments?page_size=100", u.Token, nil), http.StatusOK)
	out := map[string][]int64{}
	for _, it := range r.items() {
		out[it["status"].(string)] = append(out[it["status"].(string)], int64(it["id"].(float64)))
	}
	return out
}

// fullScores scores every criterion of the default bid rubric with x.
func fullScores(x int) map[string]any {
	return map[string]any{"scores": map[string]int{"技术方案": x, "团队实力": x,
		"可行性与计划": x, "预算合理性": x}, "comment": "方案可行，建议立项"}
}
