package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"jiebang/domain"
)

// notifications lists the kinds of a user's notifications, newest first.
func (h *harness) notifications(u user) string {
	h.t.Helper()
	l, _, err := h.app.Notify.List(context.Background(), domain.Actor{UserID: u.ID, Role: u.Role}, false, domain.Page{Page: 1, PageSize: 100})
	if err != nil {
		h.t.Fatal(err)
	}
	var kinds []string
	for _, n := range l.Items {
		kinds = append(kinds, n.Kind)
	}
	return strings.Join(kinds, ",")
}

// TestReviewOpenRefusals covers bad input and wrong states when opening a round.
func TestReviewOpenRefusals(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		boss := h.bureau()
		ent := h.enterprise()
		published := h.chPublished(ent, 500*time.Hour)
		noEligible := h.chPublished(ent, 72*time.Hour)
		submitted := h.chSubmitted(ent)
		tm := h.team()
		bidID := h.bidSubmitted(tm, noEligible)
		h.advance(72*time.Hour + domain.ArrivalGrace)
		h.relogin(&ent, &tm)
		boss = h.bureau()
		h.must(h.do("POST", bidPath(bidID, "eligibility"), boss.Token, map[string]any{"eligible": false, "reason": "预算超限"}), http.StatusOK)
		dl := h.clock.Now().Add(240 * time.Hour).Format(time.RFC3339)
		past := h.clock.Now().Add(-time.Hour).Format(time.RFC3339)
		rubric := func(ws ...int) []any {
			var out []any
			for i, w := range ws {
				out = append(out, map[string]any{"name": fmt.Sprintf("项%d", i+1), "weight": w})
			}
			return out
		}
		cases := []struct {
			name   string
			ch     int64
			body   map[string]any
			status int
			code   string
			field  string
		}{
			{"weights not summing to 100", noEligible, map[string]any{"kind": "bid_review", "deadline": dl, "rubric": rubric(50, 40)}, 422, "validation_failed", "rubric"},
			{"weight out of range", noEligible, map[string]any{"kind": "bid_review", "deadline": dl, "rubric": rubric(0, 100)}, 422, "validation_failed", "rubric[0].weight"},
			{"unknown kind", noEligible, map[string]any{"kind": "lottery", "deadline": dl}, 422, "validation_failed", "kind"},
			{"unknown aggregation", noEligible, map[string]any{"kind": "bid_review", "deadline": dl, "aggregation": "median"}, 422, "validation_failed", "aggregation"},
			{"even panel", noEligible, map[string]any{"kind": "bid_review", "deadline": dl, "experts_per_item": 4}, 422, "validation_failed", "experts_per_item"},
			{"deadline in the past", noEligible, map[string]any{"kind": "bid_review", "deadline": past}, 422, "validation_failed", "deadline"},
			{"no deadline", noEligible, map[string]any{"kind": "bid_review"}, 422, "validation_failed", "deadline"},
			{"no eligible bid", noEligible, map[string]any{"kind": "bid_review", "deadline": dl}, 409, "no_eligible_bids", ""},
			{"bidding still open", published, map[string]any{"kind": "bid_review", "deadline": dl}, 409, "invalid_transition", ""},
			{"stage review before the race", noEligible, map[string]any{"kind": "stage_review", "stage": 1, "deadline": dl}, 409, "race_not_started", ""},
			{"acceptance before the race", noEligible, map[string]any{"kind": "acceptance", "deadline": dl}, 409, "race_not_started", ""},
			{"validation of a published challenge", noEligible, map[string]any{"kind": "validation", "deadline": dl}, 409, "invalid_transition", ""},
			{"unknown challenge", 999999, map[string]any{"kind": "bid_review", "deadline": dl}, 404, "not_found", ""},
			{"malformed", noEligible, nil, 400, "malformed_json", ""},
		}
		for _, c := range cases {
			var body any = c.body
			if c.body == nil {
				body = "{"
			}
			r := h.do("POST", chPath(c.ch, "rounds"), boss.Token, body)
			if r.Status != c.status || r.code() != c.code || (c.field != "" && r.field(c.field) == "") {
				t.Errorf("%s: %d %s", c.name, r.Status, r.Raw)
			}
		}
		// A validation round scores the submitted challenge itself.
		v := h.must(h.do("POST", chPath(submitted, "rounds"), boss.Token, map[string]any{"kind": "validation", "deadline": dl}), http.StatusCreated)
		items := v.Body["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["bid_id"].(float64) != 0 || v.Body["rubric"].([]any)[0].(map[string]any)["name"] != "需求明确性" {
			t.Fatalf("validation round: %s", v.Raw)
		}
		if c := h.must(h.do("GET", chPath(submitted), boss.Token, nil), http.StatusOK); c.str("status") != "submitted" {
			t.Fatal("a validation round leaves the challenge's status")
		}
		if r := h.must(h.do("GET", chPath(submitted, "rounds"), boss.Token, nil), http.StatusOK); len(r.items()) != 1 {
			t.Fatalf("rounds of a challenge: %s", r.Raw)
		}
	})
}

