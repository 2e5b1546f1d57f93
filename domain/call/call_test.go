package call

import (
	"errors"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/calendar"
	"jiebang/domain/settings"
)

func at(date string, hour int) time.Time {
	t, err := time.ParseInLocation(calendar.DateLayout, date, calendar.China)
	if err != nil {
		panic(err)
	}
	return t.Add(time.Duration(hour) * time.Hour)
}

func TestStatusAndAcceptance(t *testing.T) {
	c := Call{ID: 1, Stored: StatusOpen, OpensOn: "2027-03-02", ClosesOn: "2027-03-20"}
	cases := []struct {
		now    time.Time
		status Status
		code   string
	}{
		{at("2027-03-01", 23), StatusOpen, "call_not_open"},
		{at("2027-03-02", 0), StatusOpen, ""},
		{at("2027-03-20", 23), StatusOpen, ""}, // the whole closing date, China time
		{at("2027-03-21", 0), StatusClosed, "call_closed"},
	}
	for _, tc := range cases {
		if got := c.StatusAt(tc.now); got != tc.status {
			t.Errorf("%v: status %s, want %s", tc.now, got, tc.status)
		}
		if got := domain.CodeOf(c.AcceptsAt(tc.now)); got != tc.code {
			t.Errorf("%v: accepts %q, want %q", tc.now, got, tc.code)
		}
	}
	c.Stored = StatusPublished
	if c.StatusAt(at("2027-03-05", 9)) != StatusPublished || domain.CodeOf(c.AcceptsAt(at("2027-03-05", 9))) != "call_closed" {
		t.Error("a published call accepts nothing")
	}
	if !errors.Is(ErrClosed, domain.ErrUnprocessable) || !errors.Is(ErrPublished, domain.ErrConflict) {
		t.Error("error kinds")
	}
}

func TestValidate(t *testing.T) {
	neg, big := -1, 101
	ok := Call{Title: "2027年第一批揭榜挂帅榜单", Year: 2027, OpensOn: "2027-03-02", ClosesOn: "2027-03-20"}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := ok
	bad.Title, bad.OpensOn, bad.ClosesOn = "", "2027-3-2", "2027-02-30"
	bad.Overrides = Overrides{MaxActiveBidsPerOrg: &neg, MaxActiveBidsPerPI: &big}
	var ve *domain.ValidationError
	if err := bad.Validate(); !errors.As(err, &ve) {
		t.Fatalf("want a validation error, got %v", err)
	}
	for _, f := range []string{"title", "opens_on", "closes_on", "rules.max_active_bids_per_org", "rules.max_active_bids_per_pi"} {
		if !ve.Has(f) {
			t.Errorf("no error on %s: %v", f, ve)
		}
	}
	order := ok
	order.ClosesOn = "2027-03-01"
	if err := order.Validate(); !errors.As(err, &ve) || !ve.Has("closes_on") {
		t.Errorf("closes before it opens: %v", err)
	}
}

func TestEffectiveRules(t *testing.T) {
	l := settings.DefaultLimits()
	l.MaxActiveBidsPerOrg, l.NoticeDays = 2, 6
	got := Overrides{}.Effective(l)
	want := Rules{MaxActiveBidsPerOrg: 2, MaxActiveBidsPerPI: 1, MaxPartners: 4, NoticeDays: 6,
		QuestionWindowDays: 7, AddendumMinDays: 7}
	if got != want {
		t.Errorf("settings alone: %+v, want %+v", got, want)
	}
	none, five, three := 0, 5, 3
	got = Overrides{MaxActiveBidsPerOrg: &none, MaxActiveBidsPerPI: &none, NoticeDays: &five, QuestionWindowDays: &three}.Effective(l)
	if got.MaxActiveBidsPerOrg != 0 || got.MaxActiveBidsPerPI != 0 || got.NoticeDays != 5 || got.QuestionWindowDays != 3 ||
		got.MaxPartners != 4 || got.AddendumMinDays != 7 {
		t.Errorf("overrides: %+v", got)
	}
	if c := bidConfig(got); c.MaxActiveBidsPerOrg != -1 || c.MaxActiveBidsPerPI != -1 || c.MaxPartners != 4 {
		t.Errorf("no limit as the bids read it: %+v", c)
	}
}
