package api_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"jiebang/domain"
)

// actionsOf returns the actions field of a resource; it fails the test when the field is missing.
func actionsOf(t *testing.T, what string, m map[string]any) []string {
	t.Helper()
	raw, ok := m["actions"].([]any)
	if !ok {
		t.Fatalf("%s: no actions field in %v", what, m)
	}
	out := make([]string, 0, len(raw))
	for _, x := range raw {
		out = append(out, x.(string))
	}
	return out
}

func wantActions(t *testing.T, what string, m map[string]any, want ...string) {
	t.Helper()
	if got := actionsOf(t, what, m); !slices.Equal(got, append([]string{}, want...)) {
		t.Errorf("%s: actions %v, want %v", what, got, want)
	}
}

// TestActionsOnChallengesAndBids: every caller gets the actions field, with what it may do now (role and
// ownership included), on the challenge and the bid, as one resource and in listings.
func TestActionsOnChallengesAndBids(t *testing.T) {
	eachDB(t, func(t *testing.T, h *harness) {
		owner, other, tm, otherTeam := h.enterprise(), h.enterprise(), h.team(), h.team()
		boss := h.bureau()

		draft := h.chDraft(owner)
		wantActions(t, "owner on its draft", h.must(h.do("GET", chPath(draft), owner.Token, nil), http.StatusOK).Body, "edit", "submit", "delete")
		wantActions(t, "bureau on a draft", h.must(h.do("GET", chPath(draft), boss.Token, nil), http.StatusOK).Body, "cancel")
		h.must(h.do("GET", chPath(draft), other.Token, nil), http.StatusNotFound)
		mine := h.must(h.do("GET", "/api/v1/challenges?scope=mine", owner.Token, nil), http.StatusOK).items()
		if len(mine) != 1 {
			t.Fatalf("mine: %v", mine)
		}
		wantActions(t, "owner's listing", mine[0], "edit", "submit", "delete")

		sub := h.chSubmitted(owner)
		wantActions(t, "owner on its submitted", h.must(h.do("GET", chPath(sub), owner.Token, nil), http.StatusOK).Body)
		wantActions(t, "bureau on a submitted", h.must(h.do("GET", chPath(sub), boss.Token, nil), http.StatusOK).Body,
			"approve", "return", "reject", "cancel", "view_rounds")

		pub := h.chPublished(owner, 72*time.Hour)
		wantActions(t, "bureau on a published", h.must(h.do("GET", chPath(pub), boss.Token, nil), http.StatusOK).Body,
			"close_bidding", "cancel", "amend", "view_bids")
		wantActions(t, "owner on its published", h.must(h.do("GET", chPath(pub), owner.Token, nil), http.StatusOK).Body, "view_bids")
		// On the shared public page a team, and an anonymous visitor (offered to log in), may bid while bidding is
		// open; the board's listing offers nothing.
		for _, u := range []user{other, tm, h.expert(), {}} {
			var want []string
			if u.Role == "team" || u.Token == "" {
				want = []string{"bid"}
			}
			wantActions(t, string(u.Role)+" on a published", h.must(h.do("GET", chPath(pub), u.Token, nil), http.StatusOK).Body, want...)
			board := h.must(h.do("GET", "/api/v1/challenges", u.Token, nil), http.StatusOK).items()
			if len(board) == 0 {
				t.Fatalf("%s: empty board", u.Role)
			}
			wantActions(t, string(u.Role)+" on the board", board[0])
		}

		b := h.bidSubmitted(tm, pub)
		editing := []string{"edit", "attach", "detach", "submit", "withdraw"}
		wantActions(t, "own team on its submitted bid", h.must(h.do("GET", bidPath(b), tm.Token, nil), http.StatusOK).Body, editing...)
		h.must(h.do("GET", bidPath(b), otherTeam.Token, nil), http.StatusNotFound)
		wantActions(t, "bureau while bidding", h.must(h.do("GET", bidPath(b), boss.Token, nil), http.StatusOK).Body)
		listed := h.must(h.do("GET", "/api/v1/me/bids", tm.Token, nil), http.StatusOK).items()
		if len(listed) != 1 {
			t.Fatalf("my bids: %v", listed)
		}
		wantActions(t, "own team's listing", listed[0], editing...)

		h.advance(72*time.Hour + domain.ArrivalGrace)
		h.relogin(&tm)
		h.relogin(&owner)
		wantActions(t, "own team past the deadline", h.must(h.do("GET", bidPath(b), tm.Token, nil), http.StatusOK).Body)
		wantActions(t, "team on the challenge past the deadline", h.must(h.do("GET", chPath(pub), tm.Token, nil), http.StatusOK).Body)
		wantActions(t, "bureau in eligibility checking", h.must(h.do("GET", bidPath(b), h.bureau().Token, nil), http.StatusOK).Body,
			"mark_eligible", "mark_ineligible", "request_correction")
		wantActions(t, "owner enterprise on a bid", h.must(h.do("GET", bidPath(b), owner.Token, nil), http.StatusOK).Body)
	})
}

// TestActionsOnRoundsAndAssignments: the bureau's round actions follow the round's status; an expert sees
// score, save_draft and recuse on its own pending assignment, the bureau replace on the panel.
func TestActionsOnRoundsAndAssignments(t *testing.T) {
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.bidsClosed(3, 4)
		boss := h.bureau()
		r := h.must(h.do("POST", chPath(f.ch, "rounds"), boss.Token, h.roundBody(3)), http.StatusCreated)
		round := r.num("id")
		wantActions(t, "bureau on an open round", r.Body, "edit", "assign")
		a := h.must(h.do("POST", roundPath(round, "assign"), boss.Token, map[string]any{"seed": 42}), http.StatusOK)
		wantActions(t, "bureau on an assigned round", a.Body, "redraw", "replace", "remind", "close")

		var found bool
		for _, e := range f.experts {
			items := h.must(h.do("GET", "/api/v1/me/assignments", e.Token, nil), http.StatusOK).items()
			for _, it := range items {
				found = true
				wantActions(t, "expert's own pending assignment", it, "score", "save_draft", "recuse")
				m := h.must(h.do("GET", asgPath(int64(it["id"].(float64))), e.Token, nil), http.StatusOK)
				wantActions(t, "expert's material: assignment", m.obj("assignment"), "score", "save_draft", "recuse")
				wantActions(t, "expert's material: round", m.obj("round"))
				wantActions(t, "expert's material: challenge", m.obj("challenge"))
			}
		}
		if !found {
			t.Fatal("no expert has an assignment")
		}
		p := h.must(h.do("GET", roundPath(round, "progress"), boss.Token, nil), http.StatusOK)
		item := p.Body["items"].([]any)[0].(map[string]any)
		wantActions(t, "bureau on a pending panel member", item["panel"].([]any)[0].(map[string]any), "replace")
	})
}