// TestReviewRoles sends every review endpoint as every other role and as the anonymous public.
func TestReviewRoles(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := h.bidsClosed(1, 3)
	boss := h.bureau()
	round := h.must(h.do("POST", chPath(f.ch, "rounds"), boss.Token, h.roundBody(3)), http.StatusCreated).num("id")
	h.must(h.do("POST", roundPath(round, "assign"), boss.Token, map[string]any{"seed": 1}), http.StatusOK)
	asg := h.myAssignments(f.experts[0])["pending"][0]
	ent, tm, exp, admin := f.owner, f.teams[0], f.experts[0], h.staff("admin")
	bureauOnly := []struct{ method, path string }{
		{"POST", chPath(f.ch, "rounds")}, {"GET", chPath(f.ch, "rounds")}, {"GET", roundPath(round)}, {"PATCH", roundPath(round)},
		{"POST", roundPath(round, "assign")}, {"GET", roundPath(round, "progress")}, {"POST", roundPath(round, "remind")},
		{"POST", roundPath(round, "close")}, {"GET", roundPath(round, "results.xlsx")}, {"POST", asgPath(asg, "replace")},
		{"GET", "/api/v1/experts"}, {"PATCH", fmt.Sprintf("/api/v1/experts/%d", exp.ID)},
	}
	expertOnly := []struct{ method, path string }{
		{"GET", "/api/v1/me/assignments"}, {"GET", asgPath(asg)}, {"POST", asgPath(asg, "score")},
		{"POST", asgPath(asg, "recuse")}, {"GET", "/api/v1/me/expert-profile"}, {"PUT", "/api/v1/me/expert-profile"},
	}
	for _, e := range bureauOnly {
		for _, u := range []user{ent, tm, exp, admin} {
			if r := h.do(e.method, e.path, u.Token, map[string]any{}); r.Status != 403 {
				t.Errorf("%s %s as %s: %d", e.method, e.path, u.Role, r.Status)
			}
		}
		if r := h.do(e.method, e.path, "", map[string]any{}); r.Status != 401 {
			t.Errorf("%s %s anonymous: %d", e.method, e.path, r.Status)
		}
	}
	for _, e := range expertOnly {
		for _, u := range []user{ent, tm, boss, admin} {
			if r := h.do(e.method, e.path, u.Token, map[string]any{}); r.Status != 403 {
				t.Errorf("%s %s as %s: %d", e.method, e.path, u.Role, r.Status)
			}
		}
		if r := h.do(e.method, e.path, "", map[string]any{}); r.Status != 401 {
			t.Errorf("%s %s anonymous: %d", e.method, e.path, r.Status)
		}
	}
	for _, u := range []user{ent, exp, admin} {
		if r := h.do("GET", roundPath(round, "results"), u.Token, nil); r.Status != 403 {
			t.Errorf("results as %s: %d", u.Role, r.Status)
		}
	}
	if r := h.do("GET", roundPath(999999), boss.Token, nil); r.Status != 404 {
		t.Errorf("unknown round: %d", r.Status)
	}
	if r := h.do("GET", roundPath(0), boss.Token, nil); r.Status != 404 || r.code() != "not_found" {
		t.Errorf("bad id: %d %s", r.Status, r.Raw)
	}
	// Another expert's assignment is 404 for every use.
	other := f.experts[1]
	for _, p := range []string{asgPath(asg)} {
		if h.myAssignments(other)["pending"][0] == asg {
			t.Fatal("fixture")
		}
		if r := h.do("GET", p, other.Token, nil); r.Status != 404 {
			t.Errorf("another expert's material: %d", r.Status)
		}
		if r := h.do("POST", asgPath(asg, "recuse"), other.Token, map[string]any{"reason": "x"}); r.Status != 404 {
			t.Errorf("another expert's recusal: %d", r.Status)
		}
	}
}

