package review

import (
	"slices"
	"testing"

	"jiebang/domain"
)

func TestRoundActionsFor(t *testing.T) {
	t.Parallel()
	bureau := domain.Actor{UserID: 1, Role: domain.RoleBureau}
	expert := domain.Actor{UserID: 5, Role: domain.RoleExpert}
	cases := []struct {
		who    string
		actor  domain.Actor
		status Status
		want   []Action
	}{
		{"bureau", bureau, StatusOpen, []Action{ActionEdit, ActionAssign}},
		{"bureau", bureau, StatusAssigned, []Action{ActionRedraw, ActionReplace, ActionRemind, ActionClose}},
		{"bureau", bureau, StatusClosed, []Action{ActionExport}},
		{"expert", expert, StatusAssigned, nil},
		{"enterprise", domain.Actor{UserID: 2, Role: domain.RoleEnterprise, OrgID: 10}, StatusClosed, nil},
		{"anonymous", domain.Actor{}, StatusAssigned, nil},
	}
	for _, c := range cases {
		got := RoundActionsFor(c.actor, Round{Status: c.status})
		if got == nil || !slices.Equal(got, append([]Action{}, c.want...)) {
			t.Errorf("%s on %s: %v, want %v", c.who, c.status, got, c.want)
		}
	}
}

func TestAssignmentActionsFor(t *testing.T) {
	t.Parallel()
	bureau := domain.Actor{UserID: 1, Role: domain.RoleBureau}
	own := domain.Actor{UserID: 5, Role: domain.RoleExpert}
	other := domain.Actor{UserID: 6, Role: domain.RoleExpert}
	cases := []struct {
		who    string
		actor  domain.Actor
		status AssignmentStatus
		round  Status
		want   []Action
	}{
		{"assigned expert, pending", own, AssignmentPending, StatusAssigned, []Action{ActionScore, ActionSaveDraft, ActionRecuse}},
		{"assigned expert, scored", own, AssignmentScored, StatusAssigned, []Action{ActionScore}},
		{"assigned expert, recused", own, AssignmentRecused, StatusAssigned, nil},
		{"assigned expert, round closed", own, AssignmentPending, StatusClosed, nil},
		{"other expert", other, AssignmentPending, StatusAssigned, nil},
		{"bureau, pending", bureau, AssignmentPending, StatusAssigned, []Action{ActionReplace}},
		{"bureau, scored", bureau, AssignmentScored, StatusAssigned, nil},
		{"team", domain.Actor{UserID: 7, Role: domain.RoleTeam, OrgID: 20}, AssignmentPending, StatusAssigned, nil},
		{"anonymous", domain.Actor{}, AssignmentPending, StatusAssigned, nil},
	}
	for _, c := range cases {
		got := AssignmentActionsFor(c.actor, Assignment{ExpertID: 5, Status: c.status}, c.round)
		if got == nil || !slices.Equal(got, append([]Action{}, c.want...)) {
			t.Errorf("%s: %v, want %v", c.who, got, c.want)
		}
	}
}
