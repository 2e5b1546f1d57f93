package calendar

import (
	"fmt"
	"time"

	"jiebang/domain"
)

// MaxHolidayDays bounds one holiday, from and to inclusive.
const MaxHolidayDays = 31

// Validate checks a year's calendar: dates are real YYYY-MM-DD days near the year (a New Year break may start
// in the previous December), each holiday is named, ordered and at most MaxHolidayDays long, holidays do not
// overlap, and make-up working days are weekend days outside every holiday.
func Validate(c Calendar) error {
	var v domain.Validator
	if c.Year < MinYear || c.Year > MaxYear {
		return yearError("year")
	}
	lo := time.Date(c.Year-1, 12, 1, 0, 0, 0, 0, China)
	hi := time.Date(c.Year+1, 1, 31, 0, 0, 0, 0, China)
	date := func(field, s string) (time.Time, bool) {
		t, err := time.ParseInLocation(DateLayout, s, China)
		if err != nil || t.Format(DateLayout) != s {
			v.Add(field, "invalid_date", "日期格式应为 YYYY-MM-DD", "must be a date YYYY-MM-DD")
			return t, false
		}
		if t.Before(lo) || t.After(hi) {
			v.Add(field, "out_of_range", fmt.Sprintf("日期应属于 %d 年前后", c.Year), fmt.Sprintf("must lie in or next to %d", c.Year))
			return t, false
		}
		return t, true
	}
	if len(c.Holidays) > 60 {
		v.Add("holidays", "too_many", "假期最多 60 段", "at most 60 holidays")
	}
	if len(c.MakeupWorkdays) > 60 {
		v.Add("makeup_workdays", "too_many", "调休上班日最多 60 天", "at most 60 make-up working days")
	}
	days := Merge(Calendar{Holidays: c.Holidays})
	type span struct{ from, to time.Time }
	var spans []span
	for i, h := range c.Holidays {
		f := fmt.Sprintf("holidays[%d]", i)
		v.RequiredText(f+".name", h.Name, 50)
		from, ok1 := date(f+".from", h.From)
		to, ok2 := date(f+".to", h.To)
		if !ok1 || !ok2 {
			continue
		}
		if to.Before(from) {
			v.Add(f+".to", "invalid_range", "结束日期应不早于开始日期", "must be on or after from")
			continue
		}
		if days := DaysBetween(from, to) + 1; days > MaxHolidayDays {
			v.Add(f+".to", "too_long", fmt.Sprintf("一段假期最多 %d 天（当前 %d 天）", MaxHolidayDays, days),
				fmt.Sprintf("a holiday lasts at most %d days (this one %d)", MaxHolidayDays, days))
			continue
		}
		for _, sp := range spans {
			if !from.After(sp.to) && !to.Before(sp.from) {
				v.Add(f, "overlap", "与另一段假期重叠", "overlaps another holiday")
				break
			}
		}
		spans = append(spans, span{from, to})
	}
	seen := map[string]bool{}
	for i, m := range c.MakeupWorkdays {
		f := fmt.Sprintf("makeup_workdays[%d]", i)
		t, ok := date(f, m)
		if !ok {
			continue
		}
		switch {
		case seen[m]:
			v.Add(f, "duplicate", "日期重复", "listed twice")
		case t.Weekday() != time.Saturday && t.Weekday() != time.Sunday:
			v.Add(f, "not_weekend", "调休上班日应为周六或周日", "a make-up working day must be a Saturday or Sunday")
		case days.off[m]:
			v.Add(f, "in_holiday", "调休上班日不能在假期内", "a make-up working day cannot lie in a holiday")
		}
		seen[m] = true
	}
	return v.Err()
}
