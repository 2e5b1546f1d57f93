package funding

import (
	"slices"
	"testing"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

func TestDecisionActionsFor(t *testing.T) {
	t.Parallel()
	bureau := domain.Actor{UserID: 1, Role: domain.RoleBureau}
	owner := domain.Actor{UserID: 2, Role: domain.RoleEnterprise, OrgID: 10}
	team := domain.Actor{UserID: 3, Role: domain.RoleTeam, OrgID: 11}
	id := int64(7)
	cases := []struct {
		who   string
		actor domain.Actor
		d     Decision
		want  []string
	}{
		{"bureau, a decision", bureau, Decision{ID: 5}, []string{ActionReverse, ActionDisburse}},
		{"bureau, a reversed decision", bureau, Decision{ID: 5, ReversedByID: &id}, []string{}},
		{"bureau, a reversal", bureau, Decision{ID: 7, ReversesID: &id}, []string{}},
		{"owner enterprise", owner, Decision{ID: 5}, []string{}},
		{"racer's team", team, Decision{ID: 5}, []string{}},
		{"anonymous", domain.Actor{}, Decision{ID: 5}, []string{}},
	}
	for _, c := range cases {
		if got := DecisionActionsFor(c.actor, c.d); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.who, got, c.want)
		}
	}
}

func TestLedgerActionsFor(t *testing.T) {
	t.Parallel()
	bureau := domain.Actor{UserID: 1, Role: domain.RoleBureau}
	owner := domain.Actor{UserID: 2, Role: domain.RoleEnterprise, OrgID: 10}
	team := domain.Actor{UserID: 3, Role: domain.RoleTeam, OrgID: 11}
	running := challenge.Challenge{OrgID: 10, Status: challenge.StatusInProgress}
	notice := challenge.Challenge{OrgID: 10, Status: challenge.StatusNotice}
	cases := []struct {
		who   string
		actor domain.Actor
		l     Ledger
		want  []string
	}{
		{"bureau, in progress", bureau, Ledger{Challenge: running}, []string{ActionDecide, ActionDisburse, ActionExport}},
		{"bureau, completed", bureau, Ledger{Challenge: challenge.Challenge{Status: challenge.StatusCompleted}}, []string{ActionDecide, ActionDisburse, ActionExport}},
		{"bureau, before the start", bureau, Ledger{Challenge: notice}, []string{ActionExport}},
		{"owner enterprise", owner, Ledger{Challenge: running}, []string{ActionExport}},
		{"racer's team", team, Ledger{Challenge: running, OwnOnly: true}, []string{}},
	}
	for _, c := range cases {
		if got := LedgerActionsFor(c.actor, c.l); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.who, got, c.want)
		}
	}
}
