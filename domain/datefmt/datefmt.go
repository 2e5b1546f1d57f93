// Package datefmt writes dates and deadlines into the texts people read (notifications and their e-mails):
// always China time, one form per language ("2027年1月9日", "9 Jan 2027"), never an RFC 3339 instant or
// UTC. A deadline at 24:00 China time is written as the date it ends ("2027年1月9日24:00"), never as the
// next day's 00:00. The API itself keeps RFC 3339 instants.
package datefmt

import (
	"fmt"
	"time"

	"jiebang/domain/calendar"
)

var monthsEn = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// DateZh writes t's China date in Chinese: "2027年1月9日".
func DateZh(t time.Time) string {
	c := t.In(calendar.China)
	return fmt.Sprintf("%d年%d月%d日", c.Year(), int(c.Month()), c.Day())
}

// DateEn writes t's China date in English: "9 Jan 2027".
func DateEn(t time.Time) string {
	c := t.In(calendar.China)
	return fmt.Sprintf("%d %s %d", c.Day(), monthsEn[c.Month()-1], c.Year())
}

// DeadlineZh writes a deadline in Chinese with the zone: "2027年1月9日24:00（北京时间）" when it is the end of
// a China day, else "2027年1月9日17:30（北京时间）".
func DeadlineZh(deadline time.Time) string {
	if calendar.IsEndOfDay(deadline) {
		return DateZh(calendar.DeadlineDay(deadline)) + "24:00（北京时间）"
	}
	return DateZh(deadline) + deadline.In(calendar.China).Format("15:04") + "（北京时间）"
}

// DeadlineEn writes a deadline in English with the zone: "the end of 9 Jan 2027 (Beijing time)" when it is
// the end of a China day, else "17:30 on 9 Jan 2027 (Beijing time)"; it reads after "by" or "before".
func DeadlineEn(deadline time.Time) string {
	if calendar.IsEndOfDay(deadline) {
		return "the end of " + DateEn(calendar.DeadlineDay(deadline)) + " (Beijing time)"
	}
	return deadline.In(calendar.China).Format("15:04") + " on " + DateEn(deadline) + " (Beijing time)"
}

// DeadlineStamp writes a deadline in China time for a table or a workbook: "2027-01-09 24:00" when it is the
// end of a China day, else "2027-01-09 17:30".
func DeadlineStamp(deadline time.Time) string {
	if calendar.IsEndOfDay(deadline) {
		return calendar.DeadlineDate(deadline) + " 24:00"
	}
	return deadline.In(calendar.China).Format("2006-01-02 15:04")
}
