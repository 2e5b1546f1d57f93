package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/notify"
)

// TestCancellingAChallengeEndsItsBids is the cascade of 撤榜: the bureau cancels a challenge with a submitted
// bid, an eligible one and a draft; they end as cancelled with the reason, in the same transaction as the
// cancellation (one request, audited together); the PI, no longer counted by the limit, bids elsewhere; the
// teams are notified and see why.
func TestCancellingAChallengeEndsItsBids(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ent, boss := h.enterprise(), h.bureau()
		ch := h.chPublished(ent, 48*time.Hour)
		other := h.chPublished(ent, 48*time.Hour)
		tm, drafter, quitter := h.team(), h.team(), h.team()
		mate := h.joinOrg(domain.RoleTeam, tm)
		pi := h.piEmail()
		sub := h.must(h.do("POST", chPath(ch, "bids"), tm.Token, h.bidBody(pi)), http.StatusCreated).num("id")
		h.must(h.do("POST", bidPath(sub, "submit"), tm.Token, nil), http.StatusOK)
		draft := h.bidDraft(drafter, ch)
		gone := h.bidSubmitted(quitter, ch)
		h.must(h.do("POST", bidPath(gone, "withdraw"), quitter.Token, nil), http.StatusOK)

		// Before: the PI's one active bid blocks a second one (限项 of 1).
		elsewhere := h.must(h.do("POST", chPath(other, "bids"), tm.Token, h.bidBody(pi)), http.StatusCreated).num("id")
		if r := h.must(h.do("POST", bidPath(elsewhere, "submit"), tm.Token, nil), http.StatusConflict); r.code() != "pi_limit_exceeded" {
			t.Fatalf("second bid of the PI: %s", r.Raw)
		}

		reason := "企业研发方向调整，需求取消"
		h.must(h.do("POST", chPath(ch, "cancel"), boss.Token, map[string]any{"reason": reason}, "X-Request-ID", "cancel-req-1"), http.StatusOK)

		for id, want := range map[int64]string{sub: "cancelled", draft: "cancelled", gone: "withdrawn"} {
			tok := map[int64]string{sub: tm.Token, draft: drafter.Token, gone: quitter.Token}[id]
			r := h.must(h.do("GET", bidPath(id), tok, nil), http.StatusOK)
			if r.str("status") != want {
				t.Errorf("bid %d: %s, want %s", id, r.str("status"), want)
			}
			if want == "cancelled" && (r.str("end_reason") != reason || r.str("ended_at") == "") {
				t.Errorf("bid %d does not say why it ended: %s", id, r.Raw)
			}
		}
		// The team can no longer act on it, and says so with the state machine's code.
		if r := h.must(h.do("POST", bidPath(sub, "withdraw"), tm.Token, nil), http.StatusConflict); r.code() != "challenge_not_open" && r.code() != "invalid_transition" {
			t.Errorf("withdrawing a cancelled bid: %s", r.Raw)
		}
		// After: the PI may bid elsewhere.
		h.must(h.do("POST", bidPath(elsewhere, "submit"), tm.Token, nil), http.StatusOK)

		// The teams are told why, in both languages (every active member of the organisation).
		ctx := context.Background()
		for _, u := range []user{tm, mate, drafter} {
			l, _, err := h.app.Notify.List(ctx, domain.Actor{UserID: u.ID}, false, domain.Page{})
			var ended []notify.Notification
			for _, n := range l.Items {
				if n.Kind == "bid.cancel" {
					ended = append(ended, n)
				}
			}
			if err != nil || len(ended) != 1 {
				t.Fatalf("bid.cancel notifications of %s: %+v %v", u.Email, ended, err)
			}
			n := ended[0]
			if n.Kind != "bid.cancel" || !strings.Contains(n.BodyZh, reason) || !strings.Contains(n.BodyEn, reason) ||
				!strings.HasPrefix(n.Link, "/bids/") || n.Entity != "bid" {
				t.Errorf("notification %+v", n)
			}
		}
		if l, _, _ := h.app.Notify.List(ctx, domain.Actor{UserID: quitter.ID}, false, domain.Page{}); len(l.Items) != 0 {
			t.Errorf("the team that had withdrawn was notified: %+v", l.Items)
		}

		// The audit shows both changes, made by the same request of the bureau.
		entries := func(entity string, id int64) []map[string]any {
			return h.must(h.do("GET", fmt.Sprintf("/api/v1/audit?entity=%s&entity_id=%d&page_size=100", entity, id), boss.Token, nil), http.StatusOK).items()
		}
		var chCancel map[string]any
		for _, e := range entries("challenge", ch) {
			if e["action"] == "cancel" {
				chCancel = e
			}
		}
		bidCancel := entries("bid", sub)[0]
		if chCancel == nil || bidCancel["action"] != "cancel" {
			t.Fatalf("audit: challenge cancel %v, newest bid entry %v", chCancel, bidCancel)
		}
		if chCancel["request_id"] != "cancel-req-1" || bidCancel["request_id"] != "cancel-req-1" ||
			bidCancel["actor_id"] != chCancel["actor_id"] {
			t.Errorf("cancel entries of different requests: %v / %v", chCancel, bidCancel)
		}
		h.must(h.do("GET", "/api/v1/audit/verify", boss.Token, nil), http.StatusOK)
	})
}
