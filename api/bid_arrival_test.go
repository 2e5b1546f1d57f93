package api_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/bid"
	"jiebang/repository"
)

// TestBidHonouredByArrival: a submission that arrived before the deadline but is recorded after it (it waited
// for the locks) counts, with a receipt time before the deadline, as long as it is recorded within
// domain.ArrivalGrace; one recorded later, or one that arrived after the deadline, is refused deadline_passed.
// Bidding stays open (and sealed to the owner) during the grace; the scheduler closes it once the grace passed.
func TestBidHonouredByArrival(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, onTime, tooSlow, late, boss := h.enterprise(), h.team(), h.team(), h.team(), h.bureau()
		ch := h.chPublished(owner, 5*time.Minute)
		onTimeBid, tooSlowBid, lateBid := h.bidDraft(onTime, ch), h.bidDraft(tooSlow, ch), h.bidDraft(late, ch)
		deadline, err := time.Parse(time.RFC3339, h.must(h.do("GET", chPath(ch), "", nil), http.StatusOK).str("bid_deadline"))
		if err != nil {
			t.Fatal(err)
		}
		h.clock.Advance(deadline.Add(-time.Second).Sub(h.clock.Now()))
		arrived := h.clock.Now().UTC().Truncate(time.Microsecond)
		ctx := domain.WithArrival(context.Background(), arrived)
		service := func(wait time.Duration) *bid.Service {
			return bid.NewService(h.app.Bids.Config(), bid.Deps{
				Store: lockThenLate{BidStore: repository.NewBidStore(h.app.DB), clock: h.clock, wait: wait},
				Tx:    h.app.Tx, Audit: h.app.Audit, Clock: h.clock, Orgs: h.app.Accounts, Challenges: h.app.Challenges})
		}
		actor := func(u user) domain.Actor {
			return domain.Actor{UserID: u.ID, Role: domain.RoleTeam, OrgID: u.OrgID, Name: "team"}
		}

		// arrived a second before the deadline, recorded 29 s after it: accepted as of its arrival
		v, err := service(30*time.Second).Submit(ctx, actor(onTime), onTimeBid)
		if err != nil {
			t.Fatalf("a submission that arrived before the deadline: %v", err)
		}
		if !h.clock.Now().After(deadline) {
			t.Fatalf("the submission was not recorded after the deadline: %s", h.clock.Now())
		}
		if v.Receipt == nil || !v.Receipt.SubmittedAt.Equal(arrived) || !v.Receipt.SubmittedAt.Before(deadline) ||
			v.SubmittedAt == nil || !v.SubmittedAt.Equal(arrived) {
			t.Fatalf("the receipt shows the arrival before the deadline %s: %+v", deadline, v.Receipt)
		}

		// within the grace: bidding is still open (not closed by hand nor by the scheduler), sealed to the owner,
		// and a request arriving now is refused
		h.advance(0)
		h.relogin(&owner, &onTime, &late)
		boss = h.bureau()
		if r := h.must(h.do("GET", chPath(ch), owner.Token, nil), http.StatusOK); r.str("status") != "published" {
			t.Fatalf("the scheduler closed bidding within the grace: %s", r.str("status"))
		}
		r := h.do("POST", chPath(ch, "close-bidding"), boss.Token, nil)
		details, _ := r.obj("error")["details"].(map[string]any)
		if r.Status != http.StatusConflict || r.code() != "deadline_not_reached" ||
			details["closable_at"] != deadline.Add(domain.ArrivalGrace).UTC().Format(time.RFC3339) {
			t.Fatalf("a close by hand within the grace: %d %s", r.Status, r.Raw)
		}
		if r := h.do("GET", chPath(ch, "bids"), owner.Token, nil); r.Status != http.StatusForbidden || r.code() != "bids_sealed" {
			t.Fatalf("the owner reads bids within the grace: %d %s", r.Status, r.Raw)
		}
		if r := h.do("POST", bidPath(lateBid, "submit"), late.Token, nil); r.Status != http.StatusConflict || r.code() != "deadline_passed" {
			t.Fatalf("a submission that arrived after the deadline: %d %s", r.Status, r.Raw)
		}
		rc := h.must(h.do("GET", bidPath(onTimeBid), onTime.Token, nil), http.StatusOK)
		if rc.str("status") != "submitted" || rc.obj("receipt")["submitted_at"] != arrived.Format(time.RFC3339) {
			t.Fatalf("the honoured submission as read back: %s", rc.Raw)
		}

		// arrived before the deadline, but recorded after deadline + grace: refused, nothing stored
		_, err = service(domain.ArrivalGrace).Submit(ctx, actor(tooSlow), tooSlowBid)
		if !errors.Is(err, domain.ErrDeadlinePassed) || domain.CodeOf(err) != "deadline_passed" {
			t.Fatalf("a submission recorded after the grace: %v", err)
		}
		h.relogin(&tooSlow)
		if r := h.must(h.do("GET", bidPath(tooSlowBid), tooSlow.Token, nil), http.StatusOK); r.str("status") != "draft" || r.num("version") != 0 {
			t.Fatalf("a refused submission left a version: %s", r.Raw)
		}

		// the grace has passed: the scheduler closes bidding and the owner reads the honoured bid
		h.advance(0)
		h.relogin(&owner)
		if r := h.must(h.do("GET", chPath(ch), owner.Token, nil), http.StatusOK); r.str("status") != "bidding_closed" {
			t.Fatalf("the scheduler did not close bidding after the grace: %s", r.str("status"))
		}
		if r := h.must(h.do("GET", chPath(ch, "bids"), owner.Token, nil), http.StatusOK); r.num("total") != 1 {
			t.Fatalf("the owner's list after the close: %s", r.Raw)
		}
	})
}
