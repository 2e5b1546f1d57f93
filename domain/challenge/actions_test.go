package challenge

import (
	"slices"
	"testing"

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
