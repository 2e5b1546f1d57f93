package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestRaceSelectionNoticeObjections covers selection from the ranking, the public notice, objections and their
// answers, re-notice after an upheld objection, and the start refused while the notice runs or an objection
// is open.
func TestRaceSelectionNoticeObjections(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.raceReviewing(4)
		boss := h.bureau()
		other := h.team()
		sel := chPath(f.ch, "selection")

		r := h.must(h.do("GET", sel, boss.Token, nil), http.StatusOK)
		if r.Body["review_closed"] != true || r.num("min") != 2 || r.num("max") != 3 || len(r.Body["ranking"].([]any)) != 4 {
			t.Fatalf("selection view: %s", r.Raw)
		}
		check(t, "start before selection", h.do("POST", chPath(f.ch, "start"), boss.Token, nil), 409, "invalid_transition")
		cases := []struct {
			name, token string
			body        any
			status      int
			code        string
		}{
			{"anonymous", "", map[string]any{"bid_ids": f.bids[:2]}, 401, "unauthenticated"},
			{"enterprise", f.owner.Token, map[string]any{"bid_ids": f.bids[:2]}, 403, "forbidden"},
			{"ineligible bid", boss.Token, map[string]any{"bid_ids": []int64{f.bids[0], f.ineligible}, "reason": "x"}, 422, "validation_failed"},
			{"too many", boss.Token, map[string]any{"bid_ids": f.bids}, 422, "validation_failed"},
			{"too few", boss.Token, map[string]any{"bid_ids": f.bids[:1]}, 422, "validation_failed"},
			{"departing without reason", boss.Token, map[string]any{"bid_ids": []int64{f.bids[0], f.bids[2]}}, 422, "validation_failed"},
			{"malformed", boss.Token, map[string]any{"bid_ids": "x"}, 400, "malformed_json"},
			{"notice days", boss.Token, map[string]any{"bid_ids": f.bids[:2], "notice_days": 99}, 422, "validation_failed"},
		}
		for _, tc := range cases {
			check(t, tc.name, h.do("POST", sel, tc.token, tc.body), tc.status, tc.code)
		}
		// A challenge whose review has not closed.
		f.reviews.mu.Lock()
		ranking := f.reviews.ranking[f.ch]
		delete(f.reviews.ranking, f.ch)
		f.reviews.mu.Unlock()
		check(t, "review not closed", h.do("POST", sel, boss.Token, map[string]any{"bid_ids": f.bids[:2]}), 409, "review_not_closed")
		f.reviews.mu.Lock()
		f.reviews.ranking[f.ch] = ranking
		f.reviews.mu.Unlock()

		// Select the top two: a notice of 5 working days; 2026-11-05 09:00 -> ends 2026-11-13 00:00 China time.
		n := h.must(h.do("POST", sel, boss.Token, map[string]any{"bid_ids": f.bids[:2]}), http.StatusOK)
		if n.str("status") != "open" || n.str("ends_at") != "2026-11-12T16:00:00Z" || len(n.Body["selected"].([]any)) != 2 {
			t.Fatalf("notice: %s", n.Raw)
		}
		noticeID := n.num("id")
		if c := h.must(h.do("GET", chPath(f.ch), boss.Token, nil), http.StatusOK); c.str("status") != "notice" {
			t.Fatalf("challenge after selection: %s", c.str("status"))
		}
		if b := h.must(h.do("GET", bidPath(f.bids[3]), boss.Token, nil), http.StatusOK); b.str("status") != "not_selected" {
			t.Fatalf("a bid left out: %s", b.str("status"))
		}
		check(t, "select again without an upheld objection", h.do("POST", sel, boss.Token, map[string]any{"bid_ids": f.bids[:2]}), 409, "selection_locked")

		// The public notice: selected organisations, no scores, no experts.
		pub := h.must(h.do("GET", "/api/v1/notices?status=open", "", nil), http.StatusOK)
		if len(pub.items()) != 1 || strings.Contains(string(pub.Raw), "score") {
			t.Fatalf("public notices: %s", pub.Raw)
		}
		check(t, "start while the notice runs", h.do("POST", chPath(f.ch, "start"), boss.Token, nil), 409, "notice_running")

		// Objections.
		obj := "/api/v1/notices/" + itoa(noticeID) + "/objections"
		check(t, "anonymous objection", h.do("POST", obj, "", map[string]any{"reason": "x"}), 401, "unauthenticated")
		check(t, "empty objection", h.do("POST", obj, other.Token, map[string]any{"reason": " "}), 422, "validation_failed")
		o := h.must(h.do("POST", obj, other.Token, map[string]any{"reason": "第二名的合作单位与发榜企业存在关联关系。"}), http.StatusCreated)
		oid := o.num("id")
		page := h.must(h.do("GET", "/api/v1/notices/"+itoa(noticeID), "", nil), http.StatusOK)
		if page.num("objections_count") != 1 || strings.Contains(string(page.Raw), `"user_id"`) ||
			strings.Contains(string(page.Raw), "合作单位与发榜企业") {
			t.Fatalf("the public notice counts the objection and hides it and its objector until answered: %s", page.Raw)
		}
		if mine := h.must(h.do("GET", "/api/v1/notices/"+itoa(noticeID), other.Token, nil), http.StatusOK); !strings.Contains(string(mine.Raw), "合作单位与发榜企业") {
			t.Fatalf("the objector sees its own open objection: %s", mine.Raw)
		}
		res := "/api/v1/objections/" + itoa(oid) + "/resolve"
		check(t, "resolve by the enterprise", h.do("POST", res, f.owner.Token, map[string]any{"outcome": "upheld", "answer": "x"}), 403, "forbidden")
		check(t, "resolve without answer", h.do("POST", res, boss.Token, map[string]any{"outcome": "upheld"}), 422, "validation_failed")
		check(t, "resolve bad outcome", h.do("POST", res, boss.Token, map[string]any{"outcome": "maybe", "answer": "x"}), 422, "validation_failed")
		check(t, "resolve unknown", h.do("POST", "/api/v1/objections/999999/resolve", boss.Token, map[string]any{"outcome": "upheld", "answer": "x"}), 404, "not_found")
		h.must(h.do("POST", res, boss.Token, map[string]any{"outcome": "upheld", "answer": "经核查关联关系属实，调整入围名单。"}), http.StatusOK)
		check(t, "resolve twice", h.do("POST", res, boss.Token, map[string]any{"outcome": "dismissed", "answer": "x"}), 409, "invalid_transition")

		// Re-notice with a changed selection (departing from the rank order: a reason).
		other.Token = h.login(other.Email, testPassword)
		n2 := h.must(h.do("POST", sel, boss.Token, map[string]any{"bid_ids": []int64{f.bids[0], f.bids[2]}, "reason": "异议成立，第二名退出"}), http.StatusOK)
		if n2.num("seq") != 2 || n2.num("id") == noticeID {
			t.Fatalf("re-notice: %s", n2.Raw)
		}
		if old := h.must(h.do("GET", "/api/v1/notices/"+itoa(noticeID), "", nil), http.StatusOK); old.str("status") != "superseded" ||
			len(old.Body["answers"].([]any)) != 1 {
			t.Fatalf("the first notice: %s", old.Raw)
		}
		if b := h.must(h.do("GET", bidPath(f.bids[1]), boss.Token, nil), http.StatusOK); b.str("status") != "not_selected" {
			t.Fatalf("the bid removed by the re-notice: %s", b.str("status"))
		}
		obj2 := "/api/v1/notices/" + n2.str("id") + "/objections"
		if n2.str("id") == "" {
			obj2 = "/api/v1/notices/" + itoa(n2.num("id")) + "/objections"
		}
		o2 := h.must(h.do("POST", obj2, f.owner.Token, map[string]any{"reason": "请说明调整依据。"}), http.StatusCreated)

		// After the period: objections are closed, the job closed the notice and told the bureau.
		h.advance(9 * 24 * time.Hour)
		h.relogin(&f.owner, &other)
		boss = h.bureau()
		check(t, "objection after the period", h.do("POST", obj2, other.Token, map[string]any{"reason": "x"}), 409, "notice_closed")
		if cur := h.must(h.do("GET", chPath(f.ch, "notice"), "", nil), http.StatusOK); cur.str("status") != "closed" || cur.Body["running"] != false {
			t.Fatalf("the notice after its end: %s", cur.Raw)
		}
		check(t, "start with an open objection", h.do("POST", chPath(f.ch, "start"), boss.Token, nil), 409, "objection_open")
		h.must(h.do("POST", "/api/v1/objections/"+itoa(o2.num("id"))+"/resolve", boss.Token,
			map[string]any{"outcome": "dismissed", "answer": "依据已在公示中说明。"}), http.StatusOK)
		check(t, "start by the enterprise", h.do("POST", chPath(f.ch, "start"), f.owner.Token, nil), 403, "forbidden")
		b := h.must(h.do("POST", chPath(f.ch, "start"), boss.Token, nil), http.StatusOK)
		if b.str("status") != "in_progress" || len(b.items()) != 2 {
			t.Fatalf("start: %s", b.Raw)
		}
		check(t, "start twice", h.do("POST", chPath(f.ch, "start"), boss.Token, nil), 409, "invalid_transition")
		for _, e := range []string{"notice", "objection"} {
			if a := h.must(h.do("GET", "/api/v1/audit?entity="+e, boss.Token, nil), http.StatusOK); len(a.items()) < 2 {
				t.Errorf("audit of %s: %s", e, a.Raw)
			}
		}
		kinds := h.notificationKinds(boss)
		if !kinds["race.notice_closed"] || !kinds["race.objection"] {
			t.Errorf("the bureau is told of objections and the notice's end: %v", kinds)
		}
		if k := h.notificationKinds(other); !k["race.objection_answered"] {
			t.Errorf("the objector is told of the answer: %v", k)
		}
		if k := h.notificationKinds(f.teams[3]); !k["race.not_selected"] {
			t.Errorf("a team left out is told: %v", k)
		}
	})
}

func itoa(n int64) string { return fmtInt(n) }
