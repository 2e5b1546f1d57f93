package api_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiebang/domain"
)

// TestReviewBidRoundFlow walks a bid review: open (the challenge moves to reviewing), draw with a seed and
// redraw (both audited), conflicts kept off the panels, an expert recuses and is replaced, scoring with bad
// input, close, the results per role and the Excel sheet.
func TestReviewBidRoundFlow(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.bidsClosed(3, 6)
		boss := h.bureau()
		// An expert of the first bid's lead organisation: never on its panel.
		insider := h.joinOrg(domain.RoleExpert, f.teams[0])
		// An expert who declared a conflict with the second bid's lead.
		declared := h.expert()
		h.must(h.do("PUT", "/api/v1/me/expert-profile", declared.Token, map[string]any{"fields": []string{"equipment"},
			"conflicts": []any{map[string]any{"credit_code": f.teams[1].Credit, "reason": "曾在该单位任职"}}}), http.StatusOK)

		r := h.must(h.do("POST", chPath(f.ch, "rounds"), boss.Token, h.roundBody(3)), http.StatusCreated)
		round := r.num("id")
		if r.str("status") != "open" || len(r.Body["items"].([]any)) != 3 || len(r.Body["rubric"].([]any)) != 4 {
			t.Fatalf("open: %s", r.Raw)
		}
		if c := h.must(h.do("GET", chPath(f.ch), boss.Token, nil), http.StatusOK); c.str("status") != "reviewing" {
			t.Fatalf("the challenge moves to reviewing: %s", c.str("status"))
		}
		h.must(h.do("PATCH", roundPath(round), boss.Token, map[string]any{"experts_per_item": 3, "deadline": h.roundBody(3)["deadline"],
			"rubric": []any{map[string]any{"name": "技术方案", "weight": 40}, map[string]any{"name": "团队实力", "weight": 25},
				map[string]any{"name": "可行性与计划", "weight": 20}, map[string]any{"name": "预算合理性", "weight": 15}}}), http.StatusOK)

		a := h.must(h.do("POST", roundPath(round, "assign"), boss.Token, map[string]any{"seed": 42}), http.StatusOK)
		if a.str("status") != "assigned" || a.num("seed") != 42 || a.num("draws") != 1 || len(a.str("pool_digest")) != 64 {
			t.Fatalf("assign: %s", a.Raw)
		}
		if r := h.do("PATCH", roundPath(round), boss.Token, h.roundBody(3)); r.Status != 409 {
			t.Fatalf("the rubric is frozen once drawn: %d", r.Status)
		}
		b := h.must(h.do("POST", roundPath(round, "assign"), boss.Token, map[string]any{"seed": 42}), http.StatusOK)
		if b.num("draws") != 2 || b.str("pool_digest") != a.str("pool_digest") {
			t.Fatalf("redraw with the same pool and seed: %s", b.Raw)
		}
		audit := h.must(h.do("GET", fmt.Sprintf("/api/v1/audit?entity=round&entity_id=%d", round), boss.Token, nil), http.StatusOK)
		var actions []string
		for _, e := range audit.items() {
			actions = append(actions, e["action"].(string))
		}
		if s := strings.Join(actions, ","); !strings.Contains(s, "assign") || !strings.Contains(s, "redraw") || !strings.Contains(s, "open") {
			t.Fatalf("every draw is audited: %v", actions)
		}

		prog := h.must(h.do("GET", roundPath(round, "progress"), boss.Token, nil), http.StatusOK)
		for _, raw := range prog.Body["items"].([]any) {
			it := raw.(map[string]any)
			bidID := int64(it["item"].(map[string]any)["bid_id"].(float64))
			panel := it["panel"].([]any)
			if len(panel) != 3 {
				t.Fatalf("panel of %d: %v", bidID, panel)
			}
			for _, m := range panel {
				e := int64(m.(map[string]any)["expert_id"].(float64))
				if (bidID == f.bids[0] && e == insider.ID) || (bidID == f.bids[1] && e == declared.ID) {
					t.Fatalf("conflicted expert %d on bid %d", e, bidID)
				}
			}
		}

		experts := append(append([]user{}, f.experts...), insider, declared)
		var first user
		var firstAsg int64
		for _, e := range experts {
			if p := h.myAssignments(e)["pending"]; len(p) > 0 {
				first, firstAsg = e, p[0]
				break
			}
		}
		if first.Token == "" {
			t.Fatalf("no expert has a pending assignment: %s", h.do("GET", "/api/v1/me/assignments", experts[0].Token, nil).Raw)
		}
		// Material: the challenge and the submitted bid version, no scores yet; others get 404.
		m := h.must(h.do("GET", asgPath(firstAsg), first.Token, nil), http.StatusOK)
		if m.obj("bid") == nil || m.obj("challenge")["title"] == nil || m.Body["score"] != nil || m.obj("round")["seed"].(float64) != 0 {
			t.Fatalf("material: %s", m.Raw)
		}
		for _, other := range []user{f.teams[0], f.owner} {
			if r := h.do("GET", asgPath(firstAsg), other.Token, nil); r.Status != 403 {
				t.Fatalf("other roles: %d", r.Status)
			}
		}
		for _, e := range experts {
			if e.ID != first.ID {
				if r := h.do("POST", asgPath(firstAsg, "score"), e.Token, fullScores(80)); r.Status != 404 {
					t.Fatalf("another expert's assignment: %d", r.Status)
				}
				break
			}
		}
		// Bad input names the field.
		bad := []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"scores": map[string]int{"技术方案": 101, "团队实力": 1, "可行性与计划": 1, "预算合理性": 1}, "comment": "x"}, "scores.技术方案"},
			{map[string]any{"scores": map[string]int{"技术方案": 1, "团队实力": 1, "可行性与计划": 1}, "comment": "x"}, "scores.预算合理性"},
			{map[string]any{"scores": fullScores(50)["scores"], "comment": "  "}, "comment"},
		}
		for _, c := range bad {
			r := h.do("POST", asgPath(firstAsg, "score"), first.Token, c.body)
			if r.Status != 422 || r.field(c.field) == "" {
				t.Fatalf("want 422 on %s: %s", c.field, r.Raw)
			}
		}
		// A draft saves partial work; once scoring started the panels cannot be redrawn.
		h.must(h.do("POST", asgPath(firstAsg, "score"), first.Token, map[string]any{"scores": map[string]int{"技术方案": 70}, "draft": true}), http.StatusOK)
		if r := h.do("POST", roundPath(round, "assign"), boss.Token, nil); r.Status != 409 || r.code() != "scoring_started" {
			t.Fatalf("redraw after scoring started: %s", r.Raw)
		}

		// The first expert recuses; a replacement is drawn at once.
		rec := h.must(h.do("POST", asgPath(firstAsg, "recuse"), first.Token, map[string]any{"reason": "与申报团队有合作"}), http.StatusOK)
		repl := rec.obj("replacement")
		if rec.obj("assignment")["status"] != "recused" || repl == nil {
			t.Fatalf("recusal: %s", rec.Raw)
		}
		if r := h.do("POST", asgPath(firstAsg, "score"), first.Token, fullScores(80)); r.Status != 409 {
			t.Fatalf("scoring a recused assignment: %d", r.Status)
		}

		// Every open assignment is scored; one expert is harsh (flagged).
		scored := 0
		for i, e := range experts {
			for _, id := range h.myAssignments(e)["pending"] {
				x := 80 + i
				if i == 0 {
					x = 30
				}
				h.must(h.do("POST", asgPath(id, "score"), e.Token, fullScores(x)), http.StatusOK)
				scored++
			}
		}
		if scored != 9 {
			t.Fatalf("scored %d assignments, want 9", scored)
		}
		if r := h.do("GET", roundPath(round, "results"), boss.Token, nil); r.Status != 409 || r.code() != "round_not_closed" {
			t.Fatalf("results before close: %s", r.Raw)
		}
		closed := h.must(h.do("POST", roundPath(round, "close"), boss.Token, nil), http.StatusOK)
		if closed.str("status") != "closed" {
			t.Fatalf("close: %s", closed.Raw)
		}
		if r := h.do("GET", asgPath(int64(repl["id"].(float64))), "", nil); r.Status != 401 {
			t.Fatalf("anonymous: %d", r.Status)
		}
		for _, e := range experts {
			if p := h.myAssignments(e)["scored"]; len(p) > 0 {
				if r := h.do("POST", asgPath(p[0], "score"), e.Token, fullScores(10)); r.Status != 409 || r.code() != "round_closed" {
					t.Fatalf("scoring after close: %s", r.Raw)
				}
				if r := h.do("GET", roundPath(round, "results"), e.Token, nil); r.Status != 403 {
					t.Fatalf("experts see no results: %d", r.Status)
				}
				break
			}
		}

		res := h.must(h.do("GET", roundPath(round, "results"), boss.Token, nil), http.StatusOK)
		items := res.items()
		if len(items) != 3 || items[0]["rank"].(float64) != 1 || items[2]["rank"].(float64) != 3 {
			t.Fatalf("results: %s", res.Raw)
		}
		for _, it := range items {
			ex := it["experts"].([]any)
			if len(ex) != 3 || !strings.HasPrefix(ex[0].(map[string]any)["expert"].(string), "") || it["final_score"] == nil {
				t.Fatalf("sheet line: %v", it)
			}
			for _, l := range ex {
				if _, named := l.(map[string]any)["name"]; named {
					t.Fatal("the sheet is anonymised")
				}
			}
		}
		again := h.must(h.do("GET", roundPath(round, "results"), boss.Token, nil), http.StatusOK)
		if string(again.Raw) != string(res.Raw) {
			t.Fatal("results differ between reads")
		}
		// A team sees only its own line, without expert lines; another organisation's team nothing.
		own := h.must(h.do("GET", roundPath(round, "results"), f.teams[2].Token, nil), http.StatusOK)
		if ol := own.items(); len(ol) != 1 || int64(ol[0]["bid_id"].(float64)) != f.bids[2] || ol[0]["experts"] != nil || own.obj("round")["seed"].(float64) != 0 {
			t.Fatalf("team line: %s", own.Raw)
		}
		if r := h.do("GET", roundPath(round, "results"), h.team().Token, nil); r.Status != 404 {
			t.Fatalf("a team without a line: %d", r.Status)
		}
		if r := h.do("GET", roundPath(round, "results"), f.owner.Token, nil); r.Status != 403 {
			t.Fatalf("enterprise: %d", r.Status)
		}

		x := h.do("GET", roundPath(round, "results.xlsx"), boss.Token, nil)
		if x.Status != 200 || !strings.Contains(x.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("xlsx: %d %s", x.Status, x.Header)
		}
		wb, err := excelize.OpenReader(strings.NewReader(string(x.Raw)))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := wb.GetRows("评分 Scores")
		if len(rows) != 10 || !strings.HasPrefix(rows[1][1], "专家") {
			t.Fatalf("score sheet rows: %v", rows)
		}
		// Submission times are China time, as people read them (the clock runs at 09:00 China time, 01:00 UTC).
		if ranked, _ := wb.GetRows("排名 Ranking"); len(ranked) < 2 || len(ranked[1]) < 6 ||
			!regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$`).MatchString(ranked[1][5]) ||
			!strings.HasSuffix(ranked[0][5], "(Beijing time)") {
			t.Errorf("ranking sheet: %v", ranked)
		}
		if r := h.do("GET", roundPath(round, "results.xlsx"), f.teams[0].Token, nil); r.Status != 403 {
			t.Fatalf("teams do not export the sheet: %d", r.Status)
		}
	})
}
