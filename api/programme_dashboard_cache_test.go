package api_test

import (
	"bytes"
	"net/http"
	"testing"
	"time"
)

// TestProgrammeDashboardFollowsChangesOnAnotherServer: the programme view one server serves from its cache
// (encoded once) shows at once what changed through another server — a challenge published, bids submitted
// and withdrawn, a challenge cancelled — and answers byte for byte as a server that never read it before.
func TestProgrammeDashboardFollowsChangesOnAnotherServer(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, a *harness) {
		b := secondServer(t, a)
		boss := a.bureau()
		paths := []string{"/api/v1/programme/dashboard", "/api/v1/programme/dashboard?field=ai", "/api/v1/programme/dashboard?year=2026"}
		check := func(step string) resp {
			t.Helper()
			fresh := secondServer(t, a)
			var first resp
			for i, p := range paths {
				want := fresh.must(fresh.do("GET", p, boss.Token, nil), http.StatusOK)
				for range 2 { // the second read is the encoded copy
					got := b.must(b.do("GET", p, boss.Token, nil), http.StatusOK)
					if !bytes.Equal(got.Raw, want.Raw) {
						t.Fatalf("%s: %s on the caching server\n%s\na fresh server\n%s", step, p, got.Raw, want.Raw)
					}
				}
				if i == 0 {
					first = want
				}
			}
			return first
		}
		before := check("start")
		owner := a.enterprise()
		id := a.chPublished(owner, 72*time.Hour)
		afterPublish := check("published")
		if afterPublish.num("challenges") != before.num("challenges")+1 {
			t.Fatalf("a published challenge not counted: %s", afterPublish.Raw)
		}
		tm := a.team()
		bid := a.bidSubmitted(tm, id)
		withBid := check("bid submitted")
		if bytes.Equal(withBid.Raw, afterPublish.Raw) {
			t.Fatalf("a submitted bid left the view unchanged: %s", withBid.Raw)
		}
		a.must(a.do("POST", bidPath(bid, "withdraw"), tm.Token, map[string]any{"reason": "团队调整"}), http.StatusOK)
		check("bid withdrawn")
		a.must(a.do("POST", chPath(id, "cancel"), boss.Token, map[string]any{"reason": "企业撤回需求"}), http.StatusOK)
		check("cancelled")
	})
}
