package repository

import (
	"context"
	"time"

	"jiebang/domain/funding"
)

// The programme view (GET /programme/dashboard) aggregates over every challenge, bid, racer and ledger: tens
// of milliseconds at N = 10,000, far more at 100,000. Its figures are cached per filter and served while
// programme_version (migration 00063, bumped by triggers in every transaction that changes what the view
// shows) is the one they were read at, and while the clock has not moved a deadline into or out of the list.

const (
	// The sum of its rows: one on SQLite, 16 on PostgreSQL, where each database session bumps its own
	// (migration 00068), so that concurrent writers do not queue on one row; every bump grows the sum.
	programmeVersionSQL = "SELECT COALESCE(SUM(v), 0) FROM programme_version WHERE id BETWEEN 1 AND 16"
	// programmeCacheSize bounds the filters kept (years × fields the bureau looks at).
	programmeCacheSize = 256
)

type programmeKey struct {
	year  int
	field string
	top   int
}

// programmeEntry is the view read at version, at the instant from; it is the answer for any instant in
// [from, until] while the version holds.
type programmeEntry struct {
	version     int64
	from, until time.Time
	d           funding.Dashboard
}

func (e programmeEntry) serves(version int64, now time.Time) bool {
	return e.version >= version && !now.Before(e.from) && !now.After(e.until)
}

// Dashboard reads every figure of the programme view: from the cache when it is current, else from the
// database (one reader at a time computes; those waiting meanwhile take its answer when it was read at
// their version or later).
func (s *FundingDashboard) Dashboard(ctx context.Context, f funding.DashboardFilter, now time.Time, top int) (_ funding.Dashboard, err error) {
	defer wrap(&err, "funding dashboard: dashboard")
	if InTxContext(ctx) {
		d, _, err := s.compute(ctx, f, now, top)
		return d, err
	}
	key := programmeKey{year: f.Year, field: f.Field, top: top}
	var v int64
	if err := s.version.scan(ctx, nil, &v); err != nil {
		return funding.Dashboard{}, err
	}
	if e, ok := s.cache.get(key); ok && e.serves(v, now) {
		return e.d, nil
	}
	s.computeMu.Lock()
	defer s.computeMu.Unlock()
	if e, ok := s.cache.get(key); ok && e.serves(v, now) {
		return e.d, nil
	}
	// Read the version again before the figures: an answer is tagged with a version no newer than its data.
	if err := s.version.scan(ctx, nil, &v); err != nil {
		return funding.Dashboard{}, err
	}
	d, until, err := s.compute(ctx, f, now, top)
	if err != nil {
		return d, err
	}
	d.Memo = &funding.Memo{}
	s.cache.put(key, programmeEntry{version: v, from: now, until: until, d: d})
	return d, nil
}
