package repository_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"jiebang/domain/account"
	"jiebang/domain/funding"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// insertRows runs multi-row INSERTs of cols, 400 rows per statement.
func insertRows(tb testing.TB, db *repository.DB, table, cols string, rows [][]any) {
	tb.Helper()
	n := strings.Count(cols, ",") + 1
	ph := "(" + strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")"
	for i := 0; i < len(rows); i += 400 {
		end := min(i+400, len(rows))
		var args []any
		var vals []string
		for _, r := range rows[i:end] {
			vals = append(vals, ph)
			args = append(args, r...)
		}
		if err := db.Writer.Exec("INSERT INTO "+table+" ("+cols+") VALUES "+strings.Join(vals, ","), args...).Error; err != nil {
			tb.Fatalf("insert %s: %v", table, err)
		}
	}
}

// seedProgramme fills a programme of n challenges: statuses and fields in rotation over two years, three
// submitted bids on each challenge that reached the board, three racers on each started one (one eliminated
// at stage 1, one winner on completed ones) and running funding totals.
func seedProgramme(tb testing.TB, db *repository.DB, n int, now time.Time) {
	tb.Helper()
	ctx := context.Background()
	var orgs []int64
	var user int64
	err := repository.NewTxManager(db).InTx(ctx, func(ctx context.Context) error {
		st := repository.NewAccountStore(db)
		for i := range 4 {
			o := account.Org{Name: fmt.Sprintf("单位%d", i), Type: account.OrgEnterprise, CreditCode: fmt.Sprintf("PROG%014d", chOrgSeq.Add(1)),
				Verified: true, CreditStatus: account.CreditGood, CreatedAt: chT0, UpdatedAt: chT0}
			if err := st.CreateOrg(ctx, &o); err != nil {
				return err
			}
			orgs = append(orgs, o.ID)
		}
		u := account.User{Email: fmt.Sprintf("prog%d@example.cn", chOrgSeq.Add(1)), Name: "p", Role: "team", OrgID: orgs[1], CreatedAt: chT0, UpdatedAt: chT0}
		if err := st.CreateUser(ctx, &u, "x"); err != nil {
			return err
		}
		user = u.ID
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	statuses := []string{"draft", "submitted", "published", "bidding_closed", "reviewing", "notice", "in_progress", "completed", "failed", "cancelled"}
	fields := []string{"equipment", "materials", "electronics", "biomedicine", "energy"}
	stages := `[{"name":"中期","offset_months":6,"funding_share_pct":30,"min_score":60},{"name":"验收","offset_months":12,"funding_share_pct":30,"min_score":60}]`
	var chs [][]any
	for i := range n {
		st := statuses[i%len(statuses)]
		pub := chT0.AddDate(-(i % 2), 0, -(i % 200))
		var pubAt, dl any
		if i%len(statuses) >= 2 && st != "cancelled" {
			pubAt = pub
			d := now.Add(time.Duration(i%40) * 24 * time.Hour)
			dl = d
		}
		chs = append(chs, []any{orgs[0], st, fmt.Sprintf("榜单%d", i), fields[i%len(fields)], "race", 3, stages,
			int64(100_000_000 + i%7*10_000_000), pubAt, dl, pub, pub})
	}
	insertRows(tb, db, "challenges", "org_id, status, title, field, mode, max_racers, stages, gov_funding_fen, published_at, bid_deadline, created_at, updated_at", chs)
	var ids []struct {
		ID     int64
		Status string
	}
	if err := db.Writer.Table("challenges").Select("id, status").Order("id").Scan(&ids).Error; err != nil {
		tb.Fatal(err)
	}
	var bids, totals [][]any
	started := map[int64]bool{}
	for _, c := range ids {
		switch c.Status {
		case "draft", "submitted", "cancelled":
			continue
		case "in_progress", "completed", "failed":
			started[c.ID] = true
			totals = append(totals, []any{c.ID, int64(40_000_000), int64(10_000_000)})
		}
		for k := 1; k <= 3; k++ {
			bids = append(bids, []any{c.ID, orgs[k], "submitted", user, chT0, chT0})
		}
	}
	insertRows(tb, db, "bids", "challenge_id, lead_org_id, status, created_by, created_at, updated_at", bids)
	insertRows(tb, db, "funding_totals", "challenge_id, gov_decided_fen, gov_disbursed_fen", totals)
	var bidRows []struct {
		ID          int64
		ChallengeID int64
		LeadOrgID   int64
	}
	if err := db.Writer.Table("bids").Select("id, challenge_id, lead_org_id").Order("id").Scan(&bidRows).Error; err != nil {
		tb.Fatal(err)
	}
	var racers [][]any
	for _, b := range bidRows {
		if !started[b.ChallengeID] {
			continue
		}
		status, stage := "racing", 0
		switch b.LeadOrgID {
		case orgs[1]:
			status, stage = "eliminated", 1
		case orgs[2]:
			status = "winner"
		}
		racers = append(racers, []any{b.ChallengeID, b.ID, b.LeadOrgID, status, stage, now.AddDate(0, -5, -20), now})
	}
	insertRows(tb, db, "racers", "challenge_id, bid_id, org_id, status, eliminated_stage, started_at, updated_at", racers)
}

func TestFundingDashboard(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		now := chT0
		seedProgramme(t, db, 100, now)
		d, err := repository.NewFundingDashboard(db).Dashboard(context.Background(), funding.DashboardFilter{}, now, 5)
		if err != nil {
			t.Fatal(err)
		}
		if d.Challenges != 100 || len(d.ByStatus) != 10 || d.ByStatus[0].Count != 10 || len(d.ByField) != 5 {
			t.Errorf("status/field: %d %+v %+v", d.Challenges, d.ByStatus, d.ByField)
		}
		var hist int64
		for _, c := range d.BidsHistogram {
			hist += c.Count
		}
		if hist != 70 || d.BidsHistogram[3].Count != 70 || len(d.BidsTop) != 5 || d.BidsTop[0].Bids != 3 {
			t.Errorf("bids: %+v %+v", d.BidsHistogram, d.BidsTop)
		}
		if d.Funds.DecidedFen != 30*40_000_000 || d.Funds.DisbursedFen != 30*10_000_000 || len(d.FundsTop) != 5 {
			t.Errorf("funds: %+v", d.Funds)
		}
		want := []funding.FunnelStep{{Step: "started", Remaining: 90}, {Step: "stage-1", Remaining: 60, Eliminated: 30}, {Step: "winner", Remaining: 30}}
		if fmt.Sprint(d.Funnel) != fmt.Sprint(want) {
			t.Errorf("funnel = %+v", d.Funnel)
		}
		kinds := map[string]int{}
		for _, x := range d.Deadlines {
			kinds[x.Kind]++
			if x.At.Before(now) || !x.At.Before(now.AddDate(0, 0, 30)) {
				t.Errorf("deadline out of the window: %+v", x)
			}
		}
		if kinds["bidding"] == 0 || kinds["stage_report"] == 0 || len(d.Deadlines) > 20 {
			t.Errorf("deadlines = %v", kinds)
		}
		// Filters.
		f, err := repository.NewFundingDashboard(db).Dashboard(context.Background(), funding.DashboardFilter{Year: 2026, Field: "materials"}, now, 5)
		if err != nil {
			t.Fatal(err)
		}
		if f.Challenges == 0 || f.Challenges >= 20 || len(f.ByField) != 1 || f.ByField[0].Key != "materials" {
			t.Errorf("filtered: %d %+v", f.Challenges, f.ByField)
		}
	})
}

