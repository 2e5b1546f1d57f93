package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestRaceStagesToAcceptance covers reports (late ones marked), the proposal from the stage rule, a decision
// eliminating a racer without tolerance (credit barred), out-of-order actions, the acceptance with a winner,
// the board's visibility and the public results.
func TestRaceStagesToAcceptance(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.raceReviewing(3)
		ids := h.raceStarted(f, 3)
		boss := h.bureau()
		r1, r2, r3 := ids[0], ids[1], ids[2]
		t1, t2, t3 := f.teams[0], f.teams[1], f.teams[2]
		outsider := h.team()

		// The task book comes from the bid and the challenge.
		rb := h.must(h.do("GET", "/api/v1/racers/"+itoa(r1), t1.Token, nil), http.StatusOK)
		tb := rb.obj("task_book")
		if tb == nil || len(tb["stages"].([]any)) != 2 || tb["budget_fen"].(float64) != 180_000_000 || tb["pi"] != "陈志远" {
			t.Fatalf("task book: %s", rb.Raw)
		}
		// The board names each stage's due date, the one the task books give, to everyone (the public too).
		board := h.must(h.do("GET", fmt.Sprintf("/api/v1/challenges/%d/racers", f.ch), "", nil), http.StatusOK)
		for i, st := range board.Body["stages"].([]any) {
			want := tb["stages"].([]any)[i].(map[string]any)
			if got := st.(map[string]any); got["due_on"] == nil || got["due_on"] != want["due_on"] || got["due_at"] != want["due_at"] {
				t.Errorf("board stage %d due %v / %v, task book %v / %v", i+1, got["due_on"], got["due_at"], want["due_on"], want["due_at"])
			}
		}
		check(t, "another team's racer", h.do("GET", "/api/v1/racers/"+itoa(r1), t2.Token, nil), 404, "not_found")
		check(t, "owner reads the task book", h.do("GET", "/api/v1/racers/"+itoa(r1), f.owner.Token, nil), 200, "")

		// Reports.
		check(t, "report by another racer's team", h.do("POST", racerPath(r1, "reports"), t2.Token, reportBody(1)), 403, "not_racer")
		check(t, "report by an outsider", h.do("POST", racerPath(r1, "reports"), outsider.Token, reportBody(1)), 403, "not_racer")
		check(t, "report by the enterprise", h.do("POST", racerPath(r1, "reports"), f.owner.Token, reportBody(1)), 403, "forbidden")
		check(t, "report of an unknown racer", h.do("POST", racerPath(999999, "reports"), t1.Token, reportBody(1)), 404, "not_found")
		check(t, "report of stage 3", h.do("POST", racerPath(r1, "reports"), t1.Token, reportBody(3)), 422, "validation_failed")
		bad := reportBody(1)
		bad["kpi_values"] = map[string]any{"不存在的指标": 1}
		check(t, "unknown KPI", h.do("POST", racerPath(r1, "reports"), t1.Token, bad), 422, "validation_failed")
		rep := h.must(h.do("POST", racerPath(r1, "reports"), t1.Token, reportBody(1)), http.StatusCreated)
		if rep.Body["late"] != false {
			t.Fatalf("an early report: %s", rep.Raw)
		}
		h.must(h.do("POST", racerPath(r2, "reports"), t2.Token, reportBody(1)), http.StatusCreated)
		h.advance(360 * 24 * time.Hour) // a week before the midterm is due (12 months): the reminder
		if k := h.notificationKinds(t3); !k["race.report_due"] {
			t.Errorf("a racer without a report is reminded: %v", k)
		}
		if k := h.notificationKinds(t1); k["race.report_due"] {
			t.Errorf("a racer that reported is not reminded: %v", k)
		}
		h.advance(30 * 24 * time.Hour) // past the due date
		h.relogin(&f.owner, &t1, &t2, &t3, &outsider)
		boss = h.bureau()
		late := h.must(h.do("POST", racerPath(r3, "reports"), t3.Token, reportBody(1)), http.StatusCreated)
		if late.Body["late"] != true {
			t.Fatalf("a late report is accepted and marked: %s", late.Raw)
		}

		// The proposal from the rule: keep the top 2, eliminate below 60.
		f.reviews.setScores(f.ch, 1, map[int64]float64{r1: 86, r2: 71, r3: 52})
		dec := stagePathOf(f.ch, 1)
		check(t, "proposal for the enterprise", h.do("GET", dec, f.owner.Token, nil), 403, "forbidden")
		p := h.must(h.do("GET", dec, boss.Token, nil), http.StatusOK)
		if p.Body["scored"] != true || len(p.Body["advance"].([]any)) != 2 || p.Body["eliminate"].([]any)[0].(float64) != float64(r3) {
			t.Fatalf("proposal: %s", p.Raw)
		}
		elim := func(tol bool, credit string) []any {
			e := map[string]any{"racer_id": r3, "reason": "关键指标数据无法复现", "tolerance": tol}
			if credit != "" {
				e["credit_status"] = credit
			}
			return []any{e}
		}
		cases := []struct {
			name, path string
			body       any
			status     int
			code       string
		}{
			{"last stage is the acceptance", stagePathOf(f.ch, 2), map[string]any{"advance": []int64{r1, r2}, "eliminate": elim(true, "")}, 409, "acceptance_stage"},
			{"no such stage", stagePathOf(f.ch, 5), map[string]any{"advance": []int64{r1}}, 404, "not_found"},
			{"racer not racing", dec, map[string]any{"advance": []int64{r1, r2, 999999}, "eliminate": elim(true, "")}, 422, "validation_failed"},
			{"racer missing", dec, map[string]any{"advance": []int64{r1}, "eliminate": []any{}}, 422, "validation_failed"},
			{"no tolerance without credit status", dec, map[string]any{"advance": []int64{r1, r2}, "eliminate": elim(false, "")}, 422, "validation_failed"},
			{"override without reason", dec, map[string]any{"advance": []int64{r1, r2, r3}, "eliminate": []any{}}, 422, "validation_failed"},
		}
		for _, tc := range cases {
			check(t, tc.name, h.do("POST", tc.path, boss.Token, tc.body), tc.status, tc.code)
		}
		check(t, "acceptance before the stage decision", h.do("POST", chPath(f.ch, "acceptance"), boss.Token,
			map[string]any{"outcome": "completed", "winner_racer_ids": []int64{r1}, "opinion": "x"}), 409, "previous_stage_undecided")
		d := h.must(h.do("POST", dec, boss.Token, map[string]any{"advance": []int64{r1, r2}, "eliminate": elim(false, "barred")}), http.StatusOK)
		if len(d.Body["scores"].([]any)) != 3 {
			t.Fatalf("the decision keeps the scores: %s", d.Raw)
		}
		check(t, "decide twice", h.do("POST", dec, boss.Token, map[string]any{"advance": []int64{r1, r2}, "eliminate": []any{}}), 409, "stage_already_decided")
		check(t, "report after the decision", h.do("POST", racerPath(r1, "reports"), t1.Token, reportBody(1)), 409, "stage_already_decided")
		check(t, "report by the eliminated", h.do("POST", racerPath(r3, "reports"), t3.Token, reportBody(2)), 409, "racer_not_racing")
		orgs := h.must(h.do("GET", "/api/v1/orgs?page_size=100", boss.Token, nil), http.StatusOK)
		for _, o := range orgs.items() {
			if int64(o["id"].(float64)) == t3.OrgID && o["credit_status"] != "barred" {
				t.Fatalf("elimination without tolerance bars the organisation: %v", o)
			}
		}

		// Acceptance.
		h.must(h.do("POST", racerPath(r1, "reports"), t1.Token, reportBody(2)), http.StatusCreated)
		acc := chPath(f.ch, "acceptance")
		check(t, "acceptance without the enterprise's opinion", h.do("POST", acc, boss.Token,
			map[string]any{"outcome": "completed", "winner_racer_ids": []int64{r1}, "opinion": "x"}), 409, "opinion_missing")
		op := func(racer int64) map[string]any {
			return map[string]any{"racer_id": racer, "opinion": "样机达到合同指标。", "kpi_results": map[string]any{
				"峰值功率密度": map[string]any{"value": 6.7, "met": true}, "最高效率": map[string]any{"value": 97.1, "met": true}}}
		}
		other := h.enterprise()
		check(t, "opinion by another enterprise", h.do("POST", chPath(f.ch, "acceptance", "opinions"), other.Token, op(r1)), 403, "not_owner")
		check(t, "opinion on an eliminated racer", h.do("POST", chPath(f.ch, "acceptance", "opinions"), f.owner.Token, op(r3)), 422, "validation_failed")
		partial := op(r1)
		partial["kpi_results"] = map[string]any{"最高效率": map[string]any{"value": 97.1, "met": true}}
		check(t, "opinion missing a KPI", h.do("POST", chPath(f.ch, "acceptance", "opinions"), f.owner.Token, partial), 422, "validation_failed")
		h.must(h.do("POST", chPath(f.ch, "acceptance", "opinions"), f.owner.Token, op(r1)), http.StatusCreated)
		h.must(h.do("POST", chPath(f.ch, "acceptance", "opinions"), f.owner.Token, op(r2)), http.StatusCreated)
		check(t, "winner not racing", h.do("POST", acc, boss.Token, map[string]any{"outcome": "completed", "winner_racer_ids": []int64{r3}, "opinion": "x"}), 422, "validation_failed")
		check(t, "failed with a winner", h.do("POST", acc, boss.Token, map[string]any{"outcome": "failed", "winner_racer_ids": []int64{r1}, "opinion": "x"}), 422, "validation_failed")
		check(t, "acceptance by the enterprise", h.do("POST", acc, f.owner.Token, map[string]any{"outcome": "completed", "winner_racer_ids": []int64{r1}, "opinion": "x"}), 403, "forbidden")
		b := h.must(h.do("POST", acc, boss.Token, map[string]any{"outcome": "completed", "winner_racer_ids": []int64{r1}, "opinion": "一号团队全面达标。"}), http.StatusOK)
		if b.str("status") != "completed" || racerByID(t, b, r1)["status"] != "winner" || racerByID(t, b, r2)["status"] != "finished" ||
			racerByID(t, b, r3)["status"] != "eliminated" {
			t.Fatalf("after the acceptance: %s", b.Raw)
		}
		check(t, "acceptance twice", h.do("POST", acc, boss.Token, map[string]any{"outcome": "completed", "winner_racer_ids": []int64{r1}, "opinion": "x"}), 409, "race_not_in_progress")
		// The challenge itself names its winner (the contract's winner_racer_ids), on the public detail too.
		for _, tok := range []string{boss.Token, ""} {
			d := h.must(h.do("GET", chPath(f.ch), tok, nil), http.StatusOK)
			if w, _ := d.Body["winner_racer_ids"].([]any); len(w) != 1 || w[0].(float64) != float64(r1) {
				t.Fatalf("the challenge's winner_racer_ids: %s", d.Raw)
			}
		}

		// Visibility of the board.
		pub := h.must(h.do("GET", chPath(f.ch, "racers"), "", nil), http.StatusOK)
		if strings.Contains(string(pub.Raw), "task_book") || strings.Contains(string(pub.Raw), "关键指标数据无法复现") || len(pub.items()) != 3 {
			t.Fatalf("the public sees outcomes only: %s", pub.Raw)
		}
		own := h.must(h.do("GET", chPath(f.ch, "racers"), t2.Token, nil), http.StatusOK)
		if racerByID(t, own, r2)["detail"] != true || racerByID(t, own, r1)["detail"] != false {
			t.Fatalf("a team sees its own detail only: %s", own.Raw)
		}
		ent := h.must(h.do("GET", chPath(f.ch, "racers"), f.owner.Token, nil), http.StatusOK)
		if racerByID(t, ent, r1)["detail"] != true || racerByID(t, ent, r3)["detail"] != true {
			t.Fatalf("the enterprise sees all: %s", ent.Raw)
		}
		res := h.must(h.do("GET", "/api/v1/results", "", nil), http.StatusOK)
		if len(res.items()) != 1 || res.items()[0]["winner_racer_ids"].([]any)[0].(float64) != float64(r1) {
			t.Fatalf("results: %s", res.Raw)
		}
		if a := h.must(h.do("GET", "/api/v1/audit?entity=racer", boss.Token, nil), http.StatusOK); a.num("total") < 9 {
			t.Errorf("racer audit: %s", a.Raw)
		}
	})
}

