package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"
)

// TestRaceBoardFollowsChangesOnAnotherServer: a race board one server serves from its cache shows at once a
// stage report submitted through another server, for every viewer (the owner, each racer's team, the bureau,
// an outsider), byte for byte as a server that never read it before.
func TestRaceBoardFollowsChangesOnAnotherServer(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, a *harness) {
		f := a.raceReviewing(3)
		racers := a.raceStarted(f, 2)
		// Another server and a fresh one keep the first's time (the fixture moved its clock).
		sameTime := func(h *harness) *harness {
			h.clock.Advance(a.clock.Now().Sub(h.clock.Now()))
			h.app.Race.UseReviews(f.reviews)
			return h
		}
		b := sameTime(secondServer(t, a))
		viewers := map[string]string{"owner": f.owner.Token, "team 1": f.teams[0].Token, "team 2": f.teams[1].Token,
			"bureau": a.bureau().Token, "outsider": a.team().Token, "anonymous": ""}
		path := fmt.Sprintf("/api/v1/challenges/%d/racers", f.ch)
		check := func(step string) {
			t.Helper()
			fresh := sameTime(secondServer(t, a))
			for who, tok := range viewers {
				want := fresh.must(fresh.do("GET", path, tok, nil), http.StatusOK)
				for range 2 {
					got := b.must(b.do("GET", path, tok, nil), http.StatusOK)
					if !bytes.Equal(got.Raw, want.Raw) {
						t.Fatalf("%s, %s: the caching server\n%s\na fresh server\n%s", step, who, got.Raw, want.Raw)
					}
				}
			}
		}
		check("started")
		a.must(a.do("POST", racerPath(racers[0], "reports"), f.teams[0].Token, reportBody(1)), http.StatusCreated)
		check("report submitted")
	})
}
