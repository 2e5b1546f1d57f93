package domain

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestActsForNeedsRoleAndOrganisation: the owner's, the team's views need the role and the organisation
// together; a pending or removed member (no organisation) and the anonymous act for none.
func TestActsForNeedsRoleAndOrganisation(t *testing.T) {
	ent := Actor{UserID: 1, Role: RoleEnterprise, OrgID: 7}
	teamSameOrg := Actor{UserID: 2, Role: RoleTeam, OrgID: 7}
	expertSameOrg := Actor{UserID: 3, Role: RoleExpert, OrgID: 7}
	pending := Actor{UserID: 4, Role: RoleEnterprise}
	anon := Actor{OrgID: 7, Role: RoleEnterprise}
	cases := []struct {
		name string
		got  bool
		want bool
	}{
		{"enterprise of the org is its enterprise", ent.EnterpriseOf(7), true},
		{"enterprise of another org", ent.EnterpriseOf(8), false},
		{"team of the same org is not its enterprise", teamSameOrg.EnterpriseOf(7), false},
		{"team of the org is its team", teamSameOrg.TeamOf(7), true},
		{"expert of the org is neither", expertSameOrg.EnterpriseOf(7) || expertSameOrg.TeamOf(7), false},
		{"expert is a member all the same", expertSameOrg.MemberOf(7), true},
		{"pending member acts for no organisation", pending.EnterpriseOf(0) || pending.MemberOf(0), false},
		{"anonymous acts for nothing", anon.EnterpriseOf(7) || anon.MemberOf(7), false},
		{"bureau", Actor{UserID: 5, Role: RoleBureau}.Bureau(), true},
		{"admin is not the bureau", Actor{UserID: 6, Role: RoleAdmin}.Bureau(), false},
		{"admin", Actor{UserID: 6, Role: RoleAdmin}.Admin(), true},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %v", c.name, c.got)
		}
	}
}

// orgCompare finds an actor's organisation compared with another organisation's id (not with 0).
var orgCompare = regexp.MustCompile(`\b(actor|act)\.OrgID\s*(==|!=)\s*[A-Za-z_]|[A-Za-z_)\]]\.OrgID\s*(==|!=)\s*(actor|act)\.OrgID`)

// TestNoOrganisationCheckWithoutRole keeps the cause of the role+org leaks from coming back: no code of the
// domain compares an actor's organisation with another organisation by hand; it asks Actor.EnterpriseOf,
// TeamOf, ActsFor (role and organisation together) or MemberOf (the organisation as such, granting nothing).
func TestNoOrganisationCheckWithoutRole(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || path == "actor.go" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if orgCompare.MatchString(line) {
				t.Errorf("%s:%d compares the actor's organisation by hand (use Actor.EnterpriseOf/TeamOf/ActsFor): %s", path, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
