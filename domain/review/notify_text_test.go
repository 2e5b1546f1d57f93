package review

import (
	"jiebang/domain/notify"
	"testing"
	"time"
)

// TestNotificationDeadlines: the assignment and reminder texts give the round's deadline in China time as
// people read it (24:00 belongs to the date it ends).
func TestNotificationDeadlines(t *testing.T) {
	t.Parallel()
	r := Round{ID: 3, Deadline: time.Date(2027, 1, 9, 16, 0, 0, 0, time.UTC)}
	a, _ := notify.ReviewAssigned.Render(r.ID, roundParams(r, "耐高温电驱"))
	if a.BodyZh != "请在2027年1月9日24:00（北京时间）前完成评分，如有利益冲突请申请回避。" ||
		a.BodyEn != "Please score by the end of 9 Jan 2027 (Beijing time); recuse yourself if you have a conflict of interest." {
		t.Errorf("assigned: %q / %q", a.BodyZh, a.BodyEn)
	}
	r.Deadline = time.Date(2026, 12, 31, 9, 30, 0, 0, time.UTC)
	m, _ := notify.ReviewReminder.Render(r.ID, roundParams(r, "耐高温电驱"))
	if m.BodyZh != "您有尚未提交的评分，截止时间2026年12月31日17:30（北京时间）。" ||
		m.BodyEn != "You have scores to submit by 17:30 on 31 Dec 2026 (Beijing time)." {
		t.Errorf("reminder: %q / %q", m.BodyZh, m.BodyEn)
	}
}
