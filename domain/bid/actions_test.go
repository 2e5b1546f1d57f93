package bid

import (
	"slices"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

func TestActionsFor(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	later, earlier := now.Add(time.Hour), now.Add(-time.Hour)
	open := challenge.Challenge{OrgID: 10, Status: challenge.StatusPublished, BidDeadline: &later}
	late := challenge.Challenge{OrgID: 10, Status: challenge.StatusPublished, BidDeadline: &earlier}
	closed := challenge.Challenge{OrgID: 10, Status: challenge.StatusBiddingClosed, BidDeadline: &earlier}
	bureau := domain.Actor{UserID: 1, Role: domain.RoleBureau}
	enterprise := domain.Actor{UserID: 2, Role: domain.RoleEnterprise, OrgID: 10}
	own := domain.Actor{UserID: 3, Role: domain.RoleTeam, OrgID: 20}
	other := domain.Actor{UserID: 4, Role: domain.RoleTeam, OrgID: 21}
	expert := domain.Actor{UserID: 5, Role: domain.RoleExpert}
	editing := []Action{ActionEdit, ActionAttach, ActionDetach, ActionSubmit, ActionWithdraw}
	cases := []struct {
		who     string
		actor   domain.Actor
		status  Status
		version int
		ch      challenge.Challenge
		want    []Action
	}{
		{"own team, draft", own, StatusDraft, 0, open, append(append([]Action{}, editing...), ActionDelete)},
		{"own team, submitted", own, StatusSubmitted, 1, open, editing},
		{"own team, past the deadline", own, StatusSubmitted, 1, late, nil},
		{"own team, unsubmitted past the deadline", own, StatusDraft, 0, late, []Action{ActionDelete}},
		{"own team, withdrawn", own, StatusWithdrawn, 1, open, nil},
		{"other team", other, StatusSubmitted, 1, open, nil},
		{"owner enterprise", enterprise, StatusSubmitted, 1, closed, nil},
		{"expert", expert, StatusSubmitted, 1, closed, nil},
		{"anonymous", domain.Actor{}, StatusSubmitted, 1, closed, nil},
		{"bureau, while bidding", bureau, StatusSubmitted, 1, open, nil},
		{"bureau, eligibility", bureau, StatusSubmitted, 1, closed, []Action{ActionEligible, ActionIneligible}},
		{"bureau, revise", bureau, StatusIneligible, 1, closed, []Action{ActionEligible, ActionIneligible}},
		{"bureau, selected", bureau, StatusSelected, 1, closed, nil},
	}
	for _, c := range cases {
		got := ActionsFor(c.actor, Bid{LeadOrgID: 20, Status: c.status, Version: c.version}, c.ch, now)
		if got == nil || !slices.Equal(got, append([]Action{}, c.want...)) {
			t.Errorf("%s: %v, want %v", c.who, got, c.want)
		}
	}
}
