package api_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/calendar"
)

// callBody is a call open from today for days more days, with rules (nil: none).
func (h *harness) callBody(days int, rules map[string]any) map[string]any {
	now := h.clock.Now()
	b := map[string]any{"title": "2027年第一批揭榜挂帅榜单", "year": 2027, "opens_on": calendar.Date(now),
		"closes_on": calendar.Date(now.AddDate(0, 0, days)), "notes": "面向全市企业征集技术需求"}
	if rules != nil {
		b["rules"] = rules
	}
	return b
}

func callPath(id int64, action ...string) string {
	p := fmt.Sprintf("/api/v1/calls/%d", id)
	for _, a := range action {
		p += "/" + a
	}
	return p
}

// openCall opens a call as the bureau and returns its id.
func (h *harness) openCall(days int, rules map[string]any) int64 {
	h.t.Helper()
	r := h.must(h.do("POST", "/api/v1/calls", h.bureau().Token, h.callBody(days, rules)), http.StatusCreated)
	if r.str("status") != "open" {
		h.t.Fatalf("new call status %q", r.str("status"))
	}
	return r.num("id")
}

// chInCall drafts a complete challenge of ent into the call.
func (h *harness) chInCall(ent user, callID int64) int64 {
	h.t.Helper()
	b := chBody()
	b["call_id"] = callID
	return h.must(h.do("POST", "/api/v1/challenges", ent.Token, b), http.StatusCreated).num("id")
}

func (h *harness) approveCh(id int64) {
	h.t.Helper()
	h.must(h.do("POST", chPath(id, "validate"), h.bureau().Token, map[string]any{"decision": "approve"}), http.StatusOK)
}

func (h *harness) deadlineIn(d time.Duration) map[string]any {
	return map[string]any{"bidding_deadline": h.clock.Now().Add(d).Format(time.RFC3339)}
}

