package challenge

import (
	"slices"
	"testing"
	"time"

	"jiebang/domain"
)

func TestActionsFor(t *testing.T) {
	t.Parallel()
	bureau := domain.Actor{UserID: 1, Role: domain.RoleBureau}
	owner := domain.Actor{UserID: 2, Role: domain.RoleEnterprise, OrgID: 10}
	other := domain.Actor{UserID: 3, Role: domain.RoleEnterprise, OrgID: 11}
	team := domain.Actor{UserID: 4, Role: domain.RoleTeam, OrgID: 12}
	expert := domain.Actor{UserID: 5, Role: domain.RoleExpert}
	anon := domain.Actor{}
	cases := []struct {
		who    string
		actor  domain.Actor
		status Status
		want   []Action
	}{
		{"owner", owner, StatusDraft, []Action{ActionEdit, ActionSubmit, ActionDelete}},
		{"owner", owner, StatusReturned, []Action{ActionEdit, ActionSubmit}},
		{"owner", owner, StatusSubmitted, nil},
		{"owner", owner, StatusPublished, nil},
		{"other enterprise", other, StatusDraft, nil},
		{"bureau", bureau, StatusDraft, []Action{ActionCancel}},
		{"bureau", bureau, StatusSubmitted, []Action{ActionApprove, ActionReturn, ActionReject, ActionCancel}},
		{"bureau", bureau, StatusApproved, []Action{ActionPublish, ActionCancel}},
		{"bureau", bureau, StatusPublished, []Action{ActionCloseBidding, ActionCancel, ActionAmend}},
		{"bureau", bureau, StatusReviewing, []Action{ActionSelect, ActionCancel, ActionAmend}},
		{"bureau", bureau, StatusInProgress, []Action{ActionAmend}},
		{"bureau", bureau, StatusCancelled, nil},
		{"team", team, StatusPublished, nil},
		{"expert", expert, StatusReviewing, nil},
		{"anonymous", anon, StatusPublished, nil},
	}
	for _, c := range cases {
		got := ActionsFor(c.actor, Challenge{OrgID: 10, Status: c.status})
		if got == nil || !slices.Equal(got, append([]Action{}, c.want...)) {
			t.Errorf("%s on %s: %v, want %v", c.who, c.status, got, c.want)
		}
	}
}

func TestLinksAndBid(t *testing.T) {
	t.Parallel()
	bureau := domain.Actor{UserID: 1, Role: domain.RoleBureau}
	owner := domain.Actor{UserID: 2, Role: domain.RoleEnterprise, OrgID: 10}
	team := domain.Actor{UserID: 4, Role: domain.RoleTeam, OrgID: 12}
	expert := domain.Actor{UserID: 5, Role: domain.RoleExpert}
	anon := domain.Actor{}
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	later, earlier := now.Add(time.Hour), now.Add(-time.Hour)
	cases := []struct {
		who      string
		actor    domain.Actor
		status   Status
		deadline *time.Time
		want     []string
	}{
		{"bureau", bureau, StatusSubmitted, nil, []string{"approve", "return", "reject", "cancel", "view_rounds"}},
		{"bureau", bureau, StatusPublished, &later, []string{"close_bidding", "cancel", "amend", "view_bids"}},
		{"owner", owner, StatusPublished, &later, []string{"view_bids"}},
		{"team before the deadline", team, StatusPublished, &later, []string{"bid"}},
		{"team at the deadline", team, StatusPublished, &now, []string{}},
		{"team after the deadline", team, StatusPublished, &earlier, []string{}},
		{"anonymous before the deadline", anon, StatusPublished, &later, []string{"bid"}},
		{"expert before the deadline", expert, StatusPublished, &later, []string{}},
		{"team after closing", team, StatusBiddingClosed, &later, []string{}},
		{"bureau", bureau, StatusNotice, nil, []string{"cancel", "amend", "view_bids", "view_rounds", "view_notice"}},
		{"anonymous", anon, StatusNotice, nil, []string{"view_notice"}},
		{"bureau", bureau, StatusInProgress, nil, []string{"amend", "view_bids", "view_rounds", "view_race"}},
		{"team", team, StatusInProgress, nil, []string{"view_race"}},
		{"owner", owner, StatusCompleted, nil, []string{"view_bids", "view_race"}},
		{"anonymous", anon, StatusFailed, nil, []string{"view_race"}},
		{"bureau", bureau, StatusCancelled, nil, []string{}},
	}
	for _, c := range cases {
		got := ActionNamesAt(c.actor, Challenge{OrgID: 10, Status: c.status, BidDeadline: c.deadline}, now)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s on %s: %v, want %v", c.who, c.status, got, c.want)
		}
	}
}
