package repository_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"jiebang/domain/funding"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// The programme view's cache answers as a fresh read does after every kind of change it shows (whatever code
// writes it: the triggers of migration 00063 bump programme_version) and as the clock moves deadlines into
// and out of its list; a second store on the same database (another server) sees the same.
func TestProgrammeCacheEqualsFreshRead(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		now := chT0
		seedProgramme(t, db, 60, now)
		one, two := repository.NewFundingDashboard(db), repository.NewFundingDashboard(db)
		filters := []funding.DashboardFilter{{}, {Field: "energy"}, {Year: chT0.Year()}}
		check := func(step string, at time.Time) {
			t.Helper()
			for _, f := range filters {
				want, err := repository.NewFundingDashboard(db).Dashboard(ctx, f, at, 5)
				if err != nil {
					t.Fatal(err)
				}
				for i, s := range []*repository.FundingDashboard{one, two} {
					got, err := s.Dashboard(ctx, f, at, 5)
					if err != nil {
						t.Fatal(err)
					}
					got.Memo, want.Memo = nil, nil
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("%s (filter %+v, store %d): cached\n%+v\nfresh\n%+v", step, f, i+1, got, want)
					}
				}
			}
		}
		check("start", now)
		check("again", now)
		var ids struct{ Published, Progress, Racer, Bid int64 }
		db.Writer.Raw("SELECT MIN(id) FROM challenges WHERE status = 'published'").Scan(&ids.Published)
		db.Writer.Raw("SELECT MIN(id) FROM challenges WHERE status = 'in_progress'").Scan(&ids.Progress)
		db.Writer.Raw("SELECT MIN(id) FROM racers WHERE status = 'racing'").Scan(&ids.Racer)
		db.Writer.Raw("SELECT MIN(id) FROM bids WHERE status = 'submitted'").Scan(&ids.Bid)
		changes := []struct{ name, sql string }{
			{"challenge status", "UPDATE challenges SET status = 'completed' WHERE id = ?"},
			{"challenge title", "UPDATE challenges SET title = '改名' WHERE id = ?"},
			{"challenge field", "UPDATE challenges SET field = 'energy' WHERE id = ?"},
			{"challenge cap", "UPDATE challenges SET gov_funding_fen = gov_funding_fen + 999000000 WHERE id = ?"},
			{"challenge deadline", "UPDATE challenges SET bid_deadline = NULL WHERE id = " + itoa(ids.Published) + " OR id = ?"},
			{"bid withdrawn", "UPDATE bids SET status = 'withdrawn' WHERE id = " + itoa(ids.Bid) + " OR id = ?"},
			{"funding disbursed", "UPDATE funding_totals SET gov_disbursed_fen = gov_disbursed_fen + 5000000 WHERE challenge_id = ?"},
			{"racer eliminated", "UPDATE racers SET status = 'eliminated', eliminated_stage = 2 WHERE id = " + itoa(ids.Racer) + " OR challenge_id = ?"},
		}
		for _, c := range changes {
			if err := db.Writer.Exec(c.sql, ids.Progress).Error; err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			check(c.name, now)
		}
		var started int64
		db.Writer.Raw("SELECT MIN(challenge_id) FROM racers r JOIN challenges c ON c.id = r.challenge_id WHERE c.status = 'in_progress'").Scan(&started)
		if err := db.Writer.Exec("UPDATE racers SET started_at = ? WHERE challenge_id = ?", now.AddDate(0, -6, 1), started).Error; err != nil {
			t.Fatal(err)
		}
		check("racer started", now)
		if err := db.Writer.Exec("INSERT INTO bids (challenge_id, lead_org_id, status, created_by, created_at, updated_at) "+
			"SELECT challenge_id, lead_org_id, 'submitted', created_by, created_at, updated_at FROM bids WHERE id = ?", ids.Bid).Error; err != nil {
			t.Fatal(err)
		}
		check("bid added", now)
		if err := db.Writer.Exec("INSERT INTO notices (challenge_id, seq, notice_days, starts_at, ends_at, status) VALUES (?, 1, 7, ?, ?, 'open')",
			ids.Published, now, now.Add(50*time.Hour)).Error; err != nil {
			t.Fatal(err)
		}
		check("notice opened", now)
		var user int64
		db.Writer.Raw("SELECT MIN(id) FROM users").Scan(&user)
		if err := db.Writer.Exec("INSERT INTO review_rounds (challenge_id, kind, stage, rubric, experts_per_item, aggregation, deadline, status, created_by, created_at) "+
			"VALUES (?, 'stage_review', 1, '[]', 3, 'mean', ?, 'assigned', ?, ?)", ids.Progress, now.Add(31*24*time.Hour), user, now).Error; err != nil {
			t.Fatal(err)
		}
		check("round opened", now)
		if err := db.Writer.Exec("UPDATE review_rounds SET status = 'closed' WHERE challenge_id = ?", ids.Progress).Error; err != nil {
			t.Fatal(err)
		}
		check("round closed", now)
		// The clock alone: deadlines leave the list as they pass and enter it 30 days ahead, on the instant.
		for h := 0; h <= 60*24; h += 7 {
			check("clock", now.Add(time.Duration(h)*time.Hour))
		}
		check("deadline instant", now.Add(50*time.Hour))
		check("just after", now.Add(50*time.Hour+time.Nanosecond))
		check("back in time", now)
	})
}
