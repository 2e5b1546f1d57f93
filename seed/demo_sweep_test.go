package seed

import (
	"context"
	"errors"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/calendar"
	"jiebang/domain/challenge"
	"jiebang/domain/funding"
	"jiebang/domain/race"
	"jiebang/domain/review"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// demoSweepDays are the days the demo seed is tried on: every 7th day of 2026 and 2027, every day from two days
// before to two days after each public holiday of 2026 (the official calendar shipped with the product) and
// every day across the 2026→2027 year end. The first day of the sweep set is also 2026-12-06, the day the
// demo first failed (a notice running over a holiday past the demo's fixed wait).
func demoSweepDays(t *testing.T) []time.Time {
	t.Helper()
	set := map[string]bool{"2026-12-06": true}
	add := func(d time.Time) { set[d.Format(calendar.DateLayout)] = true }
	for d := time.Date(2026, 1, 1, 0, 0, 0, 0, calendar.China); d.Year() < 2028; d = d.AddDate(0, 0, 7) {
		add(d)
	}
	off, ok := calendar.Official(2026)
	if !ok {
		t.Fatal("no official 2026 calendar shipped")
	}
	for _, h := range off.Holidays {
		from, err1 := time.ParseInLocation(calendar.DateLayout, h.From, calendar.China)
		to, err2 := time.ParseInLocation(calendar.DateLayout, h.To, calendar.China)
		if err1 != nil || err2 != nil {
			t.Fatalf("holiday %+v", h)
		}
		for d := from.AddDate(0, 0, -2); !d.After(to.AddDate(0, 0, 2)); d = d.AddDate(0, 0, 1) {
			add(d)
		}
	}
	for d := time.Date(2026, 12, 24, 0, 0, 0, 0, calendar.China); d.Before(time.Date(2027, 1, 9, 0, 0, 0, 0, calendar.China)); d = d.AddDate(0, 0, 1) {
		add(d)
	}
	var out []time.Time
	for k := range set {
		d, _ := time.ParseInLocation(calendar.DateLayout, k, calendar.China)
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// errDemoRollback undoes one day's demo, so the next day starts on the same empty database.
var errDemoRollback = errors.New("sweep: roll back")

// TestDemoSeedOnEveryDay seeds the demo as it would be loaded on each day of the sweep, at one of three times of
// the China day taken in turn (just after midnight, the morning, just before midnight: the UTC date differs from
// China's at two of them, so every kind of day meets each), and checks that it shows the same states on each: challenges open for bids, the closed bid review, a
// notice running now with an objection waiting, a race in progress past its first stage, a finished challenge
// with its winner and funding, expert work waiting now; the audit chain verifies. Each worker keeps one SQLite
// database and rolls every day's demo back (the seed is one transaction, nested here as a savepoint). SQLite
// only: this tests the product's date arithmetic, which does not depend on the database; the demo's storage is
// tested on both databases by TestSeedRaces and the other seed tests.
func TestDemoSeedOnEveryDay(t *testing.T) {
	t.Parallel()
	days := demoSweepDays(t)
	times := []time.Duration{10 * time.Minute, 9 * time.Hour, 23*time.Hour + 50*time.Minute}
	workers := max(1, runtime.GOMAXPROCS(0))
	next := make(chan int)
	go func() {
		for i := range days {
			next <- i
		}
		close(next)
	}()
	var mu sync.Mutex
	failed := map[string]string{}
	var wg sync.WaitGroup
	for range workers {
		db := testdb.New(t, repository.DialectSQLite)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				now := days[i].Add(times[i%len(times)])
				if err := seedAndCheckDemo(t, db, now); err != nil {
					mu.Lock()
					failed[now.Format(time.RFC3339)] = err.Error()
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	keys := make([]string, 0, len(failed))
	for k := range failed {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Errorf("demo seeded at %s: %s", k, failed[k])
	}
	t.Logf("demo seeded and checked on %d days", len(days))
}

// seedAndCheckDemo seeds the demo at now on db, checks its states and rolls it back.
func seedAndCheckDemo(t *testing.T, db *repository.DB, now time.Time) error {
	cfg := quietConfig(t, domain.NewFrozenClock(now))
	a, err := newTestApp(cfg, db)
	if err != nil {
		return err
	}
	err = a.Tx.InTx(context.Background(), func(ctx context.Context) error {
		accts, _, err := a.seedDemo(ctx)
		if err != nil {
			return err
		}
		if err := checkDemoStates(ctx, a, accts, now); err != nil {
			return err
		}
		return errDemoRollback
	})
	if errors.Is(err, errDemoRollback) {
		return nil
	}
	return err
}

// demoCheck is the error of a demo state that does not hold.
type demoCheck string

func (e demoCheck) Error() string { return string(e) }

// checkDemoStates checks what the README promises of the demo, at now.
func checkDemoStates(ctx context.Context, a *testApp, accts DemoAccounts, now time.Time) error {
	bureau := accts.Bureau.Actor
	page := domain.Page{Page: 1, PageSize: 50}
	open, err := a.Challenges.List(ctx, domain.Actor{}, challenge.ListQuery{Status: string(challenge.StatusPublished)}, page)
	if err != nil {
		return err
	}
	if open.Total < 2 {
		return demoCheck("fewer than two challenges open for bids")
	}
	for _, c := range open.Items {
		if c.BidDeadline == nil || !c.BidDeadline.After(now) || !calendar.IsEndOfDay(*c.BidDeadline) {
			return demoCheck("an open challenge's deadline is not the end of a China day in the future: " + c.Title)
		}
	}
	notices, err := a.Race.Notices(ctx, race.NoticeFilter{Status: race.NoticeOpen}, page)
	if err != nil {
		return err
	}
	if len(notices.Items) != 1 {
		return demoCheck("no open notice")
	}
	n := notices.Items[0]
	if !n.EndsAt.After(now) || n.OpenObjections != 1 {
		return demoCheck("the notice is not running now with an objection waiting")
	}
	want, err := a.Calendar.AddWorkdays(ctx, n.StartsAt, n.NoticeDays)
	if err != nil || !want.Equal(n.EndsAt) || n.NoticeDays != race.DefaultNoticeDays {
		return demoCheck("the notice does not end after its working days")
	}
	sel, err := a.Race.Ranking(ctx, bureau, n.ChallengeID)
	if err != nil {
		return err
	}
	if !sel.Closed || len(sel.Ranking) < 2 {
		return demoCheck("the noticed challenge has no closed bid review with its ranking")
	}
	running, err := a.Challenges.List(ctx, domain.Actor{}, challenge.ListQuery{Status: string(challenge.StatusInProgress)}, page)
	if err != nil {
		return err
	}
	if running.Total != 1 {
		return demoCheck("no race in progress")
	}
	b, err := a.Race.Board(ctx, bureau, running.Items[0].ID)
	if err != nil {
		return err
	}
	// three racers left the midterm (one under rectification); one of them was terminated since (终止:
	// finished in the race, a refund due)
	racing, terminated := 0, 0
	for _, r := range b.Racers {
		switch r.Status {
		case race.RacerRacing:
			racing++
		case race.RacerFinished:
			if p, err := a.Funding.Plan(ctx, bureau, r.ID); err == nil && p.Ending != nil && p.Refunds.Outstanding() > 0 {
				terminated++
			}
		}
	}
	if len(b.Racers) != 4 || len(b.Decisions) != 1 || racing != 2 || terminated != 1 {
		return demoCheck("the race in progress is not past its first stage with three racers left, one of them terminated with a refund due")
	}
	due, err := a.Funding.Due(ctx, bureau)
	if err != nil {
		return err
	}
	heldForCofunding, heldForTaskbook := false, false
	for _, it := range due.Held {
		heldForCofunding = heldForCofunding || it.Tranche.Hold == funding.HoldCofundingMissing
		heldForTaskbook = heldForTaskbook || it.Tranche.Hold == funding.HoldTaskbookUnsigned
	}
	if !heldForCofunding || !heldForTaskbook || len(due.Refunds) != 1 || len(due.Due) == 0 {
		return demoCheck("待拨付 shows no tranche due, none held for co-funding or for a task book, or no refund due")
	}
	// a bid under correction (补正) on a challenge whose bidding closed
	closed, err := a.Challenges.List(ctx, domain.Actor{}, challenge.ListQuery{Status: string(challenge.StatusBiddingClosed)}, page)
	if err != nil {
		return err
	}
	pending := 0
	for _, c := range closed.Items {
		ids, err := a.Bids.PendingCorrections(ctx, c.ID)
		if err != nil {
			return err
		}
		pending += len(ids)
	}
	if pending != 1 {
		return demoCheck("no bid is under correction")
	}
	res, err := a.Race.Results(ctx, page)
	if err != nil {
		return err
	}
	if len(res.Items) != 1 || res.Items[0].Challenge.Status != challenge.StatusCompleted || len(res.Items[0].FundingFen) == 0 {
		return demoCheck("no finished challenge with its winner and funding")
	}
	winners := 0
	for _, r := range res.Items[0].Racers {
		if r.Status == race.RacerWinner {
			winners++
		}
	}
	if winners != 1 {
		return demoCheck("the finished challenge has no winner")
	}
	led, err := a.Funding.Ledger(ctx, bureau, res.Items[0].Challenge.ID)
	if err != nil {
		return err
	}
	if len(led.Disbursements) == 0 {
		return demoCheck("the finished race has no payment")
	}
	for _, d := range led.Disbursements {
		if d.PaidOn != calendar.Date(now) {
			return demoCheck("a payment is not dated with today's China date: " + d.PaidOn)
		}
	}
	waiting := 0
	for _, e := range accts.Experts {
		l, err := a.Reviews.MyAssignments(ctx, e.Actor, page)
		if err != nil {
			return err
		}
		for _, as := range l.Items {
			if as.Status == review.AssignmentPending && as.Deadline.After(now) {
				waiting++
			}
		}
	}
	if waiting == 0 {
		return demoCheck("no expert work waiting")
	}
	v, err := a.Audit.Verify(ctx)
	if err != nil {
		return err
	}
	if !v.OK {
		return demoCheck("the audit chain does not verify")
	}
	return nil
}
