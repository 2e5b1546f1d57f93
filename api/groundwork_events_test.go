package api_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/event"
)

// recorder collects the names (and payloads) of the events it is subscribed to.
type recorder struct {
	mu     sync.Mutex
	names  []string
	events []event.Event
}

func (r *recorder) on(bus *event.Bus, names ...string) {
	for _, n := range names {
		bus.On(n, func(ctx context.Context, e event.Event) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.names, r.events = append(r.names, e.Name), append(r.events, e)
			return nil
		})
	}
}

// TestTransitionsEmitEvents checks that every challenge and bid transition emits <area>.<action> with the
// entity after the change, and that the bid review outcome (SetOutcome) marks the eligible bids.
func TestTransitionsEmitEvents(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		var rec recorder
		rec.on(h.app.Events, challenge.EventSubmit, challenge.EventApprove, challenge.EventPublish,
			challenge.EventCloseBidding, challenge.EventStartReview, challenge.EventSelect,
			bid.EventSubmit, bid.EventWithdraw, bid.EventMarkEligible, bid.EventMarkIneligible, bid.EventSelected, bid.EventNotSelected)
		ent, boss := h.enterprise(), h.bureau()
		id := h.chPublished(ent, time.Hour)
		t1, t2, t3, t4 := h.team(), h.team(), h.team(), h.team()
		b1, b2, b3 := h.bidSubmitted(t1, id), h.bidSubmitted(t2, id), h.bidSubmitted(t3, id)
		b4 := h.bidSubmitted(t4, id)
		h.must(h.do("POST", bidPath(b4, "withdraw"), t4.Token, nil), http.StatusOK)
		h.advance(time.Hour + domain.ArrivalGrace) // the scheduler closes bidding as the system, once the grace has passed
		h.relogin(&boss, &t1)
		for _, b := range []int64{b1, b2} {
			h.must(h.do("POST", bidPath(b, "eligibility"), boss.Token, map[string]any{"eligible": true}), http.StatusOK)
		}
		h.must(h.do("POST", bidPath(b3, "eligibility"), boss.Token, map[string]any{"eligible": false, "reason": "缺少承诺书"}), http.StatusOK)

		ctx := context.Background()
		actor := domain.Actor{UserID: boss.ID, Role: domain.RoleBureau, Name: "科技局"}
		if _, err := h.app.Challenges.Advance(ctx, actor, id, challenge.ActionStartReview, ""); err != nil {
			t.Fatal(err)
		}
		// The review area selects inside its own transaction: outcome and challenge step commit together.
		err := h.app.Tx.InTx(ctx, func(ctx context.Context) error {
			if err := h.app.Bids.SetOutcome(ctx, actor, id, []int64{b3}); domain.CodeOf(err) != "bid_not_eligible" {
				t.Errorf("selecting an ineligible bid: %v", err)
			}
			if err := h.app.Bids.SetOutcome(ctx, actor, id, []int64{b1}); err != nil {
				return err
			}
			_, err := h.app.Challenges.Advance(ctx, actor, id, challenge.ActionSelect, "入围名单")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := h.app.Bids.SetOutcome(ctx, domain.Actor{UserID: t1.ID, OrgID: t1.OrgID, Role: domain.RoleTeam}, id, nil); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a team setting the outcome: %v", err)
		}
		want := []string{"challenge.submit", "challenge.approve", "challenge.publish", "bid.submit", "bid.submit",
			"bid.submit", "bid.submit", "bid.withdraw", "challenge.close_bidding", "bid.mark_eligible", "bid.mark_eligible",
			"bid.mark_ineligible", "challenge.start_review", "bid.selected", "bid.not_selected", "challenge.select"}
		if !reflect.DeepEqual(rec.names, want) {
			t.Fatalf("events\n got %v\nwant %v", rec.names, want)
		}
		last := rec.events[len(rec.events)-1].Data.(challenge.Changed)
		if last.Challenge.Status != challenge.StatusNotice || last.From != challenge.StatusReviewing || last.Note != "入围名单" {
			t.Errorf("challenge.select payload %+v", last)
		}
		closeEv := rec.events[8]
		if closeEv.Actor.Role != domain.RoleSystem || closeEv.EntityID != id {
			t.Errorf("close_bidding event %+v", closeEv)
		}
		inel := rec.events[11].Data.(bid.Changed)
		if inel.Bid.ID != b3 || inel.Bid.Status != bid.StatusIneligible || inel.Note != "缺少承诺书" || inel.From != bid.StatusSubmitted {
			t.Errorf("mark_ineligible payload %+v", inel)
		}
		for b, st := range map[int64]string{b1: "selected", b2: "not_selected", b3: "ineligible", b4: "withdrawn"} {
			if got := h.must(h.do("GET", bidPath(b), boss.Token, nil), http.StatusOK).str("status"); got != st {
				t.Errorf("bid %d: %s, want %s", b, got, st)
			}
		}
		// An upheld objection: the outcome changes and only the changed bids move.
		rec.names = nil
		if err := h.app.Bids.SetOutcome(ctx, actor, id, []int64{b2}); err != nil {
			t.Fatal(err)
		}
		if want := []string{"bid.not_selected", "bid.selected"}; !reflect.DeepEqual(rec.names, want) {
			t.Errorf("re-run events %v, want %v", rec.names, want)
		}
	})
}

// TestEventHandlerErrorRollsBackTheTransition: a handler's error undoes the change that emitted it.
func TestEventHandlerErrorRollsBackTheTransition(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		boom := domain.Conflict("boom", "处理失败", "a handler refused")
		h.app.Events.On(challenge.EventSubmit, func(ctx context.Context, e event.Event) error { return boom })
		ent := h.enterprise()
		id := h.chDraft(ent)
		r := h.must(h.do("POST", chPath(id, "submit"), ent.Token, nil), http.StatusConflict)
		if r.code() != "boom" {
			t.Fatalf("submit with a failing handler: %s", r.Raw)
		}
		if st := h.must(h.do("GET", chPath(id), ent.Token, nil), http.StatusOK).str("status"); st != "draft" {
			t.Errorf("status after the rolled-back submit: %s", st)
		}
	})
}
