package repository

import (
	"context"
	"database/sql"
	"sort"
	"sync"
	"time"

	"gorm.io/gorm"

	"jiebang/domain/calendar"
	"jiebang/domain/funding"
	"jiebang/domain/race"
)

// FundingDashboard implements funding.DashboardStore: one grouped query per figure over indexed columns of
// challenges, bids, racers, notices and review rounds, and the funding totals the ledger keeps per challenge.
// It reads other areas' tables for reporting only.
type FundingDashboard struct {
	db *DB
	// The programme view's cache (programme_cache.go).
	version   *versionQuery
	cache     *pageCache[programmeKey, programmeEntry]
	computeMu sync.Mutex
}

// NewFundingDashboard returns the programme view's store.
func NewFundingDashboard(db *DB) *FundingDashboard {
	return &FundingDashboard{db: db, version: newVersionQuery(db, programmeVersionSQL),
		cache: newPageCache[programmeKey, programmeEntry](programmeCacheSize)}
}

var _ funding.DashboardStore = (*FundingDashboard)(nil)

// scope applies the filter to the challenges aliased c.
func scope(q *gorm.DB, f funding.DashboardFilter) *gorm.DB {
	if f.Year != 0 {
		from := time.Date(f.Year, 1, 1, 0, 0, 0, 0, calendar.China).UTC()
		q = q.Where("COALESCE(c.published_at, c.created_at) >= ? AND COALESCE(c.published_at, c.created_at) < ?",
			from, from.AddDate(1, 0, 0))
	}
	if f.Field != "" {
		q = q.Where("c.field = ?", f.Field)
	}
	return q
}

// compute reads every figure of the programme view at now, and the last instant at which the figures read stay
// the answer while the data does not change (the deadlines listed move with the clock: see deadlines).
func (s *FundingDashboard) compute(ctx context.Context, f funding.DashboardFilter, now time.Time, top int) (funding.Dashboard, time.Time, error) {
	var d funding.Dashboard
	db := s.db.conn(ctx)
	for _, step := range []func(*gorm.DB, funding.DashboardFilter, time.Time, int, *funding.Dashboard) error{
		s.statusField, s.bids, s.funds, s.funnel,
	} {
		if err := step(db, f, now, top, &d); err != nil {
			return d, now, translate(err)
		}
	}
	until, err := s.deadlines(db, f, now, &d)
	return d, until, translate(err)
}

func (s *FundingDashboard) statusField(db *gorm.DB, f funding.DashboardFilter, _ time.Time, _ int, d *funding.Dashboard) error {
	var rows []struct {
		Status string
		Field  string
		N      int64
	}
	if err := scope(db.Table("challenges c"), f).Select("c.status, c.field, COUNT(*) AS n").
		Group("c.status, c.field").Scan(&rows).Error; err != nil {
		return err
	}
	byStatus, byField := map[string]int64{}, map[string]int64{}
	for _, r := range rows {
		d.Challenges += r.N
		byStatus[r.Status] += r.N
		byField[r.Field] += r.N
	}
	d.ByStatus, d.ByField = sortedCounts(byStatus), sortedCounts(byField)
	return nil
}

