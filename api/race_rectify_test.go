package api_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"jiebang/domain"
)

func opinionBody(r int64) map[string]any {
	return map[string]any{"racer_id": r, "opinion": "部分指标未达标。",
		"kpi_results": map[string]any{"峰值功率密度": map[string]any{"value": 5.9, "met": false}, "最高效率": map[string]any{"value": 96.0, "met": true}}}
}

// TestRectifyStageDecision: a stage decision keeps a racer under rectification (限期整改) with the default due
// date; its team reports, the bureau passes it (two concurrent decisions: one wins); the public sees the
// status and due date without the requirements; the tranche hold (RectificationPending) follows it; the
// reminder goes out once.
func TestRectifyStageDecision(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.raceReviewing(3)
		ids := h.raceStarted(f, 3)
		boss := h.bureau()
		r1, r2, r3 := ids[0], ids[1], ids[2]
		t1, t2 := f.teams[0], f.teams[1]
		ctx := context.Background()
		past := h.clock.Now().Add(-time.Hour).Format(time.RFC3339)
		body := func(rect map[string]any) map[string]any {
			return map[string]any{"advance": []int64{r1}, "reason": "第二名限期整改",
				"rectify":   []any{rect},
				"eliminate": []any{map[string]any{"racer_id": r3, "reason": "进度严重滞后", "tolerance": true}}}
		}
		bad := h.do("POST", stagePathOf(f.ch, 1), boss.Token, body(map[string]any{"racer_id": r2, "requirements": "补齐试验数据", "due_at": past}))
		check(t, "due in the past", bad, 422, "validation_failed")
		if bad.field("rectify[0].due_at") == "" {
			t.Errorf("due field: %s", bad.Raw)
		}
		check(t, "no requirements", h.do("POST", stagePathOf(f.ch, 1), boss.Token, body(map[string]any{"racer_id": r2, "requirements": " "})), 422, "validation_failed")
		dup := body(map[string]any{"racer_id": r1, "requirements": "x"})
		check(t, "advanced and rectified", h.do("POST", stagePathOf(f.ch, 1), boss.Token, dup), 422, "validation_failed")
		check(t, "rectify by the enterprise", h.do("POST", stagePathOf(f.ch, 1), f.owner.Token, body(map[string]any{"racer_id": r2, "requirements": "x"})), 403, "forbidden")

		d := h.must(h.do("POST", stagePathOf(f.ch, 1), boss.Token, body(map[string]any{"racer_id": r2, "requirements": "补齐高温工况试验数据"})), http.StatusOK)
		rs, _ := d.Body["rectify"].([]any)
		if len(rs) != 1 {
			t.Fatalf("decision: %s", d.Raw)
		}
		due, _ := time.Parse(time.RFC3339, rs[0].(map[string]any)["due_at"].(string))
		if days := due.Sub(h.clock.Now()).Hours() / 24; days < 88 || days > 93 {
			t.Errorf("default due %v is %.1f days ahead", due, days)
		}

		// Who sees what.
		g := h.must(h.do("GET", racerPath(r2, "rectification"), t2.Token, nil), http.StatusOK)
		it := g.items()
		if len(it) != 1 || it[0]["status"] != "open" || it[0]["requirements"] != "补齐高温工况试验数据" || it[0]["kind"] != "stage" {
			t.Fatalf("team's rectification: %s", g.Raw)
		}
		if acts, _ := g.Body["actions"].([]any); len(acts) != 1 || acts[0] != "rectification_report" {
			t.Errorf("team's actions: %s", g.Raw)
		}
		check(t, "owner reads", h.do("GET", racerPath(r2, "rectification"), f.owner.Token, nil), 200, "")
		check(t, "another team reads", h.do("GET", racerPath(r2, "rectification"), t1.Token, nil), 404, "not_found")
		check(t, "anonymous reads", h.do("GET", racerPath(r2, "rectification"), "", nil), 401, "unauthenticated")
		pub := h.must(h.do("GET", chPath(f.ch, "racers"), "", nil), http.StatusOK)
		pr := racerByID(t, pub, r2)
		prs, _ := pr["rectifications"].([]any)
		if pr["status"] != "racing" || len(prs) != 1 || prs[0].(map[string]any)["status"] != "open" || prs[0].(map[string]any)["requirements"] != nil {
			t.Errorf("public board: %v", pr)
		}
		if pending, err := h.app.Race.RectificationPending(ctx, r2); err != nil || !pending {
			t.Errorf("pending while open: %v %v", pending, err)
		}
		if pending, _ := h.app.Race.RectificationPending(ctx, r1); pending {
			t.Errorf("r1 is not under rectification")
		}

		// The acceptance waits for the rectification.
		for _, r := range []int64{r1, r2} {
			h.must(h.do("POST", chPath(f.ch, "acceptance", "opinions"), f.owner.Token, opinionBody(r)), http.StatusCreated)
		}
		check(t, "acceptance while open", h.do("POST", chPath(f.ch, "acceptance"), boss.Token,
			map[string]any{"outcome": "completed", "winner_racer_ids": []int64{r1}, "opinion": "达标"}), 409, "rectification_open")

		// Decisions before the report, reports by others.
		check(t, "pass before the report", h.do("POST", racerPath(r2, "rectification/decide"), boss.Token, map[string]any{"outcome": "passed", "reason": "x"}), 409, "rectification_not_reported")
		check(t, "report by another team", h.do("POST", racerPath(r2, "rectification"), t1.Token, map[string]any{"summary": "x"}), 403, "not_racer")
		check(t, "report by the enterprise", h.do("POST", racerPath(r2, "rectification"), f.owner.Token, map[string]any{"summary": "x"}), 403, "forbidden")
		check(t, "report without rectification", h.do("POST", racerPath(r1, "rectification"), t1.Token, map[string]any{"summary": "x"}), 409, "no_rectification")
		check(t, "empty report", h.do("POST", racerPath(r2, "rectification"), t2.Token, map[string]any{"summary": "  "}), 422, "validation_failed")
		check(t, "decide by the team", h.do("POST", racerPath(r2, "rectification/decide"), t2.Token, map[string]any{"outcome": "passed", "reason": "x"}), 403, "forbidden")
		check(t, "bad outcome", h.do("POST", racerPath(r2, "rectification/decide"), boss.Token, map[string]any{"outcome": "maybe", "reason": "x"}), 422, "validation_failed")

		// The reminder, once, a week before the due date.
		h.advance(due.Sub(h.clock.Now()) - 6*24*time.Hour)
		h.advance(time.Hour)
		h.relogin(&t1)
		h.relogin(&t2)
		boss = h.bureau()
		if n := h.countNotifications(t2, "race.rectification_due"); n != 1 {
			t.Errorf("%d rectification reminders, want 1", n)
		}
		if n := h.countNotifications(t1, "race.rectification_due"); n != 0 {
			t.Errorf("r1 reminded: %d", n)
		}

		rep := h.must(h.do("POST", racerPath(r2, "rectification"), t2.Token, map[string]any{"summary": "已补齐高温工况试验数据。"}), http.StatusCreated)
		if rep.str("status") != "reported" || rep.Body["late"] != false {
			t.Fatalf("report: %s", rep.Raw)
		}

		// Two officers pass it at once: one wins.
		var wg sync.WaitGroup
		codes := make([]int, 2)
		for i := range codes {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				codes[i] = h.do("POST", racerPath(r2, "rectification/decide"), boss.Token, map[string]any{"outcome": "passed", "reason": "整改到位"}).Status
			}(i)
		}
		wg.Wait()
		if !(codes[0] == 200 && codes[1] == 409 || codes[0] == 409 && codes[1] == 200) {
			t.Errorf("concurrent decides: %v", codes)
		}
		if pending, _ := h.app.Race.RectificationPending(ctx, r2); pending {
			t.Errorf("pending after passed")
		}
		g = h.must(h.do("GET", racerPath(r2, "rectification"), boss.Token, nil), http.StatusOK)
		if it := g.items(); it[0]["status"] != "passed" || it[0]["reason"] != "整改到位" {
			t.Errorf("passed: %s", g.Raw)
		}
		b := h.must(h.do("POST", chPath(f.ch, "acceptance"), boss.Token,
			map[string]any{"outcome": "passed", "winner_racer_ids": []int64{r1}, "opinion": "达标"}), http.StatusOK)
		if b.str("status") != "completed" {
			t.Errorf("completed: %s", b.Raw)
		}
	})
}

