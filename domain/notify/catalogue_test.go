package notify

import (
	"strings"
	"testing"
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
