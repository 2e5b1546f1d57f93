package account

import (
	"slices"
	"testing"

	"jiebang/domain"
)

func TestMemberActionsFor(t *testing.T) {
	t.Parallel()
	bureau := domain.Actor{UserID: 1, Role: domain.RoleBureau}
	pending := User{ID: 5, OrgID: 10, Membership: MembershipPending}
	rejected := User{ID: 5, OrgID: 10, Membership: MembershipRejected}
	active := User{ID: 5, OrgID: 10, Membership: MembershipActive}
	disabled := User{ID: 5, OrgID: 10, Membership: MembershipActive, Disabled: true}
	admin := User{ID: 5, OrgID: 10, Membership: MembershipActive, OrgAdmin: true}
	cases := []struct {
		who     string
		manages bool
		u       User
		want    []string
	}{
		{"pending", true, pending, []string{MemberActApprove, MemberActReject}},
		{"rejected", true, rejected, []string{MemberActApprove}},
		{"active", true, active, []string{MemberActRemove, MemberActHandOver}},
		{"active, disabled", true, disabled, []string{MemberActRemove}},
		{"the administrator", true, admin, []string{}},
		{"not a manager", false, pending, []string{}},
		{"no organisation", true, User{ID: 5, Membership: MembershipActive}, []string{}},
	}
	for _, c := range cases {
		if got := MemberActionsFor(bureau, c.manages, c.u); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.who, got, c.want)
		}
	}
	if got := MemberActionsFor(domain.Actor{}, true, pending); len(got) != 0 {
		t.Errorf("anonymous: %v", got)
	}
}

func TestUserActionsFor(t *testing.T) {
	t.Parallel()
	admin := domain.Actor{UserID: 1, Role: domain.RoleAdmin}
	cases := []struct {
		who   string
		actor domain.Actor
		u     User
		want  []string
	}{
		{"admin, enabled user", admin, User{ID: 2}, []string{UserActDisable}},
		{"admin, disabled user", admin, User{ID: 2, Disabled: true}, []string{UserActEnable}},
		{"admin, itself", admin, User{ID: 1}, []string{}},
		{"bureau", domain.Actor{UserID: 3, Role: domain.RoleBureau}, User{ID: 2}, []string{}},
		{"anonymous", domain.Actor{}, User{ID: 2}, []string{}},
	}
	for _, c := range cases {
		if got := UserActionsFor(c.actor, c.u); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.who, got, c.want)
		}
	}
}
