package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

func unreadOf(h *harness, tok string) int64 {
	h.t.Helper()
	return h.must(h.do("GET", "/api/v1/me/notifications", tok, nil), http.StatusOK).num("unread")
}

func TestNotificationsOfTheChallengeFlow(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		boss, ent, other := h.bureau(), h.enterprise(), h.enterprise()
		id := h.chSubmitted(ent)
		if n := unreadOf(h, boss.Token); n != 1 {
			t.Fatalf("bureau unread after submit: %d", n)
		}
		h.must(h.do("POST", chPath(id, "validate"), boss.Token, map[string]any{"decision": "return", "opinion": "请补充测试方法"}), http.StatusOK)
		r := h.must(h.do("GET", "/api/v1/me/notifications", ent.Token, nil, "Accept-Language", "en"), http.StatusOK)
		items := r.items()
		if r.num("unread") != 1 || len(items) != 1 || items[0]["kind"] != "challenge.returned" ||
			items[0]["link"] != fmt.Sprintf("/challenges/%d", id) || items[0]["body"] != "Opinion: 请补充测试方法" {
			t.Fatalf("returned notification: %s", r.Raw)
		}
		if zh := h.must(h.do("GET", "/api/v1/me/notifications", ent.Token, nil), 200).items()[0]["title"].(string); zh[:3] != "榜" {
			t.Fatalf("zh title %q", zh)
		}
		nid := int64(items[0]["id"].(float64))
		if n := unreadOf(h, other.Token); n != 0 {
			t.Fatalf("another enterprise notified: %d", n)
		}
		cases := []struct {
			name, method, path, tok string
			status                  int
			code                    string
		}{
			{"list needs login", "GET", "/api/v1/me/notifications", "", 401, "unauthenticated"},
			{"bad unread", "GET", "/api/v1/me/notifications?unread=maybe", ent.Token, 400, "invalid_query"},
			{"bad page", "GET", "/api/v1/me/notifications?page=0", ent.Token, 400, "invalid_query"},
			{"read needs login", "POST", fmt.Sprintf("/api/v1/notifications/%d/read", nid), "", 401, "unauthenticated"},
			{"read bad id", "POST", "/api/v1/notifications/abc/read", ent.Token, 404, "not_found"},
			{"read unknown", "POST", "/api/v1/notifications/999999/read", ent.Token, 404, "not_found"},
			{"read another user's", "POST", fmt.Sprintf("/api/v1/notifications/%d/read", nid), other.Token, 404, "not_found"},
			{"read-all needs login", "POST", "/api/v1/notifications/read-all", "", 401, "unauthenticated"},
		}
		for _, tc := range cases {
			if r := h.do(tc.method, tc.path, tc.tok, nil); r.Status != tc.status || r.code() != tc.code {
				t.Fatalf("%s: want %d %q, got %d %s", tc.name, tc.status, tc.code, r.Status, r.Raw)
			}
		}
		if r := h.must(h.do("POST", fmt.Sprintf("/api/v1/notifications/%d/read", nid), ent.Token, nil), 200); r.num("unread") != 0 {
			t.Fatalf("after read: %s", r.Raw)
		}
		h.must(h.do("POST", fmt.Sprintf("/api/v1/notifications/%d/read", nid), ent.Token, nil), 200) // again: no error

		// resubmit, approve, publish: two more; the unread filter and read-all.
		h.must(h.do("POST", chPath(id, "submit"), ent.Token, nil), 200)
		h.must(h.do("POST", chPath(id, "validate"), boss.Token, map[string]any{"decision": "approve"}), 200)
		h.must(h.do("POST", chPath(id, "publish"), boss.Token, map[string]any{"bid_deadline": h.clock.Now().Add(72 * time.Hour).Format(time.RFC3339)}), 200)
		r = h.must(h.do("GET", "/api/v1/me/notifications?unread=1", ent.Token, nil), 200)
		if r.num("unread") != 2 || r.num("total") != 2 || r.items()[0]["kind"] != "challenge.published" {
			t.Fatalf("unread only: %s", r.Raw)
		}
		if r := h.must(h.do("GET", "/api/v1/me/notifications?page_size=1&page=3", ent.Token, nil), 200); r.num("total") != 3 || len(r.items()) != 1 {
			t.Fatalf("paging: %s", r.Raw)
		}
		if r := h.must(h.do("POST", "/api/v1/notifications/read-all", ent.Token, nil), 200); r.num("unread") != 0 {
			t.Fatalf("read-all: %s", r.Raw)
		}

		// bidding closes: the owner, the bureau and the bidding team hear of it; eligibility reaches the team.
		tm := h.team()
		bidID := h.bidSubmitted(tm, id)
		h.advance(73 * time.Hour)
		h.relogin(&ent, &tm)
		boss = *h.boss
		kinds := func(tok string) []string {
			var out []string
			for _, it := range h.must(h.do("GET", "/api/v1/me/notifications?unread=1", tok, nil), 200).items() {
				out = append(out, it["kind"].(string))
			}
			return out
		}
		if k := kinds(ent.Token); len(k) != 1 || k[0] != "challenge.bidding_closed" {
			t.Fatalf("owner after close: %v", k)
		}
		if k := kinds(tm.Token); len(k) != 1 || k[0] != "challenge.bidding_closed" {
			t.Fatalf("team after close: %v", k)
		}
		h.must(h.do("POST", bidPath(bidID, "eligibility"), boss.Token, map[string]any{"eligible": false, "reason": "预算超出榜额"}), 200)
		if k := kinds(tm.Token); len(k) != 2 || k[0] != "bid.ineligible" {
			t.Fatalf("team after eligibility: %v", k)
		}
	})
}