func sortedCounts(m map[string]int64) []funding.Count {
	out := make([]funding.Count, 0, len(m))
	for k, v := range m {
		out = append(out, funding.Count{Key: k, Count: v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// boardStatuses are the statuses of challenges that have been on the board (bids are possible).
var boardStatuses = []string{"published", "bidding_closed", "reviewing", "notice", "in_progress", "completed", "failed"}

func (s *FundingDashboard) bids(db *gorm.DB, f funding.DashboardFilter, _ time.Time, top int, d *funding.Dashboard) error {
	var rows []struct {
		ID int64
		N  int64
	}
	q := db.Table("bids b").Select("b.challenge_id AS id, COUNT(*) AS n").Where("b.status NOT IN ?", []string{"draft", "withdrawn"})
	if f.Year != 0 || f.Field != "" {
		q = scope(q.Joins("JOIN challenges c ON c.id = b.challenge_id"), f)
	}
	if err := q.Group("b.challenge_id").Scan(&rows).Error; err != nil {
		return err
	}
	// Challenges that reached the board without a bid are the board's count minus those with bids.
	var board int64
	for _, c := range d.ByStatus {
		for _, st := range boardStatuses {
			if c.Key == st {
				board += c.Count
			}
		}
	}
	buckets := []string{"0", "1", "2", "3-5", "6-10", "11+"}
	hist := make([]int64, len(buckets))
	hist[0] = max(board-int64(len(rows)), 0)
	for _, r := range rows {
		switch {
		case r.N <= 2:
			hist[r.N]++
		case r.N <= 5:
			hist[3]++
		case r.N <= 10:
			hist[4]++
		default:
			hist[5]++
		}
	}
	for i, b := range buckets {
		d.BidsHistogram = append(d.BidsHistogram, funding.Count{Key: b, Count: hist[i]})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].N != rows[j].N {
			return rows[i].N > rows[j].N
		}
		return rows[i].ID > rows[j].ID
	})
	rows = rows[:min(top, len(rows))]
	ids := make([]int64, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	titles := map[int64]string{}
	if len(ids) > 0 {
		var ts []struct {
			ID    int64
			Title string
		}
		if err := db.Table("challenges").Select("id, title").Where("id IN ?", ids).Scan(&ts).Error; err != nil {
			return err
		}
		for _, t := range ts {
			titles[t.ID] = t.Title
		}
	}
	for _, r := range rows {
		d.BidsTop = append(d.BidsTop, funding.ChallengeBids{ChallengeID: r.ID, Title: titles[r.ID], Bids: r.N})
	}
	return nil
}

// fundedStatuses are the statuses whose challenges have a ledger.
var fundedStatuses = []string{"in_progress", "completed", "failed"}

func (s *FundingDashboard) funds(db *gorm.DB, f funding.DashboardFilter, _ time.Time, top int, d *funding.Dashboard) error {
	var rows []struct {
		ID           int64
		Title        string
		Status       string
		CapFen       int64
		DecidedFen   int64
		DisbursedFen int64
	}
	base := func() *gorm.DB {
		return scope(db.Table("challenges c"), f).Joins("LEFT JOIN funding_totals t ON t.challenge_id = c.id").
			Where("c.status IN ?", fundedStatuses)
	}
	if err := base().Select("c.id, c.status, c.gov_funding_fen AS cap_fen, COALESCE(t.gov_decided_fen, 0) AS decided_fen, COALESCE(t.gov_disbursed_fen, 0) AS disbursed_fen").
		Order("c.gov_funding_fen DESC, c.id DESC").Limit(top).Scan(&rows).Error; err != nil {
		return err
	}
	titles := map[int64]string{}
	if len(rows) > 0 {
		ids := make([]int64, 0, len(rows))
		for _, r := range rows {
			ids = append(ids, r.ID)
		}
		var ts []struct {
			ID    int64
			Title string
		}
		if err := db.Table("challenges").Select("id, title").Where("id IN ?", ids).Scan(&ts).Error; err != nil {
			return err
		}
		for _, t := range ts {
			titles[t.ID] = t.Title
		}
	}
	for i := range rows {
		rows[i].Title = titles[rows[i].ID]
	}
	for _, r := range rows {
		d.FundsTop = append(d.FundsTop, funding.ChallengeFunds{ChallengeID: r.ID, Title: r.Title, Status: r.Status,
			CapFen: r.CapFen, DecidedFen: r.DecidedFen, DisbursedFen: r.DisbursedFen})
	}
	var tot struct {
		CapFen       int64
		DecidedFen   int64
		DisbursedFen int64
	}
	if err := base().Select("COALESCE(SUM(c.gov_funding_fen), 0) AS cap_fen, COALESCE(SUM(t.gov_decided_fen), 0) AS decided_fen, COALESCE(SUM(t.gov_disbursed_fen), 0) AS disbursed_fen").
		Scan(&tot).Error; err != nil {
		return err
	}
	d.Funds = funding.ChallengeFunds{Title: "total", CapFen: tot.CapFen, DecidedFen: tot.DecidedFen, DisbursedFen: tot.DisbursedFen}
	return nil
}

func (s *FundingDashboard) funnel(db *gorm.DB, f funding.DashboardFilter, _ time.Time, _ int, d *funding.Dashboard) error {
	var rows []struct {
		Status string
		Stage  int
		N      int64
	}
	if err := scope(db.Table("racers r").Joins("JOIN challenges c ON c.id = r.challenge_id"), f).
		Select("r.status, r.eliminated_stage AS stage, COUNT(*) AS n").Group("r.status, r.eliminated_stage").Scan(&rows).Error; err != nil {
		return err
	}
	var started, winners int64
	elim := map[int]int64{}
	maxStage := 0
	for _, r := range rows {
		started += r.N
		switch r.Status {
		case "winner":
			winners += r.N
		case "eliminated":
			elim[r.Stage] += r.N
			maxStage = max(maxStage, r.Stage)
		}
	}
	d.Funnel = []funding.FunnelStep{{Step: "started", Remaining: started}}
	left := started
	for st := 1; st <= maxStage; st++ {
		left -= elim[st]
		d.Funnel = append(d.Funnel, funding.FunnelStep{Step: funding.StageTranche(st), Remaining: left, Eliminated: elim[st]})
	}
	d.Funnel = append(d.Funnel, funding.FunnelStep{Step: "winner", Remaining: winners})
	return nil
}

// deadlines lists the next 20 deadlines within DeadlineDays of now and returns the last instant at which that
// list is still the answer (unless the data changes): a deadline listed leaves it once the clock passes it,
// and while fewer than 20 are listed, the next one beyond the window enters it DeadlineDays before it falls.
func (s *FundingDashboard) deadlines(db *gorm.DB, f funding.DashboardFilter, now time.Time, d *funding.Dashboard) (time.Time, error) {
	until := now.AddDate(0, 0, funding.DeadlineDays)
	var out []funding.Deadline
	type row struct {
		ID    int64
		Title string
		Stage int
		At    time.Time
	}
	add := func(kind string, q *gorm.DB) error {
		var rows []row
		if err := q.Scan(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			out = append(out, funding.Deadline{Kind: kind, ChallengeID: r.ID, Title: r.Title, Stage: r.Stage, At: r.At.UTC()})
		}
		return nil
	}
	if err := add("bidding", scope(db.Table("challenges c"), f).Select("c.id, c.title, 0 AS stage, c.bid_deadline AS at").
		Where("c.status = ? AND c.bid_deadline >= ? AND c.bid_deadline < ?", "published", now, until).Order("c.bid_deadline").Limit(20)); err != nil {
		return now, err
	}
	if err := add("notice", scope(db.Table("notices n").Joins("JOIN challenges c ON c.id = n.challenge_id"), f).
		Select("c.id, c.title, 0 AS stage, n.ends_at AS at").
		Where("n.status = ? AND n.ends_at >= ? AND n.ends_at < ?", "open", now, until).Order("n.ends_at").Limit(20)); err != nil {
		return now, err
	}
	if err := add("round", scope(db.Table("review_rounds rr").Joins("JOIN challenges c ON c.id = rr.challenge_id"), f).
		Select("c.id, c.title, rr.stage AS stage, rr.deadline AS at").
		Where("rr.status <> ? AND rr.deadline >= ? AND rr.deadline < ?", "closed", now, until).Order("rr.deadline").Limit(20)); err != nil {
		return now, err
	}
	// Stage reports are due at the racers' start plus each stage's offset (race.StageDue).
	var starts []struct {
		ID      int64
		Started string // MIN() loses the column type on SQLite: read as text on both databases
	}
	if err := scope(db.Table("racers r").Joins("JOIN challenges c ON c.id = r.challenge_id"), f).
		Select("r.challenge_id AS id, MIN(r.started_at) AS started").Where("c.status = ?", "in_progress").
		Group("r.challenge_id").Scan(&starts).Error; err != nil {
		return now, err
	}
	var next time.Time // the first stage report due beyond the window
	startOf := map[int64]time.Time{}
	ids := make([]int64, 0, len(starts))
	for _, r := range starts {
		if t, ok := anyTime(r.Started); ok {
			startOf[r.ID] = t
			ids = append(ids, r.ID)
		}
	}
	for i := 0; i < len(ids); i += 500 {
		var plans []struct {
			ID     int64
			Title  string
			Stages string
		}
		if err := db.Table("challenges").Select("id, title, stages").Where("id IN ?", ids[i:min(i+500, len(ids))]).Scan(&plans).Error; err != nil {
			return now, err
		}
		for _, p := range plans {
			stages, err := decodeStages(p.Stages)
			if err != nil {
				continue
			}
			for k, st := range stages {
				due := race.StageDue(startOf[p.ID], st.OffsetMonths)
				if !due.Before(now) && due.Before(until) {
					out = append(out, funding.Deadline{Kind: "stage_report", ChallengeID: p.ID, Title: p.Title, Stage: k + 1, At: due})
				} else if !due.Before(until) && (next.IsZero() || due.Before(next)) {
					next = due
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	full := len(out) >= 20
	if len(out) > 20 {
		out = out[:20]
	}
	d.Deadlines = out
	valid := maxTime
	if len(out) > 0 {
		valid = out[0].At // the earliest listed leaves the list once the clock passes it
	}
	if full {
		return valid, nil
	}
	for _, q := range []*gorm.DB{
		scope(db.Table("challenges c"), f).Select("MIN(c.bid_deadline)").Where("c.status = ? AND c.bid_deadline >= ?", "published", until),
		scope(db.Table("notices n").Joins("JOIN challenges c ON c.id = n.challenge_id"), f).Select("MIN(n.ends_at)").
			Where("n.status = ? AND n.ends_at >= ?", "open", until),
		scope(db.Table("review_rounds rr").Joins("JOIN challenges c ON c.id = rr.challenge_id"), f).Select("MIN(rr.deadline)").
			Where("rr.status <> ? AND rr.deadline >= ?", "closed", until),
	} {
		var at sql.NullString // MIN() loses the column type on SQLite: read as text on both databases
		if err := q.Row().Scan(&at); err != nil {
			return now, err
		}
		if t, ok := anyTime(at.String); at.Valid && ok && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	if !next.IsZero() {
		// next enters the list when now + DeadlineDays passes it.
		if enters := next.AddDate(0, 0, -funding.DeadlineDays); enters.Before(valid) {
			valid = enters
		}
	}
	return valid, nil
}

// maxTime stands for "no deadline moves the answer".
var maxTime = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// anyTime reads a timestamp that came back untyped (an aggregate over a DATETIME column on SQLite).
func anyTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, true
	case []byte:
		return anyTime(string(x))
	case string:
		for _, l := range []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02T15:04:05.999999999Z07:00",
			"2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05"} {
			if t, err := time.Parse(l, x); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// EachDecision reads the funding decisions of the challenges in the filter in pages of 1,000 (by challenge,
// then record), with the challenge's title, the racer's organisation and the reversal of each record.
func (s *FundingDashboard) EachDecision(ctx context.Context, f funding.DashboardFilter, fn func(funding.ProgrammeDecision) error) (err error) {
	defer wrap(&err, "funding dashboard: each decision")
	// The decision's columns spelt out: gorm's Scan does not fill an embedded fundingDecisionRow.
	type row struct {
		ID            int64
		ChallengeID   int64
		RacerID       int64
		Tranche       string
		Source        string
		AmountFen     int64
		Basis         string
		Note          string
		DecidedBy     int64
		DecidedByName string
		DecidedAt     time.Time
		ReversesID    *int64
		Title         string
		OrgName       string
		Reversal      *int64
	}
	var afterCh, afterID int64
	for {
		var rows []row
		q := scope(s.db.conn(ctx).Table("funding_decisions d").Joins("JOIN challenges c ON c.id = d.challenge_id").
			Joins("LEFT JOIN racers r ON r.id = d.racer_id").Joins("LEFT JOIN orgs o ON o.id = r.org_id"), f).
			Select("d.*, c.title AS title, COALESCE(o.name, '') AS org_name, "+
				"(SELECT MIN(x.id) FROM funding_decisions x WHERE x.reverses_id = d.id) AS reversal").
			Where("(d.challenge_id > ? OR (d.challenge_id = ? AND d.id > ?))", afterCh, afterCh, afterID).
			Order("d.challenge_id, d.id").Limit(1000)
		if err := q.Scan(&rows).Error; err != nil {
			return translate(err)
		}
		for _, r := range rows {
			dr := fundingDecisionRow{ID: r.ID, ChallengeID: r.ChallengeID, RacerID: r.RacerID, Tranche: r.Tranche, Source: r.Source,
				AmountFen: r.AmountFen, Basis: r.Basis, Note: r.Note, DecidedBy: r.DecidedBy, DecidedByName: r.DecidedByName,
				DecidedAt: r.DecidedAt, ReversesID: r.ReversesID}
			d := funding.ProgrammeDecision{Decision: dr.toDomain(), ChallengeTitle: r.Title, RacerOrg: r.OrgName}
			d.ReversedByID = r.Reversal
			if err := fn(d); err != nil {
				return err
			}
		}
		if len(rows) < 1000 {
			return nil
		}
		afterCh, afterID = rows[len(rows)-1].ChallengeID, rows[len(rows)-1].ID
	}
}
