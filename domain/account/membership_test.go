package account

import (
	"testing"

	"jiebang/domain"
)

func TestMembershipTransitions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		from   Membership
		action MemberAction
		to     Membership
	}{
		{MembershipPending, ActionApprove, MembershipActive},
		{MembershipRejected, ActionApprove, MembershipActive},
		{MembershipActive, ActionApprove, ""},
		{MembershipPending, ActionReject, MembershipRejected},
		{MembershipActive, ActionReject, ""},
		{MembershipRejected, ActionReject, ""},
		{MembershipActive, ActionRemove, MembershipRejected},
		{MembershipPending, ActionRemove, ""},
		{MembershipActive, ActionHandOver, ""},
	}
	for _, c := range cases {
		got, err := NextMembership(c.from, c.action)
		if got != c.to || (c.to == "") != (domain.CodeOf(err) == "invalid_transition") {
			t.Errorf("%s --%s--> %q %v, want %q", c.from, c.action, got, err, c.to)
		}
	}
}

func TestPendingUserActsForNoOrganisation(t *testing.T) {
	t.Parallel()
	u := User{ID: 1, Role: domain.RoleTeam, OrgID: 7}
	for m, want := range map[Membership]int64{MembershipActive: 7, MembershipPending: 0, MembershipRejected: 0, "": 0} {
		u.Membership = m
		if got := u.Actor().OrgID; got != want {
			t.Errorf("%q: actor org %d, want %d", m, got, want)
		}
	}
}