// TestBidDeadlineReminders: 3 days and 1 day before the deadline, teams with a draft or unsubmitted changes
// are reminded, once each however often the job runs; a team whose bid is submitted as it stands is not.
func TestBidDeadlineReminders(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ent := h.enterprise()
		id := h.chPublished(ent, 5*24*time.Hour)
		drafter, changer, done := h.team(), h.team(), h.team()
		h.bidDraft(drafter, id)
		changed := h.bidSubmitted(changer, id)
		h.must(h.do("PATCH", bidPath(changed), changer.Token, map[string]any{"approach": "改进后的技术路线：增加台架验证环节"}), 200)
		h.bidSubmitted(done, id)
		reminders := func(u user) []string {
			var out []string
			for _, it := range h.must(h.do("GET", "/api/v1/me/notifications", u.Token, nil), 200).items() {
				if it["kind"] == "bid.deadline_near" {
					out = append(out, it["title"].(string))
				}
			}
			return out
		}
		h.advance(47 * time.Hour) // 3 days and 1 hour before
		h.relogin(&drafter, &changer, &done)
		for _, u := range []user{drafter, changer, done} {
			if r := reminders(u); len(r) != 0 {
				t.Fatalf("reminder too early: %v", r)
			}
		}
		h.advance(2 * time.Hour) // 2 days 23 hours before
		h.advance(0)             // the job runs again: nothing new
		h.relogin(&drafter, &changer, &done)
		if r := reminders(drafter); len(r) != 1 {
			t.Fatalf("drafter after 3-day mark: %v", r)
		}
		if r := reminders(changer); len(r) != 1 {
			t.Fatalf("changer after 3-day mark: %v", r)
		}
		if r := reminders(done); len(r) != 0 {
			t.Fatalf("submitted team reminded: %v", r)
		}
		h.advance(48 * time.Hour) // 23 hours before
		h.relogin(&drafter, &changer, &done)
		if r := reminders(drafter); len(r) != 2 || r[0] == r[1] {
			t.Fatalf("drafter after 1-day mark: %v", r)
		}
		h.advance(24 * time.Hour) // past the deadline
		h.relogin(&drafter)
		if r := reminders(drafter); len(r) != 2 {
			t.Fatalf("drafter after the deadline: %v", r)
		}
	})
}
