package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"
	"time"

	"jiebang/domain"
)

// TestMyBidsFollowChangesOnAnotherServer: 我的揭榜 served by a server from its cache shows at once every
// change made through another server (a bid created, edited, submitted, withdrawn; an attachment added and
// removed; a correction requested; a challenge's title and status; the organisation's name) and every change
// of the actions as the clock passes a deadline, for each team user of the organisation, byte for byte as a
// server that never read it before.
func TestMyBidsFollowChangesOnAnotherServer(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, a *harness) {
		owner, tm, other := a.enterprise(), a.team(), a.team()
		mate := a.joinOrg(domain.RoleTeam, tm)
		ch := a.chPublished(owner, 72*time.Hour)
		ch2 := a.chPublished(owner, 96*time.Hour)
		// Another server and a fresh one keep the first's time.
		sameTime := func(h *harness) *harness {
			h.clock.Advance(a.clock.Now().Sub(h.clock.Now()))
			return h
		}
		b := sameTime(secondServer(t, a))
		paths := []string{"/api/v1/me/bids", "/api/v1/me/bids?page_size=1", "/api/v1/me/bids?page=2&page_size=1"}
		check := func(step string) {
			t.Helper()
			sameTime(b)
			fresh := sameTime(secondServer(t, a))
			for _, path := range paths {
				for who, tok := range map[string]string{"team": tm.Token, "mate": mate.Token, "other team": other.Token} {
					want := fresh.must(fresh.do("GET", path, tok, nil), http.StatusOK)
					for range 2 {
						got := b.must(b.do("GET", path, tok, nil), http.StatusOK)
						if !bytes.Equal(got.Raw, want.Raw) {
							t.Fatalf("%s, %s %s: the caching server\n%s\na fresh server\n%s", step, who, path, got.Raw, want.Raw)
						}
					}
				}
			}
		}
		check("no bids")
		id := a.bidDraft(tm, ch)
		check("created")
		a.must(a.do("PATCH", bidPath(id), mate.Token, map[string]any{"approach": "方案第二稿"}), http.StatusOK)
		check("edited")
		att := a.must(a.upload(bidPath(id, "attachments"), tm.Token, "file", "a.pdf", pdfBytes("mine")), http.StatusCreated).num("id")
		check("attachment added")
		a.must(a.do("DELETE", fmt.Sprintf("%s/attachments/%d", bidPath(id), att), tm.Token, nil), http.StatusNoContent)
		check("attachment removed")
		a.must(a.upload(bidPath(id, "attachments"), tm.Token, "file", "b.pdf", pdfBytes("kept")), http.StatusCreated)
		a.must(a.do("POST", bidPath(id, "submit"), tm.Token, nil), http.StatusOK)
		check("submitted")
		id2 := a.bidSubmitted(tm, ch2)
		a.bidSubmitted(other, ch2)
		check("another submitted")
		a.must(a.do("POST", bidPath(id2, "withdraw"), tm.Token, nil), http.StatusOK)
		check("withdrawn")
		mustExec(t, a, "UPDATE challenges SET title = ? WHERE id = ?", "改过的榜单标题", ch)
		check("challenge renamed")
		mustExec(t, a, "UPDATE orgs SET name = ? WHERE id = ?", "改过名的大学", tm.OrgID)
		check("organisation renamed")
		// The clock alone passes the first deadline: the actions change with nothing written.
		a.clock.Advance(72*time.Hour + time.Minute)
		a.relogin(&tm, &mate, &other)
		check("deadline passed")
		// The scheduler closes bidding (the challenge's status), the bureau asks for a correction.
		a.advance(time.Minute)
		a.relogin(&tm, &mate, &other)
		check("bidding closed")
		a.must(a.do("POST", bidPath(id, "correction"), a.bureau().Token,
			map[string]any{"defects": []any{defect("budget", "设备费缺少明细")}}), http.StatusOK)
		check("correction requested")
		// The correction's due date passes on the clock alone.
		a.clock.Advance(30 * 24 * time.Hour)
		a.relogin(&tm, &mate, &other)
		check("correction due")
	})
}

func mustExec(t *testing.T, h *harness, query string, args ...any) {
	t.Helper()
	if err := h.app.DB.Writer.Exec(query, args...).Error; err != nil {
		t.Fatal(err)
	}
}
