package load_test

import (
	"testing"
	"time"

	"jiebang/repository"
	"jiebang/repository/testdb"
)

var pageMixes = []string{"team-board", "my-bids", "ent-board", "my-challenges", "expert-board", "workbench",
	"bureau-board", "dashboard", "race-board", "notifications"}

// TestPageMixes: each logged-in page's mix, and all of them at once, runs on a scale-seeded database with every
// request answered 200, under the mix's name.
func TestPageMixes(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		_, url := seeded(t, db, nil)
		for _, mix := range append(pageMixes, "pages") {
			want := []string{mix}
			if mix == "pages" {
				want = pageMixes
			}
			seen := map[string]bool{}
			for try := 0; len(seen) < len(want); try++ {
				if try == 5 {
					t.Fatalf("%s: requests on %v only after 5 runs", mix, seen)
				}
				rep, err := run(t, url, mix, 12, 300*time.Millisecond)
				if err != nil {
					t.Fatalf("%s: %v", mix, err)
				}
				if rep.Errors != 0 || len(rep.Endpoints) > len(want) {
					t.Fatalf("%s: %d errors: %+v", mix, rep.Errors, rep.Endpoints)
				}
				for _, name := range want {
					if e := endpoint(rep, name); e.Statuses["200"] != e.Requests {
						t.Fatalf("%s: %s: %+v", mix, name, e)
					} else if e.Requests > 0 {
						seen[name] = true
					}
				}
			}
		}
	})
}