// TestRectifyEliminated: a rectification the bureau does not accept eliminates the racer on the usual path
// (without tolerance the credit status changes); a late report is marked late.
func TestRectifyEliminated(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.raceReviewing(2)
		ids := h.raceStarted(f, 2)
		boss := h.bureau()
		r1, r2 := ids[0], ids[1]
		due := h.clock.Now().Add(30 * 24 * time.Hour).Format(time.RFC3339)
		h.must(h.do("POST", stagePathOf(f.ch, 1), boss.Token, map[string]any{"advance": []int64{r1}, "reason": "限期整改",
			"rectify": []any{map[string]any{"racer_id": r2, "requirements": "提交中期样机", "due_at": due}}, "eliminate": []any{}}), http.StatusOK)
		h.advance(31 * 24 * time.Hour)
		h.relogin(&f.teams[1])
		boss = h.bureau()
		rep := h.must(h.do("POST", racerPath(r2, "rectification"), f.teams[1].Token, map[string]any{"summary": "迟交的整改报告"}), http.StatusCreated)
		if rep.Body["late"] != true {
			t.Errorf("late report: %s", rep.Raw)
		}
		check(t, "no credit status", h.do("POST", racerPath(r2, "rectification/decide"), boss.Token,
			map[string]any{"outcome": "eliminated", "reason": "整改不到位", "tolerance": false}), 422, "validation_failed")
		x := h.must(h.do("POST", racerPath(r2, "rectification/decide"), boss.Token,
			map[string]any{"outcome": "eliminated", "reason": "整改不到位", "tolerance": false, "credit_status": "warned"}), http.StatusOK)
		if x.str("status") != "eliminated" {
			t.Fatalf("eliminated: %s", x.Raw)
		}
		b := h.must(h.do("GET", chPath(f.ch, "racers"), boss.Token, nil), http.StatusOK)
		if r := racerByID(t, b, r2); r["status"] != "eliminated" || r["tolerance"] != false || r["eliminated_stage"] != float64(1) {
			t.Errorf("racer: %v", r)
		}
		check(t, "decide again", h.do("POST", racerPath(r2, "rectification/decide"), boss.Token,
			map[string]any{"outcome": "passed", "reason": "x"}), 409, "no_rectification")
	})
}

