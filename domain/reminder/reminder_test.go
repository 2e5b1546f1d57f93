package reminder

import (
	"testing"
	"time"
)

func TestDue(t *testing.T) {
	t.Parallel()
	dl := time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		now   time.Time
		label string
	}{
		{"4 days before", dl.Add(-96 * time.Hour), ""},
		{"just before 3 days", dl.Add(-72*time.Hour - time.Second), ""},
		{"at 3 days", dl.Add(-72 * time.Hour), "3d"},
		{"2 days before", dl.Add(-48 * time.Hour), "3d"},
		{"at 1 day", dl.Add(-24 * time.Hour), "1d"},
		{"1 hour before", dl.Add(-time.Hour), "1d"},
		{"at the deadline", dl, ""},
		{"after", dl.Add(time.Hour), ""},
	}
	for _, tt := range tests {
		label, at, ok := Due(dl, tt.now)
		if label != tt.label || ok != (tt.label != "") {
			t.Errorf("%s: %q %v", tt.name, label, ok)
		}
		if ok && (at.After(tt.now) || !at.Before(dl)) {
			t.Errorf("%s: due %v", tt.name, at)
		}
	}
}
