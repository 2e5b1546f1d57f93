package notify

import (
	"strings"
	"testing"

	"jiebang/domain"
)

// TestEveryKindRendersInBothLanguages renders every kind of the catalogue with its sample: titles in both
// languages, a link, no param left unreplaced, and a body in both languages or in neither.
func TestEveryKindRendersInBothLanguages(t *testing.T) {
	t.Parallel()
	if len(Catalogue()) < 30 {
		t.Fatalf("the catalogue has %d kinds", len(Catalogue()))
	}
	for _, k := range Catalogue() {
		m, err := k.Render(1, k.Sample)
		if err != nil {
			t.Errorf("%s: %v", k.Key, err)
			continue
		}
		if err := m.validate(); err != nil {
			t.Errorf("%s: %v", k.Key, err)
		}
		if m.TitleZh == "" || m.TitleEn == "" || m.Link == "" || !strings.HasPrefix(m.Link, "/") || k.To == "" || m.Entity == "" {
			t.Errorf("%s: incomplete %+v", k.Key, m)
		}
		if k.NextZh == "" || k.NextEn == "" {
			t.Errorf("%s: no next step for the reader", k.Key)
		}
		if (m.BodyZh == "") != (m.BodyEn == "") {
			t.Errorf("%s: a body in one language only: %q / %q", k.Key, m.BodyZh, m.BodyEn)
		}
		for _, s := range []string{m.TitleZh, m.TitleEn, m.BodyZh, m.BodyEn, m.Link} {
			if strings.Contains(s, "{{") || strings.Contains(s, "<no value>") || strings.Contains(s, "%!") {
				t.Errorf("%s: unreplaced param in %q", k.Key, s)
			}
		}
		if _, err := k.Render(1, Params{}); err == nil && strings.Contains(k.TitleZh+k.BodyZh+k.Link, "{{.") {
			t.Errorf("%s: rendered without its params", k.Key)
		}
	}
}

// TestNextStepIsTheReaders checks that kinds sharing a key are told apart by their recipients' role, and that
// each reader is offered the step meant for it.
func TestNextStepIsTheReaders(t *testing.T) {
	t.Parallel()
	roles := map[string]map[domain.Role]bool{}
	for _, k := range Catalogue() {
		if roles[k.Key] == nil {
			roles[k.Key] = map[domain.Role]bool{}
		}
		if roles[k.Key][k.Role] {
			t.Errorf("%s: two kinds for the same readers (%q)", k.Key, k.Role)
		}
		roles[k.Key][k.Role] = true
	}
	for _, c := range []struct {
		key  string
		role domain.Role
		want string
	}{
		{"challenge.bidding_closed", domain.RoleBureau, "去形式审查"},
		{"challenge.bidding_closed", domain.RoleTeam, "查看榜单"},
		{"challenge.bidding_closed", domain.RoleEnterprise, "查看申报"},
		{"review.assigned", domain.RoleExpert, "去评分"},
		{"race.report_due", domain.RoleTeam, "去提交报告"},
	} {
		if zh, en, ok := NextStep(c.key, c.role); !ok || zh != c.want || en == "" {
			t.Errorf("%s for %s: %q %q %v, want %q", c.key, c.role, zh, en, ok, c.want)
		}
	}
	if _, _, ok := NextStep("no.such_kind", domain.RoleTeam); ok {
		t.Error("an unknown kind has a next step")
	}
}
