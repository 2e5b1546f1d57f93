package api_test

import (
	"context"
	"net/http"
	"reflect"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// TestChallengeLaterTransitions drives the later lifecycle steps other areas use (review, notice, start,
// acceptance) through Service.Advance, with the refusals of the transition table.
func TestChallengeLaterTransitions(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		ent := h.enterprise()
		boss := domain.Actor{UserID: h.bureau().ID, Name: "科技局", Role: domain.RoleBureau}
		owner := domain.Actor{UserID: ent.ID, OrgID: ent.OrgID, Role: domain.RoleEnterprise}
		id := h.chPublished(ent, time.Hour)
		h.advance(time.Hour + domain.ArrivalGrace)
		svc := h.app.Challenges

		steps := []struct {
			actor  domain.Actor
			action challenge.Action
			want   challenge.Status
			code   string
		}{
			{boss, challenge.ActionPublish, "", "invalid_transition"}, // not one of the later steps
			{owner, challenge.ActionStartReview, "", "forbidden"},     // the bureau's step
			{boss, challenge.ActionStart, "", "invalid_transition"},   // not from bidding_closed
			{boss, challenge.ActionStartReview, challenge.StatusReviewing, ""},
			{boss, challenge.ActionSelect, challenge.StatusNotice, ""},
			{boss, challenge.ActionRenotice, challenge.StatusNotice, ""},
			{boss, challenge.ActionStart, challenge.StatusInProgress, ""},
			{boss, challenge.ActionComplete, challenge.StatusCompleted, ""},
			{boss, challenge.ActionFail, "", "invalid_transition"},
		}
		for i, s := range steps {
			c, err := svc.Advance(ctx, s.actor, id, s.action, "")
			if domain.CodeOf(err) != s.code || (s.code == "" && c.Status != s.want) {
				t.Fatalf("step %d %s: %s %v", i, s.action, c.Status, err)
			}
		}
		tok := h.login(h.bureau().Email, testPassword)
		r := h.must(h.do("POST", chPath(id, "cancel"), tok, map[string]any{"reason": "太晚了"}), http.StatusConflict)
		if r.code() != "invalid_transition" {
			t.Errorf("cancel after completion: %s", r.Raw)
		}
		r = h.must(h.do("GET", chPath(id), "", nil), http.StatusOK)
		want := []string{"publish", "close_bidding", "start_review", "select", "renotice", "start", "complete"}
		if got := chHistory(r); !reflect.DeepEqual(got, want) {
			t.Errorf("public history %v, want %v", got, want)
		}
	})
}
