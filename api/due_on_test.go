package api_test

import (
	"net/http"
	"testing"
	"time"
)

// china is the zone the `_on` dates are China dates in.
var china = time.FixedZone("CST", 8*3600)

// TestDueOnBesideDueInstants: wherever the API gives a stage's due instant (24:00 China time, the next
// midnight) it gives the China date it is due on beside it, so a page shows that date and not the next one;
// a challenge gives bid_deadline_on beside bid_deadline.
func TestDueOnBesideDueInstants(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.raceReviewing(2)
		ids := h.raceStarted(f, 2)
		t1 := f.teams[0]
		ch := h.must(h.do("GET", chPath(f.ch), "", nil), http.StatusOK)
		var offsets []int
		for _, s := range ch.Body["stages"].([]any) {
			offsets = append(offsets, int(s.(map[string]any)["offset_months"].(float64)))
		}

		rb := h.must(h.do("GET", "/api/v1/racers/"+itoa(ids[0]), t1.Token, nil), http.StatusOK)
		started, err := time.Parse(time.RFC3339, rb.str("started_at"))
		if err != nil {
			t.Fatal(err)
		}
		day := started.In(china)
		if day.Day() > 28 {
			t.Fatalf("the fixture starts on %s: pick a start the month-end rule does not move", day)
		}
		stages := rb.obj("task_book")["stages"].([]any)
		if len(stages) != len(offsets) || len(stages) == 0 {
			t.Fatalf("task book stages: %s", rb.Raw)
		}
		for i, x := range stages {
			s := x.(map[string]any)
			want := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, china).AddDate(0, offsets[i], 0)
			due, _ := time.Parse(time.RFC3339, s["due_at"].(string))
			if s["due_on"] != want.Format("2006-01-02") || !due.Equal(want.AddDate(0, 0, 1)) {
				t.Errorf("stage %d: due_at %v, due_on %v, want 24:00 China time of %s", i+1, s["due_at"], s["due_on"], want.Format("2006-01-02"))
			}
		}
		stage1 := stages[0].(map[string]any)["due_on"]

		rep := h.must(h.do("POST", racerPath(ids[0], "reports"), t1.Token, reportBody(1)), http.StatusCreated)
		if rep.Body["due_on"] != stage1 {
			t.Errorf("report due_on %v, want %v: %s", rep.Body["due_on"], stage1, rep.Raw)
		}
		board := h.must(h.do("GET", chPath(f.ch, "racers"), t1.Token, nil), http.StatusOK)
		own := racerByID(t, board, ids[0])
		tb, _ := own["task_book"].(map[string]any)
		reps, _ := own["reports"].([]any)
		if tb == nil || tb["stages"].([]any)[0].(map[string]any)["due_on"] != stage1 || len(reps) != 1 || reps[0].(map[string]any)["due_on"] != stage1 {
			t.Errorf("board: own racer %v", own)
		}

		// bid_deadline_on: the date a deadline at 24:00 China time ends, else the China date of the instant.
		owner := h.enterprise()
		for _, tc := range []struct{ deadline, on string }{
			{"2026-12-01T00:00:00+08:00", "2026-11-30"},
			{"2026-11-30T16:00:00Z", "2026-11-30"},
			{"2026-11-30T16:00:01Z", "2026-12-01"},
			{"2026-12-10T17:00:00+08:00", "2026-12-10"},
		} {
			id := h.chApproved(owner)
			r := h.must(h.do("POST", chPath(id, "publish"), h.bureau().Token, map[string]any{"bid_deadline": tc.deadline}), http.StatusOK)
			if r.str("bid_deadline_on") != tc.on {
				t.Errorf("%s: bid_deadline_on %q, want %s", tc.deadline, r.str("bid_deadline_on"), tc.on)
			}
			if it := listItem(h.must(h.do("GET", "/api/v1/challenges", "", nil), http.StatusOK), id); it == nil || it["bid_deadline_on"] != tc.on {
				t.Errorf("%s: on the board %v", tc.deadline, it)
			}
		}
		if d := h.must(h.do("GET", chPath(h.chApproved(owner)), owner.Token, nil), http.StatusOK); d.Body["bid_deadline_on"] != nil {
			t.Errorf("no deadline yet: bid_deadline_on %v", d.Body["bid_deadline_on"])
		}
	})
}
