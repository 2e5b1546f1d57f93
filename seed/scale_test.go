package seed

import (
	"context"
	"testing"
	"time"

	"jiebang/repository"
	"jiebang/repository/testdb"
)

// scaleDigest is what two runs of the scale seed with one seed must agree on (no timestamps: they count from
// the current hour).
type scaleDigest struct {
	Titles        string
	Bids          int64
	BidStatuses   string
	Scores        string
	Racers        string
	Reports       string
	Decisions     string
	Funding       string
	Disbursements int64
	Results       string
	Audits        int64
}

func digestScale(t *testing.T, db *repository.DB) scaleDigest {
	t.Helper()
	agg := func(expr, from string) string {
		if db.Dialect == repository.DialectPostgres {
			return "(SELECT string_agg(" + expr + ", '|') FROM (SELECT * FROM " + from + ") x)"
		}
		return "(SELECT group_concat(" + expr + ", '|') FROM (SELECT * FROM " + from + ") x)"
	}
	var d scaleDigest
	q := "SELECT " + agg("title || problem", "challenges ORDER BY id") + " AS titles, " +
		"(SELECT COUNT(*) FROM bids) AS bids, " +
		agg("status", "bids ORDER BY id") + " AS bid_statuses, " +
		agg("scores", "review_scores ORDER BY assignment_id") + " AS scores, " +
		agg("status || CAST(bid_id AS TEXT) || task_book", "racers ORDER BY id") + " AS racers, " +
		agg("kpi_values", "racer_reports ORDER BY id") + " AS reports, " +
		agg("advance || eliminate", "stage_decisions ORDER BY challenge_id, stage") + " AS decisions, " +
		agg("tranche || source || CAST(amount_fen AS TEXT)", "funding_decisions ORDER BY id") + " AS funding, " +
		"(SELECT COUNT(*) FROM funding_disbursements) AS disbursements, " +
		agg("CAST(item_rank AS TEXT) || COALESCE(CAST(final_score AS TEXT), '-')", "review_results ORDER BY round_id, position") + " AS results, " +
		"(SELECT COUNT(*) FROM audit_entries) AS audits"
	if err := db.Reader.Raw(q).Scan(&d).Error; err != nil {
		t.Fatal(err)
	}
	return d
}

