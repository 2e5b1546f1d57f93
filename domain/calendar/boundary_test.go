package calendar

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/event"
	"jiebang/domain/notify"
)

// memStore is the bureau's entries in memory.
type memStore struct{ cals map[int]Calendar }

func (m *memStore) Get(_ context.Context, year int) (Calendar, error) {
	c, ok := m.cals[year]
	if !ok {
		return Calendar{}, domain.ErrNotFound
	}
	return c, nil
}

func (m *memStore) Put(_ context.Context, c Calendar, by string, at time.Time) error {
	c.UpdatedBy, c.UpdatedAt = by, &at
	m.cals[c.Year] = c
	return nil
}

type noTx struct{}

func (noTx) InTx(ctx context.Context, fn func(ctx context.Context) error) error { return fn(ctx) }

type memAudit struct{ entries []audit.Entry }

func (m *memAudit) Append(_ context.Context, e *audit.Entry) error {
	e.ID = int64(len(m.entries) + 1)
	m.entries = append(m.entries, *e)
	return nil
}

func (m *memAudit) List(context.Context, audit.Filter, domain.Page) (domain.List[audit.Entry], error) {
	return domain.List[audit.Entry]{}, nil
}

func (m *memAudit) Each(context.Context, func(audit.Entry) error) error { return nil }

// memClaims is the scheduler's claims in memory: one per (job, subject, due).
type memClaims struct{ seen map[string]bool }

func (m *memClaims) Claim(_ context.Context, job, subject string, due time.Time) (bool, error) {
	k := job + "|" + subject + "|" + due.UTC().Format(time.RFC3339)
	if m.seen[k] {
		return false, nil
	}
	m.seen[k] = true
	return true, nil
}

type memNotes struct{ notes []notify.Message }

func (m *memNotes) Send(_ context.Context, k *notify.Kind, to notify.To, id int64, p notify.Params) error {
	n, err := k.Render(id, p)
	if err != nil {
		return err
	}
	if len(to.Roles) != 1 || to.Roles[0] != domain.RoleBureau {
		return errors.New("the warning is for the bureau")
	}
	m.notes = append(m.notes, n)
	return nil
}

func newTestService(now time.Time) (*Service, *memStore, *domain.ManualClock) {
	return newTestServiceOn(now, nil)
}

// newTestServiceOn is newTestService publishing on bus.
func newTestServiceOn(now time.Time, bus *event.Bus) (*Service, *memStore, *domain.ManualClock) {
	st := &memStore{cals: map[int]Calendar{}}
	clk := domain.NewFrozenClock(now)
	return NewService(st, noTx{}, audit.NewService(&memAudit{}, clk), clk, bus), st, clk
}

var bureau = domain.Actor{UserID: 1, Role: domain.RoleBureau, Name: "科技局"}

// TestGetProvisionalYear: a year neither entered nor shipped is provisional with its statutory holidays; the
// shipped year is entered; the bureau's entry replaces the provisional year.
func TestGetProvisionalYear(t *testing.T) {
	t.Parallel()
	svc, _, _ := newTestService(at("2026-11-02 09:00"))
	ctx := context.Background()
	c, err := svc.Get(ctx, 2027)
	if err != nil || !c.Provisional || c.Entered || len(c.Holidays) == 0 {
		t.Fatalf("2027: %+v %v", c, err)
	}
	if c, _ := svc.Get(ctx, 2026); c.Provisional || !c.Entered {
		t.Fatalf("2026 ships: %+v", c)
	}
	end, err := svc.AddWorkdays(ctx, at("2026-12-30 10:00"), 2) // Thu 31 Dec, (Fri 1 Jan off), Mon 4 Jan
	if err != nil || !end.Equal(at("2027-01-05 00:00")) {
		t.Fatalf("over 2027-01-01: %s %v", end.In(China), err)
	}
	if _, err := svc.Put(ctx, bureau, Calendar{Year: 2027, Holidays: []Holiday{{Name: "元旦", From: "2027-01-01", To: "2027-01-03"}}}); err != nil {
		t.Fatal(err)
	}
	if c, _ := svc.Get(ctx, 2027); c.Provisional || !c.Entered || len(c.Holidays) != 1 {
		t.Fatalf("2027 entered: %+v", c)
	}
	if p, _ := svc.IsProvisional(ctx, 2028); !p {
		t.Fatal("2028 should be provisional")
	}
	if p, _ := svc.IsProvisional(ctx, 2027); p {
		t.Fatal("2027 is entered")
	}
}