// TestReviewCloseConfirmReplaceRemind covers closing with unscored assignments, the bureau's hand-picked
// replacement with its checks, the pool too small to staff an item, reminders and the reminder job.
func TestReviewCloseConfirmReplaceRemind(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.bidsClosed(2, 4)
		boss := h.bureau()
		round := h.must(h.do("POST", chPath(f.ch, "rounds"), boss.Token, h.roundBody(5)), http.StatusCreated).num("id")
		r := h.do("POST", roundPath(round, "assign"), boss.Token, map[string]any{"seed": 3})
		if r.Status != 409 || r.code() != "pool_insufficient" || !strings.Contains(r.str("error"), "") {
			t.Fatalf("pool too small: %s", r.Raw)
		}
		det := r.obj("error")["details"].(map[string]any)
		if det["needed"].(float64) != 5 || det["available"].(float64) != 4 || det["item"] == "" {
			t.Fatalf("the refusal names the item: %s", r.Raw)
		}
		h.must(h.do("PATCH", roundPath(round), boss.Token, h.roundBody(3)), http.StatusOK)
		h.must(h.do("POST", roundPath(round, "assign"), boss.Token, map[string]any{"seed": 3}), http.StatusOK)
		if r := h.do("POST", roundPath(round, "assign"), boss.Token, map[string]any{"seed": -1}); r.Status != 422 || r.field("seed") == "" {
			t.Fatalf("negative seed: %s", r.Raw)
		}

		// Each expert is notified of the assignment.
		if kinds := h.notifications(f.experts[0]); !strings.Contains(kinds, "review.assigned") {
			t.Fatalf("assignment notification: %s", kinds)
		}

		prog := h.must(h.do("GET", roundPath(round, "progress"), boss.Token, nil), http.StatusOK)
		item := prog.Body["items"].([]any)[0].(map[string]any)
		panel := item["panel"].([]any)
		onPanel := map[int64]bool{}
		for _, m := range panel {
			onPanel[int64(m.(map[string]any)["expert_id"].(float64))] = true
		}
		var outsider user
		for _, e := range f.experts {
			if !onPanel[e.ID] {
				outsider = e
			}
		}
		target := int64(panel[0].(map[string]any)["assignment_id"].(float64))
		member := int64(panel[1].(map[string]any)["expert_id"].(float64))
		if r := h.do("POST", asgPath(target, "replace"), boss.Token, map[string]any{"expert_id": member, "reason": "调整"}); r.Status != 409 || r.code() != "expert_not_eligible" {
			t.Fatalf("replacing with a panel member: %s", r.Raw)
		}
		if r := h.do("POST", asgPath(target, "replace"), boss.Token, map[string]any{"expert_id": outsider.ID}); r.Status != 422 || r.field("reason") == "" {
			t.Fatalf("replacement without reason: %s", r.Raw)
		}
		rep := h.must(h.do("POST", asgPath(target, "replace"), boss.Token, map[string]any{"expert_id": outsider.ID, "reason": "专家出差"}), http.StatusOK)
		if rep.obj("assignment")["status"] != "replaced" || int64(rep.obj("replacement")["replaces_id"].(float64)) != target {
			t.Fatalf("replace: %s", rep.Raw)
		}

		// The bureau reminds; the job reminds once, 48 h before the deadline.
		rem := h.must(h.do("POST", roundPath(round, "remind"), boss.Token, nil), http.StatusOK)
		if len(rem.Body["reminded"].([]any)) == 0 {
			t.Fatalf("remind: %s", rem.Raw)
		}
		h.advance(200 * time.Hour)
		h.advance(time.Hour)
		h.relogin(&f.experts[0], &f.experts[1], &f.experts[2], &f.experts[3])
		boss = h.bureau()
		for _, e := range f.experts {
			if len(h.myAssignments(e)["pending"]) == 0 {
				continue
			}
			kinds := h.notifications(e)
			if c := strings.Count(kinds, "review.reminder"); c != 2 {
				t.Fatalf("expert %d: %d reminders (one by hand, one by the job): %s", e.ID, c, kinds)
			}
		}

		// One expert scores; closing needs the bureau's reason, and flags the unscored items.
		e0 := f.experts[0]
		var scoredItem int64
		if p := h.myAssignments(e0)["pending"]; len(p) > 0 {
			h.must(h.do("POST", asgPath(p[0], "score"), e0.Token, fullScores(77)), http.StatusOK)
			m := h.must(h.do("GET", asgPath(p[0]), e0.Token, nil), http.StatusOK)
			scoredItem = int64(m.obj("item")["id"].(float64))
			if m.obj("score")["weighted"].(float64) != 77 {
				t.Fatalf("own score: %s", m.Raw)
			}
		}
		c := h.do("POST", roundPath(round, "close"), boss.Token, nil)
		if c.Status != 409 || c.code() != "unscored_items" {
			t.Fatalf("close without confirmation: %s", c.Raw)
		}
		h.must(h.do("POST", roundPath(round, "close"), boss.Token, map[string]any{"reason": "截止时间已到，按已提交评分结束"}), http.StatusOK)
		res := h.must(h.do("GET", roundPath(round, "results"), boss.Token, nil), http.StatusOK)
		for _, it := range res.items() {
			flags := fmt.Sprint(it["flags"])
			if !strings.Contains(flags, "incomplete") {
				t.Fatalf("unscored items are flagged: %v", it)
			}
			if int64(it["item_id"].(float64)) == scoredItem && (it["final_score"].(float64) != 77 || it["rank"].(float64) != 1) {
				t.Fatalf("scored item: %v", it)
			}
			if int64(it["item_id"].(float64)) != scoredItem && (it["final_score"] != nil || !strings.Contains(flags, "unscored")) {
				t.Fatalf("unscored item: %v", it)
			}
		}
		if r := h.do("POST", roundPath(round, "remind"), boss.Token, nil); r.Status != 409 {
			t.Fatalf("remind after close: %d", r.Status)
		}
	})
}