// TestSeedScaleProgramme: a small programme has the whole process (validation and bid review rounds with
// five scores per item, open ones partly scored, racers with task books, stage reports and reviews,
// eliminations, winners, the funding ledger), the load experts' pending assignments, an audit chain that
// verifies, and the same seed gives the same data on a second database.
func TestSeedScaleProgramme(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		seed := func(db *repository.DB) ScaleCounts {
			a, err := newTestApp(quietConfig(t, nil), db)
			if err != nil {
				t.Fatal(err)
			}
			n, _, err := a.seedScale(ctx, ScaleOptions{N: 60, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			res, err := a.Audit.Verify(ctx)
			if err != nil || !res.OK {
				t.Fatalf("audit chain of the seeded data: %+v %v", res, err)
			}
			return n
		}
		n := seed(db)
		count := func(q string, args ...any) int64 {
			t.Helper()
			var c int64
			if err := db.Reader.Raw(q, args...).Scan(&c).Error; err != nil {
				t.Fatal(err)
			}
			return c
		}
		if db.Dialect == repository.DialectPostgres {
			// The planner has statistics of the bulk-loaded tables (analyzed at the end of the seed).
			if analyzed := count("SELECT COUNT(*) FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname IN ('bids', 'challenges', 'review_assignments') AND last_analyze IS NOT NULL"); analyzed != 3 {
				t.Fatalf("%d of the seeded tables analyzed", analyzed)
			}
		}
		checks := []struct {
			what string
			got  int64
			want int
		}{
			{"challenges", count("SELECT COUNT(*) FROM challenges"), n.Challenges},
			{"bids", count("SELECT COUNT(*) FROM bids"), n.Bids},
			{"rounds", count("SELECT COUNT(*) FROM review_rounds"), n.Rounds},
			{"assignments", count("SELECT COUNT(*) FROM review_assignments"), n.Assignments},
			{"score sheets", count("SELECT COUNT(*) FROM review_scores WHERE draft = ? AND submitted_at IS NOT NULL", false), n.Scores},
			{"criterion scores", int64(n.Scores * 4), n.CriterionScores},
			{"racers", count("SELECT COUNT(*) FROM racers"), n.Racers},
			{"reports", count("SELECT COUNT(*) FROM racer_reports"), n.Reports},
			{"stage decisions", count("SELECT COUNT(*) FROM stage_decisions"), n.StageDecisions},
			{"funding decisions", count("SELECT COUNT(*) FROM funding_decisions"), n.FundingDecisions},
			{"disbursements", count("SELECT COUNT(*) FROM funding_disbursements"), n.Disbursements},
			{"audit entries", count("SELECT COUNT(*) FROM audit_entries"), n.Audits},
			{"notifications", count("SELECT COUNT(*) FROM notifications"), n.Notifications},
			{"load assignments", count("SELECT COUNT(*) FROM review_assignments a JOIN users u ON u.id = a.expert_id WHERE u.email LIKE 'loadexpert%'"),
				ScaleLoadExperts * ScaleLoadAssignments},
		}
		for _, c := range checks {
			if c.got != int64(c.want) || c.want == 0 {
				t.Errorf("%s: %d in the database, %d counted", c.what, c.got, c.want)
			}
		}
		// Five experts per item on every round but the open bid reviews (the load rounds have more).
		if got := count("SELECT COUNT(*) FROM review_items i WHERE i.round_id IN (SELECT id FROM review_rounds WHERE kind <> 'bid_review' OR status = 'closed') " +
			"AND (SELECT COUNT(*) FROM review_assignments a WHERE a.item_id = i.id) <> 5"); got != 0 {
			t.Errorf("%d items of closed or non-load rounds without a panel of five", got)
		}
		if got := count("SELECT COUNT(*) FROM review_rounds WHERE status = 'closed' AND id NOT IN (SELECT round_id FROM review_results)"); got != 0 {
			t.Errorf("%d closed rounds without results", got)
		}
		if got := count("SELECT COUNT(*) FROM review_rounds r WHERE r.status = 'assigned' AND r.kind = 'bid_review' AND EXISTS " +
			"(SELECT 1 FROM review_assignments a WHERE a.round_id = r.id AND a.status = 'scored')"); got == 0 {
			t.Error("no open bid review round with some scores in")
		}
		for _, st := range []string{"eliminated", "winner"} {
			if got := count("SELECT COUNT(*) FROM racers WHERE status = ?", st); got == 0 {
				t.Errorf("no %s racer", st)
			}
		}
		if got := count("SELECT COUNT(*) FROM challenges WHERE status = 'completed' AND winner_racer_ids = '[]'"); got != 0 {
			t.Errorf("%d completed challenges without winners", got)
		}
		if got := count("SELECT COUNT(*) FROM funding_totals t JOIN challenges c ON c.id = t.challenge_id WHERE t.gov_decided_fen > c.gov_funding_fen"); got != 0 {
			t.Errorf("%d ledgers over the cap", got)
		}
		// The load experts: 8 pending assignments each, in open bid review rounds due in 60 days or more, on
		// challenges under review, never scored, and on no other panel.
		var rows []struct {
			Email   string
			Pending int64
			Other   int64
			Soon    int64
		}
		soon := testStart(t).UTC().Add(59 * 24 * time.Hour)
		if err := db.Reader.Raw("SELECT u.email, "+
			"SUM(CASE WHEN a.status = 'pending' AND r.status = 'assigned' AND r.kind = 'bid_review' AND c.status = 'reviewing' THEN 1 ELSE 0 END) AS pending, "+
			"SUM(CASE WHEN a.status <> 'pending' OR s.assignment_id IS NOT NULL THEN 1 ELSE 0 END) AS other, "+
			"SUM(CASE WHEN r.deadline < ? THEN 1 ELSE 0 END) AS soon "+
			"FROM users u JOIN review_assignments a ON a.expert_id = u.id JOIN review_rounds r ON r.id = a.round_id "+
			"JOIN challenges c ON c.id = r.challenge_id LEFT JOIN review_scores s ON s.assignment_id = a.id "+
			"WHERE u.email LIKE 'loadexpert%' GROUP BY u.email", soon).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		if len(rows) != ScaleLoadExperts {
			t.Fatalf("%d load experts with assignments, want %d", len(rows), ScaleLoadExperts)
		}
		for _, r := range rows {
			if r.Pending != ScaleLoadAssignments || r.Other != 0 || r.Soon != 0 {
				t.Fatalf("load expert %s: %+v", r.Email, r)
			}
		}
		if got := count("SELECT COUNT(*) FROM review_assignments a JOIN review_items i ON i.id = a.item_id " +
			"WHERE i.id IN (SELECT a2.item_id FROM review_assignments a2 JOIN users u ON u.id = a2.expert_id WHERE u.email LIKE 'loadexpert%') " +
			"AND a.expert_id NOT IN (SELECT id FROM users WHERE email LIKE 'loadexpert%')"); got != 0 {
			t.Errorf("%d assignments of other experts on the load experts' items", got)
		}
		// The load experts are in the pool.
		a, err := newTestApp(quietConfig(t, nil), db)
		if err != nil {
			t.Fatal(err)
		}
		pool, err := repository.NewReviewStore(a.DB).Pool(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(pool) < ScaleLoadExperts+5 {
			t.Errorf("%d experts in the pool", len(pool))
		}

		first := digestScale(t, db)
		other := testdb.New(t, db.Dialect)
		seed(other)
		if second := digestScale(t, other); first != second {
			t.Fatalf("same seed, different data:\n%+v\n%+v", first, second)
		}
	})
}
