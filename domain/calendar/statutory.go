package calendar

import (
	"sort"
	"strings"
	"sync"
	"time"

	lunar "github.com/6tail/lunar-go/calendar"
)

// The provisional calendar (暂定日历) of a year that the bureau has not entered and the platform does not ship:
// the public holidays that the 全国年节及纪念日放假办法 fixes, without the State Council's yearly arrangement of
// bridging days and make-up working days (调休), which nobody can know in advance. Lunar dates and the 清明
// solar term come from github.com/6tail/lunar-go.
//
// The rule of the year applies: the 2024 revision (in force 2025) gives 元旦 1 day, 春节 4 days (农历除夕 and
// 正月初一 to 初三), 清明 1, 劳动节 2 (1–2 May), 端午 1 (五月初五), 中秋 1 (八月十五), 国庆 3 (1–3 October);
// the 2013 revision (2014–2024) 春节 初一 to 初三 and 劳动节 1 day; the 2007 revision (2008–2013) 春节 除夕 to
// 初二 and 劳动节 1 day; the 1999 revision (before 2008) 春节 初一 to 初三, 劳动节 1–3 May, and no 清明, 端午
// or 中秋. Every revision says that a public holiday falling on a Saturday or Sunday is made up on a working
// day (补假): such a day, or one that coincides with another holiday (中秋 on 1–3 October), adds the next
// weekday after its holiday. No make-up working day is ever guessed.

// The statutory holidays' names as the calendar lists them, and who "entered" a provisional year.
const (
	nameNewYear       = "元旦"
	nameSpring        = "春节"
	nameQingming      = "清明节"
	nameLabour        = "劳动节"
	nameDragonBoat    = "端午节"
	nameMidAutumn     = "中秋节"
	nameNational      = "国庆节"
	provisionalSource = "全国年节及纪念日放假办法（暂定）"
)

// festival is one statutory holiday of a year: its name and its days, China midnights in order.
type festival struct {
	name string
	days []time.Time
}

var provisionalCache sync.Map // year -> Calendar

// Provisional is the provisional calendar of a year (Provisional true, Entered false): the statutory public
// holidays with their 补假 and no make-up working days. The result is the caller's to change.
func Provisional(year int) Calendar {
	c, ok := provisionalCache.Load(year)
	if !ok {
		c, _ = provisionalCache.LoadOrStore(year, buildProvisional(year))
	}
	out := c.(Calendar)
	out.Holidays = append([]Holiday{}, out.Holidays...)
	out.MakeupWorkdays = []string{}
	return out
}

func buildProvisional(year int) Calendar {
	fs := festivals(year)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].days[0].Before(fs[j].days[0]) })
	off := map[string]bool{}
	type span struct {
		names    []string
		from, to time.Time
	}
	var spans []span
	for _, f := range fs {
		owed := 0
		for _, d := range f.days {
			if off[d.Format(DateLayout)] || weekend(d) {
				owed++
			}
			off[d.Format(DateLayout)] = true
		}
		end := f.days[len(f.days)-1]
		for day := end; owed > 0; {
			day = day.AddDate(0, 0, 1)
			if weekend(day) || off[day.Format(DateLayout)] {
				continue
			}
			off[day.Format(DateLayout)] = true
			owed--
			end = day
		}
		spans = append(spans, span{names: []string{f.name}, from: f.days[0], to: end})
	}
	// A made-up day may reach into the next holiday (中秋 just before 国庆): overlapping runs become one.
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].from.Before(spans[j].from) })
	var merged []span
	for _, s := range spans {
		if n := len(merged); n > 0 && !s.from.After(merged[n-1].to) {
			last := &merged[n-1]
			last.names = append(last.names, s.names...)
			if s.to.After(last.to) {
				last.to = s.to
			}
			continue
		}
		merged = append(merged, s)
	}
	c := Calendar{Year: year, Holidays: []Holiday{}, MakeupWorkdays: []string{}, Provisional: true, UpdatedBy: provisionalSource}
	for _, s := range merged {
		c.Holidays = append(c.Holidays, Holiday{Name: strings.Join(s.names, "、"), From: s.from.Format(DateLayout), To: s.to.Format(DateLayout)})
	}
	return c
}

// festivals lists a year's statutory holidays under the revision of the 放假办法 in force that year.
func festivals(year int) []festival {
	date := func(m time.Month, d int) time.Time { return time.Date(year, m, d, 0, 0, 0, 0, China) }
	run := func(from time.Time, n int) []time.Time {
		out := make([]time.Time, n)
		for i := range out {
			out[i] = from.AddDate(0, 0, i)
		}
		return out
	}
	lunarDay := func(m, d int) time.Time {
		s := lunar.NewLunarFromYmd(year, m, d).GetSolar()
		return time.Date(s.GetYear(), time.Month(s.GetMonth()), s.GetDay(), 0, 0, 0, 0, China)
	}
	chuyi := lunarDay(1, 1)
	chuxi := chuyi.AddDate(0, 0, -1) // the last day of the 12th lunar month, whether it has 29 or 30 days
	qm := lunar.NewSolarFromYmd(year, 4, 1).GetLunar().GetJieQiTable()["清明"]
	qingming := time.Date(qm.GetYear(), time.Month(qm.GetMonth()), qm.GetDay(), 0, 0, 0, 0, China)

	fs := []festival{{nameNewYear, run(date(time.January, 1), 1)}, {nameNational, run(date(time.October, 1), 3)}}
	switch {
	case year >= 2025:
		fs = append(fs, festival{nameSpring, run(chuxi, 4)}, festival{nameLabour, run(date(time.May, 1), 2)})
	case year >= 2014:
		fs = append(fs, festival{nameSpring, run(chuyi, 3)}, festival{nameLabour, run(date(time.May, 1), 1)})
	case year >= 2008:
		fs = append(fs, festival{nameSpring, run(chuxi, 3)}, festival{nameLabour, run(date(time.May, 1), 1)})
	default:
		return append(fs, festival{nameSpring, run(chuyi, 3)}, festival{nameLabour, run(date(time.May, 1), 3)})
	}
	return append(fs, festival{nameQingming, []time.Time{qingming}}, festival{nameDragonBoat, []time.Time{lunarDay(5, 5)}},
		festival{nameMidAutumn, []time.Time{lunarDay(8, 15)}})
}

func weekend(t time.Time) bool {
	wd := t.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}