// TestRectifyAcceptance: a first failing acceptance gives rectify (one period): a second is 422
// rectification_used; passing needs the reports; the conclusion is passed_after_rectification.
func TestRectifyAcceptance(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.raceReviewing(1)
		ids := h.raceStarted(f, 1)
		boss := h.bureau()
		r1 := ids[0]
		h.must(h.do("POST", stagePathOf(f.ch, 1), boss.Token, map[string]any{"advance": []int64{r1}, "eliminate": []any{}}), http.StatusOK)
		h.must(h.do("POST", chPath(f.ch, "acceptance", "opinions"), f.owner.Token, opinionBody(r1)), http.StatusCreated)
		check(t, "passed_after_rectification without one", h.do("POST", chPath(f.ch, "acceptance"), boss.Token,
			map[string]any{"outcome": "passed_after_rectification", "winner_racer_ids": []int64{r1}, "opinion": "达标"}), 422, "validation_failed")
		b := h.must(h.do("POST", chPath(f.ch, "acceptance"), boss.Token, map[string]any{"outcome": "rectify", "winner_racer_ids": []int64{},
			"opinion": "功率密度未达标", "requirements": "三个月内提高功率密度至 6 kW/kg"}), http.StatusOK)
		if b.str("status") != "in_progress" {
			t.Fatalf("rectify keeps the challenge in progress: %s", b.Raw)
		}
		r := racerByID(t, b, r1)
		rs, _ := r["rectifications"].([]any)
		if len(rs) != 1 || rs[0].(map[string]any)["kind"] != "acceptance" {
			t.Fatalf("acceptance rectification: %v", r)
		}
		check(t, "second rectify", h.do("POST", chPath(f.ch, "acceptance"), boss.Token, map[string]any{"outcome": "rectify", "winner_racer_ids": []int64{},
			"opinion": "仍未达标"}), 422, "rectification_used")
		check(t, "pass before the report", h.do("POST", chPath(f.ch, "acceptance"), boss.Token,
			map[string]any{"outcome": "passed_after_rectification", "winner_racer_ids": []int64{r1}, "opinion": "达标"}), 409, "rectification_not_reported")
		check(t, "decide an acceptance rectification alone", h.do("POST", racerPath(r1, "rectification/decide"), boss.Token,
			map[string]any{"outcome": "passed", "reason": "x"}), 409, "acceptance_rectification")
		h.must(h.do("POST", racerPath(r1, "rectification"), f.teams[0].Token, map[string]any{"summary": "功率密度已提高至 6.2 kW/kg"}), http.StatusCreated)
		done := h.must(h.do("POST", chPath(f.ch, "acceptance"), boss.Token,
			map[string]any{"outcome": "passed_after_rectification", "winner_racer_ids": []int64{r1}, "opinion": "整改后达标"}), http.StatusOK)
		if done.str("status") != "completed" || racerByID(t, done, r1)["status"] != "winner" {
			t.Fatalf("passed after rectification: %s", done.Raw)
		}
		g := h.must(h.do("GET", racerPath(r1, "rectification"), boss.Token, nil), http.StatusOK)
		if it := g.items(); it[0]["status"] != "passed" {
			t.Errorf("closed: %s", g.Raw)
		}
	})
}

// countNotifications counts the user's notifications of a kind.
func (h *harness) countNotifications(u user, kind string) int {
	h.t.Helper()
	l, _, err := h.app.Notify.List(context.Background(), domain.Actor{UserID: u.ID, Role: u.Role}, false, domain.Page{Page: 1, PageSize: 100})
	if err != nil {
		h.t.Fatalf("notifications: %v", err)
	}
	n := 0
	for _, x := range l.Items {
		if x.Kind == kind {
			n++
		}
	}
	return n
}
