package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"jiebang/domain"
)

// TestActionsOnFundingStagesAndRacers: on a race in progress the challenge offers its pages; the ledger and
// its decisions offer the bureau decide, disburse and reverse (not on a reversal nor on what it reversed);
// the stage decision offers decide for the first undecided stage with the racing racers; racers offer the
// bureau merge and win, the owner opinion, their team report.
func TestActionsOnFundingStagesAndRacers(t *testing.T) {
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.raceReviewing(2)
		racers := h.raceStarted(f, 2)
		boss := h.bureau()
		tm := f.teams[0]

		wantActions(t, "bureau on a race", h.must(h.do("GET", chPath(f.ch), boss.Token, nil), http.StatusOK).Body,
			"amend", "view_bids", "view_rounds", "view_race")
		wantActions(t, "owner on its race", h.must(h.do("GET", chPath(f.ch), f.owner.Token, nil), http.StatusOK).Body, "view_bids", "view_race")
		wantActions(t, "anonymous on a race", h.must(h.do("GET", chPath(f.ch), "", nil), http.StatusOK).Body, "view_race")

		dec := fundPath(f.ch, "funding-decisions")
		d := h.must(h.do("POST", dec, boss.Token, map[string]any{"racer_id": racers[0], "tranche": "startup", "amount_fen": 1_000_000}), http.StatusCreated)
		wantActions(t, "bureau's new decision", d.Body, "reverse", "disburse")
		rev := h.must(h.do("POST", dec, boss.Token, map[string]any{"reverses_id": d.num("id"), "note": "重复录入"}), http.StatusCreated)
		wantActions(t, "bureau's reversal", rev.Body)
		kept := h.must(h.do("POST", dec, boss.Token, map[string]any{"racer_id": racers[1], "tranche": "startup", "amount_fen": 2_000_000}), http.StatusCreated)

		ledger := h.must(h.do("GET", fundPath(f.ch, "funding"), boss.Token, nil), http.StatusOK)
		wantActions(t, "bureau's ledger", ledger.Body, "decide", "disburse", "export")
		byID := map[int64][]string{}
		for _, x := range ledger.Body["decisions"].([]any) {
			m := x.(map[string]any)
			byID[int64(m["id"].(float64))] = actionsOf(t, "ledger decision", m)
		}
		if !slices.Equal(byID[d.num("id")], []string{}) || !slices.Equal(byID[rev.num("id")], []string{}) ||
			!slices.Equal(byID[kept.num("id")], []string{"reverse", "disburse"}) {
			t.Errorf("bureau's decisions: %v", byID)
		}
		owned := h.must(h.do("GET", fundPath(f.ch, "funding"), f.owner.Token, nil), http.StatusOK)
		wantActions(t, "owner's ledger", owned.Body, "export")
		for _, x := range owned.Body["decisions"].([]any) {
			wantActions(t, "owner's decision", x.(map[string]any))
		}
		wantActions(t, "racer's ledger", h.must(h.do("GET", fundPath(f.ch, "funding"), tm.Token, nil), http.StatusOK).Body)

		first := h.must(h.do("GET", stagePathOf(f.ch, 1), boss.Token, nil), http.StatusOK)
		wantActions(t, "bureau on the first stage", first.Body, "decide")
		var takes []int64
		for _, x := range first.Body["racer_ids"].([]any) {
			takes = append(takes, int64(x.(float64)))
		}
		slices.Sort(takes)
		if want := slices.Sorted(slices.Values(racers)); !slices.Equal(takes, want) {
			t.Errorf("racer_ids %v, want %v", takes, want)
		}
		wantActions(t, "bureau on the second stage before the first", h.must(h.do("GET", stagePathOf(f.ch, 2), boss.Token, nil), http.StatusOK).Body)

		board := h.must(h.do("GET", chPath(f.ch, "racers"), boss.Token, nil), http.StatusOK)
		wantActions(t, "bureau's board before the last stage", board.Body, "decide")
		wantActions(t, "bureau on a racing racer", racerByID(t, board, racers[0]), "merge", "win")
		board = h.must(h.do("GET", chPath(f.ch, "racers"), f.owner.Token, nil), http.StatusOK)
		wantActions(t, "owner's board before the last stage", board.Body)
		wantActions(t, "owner on a racing racer", racerByID(t, board, racers[0]), "opinion")
		board = h.must(h.do("GET", chPath(f.ch, "racers"), tm.Token, nil), http.StatusOK)
		wantActions(t, "team on its racer", racerByID(t, board, racers[0]), "report")
		wantActions(t, "team on another racer", racerByID(t, board, racers[1]))
	})
}

// TestActionsOnMembersAndUsers: the organisation's administrator and the bureau see approve and reject on a
// request, remove and hand_over on an active member, nothing on the administrator; the platform's
// administrator sees disable or enable on every account but its own; one's own account offers nothing.
func TestActionsOnMembersAndUsers(t *testing.T) {
	eachDB(t, func(t *testing.T, h *harness) {
		owner := h.enterprise()
		req := h.requestJoin(domain.RoleEnterprise, owner)
		members := fmt.Sprintf("/api/v1/orgs/%d/members", owner.OrgID)
		for _, who := range []user{owner, h.bureau()} {
			for _, m := range h.must(h.do("GET", members, who.Token, nil), http.StatusOK).items() {
				switch int64(m["id"].(float64)) {
				case req.ID:
					wantActions(t, string(who.Role)+" on a request", m, "approve", "reject")
				case owner.ID:
					wantActions(t, string(who.Role)+" on the administrator", m)
				}
			}
		}
		ok := h.must(h.do("POST", fmt.Sprintf("%s/%d/approve", members, req.ID), owner.Token, nil), http.StatusOK)
		wantActions(t, "approved member", ok.Body, "remove", "hand_over")
		gone := h.must(h.do("POST", fmt.Sprintf("%s/%d/remove", members, req.ID), owner.Token, map[string]any{"reason": "已离职"}), http.StatusOK)
		wantActions(t, "removed member", gone.Body, "approve")
		wantActions(t, "own account", h.must(h.do("GET", "/api/v1/me", owner.Token, nil), http.StatusOK).Body)

		ad := h.staff(domain.RoleAdmin)
		tm := h.team()
		off := h.must(h.do("POST", fmt.Sprintf("/api/v1/users/%d/disable", tm.ID), ad.Token, nil), http.StatusOK)
		wantActions(t, "disabled account", off.Body, "enable")
		for _, u := range h.must(h.do("GET", "/api/v1/users?page_size=100", ad.Token, nil), http.StatusOK).items() {
			switch int64(u["id"].(float64)) {
			case ad.ID:
				wantActions(t, "admin on itself", u)
			case tm.ID:
				wantActions(t, "admin on a disabled account", u, "enable")
			case owner.ID:
				wantActions(t, "admin on an account", u, "disable")
			}
		}
	})
}