// TestPutEmitsInItsTransaction: entering a year emits EventPut with the calendar before and after; an error
// of a handler fails the put.
func TestPutEmitsInItsTransaction(t *testing.T) {
	t.Parallel()
	bus := event.NewBus()
	svc, _, _ := newTestServiceOn(at("2026-11-02 09:00"), bus)
	var got []Changed
	bus.On(EventPut, func(_ context.Context, e event.Event) error {
		got = append(got, e.Data.(Changed))
		return nil
	})
	if _, err := svc.Put(context.Background(), bureau, Calendar{Year: 2027}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !got[0].Before.Provisional || got[0].After.Provisional || !got[0].After.Entered || got[0].After.Year != 2027 {
		t.Fatalf("event: %+v", got)
	}
}

// TestStatusAndWarningAtTheYearBoundary: on 31 October nothing is warned; from 1 November (China time) the
// status warns and every bureau user is told once, however often the job runs; once next year is entered
// the warning stops.
func TestStatusAndWarningAtTheYearBoundary(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// 2026-10-31 23:30 China time is 15:30 UTC: still October in China.
	svc, _, clk := newTestService(time.Date(2026, 10, 31, 15, 30, 0, 0, time.UTC))
	claims, notes := &memClaims{seen: map[string]bool{}}, &memNotes{}
	st, err := svc.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Today != "2026-10-31" || st.Year != 2026 || st.NextYear != 2027 || st.NextYearEntered || !st.NextYearProvisional ||
		st.WarnMissingNextYear || !slices.Equal(st.ProvisionalYears, []int{2027, 2028}) {
		t.Fatalf("31 October: %+v", st)
	}
	if sent, err := svc.WarnMissingNextYear(ctx, claims, notes, clk.Now()); sent || err != nil || len(notes.notes) != 0 {
		t.Fatalf("31 October warned: %v %v %+v", sent, err, notes.notes)
	}
	clk.Advance(30 * time.Minute) // 2026-11-01 00:00 China time
	st, _ = svc.Status(ctx)
	if st.Today != "2026-11-01" || !st.WarnMissingNextYear {
		t.Fatalf("1 November: %+v", st)
	}
	for range 3 {
		if _, err := svc.WarnMissingNextYear(ctx, claims, notes, clk.Now()); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Hour)
	}
	if len(notes.notes) != 1 {
		t.Fatalf("warned %d times: %+v", len(notes.notes), notes.notes)
	}
	n := notes.notes[0]
	if n.Kind != KindNextYearMissing || n.Link != "/calendar" || n.EntityID != 2027 || n.Entity != EntityCalendar || n.TitleZh == "" || n.TitleEn == "" || n.BodyZh == "" {
		t.Fatalf("note: %+v", n)
	}
	if _, err := svc.Put(ctx, bureau, Calendar{Year: 2027}); err != nil {
		t.Fatal(err)
	}
	if st, _ = svc.Status(ctx); st.WarnMissingNextYear || !st.NextYearEntered || st.NextYearProvisional || !slices.Equal(st.ProvisionalYears, []int{2028}) {
		t.Fatalf("after entering 2027: %+v", st)
	}
	// A year later the next year is missing again: a new warning.
	clk.Advance(365 * 24 * time.Hour)
	if sent, err := svc.WarnMissingNextYear(ctx, claims, notes, clk.Now()); !sent || err != nil || notes.notes[1].EntityID != 2028 {
		t.Fatalf("November 2027: %v %v %+v", sent, err, notes.notes)
	}
}