// BenchmarkFundingDashboard10k measures the programme view over 10,000 seeded challenges.
func BenchmarkFundingDashboard10k(b *testing.B) {
	for _, dialect := range testdb.Dialects() {
		b.Run(dialect, func(b *testing.B) {
			db := testdb.New(b, dialect)
			seedProgramme(b, db, 10_000, chT0)
			st := repository.NewFundingDashboard(db)
			for b.Loop() {
				if _, err := st.Dashboard(context.Background(), funding.DashboardFilter{}, chT0, 15); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestProgrammeDecisionsWalkEveryRecord: the export's walk reads more than one page, in challenge and record
// order, with the challenge's title, the racer's organisation and the reversal link, within the filter.
func TestProgrammeDecisionsWalkEveryRecord(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		seedProgramme(t, db, 100, chT0)
		var racers []struct {
			ID          int64
			ChallengeID int64
		}
		if err := db.Writer.Table("racers").Select("id, challenge_id").Order("id").Scan(&racers).Error; err != nil {
			t.Fatal(err)
		}
		var rows [][]any
		for _, r := range racers {
			for k := range 12 {
				rows = append(rows, []any{r.ChallengeID, r.ID, "startup", "government", int64(1000 + k), "依据", 1, "科技局", chT0})
			}
		}
		insertRows(t, db, "funding_decisions", "challenge_id, racer_id, tranche, source, amount_fen, basis, decided_by, decided_by_name, decided_at", rows)
		if err := db.Writer.Exec(`INSERT INTO funding_decisions (challenge_id, racer_id, tranche, source, amount_fen, decided_by, decided_at, reverses_id)
			SELECT challenge_id, racer_id, tranche, source, -amount_fen, decided_by, decided_at, id FROM funding_decisions WHERE id = 5`).Error; err != nil {
			t.Fatal(err)
		}
		store := repository.NewFundingDashboard(db)
		var got []funding.ProgrammeDecision
		if err := store.EachDecision(ctx, funding.DashboardFilter{}, func(d funding.ProgrammeDecision) error {
			got = append(got, d)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(rows)+1 || len(rows) <= 1000 {
			t.Fatalf("walked %d of %d records", len(got), len(rows)+1)
		}
		reversed := 0
		for i, d := range got {
			if i > 0 && (d.ChallengeID < got[i-1].ChallengeID || d.ChallengeID == got[i-1].ChallengeID && d.ID <= got[i-1].ID) {
				t.Fatalf("out of order at %d", i)
			}
			if d.ChallengeTitle == "" || d.RacerOrg == "" || d.DecidedAt.IsZero() {
				t.Fatalf("record without its names: %+v", d)
			}
			if d.ID == 5 {
				if d.ReversedByID == nil {
					t.Fatal("record 5 is reversed")
				}
				reversed++
			}
		}
		if reversed != 1 {
			t.Fatalf("record 5 seen %d times", reversed)
		}
		n := 0
		if err := store.EachDecision(ctx, funding.DashboardFilter{Field: "materials"}, func(d funding.ProgrammeDecision) error {
			n++
			return nil
		}); err != nil || n == 0 || n >= len(got) {
			t.Fatalf("filtered walk: %d %v", n, err)
		}
	})
}
