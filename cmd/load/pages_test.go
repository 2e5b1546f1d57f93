package load_test

import (
	"fmt"
	"strings"
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
		a, url := seeded(t, db, nil)
		// The pages have real work for the users the mixes log in as: the first 12 teams' organisations have bids
		// and the teams notifications, the enterprises challenges, the experts pending assignments.
		for _, c := range []struct{ what, q string }{
			{"teams without bids", "SELECT COUNT(*) FROM users u WHERE u.email IN ? AND NOT EXISTS (SELECT 1 FROM bids b WHERE b.lead_org_id = u.org_id)"},
			{"teams without notifications", "SELECT COUNT(*) FROM users u WHERE u.email IN ? AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id)"},
			{"enterprises without challenges", "SELECT COUNT(*) FROM users u WHERE u.email IN ? AND NOT EXISTS (SELECT 1 FROM challenges c WHERE c.org_id = u.org_id)"},
			{"experts without pending assignments", "SELECT COUNT(*) FROM users u WHERE u.email IN ? AND NOT EXISTS " +
				"(SELECT 1 FROM review_assignments a WHERE a.expert_id = u.id AND a.status = 'pending')"},
		} {
			var emails []string
			for i := 1; i <= 12; i++ {
				emails = append(emails, fmt.Sprintf("team%d@scale.jiebang.cn", i))
			}
			switch {
			case strings.HasPrefix(c.what, "enterprises"):
				emails = []string{"ent1@scale.jiebang.cn", "ent2@scale.jiebang.cn", "ent3@scale.jiebang.cn", "ent4@scale.jiebang.cn"}
			case strings.HasPrefix(c.what, "experts"):
				emails = []string{"expert1@scale.jiebang.cn", "expert2@scale.jiebang.cn", "expert3@scale.jiebang.cn", "expert4@scale.jiebang.cn", "expert5@scale.jiebang.cn"}
			}
			var n int64
			if err := a.DB.Reader.Raw(c.q, emails).Scan(&n).Error; err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%d %s", n, c.what)
			}
		}
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
