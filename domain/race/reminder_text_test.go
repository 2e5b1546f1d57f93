package race

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestReminderTextChinaTime: the stage reminder says when the report is due as people read it, China time,
// the date it ends (24:00), never an RFC 3339 instant in UTC.
func TestReminderTextChinaTime(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	rs := started(t, f) // 2026-03-04 10:00 China time; the midterm, 6 months on, is due at 24:00 on 2026-09-04
	if want := time.Date(2026, 9, 4, 16, 0, 0, 0, time.UTC); !rs[0].DueAt(f.chs.chs[1], 1).Equal(want) {
		t.Fatalf("midterm due %s, want %s", rs[0].DueAt(f.chs.chs[1], 1), want)
	}
	f.clock.Advance(180 * 24 * time.Hour)
	if err := f.svc.RemindReports(ctx, &memClaims{seen: map[string]bool{}}, f.clock.Now()); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, note := range f.notes.notes {
		if note.Kind != "race.report_due" {
			continue
		}
		n++
		if note.BodyZh != "截止时间：2026年9月4日24:00（北京时间）" {
			t.Errorf("zh: %q", note.BodyZh)
		}
		if note.BodyEn != "Due by the end of 4 Sep 2026 (Beijing time)." {
			t.Errorf("en: %q", note.BodyEn)
		}
		if strings.Contains(note.BodyZh+note.BodyEn, "T16:00") || strings.Contains(note.BodyEn, "Z") {
			t.Errorf("an instant in the text: %q %q", note.BodyZh, note.BodyEn)
		}
	}
	if n == 0 {
		t.Fatal("no reminder")
	}
}