func TestCallFromOpeningToPublishedList(t *testing.T) {
	eachDB(t, func(t *testing.T, h *harness) {
		ent, ent2, boss := h.enterprise(), h.enterprise(), h.bureau()
		// roles: only the bureau opens a call
		h.must(h.do("POST", "/api/v1/calls", ent.Token, h.callBody(10, nil)), http.StatusForbidden)
		h.must(h.do("POST", "/api/v1/calls", "", h.callBody(10, nil)), http.StatusUnauthorized)
		bad := h.callBody(10, map[string]any{"max_active_bids_per_org": -1})
		bad["closes_on"] = "2020-01-01"
		r := h.must(h.do("POST", "/api/v1/calls", boss.Token, bad), http.StatusUnprocessableEntity)
		if r.field("closes_on") == "" || r.field("rules.max_active_bids_per_org") == "" {
			t.Fatalf("bad call: %v", r.Body)
		}
		callID := h.openCall(10, map[string]any{"max_active_bids_per_org": 0, "notice_days": 7})
		got := h.must(h.do("GET", callPath(callID), "", nil), http.StatusOK)
		force := got.obj("rules_in_force")
		if force["max_active_bids_per_org"] != float64(0) || force["notice_days"] != float64(7) ||
			force["max_active_bids_per_pi"] != float64(1) || force["question_window_days"] != float64(7) {
			t.Fatalf("rules in force: %v", force)
		}
		if got.obj("rules")["max_active_bids_per_pi"] != nil {
			t.Fatalf("unset rule should be null: %v", got.obj("rules"))
		}
		// filing: unknown call refused, an open one accepted and shown on the challenge
		b := chBody()
		b["call_id"] = 999999
		if r := h.must(h.do("POST", "/api/v1/challenges", ent.Token, b), http.StatusUnprocessableEntity); r.code() != "call_not_found" {
			t.Fatalf("unknown call: %v", r.Body)
		}
		a := h.chInCall(ent, callID)
		d := h.must(h.do("GET", chPath(a), ent.Token, nil), http.StatusOK)
		if d.num("call_id") != callID || d.str("call_title") != "2027年第一批揭榜挂帅榜单" {
			t.Fatalf("challenge's call: %v %v", d.Body["call_id"], d.Body["call_title"])
		}
		bID, pendingID, draftID := h.chInCall(ent2, callID), h.chInCall(ent, callID), h.chInCall(ent2, callID)
		for _, id := range []int64{a, bID, pendingID} {
			h.must(h.do("POST", chPath(id, "submit"), h.ownerOf(id, ent, ent2).Token, nil), http.StatusOK)
		}
		h.approveCh(a)
		h.approveCh(bID)
		// a challenge of a call is not published on its own
		if r := h.must(h.do("POST", chPath(a, "publish"), boss.Token, map[string]any{}), http.StatusConflict); r.code() != "published_with_call" {
			t.Fatalf("single publish: %v", r.Body)
		}
		// the call's page shows nothing to the public before publication, everything to the bureau
		if n := len(h.must(h.do("GET", callPath(callID), "", nil), http.StatusOK).Body["challenges"].([]any)); n != 0 {
			t.Fatalf("public sees %d challenges before publication", n)
		}
		if n := len(h.must(h.do("GET", callPath(callID), boss.Token, nil), http.StatusOK).Body["challenges"].([]any)); n != 4 {
			t.Fatalf("bureau sees %d challenges", n)
		}
		// a challenge still waiting for validation holds the call back
		h.must(h.do("POST", callPath(callID, "publish"), ent.Token, h.deadlineIn(30*24*time.Hour)), http.StatusForbidden)
		if r := h.must(h.do("POST", callPath(callID, "publish"), boss.Token, h.deadlineIn(30*24*time.Hour)), http.StatusConflict); r.code() != "call_pending" {
			t.Fatalf("pending: %v", r.Body)
		}
		h.must(h.do("POST", chPath(pendingID, "validate"), boss.Token, map[string]any{"decision": "reject", "opinion": "不符合本批次方向"}), http.StatusOK)
		h.must(h.do("POST", callPath(callID, "publish"), boss.Token, map[string]any{"bidding_deadline": "tomorrow"}), http.StatusUnprocessableEntity)
		h.must(h.do("POST", callPath(callID, "publish"), boss.Token, h.deadlineIn(-time.Hour)), http.StatusUnprocessableEntity)
		pub := h.must(h.do("POST", callPath(callID, "publish"), boss.Token, h.deadlineIn(30*24*time.Hour)), http.StatusOK)
		if pub.str("status") != "published" || pub.str("bidding_deadline_on") == "" {
			t.Fatalf("published call: %v", pub.Body)
		}
		deadline := pub.str("bidding_deadline")
		for _, id := range []int64{a, bID} {
			c := h.must(h.do("GET", chPath(id), "", nil), http.StatusOK)
			if c.str("status") != "published" || c.str("bid_deadline") != deadline {
				t.Fatalf("challenge %d: %s %s (want %s)", id, c.str("status"), c.str("bid_deadline"), deadline)
			}
		}
		if c := h.must(h.do("GET", chPath(draftID), ent2.Token, nil), http.StatusOK); c.str("status") != "draft" {
			t.Fatalf("draft moved: %s", c.str("status"))
		}
		// the public list: the published challenges only
		list := h.must(h.do("GET", callPath(callID), "", nil), http.StatusOK)
		if n := len(list.Body["challenges"].([]any)); n != 2 {
			t.Fatalf("public list has %d challenges", n)
		}
		// the board filters by call
		board := h.must(h.do("GET", fmt.Sprintf("/api/v1/challenges?call_id=%d", callID), "", nil), http.StatusOK)
		if ids := chIDs(board); len(ids) != 2 {
			t.Fatalf("board by call: %v", ids)
		}
		h.must(h.do("GET", "/api/v1/challenges?call_id=x", "", nil), http.StatusBadRequest)
		// published calls are frozen, listed as published, and cannot be published again
		h.must(h.do("PATCH", callPath(callID), boss.Token, map[string]any{"notes": "x"}), http.StatusConflict)
		h.must(h.do("POST", callPath(callID, "publish"), boss.Token, h.deadlineIn(40*24*time.Hour)), http.StatusConflict)
		ls := h.must(h.do("GET", "/api/v1/calls?status=published", "", nil), http.StatusOK)
		if n := len(ls.items()); n != 1 {
			t.Fatalf("published calls: %d", n)
		}
		h.must(h.do("GET", "/api/v1/calls?status=nope", "", nil), http.StatusBadRequest)
		h.must(h.do("GET", callPath(999999), "", nil), http.StatusNotFound)
	})
}

