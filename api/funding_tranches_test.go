package api_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// dueItems returns the due or held items of GET /funding/due for one challenge, by racer and tranche.
func dueItems(r resp, list string, ch int64) map[string]map[string]any {
	out := map[string]map[string]any{}
	items, _ := r.Body[list].([]any)
	for _, x := range items {
		it := x.(map[string]any)
		if int64(it["challenge_id"].(float64)) == ch {
			out[fmt.Sprintf("%d/%s", int64(it["racer_id"].(float64)), it["tranche"])] = it
		}
	}
	return out
}

// TestTranchesDueHeldAndEndings: the bureau sees due and held tranches with their reasons; a payment against
// a held tranche is refused (tranche_not_due); a termination stops further tranches and turns the government
// funds disbursed, minus the expenses the bureau accepts, into a refund due; refunds never exceed it, also
// when recorded in parallel; a revocation asks everything back and bars the organisation.
func TestTranchesDueHeldAndEndings(t *testing.T) {
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.raceReviewing(3)
		racers := h.raceStarted(f, 3)
		boss := h.bureau().Token
		dec := fundPath(f.ch, "funding-decisions")
		pay := fundPath(f.ch, "disbursements")
		decide := func(racer int64, tranche, source string, amount int64) int64 {
			return h.must(h.do("POST", dec, boss, map[string]any{"racer_id": racer, "tranche": tranche, "source": source,
				"amount_fen": amount, "basis": "测试"}), http.StatusCreated).num("id")
		}
		payOn := func(racer, decision, amount int64) resp {
			return h.do("POST", pay, boss, map[string]any{"racer_id": racer, "decision_id": decision, "amount_fen": amount,
				"paid_on": "2026-11-20", "reference": "财拨"})
		}
		start := map[int64]int64{}
		for _, r := range racers {
			start[r] = decide(r, "startup", "government", 10_000_000)
		}
		// Racer 0: co-funding, stage 1 decided and its tranche; then the co-funding is reversed: held.
		ent := decide(racers[0], "startup", "enterprise", 20_000_000)
		h.must(h.do("POST", stagePathOf(f.ch, 1), boss, map[string]any{"advance": racers, "eliminate": []any{}}), http.StatusOK)
		stage1 := decide(racers[0], "stage-1", "government", 10_000_000)
		h.must(h.do("POST", dec, boss, map[string]any{"reverses_id": ent, "note": "到账回单有误"}), http.StatusCreated)
		final := decide(racers[1], "final_award", "government", 5_000_000)

		// Start-up waits for every signature of the task book.
		unsigned := dueItems(h.must(h.do("GET", "/api/v1/funding/due", boss, nil), http.StatusOK), "held", f.ch)
		if it := unsigned[fmt.Sprintf("%d/startup", racers[0])]; it == nil || it["hold"] != "taskbook_unsigned" {
			t.Errorf("start-up held for the unsigned task book: %v", unsigned)
		}
		check(t, "pay start-up before the task book is signed", payOn(racers[0], start[racers[0]], 1_000), http.StatusUnprocessableEntity, "tranche_not_due")
		h.signTaskbooks(append([]user{f.owner}, f.teams...), racers...)
		due := h.must(h.do("GET", "/api/v1/funding/due", boss, nil), http.StatusOK)
		d, held := dueItems(due, "due", f.ch), dueItems(due, "held", f.ch)
		for _, r := range racers {
			if it := d[fmt.Sprintf("%d/startup", r)]; it == nil || int64(it["undisbursed_fen"].(float64)) != 10_000_000 {
				t.Errorf("startup of %d not due: %s", r, due.Raw)
			}
		}
		if it := held[fmt.Sprintf("%d/stage-1", racers[0])]; it == nil || it["hold"] != "cofunding_missing" {
			t.Errorf("stage-1 held for co-funding: %s", due.Raw)
		}
		if it := held[fmt.Sprintf("%d/final_award", racers[1])]; it == nil || it["hold"] != "not_accepted" {
			t.Errorf("final award held until acceptance: %s", due.Raw)
		}
		r := payOn(racers[0], stage1, 1_000)
		check(t, "pay a tranche held for co-funding", r, http.StatusUnprocessableEntity, "tranche_not_due")
		if r.details()["reason"] != "cofunding_missing" || r.details()["tranche"] != "stage-1" {
			t.Errorf("details: %s", r.Raw)
		}
		check(t, "pay the final award before acceptance", payOn(racers[1], final, 1_000), http.StatusUnprocessableEntity, "tranche_not_due")
		for _, r := range racers {
			h.must(payOn(r, start[r], 6_000_000), http.StatusCreated)
		}
		check(t, "due list by a team", h.do("GET", "/api/v1/funding/due", f.teams[0].Token, nil), http.StatusForbidden, "forbidden")

		// The racer's plan: its team and the owner see it; another team does not.
		plan := h.must(h.do("GET", racerPath(racers[0], "funding"), f.teams[0].Token, nil), http.StatusOK)
		if ts, _ := plan.Body["tranches"].([]any); len(ts) < 3 || ts[0].(map[string]any)["state"] != "due" {
			t.Errorf("plan: %s", plan.Raw)
		}
		h.must(h.do("GET", racerPath(racers[0], "funding"), f.owner.Token, nil), http.StatusOK)
		check(t, "plan of another team", h.do("GET", racerPath(racers[0], "funding"), f.teams[1].Token, nil), http.StatusNotFound, "not_found")

		// Termination: the team asks, reports expenses; only the bureau terminates.
		tm := f.teams[2]
		h.must(h.do("POST", racerPath(racers[2], "termination-request"), tm.Token, map[string]any{"reason": "关键技术路线不可行"}), http.StatusCreated)
		check(t, "request by another team", h.do("POST", racerPath(racers[2], "termination-request"), f.teams[0].Token, map[string]any{"reason": "x"}), http.StatusNotFound, "not_found")
		h.must(h.do("POST", racerPath(racers[2], "expenses"), tm.Token, map[string]any{"amount_fen": 2_000_000, "note": "材料费"}), http.StatusCreated)
		check(t, "expenses over disbursed", h.do("POST", racerPath(racers[2], "expenses"), tm.Token, map[string]any{"amount_fen": 5_000_000}), http.StatusConflict, "expenses_exceed_disbursed")
		check(t, "accept more than reported", h.do("POST", racerPath(racers[2], "expenses/accept"), boss, map[string]any{"amount_fen": 2_000_001}), http.StatusConflict, "expenses_exceed_reported")
		check(t, "terminate by the team", h.do("POST", racerPath(racers[2], "terminate"), tm.Token, map[string]any{"ground": "team_request", "reason": "x"}), http.StatusForbidden, "forbidden")
		check(t, "terminate by the owner", h.do("POST", racerPath(racers[2], "terminate"), f.owner.Token, map[string]any{"ground": "team_request", "reason": "x"}), http.StatusForbidden, "forbidden")
		check(t, "unknown ground", h.do("POST", racerPath(racers[2], "terminate"), boss, map[string]any{"ground": "bored", "reason": "x"}), http.StatusUnprocessableEntity, "unknown_ground")
		check(t, "no reason", h.do("POST", racerPath(racers[2], "terminate"), boss, map[string]any{"ground": "team_request"}), http.StatusUnprocessableEntity, "reason_required")
		due = h.must(h.do("GET", "/api/v1/funding/due", boss, nil), http.StatusOK)
		if rq, _ := due.Body["termination_requests"].([]any); len(rq) != 1 {
			t.Errorf("the bureau sees the request: %s", due.Raw)
		}
		end := h.must(h.do("POST", racerPath(racers[2], "terminate"), boss, map[string]any{"ground": "team_request", "reason": "团队申请终止"}), http.StatusCreated)
		if end.str("kind") != "terminate" || end.str("refund_due_on") == "" {
			t.Errorf("termination: %s", end.Raw)
		}
		check(t, "terminate twice", h.do("POST", racerPath(racers[2], "terminate"), boss, map[string]any{"ground": "team_request", "reason": "再次"}), http.StatusConflict, "already_ended")
		check(t, "revoke after termination", h.do("POST", racerPath(racers[2], "revoke"), boss, map[string]any{"reason": "再次", "credit_status": "warned"}), http.StatusConflict, "already_ended")
		check(t, "pay a terminated racer", payOn(racers[2], start[racers[2]], 1_000), http.StatusUnprocessableEntity, "tranche_not_due")
		check(t, "decide for a terminated racer", h.do("POST", dec, boss, map[string]any{"racer_id": racers[2], "tranche": "startup", "amount_fen": 1}), http.StatusConflict, "racer_ended")
		board := h.must(h.do("GET", chPath(f.ch, "racers"), "", nil), http.StatusOK)
		for _, it := range board.items() {
			if int64(it["id"].(float64)) == racers[2] && it["status"] != "finished" {
				t.Errorf("terminated racer on the board: %v", it)
			}
		}
		// Disbursed 6 万 − accepted 1.5 万 = 4.5 万 due.
		h.must(h.do("POST", racerPath(racers[2], "expenses/accept"), boss, map[string]any{"amount_fen": 1_500_000}), http.StatusCreated)
		plan = h.must(h.do("GET", racerPath(racers[2], "funding"), tm.Token, nil), http.StatusOK)
		refund := plan.Body["refund"].(map[string]any)
		if refund["due_fen"].(float64) != 4_500_000 || refund["outstanding_fen"].(float64) != 4_500_000 {
			t.Errorf("refund due: %s", plan.Raw)
		}
		refunds := racerPath(racers[2], "refunds")
		check(t, "refund by the team", h.do("POST", refunds, tm.Token, map[string]any{"amount_fen": 1, "received_on": "2026-12-01", "reference": "x"}), http.StatusForbidden, "forbidden")
		check(t, "refund over due", h.do("POST", refunds, boss, map[string]any{"amount_fen": 4_500_001, "received_on": "2026-12-01", "reference": "x"}), http.StatusConflict, "refund_exceeds")
		check(t, "refund without date", h.do("POST", refunds, boss, map[string]any{"amount_fen": 1, "reference": "x"}), http.StatusUnprocessableEntity, "received_on_invalid")
		check(t, "negative refund", h.do("POST", refunds, boss, map[string]any{"amount_fen": -1, "received_on": "2026-12-01", "reference": "x"}), http.StatusUnprocessableEntity, "amount_not_positive")
		// Ten parallel refunds of 1 万 against 4.5 万 due: exactly four pass.
		var wg sync.WaitGroup
		var mu sync.Mutex
		codes := map[int]int{}
		for i := 0; i < 10; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				r := h.do("POST", refunds, boss, map[string]any{"amount_fen": 1_000_000, "received_on": "2026-12-01", "reference": fmt.Sprintf("退款%d", i)})
				mu.Lock()
				codes[r.Status]++
				mu.Unlock()
			}(i)
		}
		wg.Wait()
		if codes[http.StatusCreated] != 4 || codes[http.StatusConflict] != 6 {
			t.Errorf("parallel refunds: %v", codes)
		}
		led := h.must(h.do("GET", fundPath(f.ch, "funding"), boss, nil), http.StatusOK)
		lr := led.Body["refund"].(map[string]any)
		if lr["due_fen"].(float64) != 4_500_000 || lr["received_fen"].(float64) != 4_000_000 || len(led.Body["refunds"].([]any)) != 6 {
			t.Errorf("ledger refunds: %s", led.Raw)
		}

		// Revocation: everything disbursed is due back; the organisation is barred.
		check(t, "unknown credit status", h.do("POST", racerPath(racers[1], "revoke"), boss, map[string]any{"reason": "数据造假", "credit_status": "bad"}), http.StatusUnprocessableEntity, "unknown_credit_status")
		rev := h.must(h.do("POST", racerPath(racers[1], "revoke"), boss, map[string]any{"reason": "数据造假", "credit_status": "barred"}), http.StatusCreated)
		if rs, _ := rev.Body["refunds"].([]any); len(rs) != 1 || rs[0].(map[string]any)["amount_fen"].(float64) != 6_000_000 {
			t.Errorf("revocation refund: %s", rev.Raw)
		}
		if s := h.must(h.do("GET", fmt.Sprintf("/api/v1/orgs/%d/credit", f.teams[1].OrgID), boss, nil), http.StatusOK).str("credit_status"); s != "barred" {
			t.Errorf("credit after revocation = %q", s)
		}
		due = h.must(h.do("GET", "/api/v1/funding/due", boss, nil), http.StatusOK)
		if it := dueItems(due, "held", f.ch)[fmt.Sprintf("%d/final_award", racers[1])]; it == nil || it["hold"] != "revoked" {
			t.Errorf("revoked racer's tranche held: %s", due.Raw)
		}
		if rl, _ := due.Body["refunds"].([]any); len(rl) != 2 {
			t.Errorf("refunds outstanding: %s", due.Raw)
		}
	})
}
