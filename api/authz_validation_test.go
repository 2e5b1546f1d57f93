package api_test

import (
	"net/http"
	"testing"
	"time"

	"jiebang/domain"
)

// TestValidationResultsAreNotTheTeams: a validation round (需求论证) scores the posting enterprise's challenge; a
// team user of that enterprise's organisation is not a bidding team and reads nothing of its results (the
// results route lets teams read their own bids' lines).
func TestValidationResultsAreNotTheTeams(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner := h.enterprise()
		colleague := h.joinOrg(domain.RoleTeam, owner)
		ch := h.chSubmitted(owner)
		var experts []user
		for range 3 {
			e := h.expert()
			h.must(h.do("PUT", "/api/v1/me/expert-profile", e.Token, map[string]any{"fields": []string{"equipment"}, "conflicts": []any{}}), http.StatusOK)
			experts = append(experts, e)
		}
		boss := h.bureau().Token
		r := h.must(h.do("POST", chPath(ch, "rounds"), boss, map[string]any{"kind": "validation", "experts_per_item": 3,
			"deadline": h.clock.Now().Add(240 * time.Hour).Format(time.RFC3339)}), http.StatusCreated)
		round := r.num("id")
		scores := map[string]any{}
		for _, c := range r.Body["rubric"].([]any) {
			scores[c.(map[string]any)["name"].(string)] = 80
		}
		h.must(h.do("POST", roundPath(round, "assign"), boss, map[string]any{"seed": 1}), http.StatusOK)
		for _, e := range experts {
			for _, a := range h.myAssignments(e)["pending"] {
				h.must(h.do("POST", asgPath(a, "score"), e.Token, map[string]any{"scores": scores, "comment": "需求明确，指标可测"}), http.StatusOK)
			}
		}
		h.must(h.do("POST", roundPath(round, "close"), boss, nil), http.StatusOK)
		h.must(h.do("GET", roundPath(round, "results"), boss, nil), http.StatusOK)
		check(t, "a team user of the posting organisation", h.do("GET", roundPath(round, "results"), colleague.Token, nil), 404, "not_found")
		check(t, "another team", h.do("GET", roundPath(round, "results"), h.team().Token, nil), 404, "not_found")
	})
}