// ownerOf picks which of two enterprises owns challenge id.
func (h *harness) ownerOf(id int64, ents ...user) user {
	h.t.Helper()
	for _, e := range ents {
		if r := h.do("GET", chPath(id), e.Token, nil); r.Status == http.StatusOK && r.Body["actions"] != nil {
			for _, a := range r.Body["actions"].([]any) {
				if a == "submit" {
					return e
				}
			}
		}
	}
	h.t.Fatalf("no owner of %d", id)
	return user{}
}

func TestCallClosedAndEmpty(t *testing.T) {
	h := newHarness(t)
	ent, boss := h.enterprise(), h.bureau()
	callID := h.openCall(0, nil) // closes at the end of today
	id := h.chInCall(ent, callID)
	// the bureau may change a call until it is published
	h.must(h.do("PATCH", callPath(callID), ent.Token, map[string]any{"notes": "x"}), http.StatusForbidden)
	h.must(h.do("PATCH", callPath(callID), boss.Token, map[string]any{"notes": "补充说明"}), http.StatusOK)
	if r := h.must(h.do("POST", callPath(callID, "publish"), boss.Token, h.deadlineIn(30*24*time.Hour)), http.StatusUnprocessableEntity); r.code() != "call_empty" {
		t.Fatalf("empty: %v", r.Body)
	}
	h.advance(48 * time.Hour)
	h.relogin(&ent)
	if r := h.must(h.do("GET", callPath(callID), "", nil), http.StatusOK); r.str("status") != "closed" {
		t.Fatalf("status after closes_on: %s", r.str("status"))
	}
	if r := h.must(h.do("POST", chPath(id, "submit"), ent.Token, nil), http.StatusUnprocessableEntity); r.code() != "call_closed" {
		t.Fatalf("late submission: %v", r.Body)
	}
	if r := h.must(h.do("POST", "/api/v1/challenges", ent.Token, map[string]any{"title": "迟到", "call_id": callID}), http.StatusUnprocessableEntity); r.code() != "call_closed" {
		t.Fatalf("late filing: %v", r.Body)
	}
	// taken out of the call, it is a standing challenge again and may be submitted
	h.must(h.do("PATCH", chPath(id), ent.Token, map[string]any{"call_id": 0}), http.StatusOK)
	h.must(h.do("POST", chPath(id, "submit"), ent.Token, nil), http.StatusOK)
	// a challenge outside any call keeps working as before
	h.chPublished(ent, 10*24*time.Hour)
}

