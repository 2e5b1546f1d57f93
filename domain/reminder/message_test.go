package reminder

import (
	"jiebang/domain/notify"
	"strings"
	"testing"
	"time"
)

// TestMessageDates: the reminder writes the deadline in China time as people read it: a deadline at 24:00
// China time is the date it ends, never the next day's 00:00, and never an ISO instant.
func TestMessageDates(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		deadline  time.Time
		submitted bool
		zh, en    string
	}{
		{"24:00 China time, a draft", time.Date(2027, 1, 9, 16, 0, 0, 0, time.UTC), false,
			"请在2027年1月9日24:00（北京时间）前提交", "submit it by the end of 9 Jan 2027 (Beijing time)."},
		{"17:00 China time, unsubmitted changes", time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC), true,
			"请在截止时间2026年12月10日17:00（北京时间）前重新提交", "submit again by 17:00 on 10 Dec 2026 (Beijing time),"},
	}
	for _, tc := range cases {
		m, err := notify.BidDeadlineNear.Render(7, params(Draft{BidID: 7, Title: "耐高温电驱", Deadline: tc.deadline, Submitted: tc.submitted}, "1d"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(m.BodyZh, tc.zh) || !strings.Contains(m.BodyEn, tc.en) {
			t.Errorf("%s: %q / %q", tc.name, m.BodyZh, m.BodyEn)
		}
		if strings.Contains(m.BodyZh, "-") || strings.Contains(m.BodyEn, "2027-") || strings.Contains(m.BodyEn, "2026-") {
			t.Errorf("%s: an ISO date in %q / %q", tc.name, m.BodyZh, m.BodyEn)
		}
	}
}
