package notify

import (
	"context"
	"slices"
	"testing"
	"time"

	"jiebang/domain"
)

// roleStore keeps members by organisation and role.
type roleStore struct {
	fakeStore
	byRole map[int64]map[domain.Role][]int64
}

func (r *roleStore) OrgMembers(_ context.Context, org int64, role domain.Role) ([]int64, error) {
	return r.byRole[org][role], nil
}

// TestSendResolvesOneRoleOfAnOrganisation: a team's notice reaches the team users of its organisation, the
// owner's the enterprise users of its; an expert, an enterprise user of the same organisation hear nothing.
func TestSendResolvesOneRoleOfAnOrganisation(t *testing.T) {
	const university, company = 5, 6
	st := &roleStore{byRole: map[int64]map[domain.Role][]int64{
		university: {domain.RoleTeam: {1, 2}, domain.RoleExpert: {3}, domain.RoleEnterprise: {4}},
		company:    {domain.RoleEnterprise: {7}, domain.RoleTeam: {8}, domain.RoleExpert: {9}},
	}, fakeStore: fakeStore{roles: map[domain.Role][]int64{domain.RoleBureau: {10}}}}
	s := NewService(st, fakeTx{}, domain.NewFrozenClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
	ctx := context.Background()
	recipients := func(to To) []int64 {
		st.rows = nil
		if err := s.Send(ctx, FundingDecided, to, 1, FundingDecided.Sample); err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, r := range st.rows {
			ids = append(ids, r.UserID)
		}
		slices.Sort(ids)
		return ids
	}
	for _, c := range []struct {
		name string
		to   To
		want []int64
	}{
		{"a racer's team", Team(university), []int64{1, 2}},
		{"the owner", Enterprise(company), []int64{7}},
		{"owner and racers, once each", Enterprise(company).And(Team(university, university)), []int64{1, 2, 7}},
		{"the bureau and the owner", Bureau().And(Enterprise(company)), []int64{7, 10}},
		{"no organisation", Team(0), nil},
	} {
		if got := recipients(c.to); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