func TestCallConcurrentPublishOneWins(t *testing.T) {
	eachDB(t, func(t *testing.T, h *harness) {
		ent := h.enterprise()
		b1, b2 := h.bureau(), h.staff(domain.RoleBureau)
		callID := h.openCall(5, nil)
		ids := []int64{h.chInCall(ent, callID), h.chInCall(ent, callID)}
		for _, id := range ids {
			h.must(h.do("POST", chPath(id, "submit"), ent.Token, nil), http.StatusOK)
			h.approveCh(id)
		}
		body := h.deadlineIn(20 * 24 * time.Hour)
		var wg sync.WaitGroup
		statuses := make([]int, 2)
		for i, tok := range []string{b1.Token, b2.Token} {
			wg.Add(1)
			go func(i int, tok string) {
				defer wg.Done()
				statuses[i] = h.do("POST", callPath(callID, "publish"), tok, body).Status
			}(i, tok)
		}
		wg.Wait()
		ok, conflict := 0, 0
		for _, s := range statuses {
			switch s {
			case http.StatusOK:
				ok++
			case http.StatusConflict:
				conflict++
			}
		}
		if ok != 1 || conflict != 1 {
			t.Fatalf("statuses %v", statuses)
		}
		for _, id := range ids {
			c := h.must(h.do("GET", chPath(id), ent.Token, nil), http.StatusOK)
			n := 0
			for _, a := range chHistory(c) {
				if a == "publish" {
					n++
				}
			}
			if c.str("status") != "published" || n != 1 {
				t.Fatalf("challenge %d: %s, %d publications", id, c.str("status"), n)
			}
		}
	})
}

func TestCallLimitsCountedWithinTheCall(t *testing.T) {
	eachDB(t, func(t *testing.T, h *harness) {
		ent, tm := h.enterprise(), h.team()
		// the settings: one active bid per organisation; call A allows none beyond one, call B has no limit
		limits := h.must(h.do("GET", "/api/v1/settings/limits", h.bureau().Token, nil), http.StatusOK).Body
		limits["max_active_bids_per_org"] = 1
		h.must(h.do("PUT", "/api/v1/settings/limits", h.bureau().Token, limits), http.StatusOK)
		publishCall := func(rules map[string]any, n int) []int64 {
			callID := h.openCall(5, rules)
			var ids []int64
			for i := 0; i < n; i++ {
				id := h.chInCall(ent, callID)
				h.must(h.do("POST", chPath(id, "submit"), ent.Token, nil), http.StatusOK)
				h.approveCh(id)
				ids = append(ids, id)
			}
			h.must(h.do("POST", callPath(callID, "publish"), h.bureau().Token, h.deadlineIn(20*24*time.Hour)), http.StatusOK)
			return ids
		}
		a := publishCall(map[string]any{"max_active_bids_per_org": 1}, 2)
		free := publishCall(map[string]any{"max_active_bids_per_org": 0, "max_active_bids_per_pi": 0}, 2)
		standing := h.chPublished(ent, 20*24*time.Hour)

		h.bidSubmitted(tm, a[0])
		q := h.must(h.do("GET", chPath(a[1], "bid-quota"), tm.Token, nil), http.StatusOK)
		if q.num("org_active") != 1 || q.num("org_limit") != 1 || q.Body["can_start"] != false {
			t.Fatalf("quota in call A: %v", q.Body)
		}
		if r := h.must(h.do("POST", chPath(a[1], "bids"), tm.Token, h.bidBody(h.piEmail())), http.StatusConflict); r.code() != "org_limit_exceeded" {
			t.Fatalf("second bid in call A: %v", r.Body)
		}
		// the bid in call A does not count among the standing challenges, nor in call B
		q = h.must(h.do("GET", chPath(standing, "bid-quota"), tm.Token, nil), http.StatusOK)
		if q.num("org_active") != 0 || q.Body["can_start"] != true {
			t.Fatalf("standing quota: %v", q.Body)
		}
		h.bidSubmitted(tm, standing)
		pi := h.piEmail()
		for _, id := range free {
			bid := h.must(h.do("POST", chPath(id, "bids"), tm.Token, h.bidBody(pi)), http.StatusCreated).num("id")
			h.must(h.do("POST", bidPath(bid, "submit"), tm.Token, nil), http.StatusOK)
		}
		q = h.must(h.do("GET", chPath(free[0], "bid-quota"), tm.Token, nil), http.StatusOK)
		if q.num("org_active") != 2 || q.num("org_limit") != 0 || q.num("pi_limit") != 0 {
			t.Fatalf("no-limit quota: %v", q.Body)
		}
	})
}
