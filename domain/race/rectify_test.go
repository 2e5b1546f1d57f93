package race

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"jiebang/domain"
)

// memRects is an in-memory RectificationStore.
type memRects struct {
	seq int64
	xs  []Rectification
}

func (m *memRects) CreateRectification(_ context.Context, r *Rectification) error {
	for _, x := range m.xs {
		if x.RacerID == r.RacerID && x.Stage == r.Stage {
			return domain.ErrConflict
		}
	}
	m.seq++
	r.ID = m.seq
	m.xs = append(m.xs, *r)
	return nil
}

func (m *memRects) filter(f func(Rectification) bool) []Rectification {
	var out []Rectification
	for _, x := range m.xs {
		if f(x) {
			out = append(out, x)
		}
	}
	return out
}

func (m *memRects) Rectifications(_ context.Context, ch int64) ([]Rectification, error) {
	return m.filter(func(x Rectification) bool { return x.ChallengeID == ch }), nil
}

func (m *memRects) RacerRectifications(_ context.Context, id int64) ([]Rectification, error) {
	return m.filter(func(x Rectification) bool { return x.RacerID == id }), nil
}

func (m *memRects) OpenRectifications(context.Context) ([]Rectification, error) {
	return m.filter(func(x Rectification) bool { return x.Status == RectOpen }), nil
}

func (m *memRects) UpdateRectification(_ context.Context, r Rectification, from RectificationStatus) (bool, error) {
	for i, x := range m.xs {
		if x.ID == r.ID {
			if x.Status != from {
				return false, nil
			}
			m.xs[i] = r
			return true, nil
		}
	}
	return false, nil
}

func TestDueMonthsAfter(t *testing.T) {
	t.Parallel()
	cn := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, china).UTC() }
	cases := []struct {
		now  time.Time
		want time.Time
	}{
		{time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC), cn(2026, 6, 11)},  // 10 June ends at 24:00
		{time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC), cn(2027, 3, 1)},  // 28 Feb 2027 ends at 24:00
		{time.Date(2027, 11, 30, 2, 0, 0, 0, time.UTC), cn(2028, 3, 1)},  // 29 Feb 2028 (leap) ends at 24:00
		{time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC), cn(2027, 4, 2)}, // 1 Jan 01:00 China time → 1 Apr
		{time.Date(2026, 10, 31, 2, 0, 0, 0, time.UTC), cn(2027, 2, 1)},  // 31 Jan
	}
	for _, c := range cases {
		if got := DueMonthsAfter(c.now, 3); !got.Equal(c.want) {
			t.Errorf("%s + 3 months: %s, want %s", c.now, got, c.want)
		}
	}
}

func TestCheckDecisionRectify(t *testing.T) {
	t.Parallel()
	racers := []Racer{{ID: 1, Status: RacerRacing}, {ID: 2, Status: RacerRacing}, {ID: 3, Status: RacerEliminated}}
	p := Proposal{Advance: []int64{1, 2}}
	ok := DecisionInput{Advance: []int64{1}, Rectify: []RectifyInput{{RacerID: 2, Requirements: "x"}}}
	if err := checkDecision(racers, p, &ok); err != nil {
		t.Errorf("rectify counts as kept: %v", err)
	}
	single := DecisionInput{Rectify: []RectifyInput{{RacerID: 1}, {RacerID: 2}}, Reason: ""}
	if err := checkDecision(racers, Proposal{Advance: []int64{1, 2}}, &single); err != nil {
		t.Errorf("every racer under rectification, nobody advances: %v", err)
	}
	twice := DecisionInput{Advance: []int64{1, 2}, Rectify: []RectifyInput{{RacerID: 2}}}
	if err := checkDecision(racers, p, &twice); !fieldErr(err, "rectify[0].racer_id") {
		t.Errorf("advanced and rectified: %v", err)
	}
	gone := DecisionInput{Advance: []int64{1, 2}, Rectify: []RectifyInput{{RacerID: 3}}, Reason: "x"}
	if err := checkDecision(racers, p, &gone); !fieldErr(err, "rectify[0].racer_id") {
		t.Errorf("an eliminated racer rectified: %v", err)
	}
	instead := DecisionInput{Advance: []int64{1}, Rectify: []RectifyInput{{RacerID: 2}}}
	if err := checkDecision(racers, Proposal{Advance: []int64{1}, Eliminate: []int64{2}}, &instead); !fieldErr(err, "reason") {
		t.Errorf("rectifying a racer the rule eliminates departs from the proposal: %v", err)
	}
}

func TestRectMachine(t *testing.T) {
	t.Parallel()
	if _, err := rectMachine.next(RectOpen, ActionRectPass, domain.RoleBureau); !errors.Is(err, domain.ErrInvalidTransition) {
		t.Errorf("pass without a report: %v", err)
	}
	if _, err := rectMachine.next(RectReported, ActionRectPass, domain.RoleTeam); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("the team passes itself: %v", err)
	}
	for _, from := range []RectificationStatus{RectPassed, RectEliminated} {
		if _, err := rectMachine.next(from, ActionRectReport, domain.RoleTeam); !errors.Is(err, domain.ErrInvalidTransition) {
			t.Errorf("report after %s: %v", from, err)
		}
	}
}

