package app

import (
	"context"
	"testing"

	"jiebang/repository"
	"jiebang/repository/testdb"
)

// TestSeedScaleIsDeterministic: two databases seeded with the same seed hold the same challenges and bids;
// the audit chain of the seeded data verifies.
func TestSeedScaleIsDeterministic(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		digest := func(db *repository.DB) (string, int64) {
			a, err := New(quietConfig(t, nil), db)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.SeedScale(ctx, ScaleOptions{N: 40, Seed: 3}); err != nil {
				t.Fatal(err)
			}
			res, err := a.Audit.Verify(ctx)
			if err != nil || !res.OK {
				t.Fatalf("audit chain of the seeded data: %+v %v", res, err)
			}
			var out struct {
				Titles string
				Bids   int64
				Scores int64
			}
			agg := "group_concat(title || problem, '|')"
			if db.Dialect == repository.DialectPostgres {
				agg = "string_agg(title || problem, '|' ORDER BY id)"
			}
			if err := db.Reader.Raw("SELECT (SELECT " + agg + " FROM (SELECT * FROM challenges ORDER BY id) c) AS titles, " +
				"(SELECT COUNT(*) FROM bids) AS bids, (SELECT COUNT(*) FROM review_scores) AS scores").Scan(&out).Error; err != nil {
				t.Fatal(err)
			}
			if out.Scores == 0 {
				t.Fatal("no review scores seeded")
			}
			return out.Titles, out.Bids
		}
		t1, b1 := digest(db)
		t2, b2 := digest(testdb.New(t, db.Dialect))
		if t1 != t2 || b1 != b2 || b1 == 0 {
			t.Fatalf("same seed, different data: %d and %d bids, titles equal %v", b1, b2, t1 == t2)
		}
	})
}