// TestRaceReadmitMergeAndFailure covers re-admission (复活) at a later stage, a merge (强强联合), out-of-order
// racer actions, and a failed acceptance with tolerance.
func TestRaceReadmitMergeAndFailure(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.raceReviewing(3)
		ids := h.raceStarted(f, 3)
		boss := h.bureau()
		r1, r2, r3 := ids[0], ids[1], ids[2]
		check(t, "readmit a racing racer", h.do("POST", racerPath(r3, "readmit"), boss.Token, map[string]any{"reason": "x"}), 409, "invalid_transition")
		h.must(h.do("POST", stagePathOf(f.ch, 1), boss.Token, map[string]any{"advance": []int64{r1, r2}, "reason": "中期进度落后",
			"eliminate": []any{map[string]any{"racer_id": r3, "reason": "进度严重滞后", "tolerance": true}}}), http.StatusOK)
		check(t, "readmit without reason", h.do("POST", racerPath(r3, "readmit"), boss.Token, map[string]any{"reason": ""}), 422, "validation_failed")
		check(t, "readmit by the enterprise", h.do("POST", racerPath(r3, "readmit"), f.owner.Token, map[string]any{"reason": "x"}), 403, "forbidden")
		rr := h.must(h.do("POST", racerPath(r3, "readmit"), boss.Token, map[string]any{"reason": "补充试验数据证明技术路线可行"}), http.StatusOK)
		if rr.str("status") != "racing" || rr.Body["readmitted"] != true {
			t.Fatalf("readmit: %s", rr.Raw)
		}
		check(t, "merge into itself", h.do("POST", racerPath(r2, "merge"), boss.Token, map[string]any{"into_racer_id": r2, "reason": "x"}), 422, "validation_failed")
		m := h.must(h.do("POST", racerPath(r2, "merge"), boss.Token, map[string]any{"into_racer_id": r1, "reason": "技术路线互补，强强联合"}), http.StatusOK)
		if m.str("status") != "finished" || m.num("merged_into") != r1 {
			t.Fatalf("merge: %s", m.Raw)
		}
		for _, r := range []int64{r1, r3} {
			h.must(h.do("POST", chPath(f.ch, "acceptance", "opinions"), f.owner.Token, map[string]any{"racer_id": r, "opinion": "未达标。",
				"kpi_results": map[string]any{"峰值功率密度": map[string]any{"value": 5.9, "met": false}, "最高效率": map[string]any{"value": 96.0, "met": false}}}), http.StatusCreated)
		}
		b := h.must(h.do("POST", chPath(f.ch, "acceptance"), boss.Token, map[string]any{"outcome": "failed", "winner_racer_ids": []int64{},
			"opinion": "均未达到验收指标。", "racers": []any{map[string]any{"racer_id": r3, "tolerance": true}}}), http.StatusOK)
		if b.str("status") != "failed" || racerByID(t, b, r1)["status"] != "eliminated" || racerByID(t, b, r1)["tolerance"] != true {
			t.Fatalf("failed acceptance: %s", b.Raw)
		}
		check(t, "readmit after the end", h.do("POST", racerPath(r1, "readmit"), boss.Token, map[string]any{"reason": "x"}), 409, "race_not_in_progress")
	})
}