// TestRectificationStory: a stage decision rectifies a racer with the default due date; the report, the
// reminder (once), the pending hold and the bureau's pass; then the acceptance's one rectification period.
func TestRectificationStory(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	rects := &memRects{}
	f.svc.d.Rectifications = rects
	rs := started(t, f) // racers of orgs 202, 201, 203
	a, b, c := rs[0], rs[1], rs[2]
	f.clock.Advance(150 * 24 * time.Hour)
	past := f.clock.Now().Add(-time.Hour)
	in := DecisionInput{Advance: []int64{a.ID}, Rectify: []RectifyInput{{RacerID: b.ID, Requirements: "补齐数据", DueAt: &past}},
		Eliminate: []Elimination{{RacerID: c.ID, Reason: "x", Tolerance: true}}, Reason: "第三名淘汰"}
	if _, err := f.svc.Decide(ctx, boss, 1, 1, in); !fieldErr(err, "rectify[0].due_at") {
		t.Fatalf("due in the past: %v", err)
	}
	in.Rectify[0].DueAt = nil
	d, err := f.svc.Decide(ctx, boss, 1, 1, in)
	if err != nil {
		t.Fatal(err)
	}
	if want := DueMonthsAfter(f.clock.Now(), 3); len(d.Rectify) != 1 || !d.Rectify[0].DueAt.Equal(want) {
		t.Fatalf("rectify %+v, want due %s", d.Rectify, want)
	}
	if p, _ := f.svc.RectificationPending(ctx, b.ID); !p {
		t.Errorf("pending while open")
	}
	if r, _ := f.svc.d.Store.Racer(ctx, b.ID); r.Status != RacerRacing {
		t.Errorf("the racer stays racing: %s", r.Status)
	}
	// The reminder: a week before, twice, once.
	claims := &memClaims{seen: map[string]bool{}}
	f.clock.Advance(d.Rectify[0].DueAt.Sub(f.clock.Now()) - 3*24*time.Hour)
	for i := 0; i < 2; i++ {
		if err := f.svc.RemindRectifications(ctx, claims, f.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if n := countKind(f.notes.kinds, "race.rectification_due"); n != 1 {
		t.Errorf("%d reminders, want 1", n)
	}
	if _, err := f.svc.DecideRectification(ctx, boss, b.ID, RectificationDecision{Outcome: "passed", Reason: "x"}); code(err) != "rectification_not_reported" {
		t.Fatalf("pass before the report: %v", err)
	}
	if _, err := f.svc.SubmitRectification(ctx, team(202), b.ID, RectificationReport{Summary: "x"}); code(err) != "not_racer" {
		t.Fatalf("another team reports: %v", err)
	}
	x, err := f.svc.SubmitRectification(ctx, team(201), b.ID, RectificationReport{Summary: "已补齐"})
	if err != nil || x.Status != RectReported || x.Late {
		t.Fatalf("report: %+v %v", x, err)
	}
	if _, err := f.svc.DecideRectification(ctx, boss, b.ID, RectificationDecision{Outcome: "passed", Reason: "整改到位"}); err != nil {
		t.Fatal(err)
	}
	if p, _ := f.svc.RectificationPending(ctx, b.ID); p {
		t.Errorf("pending after the pass")
	}
	if got := f.audit.actions("racer"); !slices.Contains(got, ActionRectify) || !slices.Contains(got, ActionRectPass) {
		t.Errorf("audit %v", got)
	}

	// The acceptance: one rectification period, then passed after rectification.
	for _, r := range []Racer{a, b} {
		if _, err := f.svc.RecordOpinion(ctx, owner, 1, OpinionInput{RacerID: r.ID, Opinion: "未达标",
			KPIResults: map[string]KPIResult{"精度": {Value: 4}, "效率": {Value: 90}}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.Conclude(ctx, boss, 1, AcceptanceInput{Outcome: OutcomeRectify, Opinion: "限期整改"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Conclude(ctx, boss, 1, AcceptanceInput{Outcome: OutcomeRectify, Opinion: "再次整改"}); code(err) != "rectification_used" {
		t.Fatalf("a second period: %v", err)
	}
	for _, r := range []struct {
		id  int64
		org int64
	}{{a.ID, 202}, {b.ID, 201}} {
		if _, err := f.svc.SubmitRectification(ctx, team(r.org), r.id, RectificationReport{Summary: "已整改"}); err != nil {
			t.Fatal(err)
		}
	}
	out, err := f.svc.Conclude(ctx, boss, 1, AcceptanceInput{Outcome: OutcomePassedAfterRectification, WinnerRacerIDs: []int64{a.ID}, Opinion: "整改后通过"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range out {
		if r.ID == a.ID && r.Status != RacerWinner {
			t.Errorf("winner: %+v", r)
		}
	}
	for _, x := range rects.xs {
		if x.Open() {
			t.Errorf("still open after the acceptance: %+v", x)
		}
	}
}

func countKind(kinds []string, k string) int {
	n := 0
	for _, x := range kinds {
		if x == k {
			n++
		}
	}
	return n
}