// TestExpertProfileAndPool covers the expert's profile page and the bureau's pool management.
func TestExpertProfileAndPool(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		boss := h.bureau()
		e := h.expert()
		unverified := h.register("expert", "university", false)
		p := h.must(h.do("GET", "/api/v1/me/expert-profile", e.Token, nil), http.StatusOK)
		if p.num("max_open") != 10 || p.Body["active"] != true || p.Body["in_pool"] != true {
			t.Fatalf("profile: %s", p.Raw)
		}
		bad := h.do("PUT", "/api/v1/me/expert-profile", e.Token, map[string]any{"fields": []string{"ai", "magic"},
			"conflicts": []any{map[string]any{"credit_code": "123", "reason": ""}}})
		for _, fld := range []string{"fields[1]", "conflicts[0].credit_code", "conflicts[0].reason"} {
			if bad.Status != 422 || bad.field(fld) == "" {
				t.Fatalf("want 422 on %s: %s", fld, bad.Raw)
			}
		}
		code := h.creditCode()
		up := h.must(h.do("PUT", "/api/v1/me/expert-profile", e.Token, map[string]any{"fields": []string{"ai", "energy"},
			"conflicts": []any{map[string]any{"credit_code": strings.ToLower(code), "reason": "配偶任职"}}}), http.StatusOK)
		if fmt.Sprint(up.Body["fields"]) != "[ai energy]" || up.Body["conflicts"].([]any)[0].(map[string]any)["credit_code"] != code {
			t.Fatalf("profile update: %s", up.Raw)
		}
		l := h.must(h.do("GET", "/api/v1/experts?field=energy", boss.Token, nil), http.StatusOK)
		if len(l.items()) != 1 || int64(l.items()[0]["user_id"].(float64)) != e.ID {
			t.Fatalf("filter by field: %s", l.Raw)
		}
		all := h.must(h.do("GET", "/api/v1/experts?q=%E6%B5%8B%E8%AF%95", boss.Token, nil), http.StatusOK)
		if all.num("total") != 2 {
			t.Fatalf("search: %s", all.Raw)
		}
		for _, it := range all.items() {
			if int64(it["user_id"].(float64)) == unverified.ID && it["in_pool"] != false {
				t.Fatal("an expert of an unverified organisation is not in the pool")
			}
		}
		off := h.must(h.do("PATCH", fmt.Sprintf("/api/v1/experts/%d", e.ID), boss.Token, map[string]any{"active": false, "max_open": 4}), http.StatusOK)
		if off.Body["active"] != false || off.num("max_open") != 4 || off.Body["in_pool"] != false {
			t.Fatalf("deactivate: %s", off.Raw)
		}
		if r := h.do("PATCH", fmt.Sprintf("/api/v1/experts/%d", e.ID), boss.Token, map[string]any{"max_open": 0}); r.Status != 422 || r.field("max_open") == "" {
			t.Fatalf("max_open 0: %s", r.Raw)
		}
		if r := h.do("PATCH", fmt.Sprintf("/api/v1/experts/%d", boss.ID), boss.Token, map[string]any{"active": false}); r.Status != 404 {
			t.Fatalf("a non-expert: %d", r.Status)
		}
		if l := h.must(h.do("GET", "/api/v1/experts?active=false", boss.Token, nil), http.StatusOK); l.num("total") != 1 {
			t.Fatalf("filter inactive: %s", l.Raw)
		}
		if r := h.do("GET", "/api/v1/experts?active=maybe", boss.Token, nil); r.Status != 400 {
			t.Fatalf("bad filter: %d", r.Status)
		}
	})
}
