package calendar

import (
	"context"
	"fmt"
	"time"

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

// Note is a notification the calendar sends to the bureau.
type Note struct {
	Kind             string
	TitleZh, TitleEn string
	BodyZh, BodyEn   string
	Link             string
	// Year is the calendar year the note is about (the audit entity id of EntityCalendar).
	Year int
}

// Notifier delivers a note to every bureau user in the caller's transaction (cmd/app adapts the
// notification outbox).
type Notifier interface {
	NotifyBureau(ctx context.Context, n Note) error
}

// WarnMissingNextYear tells every bureau user, once per year, that next year's calendar is missing: from
// WarnFromMonth of year Y while Y+1 is neither entered nor shipped (the scheduled job). The claim of
// (WarningJob, "year:Y+1") is written in the notification's transaction, so several servers and restarts
// send it once. It reports whether it sent the warning now.
func (s *Service) WarnMissingNextYear(ctx context.Context, claims schedule.Claims, n Notifier, now time.Time) (bool, error) {
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
		return n.NotifyBureau(ctx, Note{Kind: KindNextYearMissing, Link: SettingsLink, Year: next,
			TitleZh: fmt.Sprintf("%d 年工作日历尚未录入", next),
			TitleEn: fmt.Sprintf("The %d working-day calendar is not entered yet", next),
			BodyZh: fmt.Sprintf("国务院公布 %d 年节假日安排后，请在“工作日历”中录入放假和调休上班日期。录入之前，%d 年的工作日只按法定节假日暂定计算（不含调休），"+
				"跨入 %d 年的公示期等日期均标注为暂定；录入后，尚未届满的公示期将按新日历重新计算。", next, next, next),
			BodyEn: fmt.Sprintf("Once the State Council announces the %d holiday arrangement, please enter its days off and make-up "+
				"working days under Working-day calendar. Until then, %d counts the statutory public holidays only (no 调休), and "+
				"periods that reach into %d, such as public notices, are marked provisional; when the calendar is entered, "+
				"notices still running are recomputed on it.", next, next, next)})
	})
	if err != nil {
		return false, err
	}
	return sent, nil
}
