package calendar

import (
	"context"
	"fmt"
	"time"

	"jiebang/domain/notify"
	"jiebang/domain/schedule"
)

// The year boundary (跨年): the State Council announces next year's arrangement late in the year, and until
// the bureau enters it every date computed over next year is provisional. From WarnFromMonth on, the bureau's
// home page shows a warning (Status) and every bureau user is told once (WarnMissingNextYear).

// WarnFromMonth is the month (China time) from which a missing calendar of next year is warned about.
const WarnFromMonth = time.November

// WarningJob is the name of the scheduled job that tells the bureau next year's calendar is missing.
const WarningJob = "calendar_next_year_missing"

// KindNextYearMissing is the notification kind of that warning.
const KindNextYearMissing = "calendar.next_year_missing"

// SettingsLink is the SPA path of the calendar settings page the warning links to.
const SettingsLink = "/calendar"

// Status is the calendar's state at the year boundary, as the bureau's home page reads it.
type Status struct {
	// Today is the China date of now (YYYY-MM-DD); Year its year, NextYear the one after.
	Today    string
	Year     int
	NextYear int
	// NextYearEntered is true when next year's calendar is entered or shipped; NextYearProvisional when it
	// is counted on the statutory holidays only.
	NextYearEntered     bool
	NextYearProvisional bool
	// WarnMissingNextYear is true from WarnFromMonth while next year's calendar is neither entered nor shipped.
	WarnMissingNextYear bool
	// ProvisionalYears are the years among Year, Year+1 and Year+2 whose calendar is provisional, ascending.
	ProvisionalYears []int
}

// Status returns the calendar's state at the clock's now (anyone may read it: it holds no secret).
func (s *Service) Status(ctx context.Context) (Status, error) {
	return s.statusAt(ctx, s.clock.Now())
}

func (s *Service) statusAt(ctx context.Context, now time.Time) (Status, error) {
	today := now.In(China)
	y := today.Year()
	st := Status{Today: today.Format(DateLayout), Year: y, NextYear: y + 1, ProvisionalYears: []int{}}
	for year := y; year <= y+2; year++ {
		if year < MinYear || year > MaxYear {
			continue
		}
		c, err := s.Get(ctx, year)
		if err != nil {
			return Status{}, err
		}
		if c.Provisional {
			st.ProvisionalYears = append(st.ProvisionalYears, year)
		}
		if year == y+1 {
			st.NextYearEntered, st.NextYearProvisional = c.Entered, c.Provisional
		}
	}
	st.WarnMissingNextYear = st.NextYearProvisional && today.Month() >= WarnFromMonth
	return st, nil
}

// WarnMissingNextYear tells every bureau user, once per year, that next year's calendar is missing: from
// WarnFromMonth of year Y while Y+1 is neither entered nor shipped (the scheduled job). The claim of
// (WarningJob, "year:Y+1") is written in the notification's transaction, so several servers and restarts
// send it once. It reports whether it sent the warning now.
func (s *Service) WarnMissingNextYear(ctx context.Context, claims schedule.Claims, n notify.Sender, now time.Time) (bool, error) {
	st, err := s.statusAt(ctx, now)
	if err != nil || !st.WarnMissingNextYear {
		return false, err
	}
	next := st.NextYear
	due := time.Date(st.Year, WarnFromMonth, 1, 0, 0, 0, 0, China)
	sent := false
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		ok, err := claims.Claim(ctx, WarningJob, fmt.Sprintf("year:%d", next), due)
		if err != nil || !ok {
			return err
		}
		sent = true
		return n.Send(ctx, notify.CalendarNextYearMissing, notify.Bureau(), int64(next), notify.Params{"Year": next})
	})
	if err != nil {
		return false, err
	}
	return sent, nil
}
