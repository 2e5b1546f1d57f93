package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"jiebang/cmd/app"
	"jiebang/domain"
	"jiebang/domain/notify"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

func TestRaceCalendar(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		// The official 2026 calendar ships with the platform.
		r := h.must(h.do("GET", "/api/v1/calendar?year=2026", "", nil), http.StatusOK)
		if r.Body["entered"] != true || len(r.Body["holidays"].([]any)) != 7 || len(r.Body["makeup_workdays"].([]any)) != 6 {
			t.Fatalf("2026 calendar: %s", r.Raw)
		}
		if r.Body["provisional"] != false {
			t.Fatalf("2026 is not provisional: %s", r.Raw)
		}
		// A year nobody entered is provisional: the statutory holidays (元旦 first, 春节 from 除夕 5 February).
		r = h.must(h.do("GET", "/api/v1/calendar?year=2027", "", nil), http.StatusOK)
		if r.Body["entered"] != false || r.Body["provisional"] != true {
			t.Fatalf("2027 should be provisional, not entered: %s", r.Raw)
		}
		hs := r.Body["holidays"].([]any)
		if len(hs) != 7 || hs[0].(map[string]any)["from"] != "2027-01-01" || hs[1].(map[string]any)["from"] != "2027-02-05" ||
			len(r.Body["makeup_workdays"].([]any)) != 0 {
			t.Fatalf("2027 provisional holidays: %s", r.Raw)
		}
		body := map[string]any{
			"holidays":        []any{map[string]any{"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"}},
			"makeup_workdays": []any{"2027-01-09"},
		}
		ent := h.enterprise()
		cases := []struct {
			name, token, path string
			body              any
			status            int
			code              string
		}{
			{"anonymous", "", "/api/v1/calendar/2027", body, 401, "unauthenticated"},
			{"enterprise", ent.Token, "/api/v1/calendar/2027", body, 403, "forbidden"},
			{"bad year", h.bureau().Token, "/api/v1/calendar/abc", body, 404, "not_found"},
			{"year out of range", h.bureau().Token, "/api/v1/calendar/1900", body, 422, "validation_failed"},
			{"weekday make-up", h.bureau().Token, "/api/v1/calendar/2027", map[string]any{"holidays": []any{}, "makeup_workdays": []any{"2027-01-04"}}, 422, "validation_failed"},
			{"holiday of 32 days", h.bureau().Token, "/api/v1/calendar/2027", map[string]any{"holidays": []any{
				map[string]any{"name": "暑假", "from": "2027-07-01", "to": "2027-08-01"}}, "makeup_workdays": []any{}}, 422, "validation_failed"},
			{"malformed", h.bureau().Token, "/api/v1/calendar/2027", "x", 400, "malformed_json"},
			{"empty body (would erase the year)", h.bureau().Token, "/api/v1/calendar/2027", map[string]any{}, 422, "validation_failed"},
			{"null holidays", h.bureau().Token, "/api/v1/calendar/2027", map[string]any{"holidays": nil, "makeup_workdays": []any{}}, 422, "validation_failed"},
			{"no make-up days", h.bureau().Token, "/api/v1/calendar/2027", map[string]any{"holidays": []any{}}, 422, "validation_failed"},
			{"bureau", h.bureau().Token, "/api/v1/calendar/2027", body, 200, ""},
		}
		for _, tc := range cases {
			r := h.do("PUT", tc.path, tc.token, tc.body)
			if r.Status != tc.status || r.code() != tc.code {
				t.Errorf("%s: %d %q, want %d %q (%s)", tc.name, r.Status, r.code(), tc.status, tc.code, r.Raw)
			}
		}
		// 31 days is the longest holiday; 32 is refused on its end with the code too_long.
		long := h.do("PUT", "/api/v1/calendar/2028", h.bureau().Token, map[string]any{"holidays": []any{
			map[string]any{"name": "暑假", "from": "2028-07-01", "to": "2028-08-01"}}, "makeup_workdays": []any{}})
		if codes, _ := long.Body["error"].(map[string]any)["details"].(map[string]any)["field_codes"].(map[string]any); long.Status != 422 || codes["holidays[0].to"] != "too_long" {
			t.Fatalf("32 days: %s", long.Raw)
		}
		r = h.must(h.do("GET", "/api/v1/calendar?year=2027", "", nil), http.StatusOK)
		if r.Body["entered"] != true || r.Body["provisional"] != false || len(r.Body["holidays"].([]any)) != 1 {
			t.Fatalf("2027 after put: %s", r.Raw)
		}
		a := h.must(h.do("GET", "/api/v1/audit?entity=calendar&entity_id=2027", h.bureau().Token, nil), http.StatusOK)
		if len(a.items()) != 1 {
			t.Fatalf("audit of the calendar: %s", a.Raw)
		}
		h.must(h.do("GET", "/api/v1/calendar?year=x", "", nil), http.StatusBadRequest)
	})
}

// TestCalendarYearBoundary: on 31 October (China time) the status does not warn and nobody is told; from
// 1 November the status warns and every bureau user is told once (on this server, on a second server over
// the same database, however often the jobs run), with a link to the calendar page; entering next year ends
// the warning.
func TestCalendarYearBoundary(t *testing.T) {
	t.Parallel()
	// 2026-10-31 23:00 China time.
	start := time.Date(2026, 10, 31, 15, 0, 0, 0, time.UTC)
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		clk := domain.NewFrozenClock(start)
		h := newHarnessWith(t, db, func(c *app.Config) { c.Clock = clk })
		h.clock = clk
		boss, other, ent := h.bureau(), h.staff(domain.RoleBureau), h.enterprise()
		warnings := func(u user) []notify.Notification {
			t.Helper()
			l, _, err := h.app.Notify.List(context.Background(), domain.Actor{UserID: u.ID, Role: u.Role}, false, domain.Page{Page: 1, PageSize: 100})
			if err != nil {
				t.Fatal(err)
			}
			var out []notify.Notification
			for _, n := range l.Items {
				if n.Kind == "calendar.next_year_missing" {
					out = append(out, n)
				}
			}
			return out
		}
		status := func() resp {
			t.Helper()
			return h.must(h.do("GET", "/api/v1/calendar/status", "", nil), http.StatusOK)
		}
		r := status()
		if r.str("today") != "2026-10-31" || r.num("year") != 2026 || r.num("next_year") != 2027 || r.Body["next_year_entered"] != false ||
			r.Body["next_year_provisional"] != true || r.Body["warn_missing_next_year"] != false || fmt.Sprint(r.Body["provisional_years"]) != "[2027 2028]" {
			t.Fatalf("31 October: %s", r.Raw)
		}
		h.advance(30 * time.Minute) // 23:30
		if w := warnings(boss); len(w) != 0 {
			t.Fatalf("warned on 31 October: %+v", w)
		}
		h.advance(time.Hour) // 1 November 00:30
		if r := status(); r.str("today") != "2026-11-01" || r.Body["warn_missing_next_year"] != true {
			t.Fatalf("1 November: %s", r.Raw)
		}
		h.advance(time.Hour)
		// A second server over the same database runs its jobs too: the claim holds.
		second, err := app.New(app.Config{DataDir: t.TempDir(), JWTSecret: "test-secret-0123456789abcdef0123456789",
			Clock: domain.NewFrozenClock(start.Add(3 * time.Hour)), Logger: discardLogger(), PasswordHash: cheapHash}, db)
		if err != nil {
			t.Fatal(err)
		}
		if err := second.RunDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, u := range []user{boss, other} {
			w := warnings(u)
			if len(w) != 1 || w[0].Link != "/calendar" || !strings.Contains(w[0].TitleZh, "2027") || !strings.Contains(w[0].TitleEn, "2027") {
				t.Fatalf("bureau user %d warnings: %+v", u.ID, w)
			}
		}
		if w := warnings(ent); len(w) != 0 {
			t.Fatalf("an enterprise was warned: %+v", w)
		}
		h.relogin()
		h.must(h.do("PUT", "/api/v1/calendar/2027", h.bureau().Token, map[string]any{"holidays": []any{}, "makeup_workdays": []any{}}), http.StatusOK)
		if r := status(); r.Body["warn_missing_next_year"] != false || r.Body["next_year_entered"] != true || fmt.Sprint(r.Body["provisional_years"]) != "[2028]" {
			t.Fatalf("after entering 2027: %s", r.Raw)
		}
	})
}

// TestEnteringACalendarRecomputesNotices: two notices run over the provisional 2027 (1 January off). On
// 2027-01-05 the first has ended and the job closed it; the second runs. The bureau then enters 2027 with
// 元旦 from 1 to 4 January: the running notice moves a day later in the same request, with an audit entry of
// its end before and after; the ended one stays as it was, though the new calendar would move it too.
func TestEnteringACalendarRecomputesNotices(t *testing.T) {
	t.Parallel()
	eachDBFrom(t, time.Date(2026, 12, 24, 1, 0, 0, 0, time.UTC), func(t *testing.T, h *harness) { // Thursday 09:00 China time
		a := h.raceReviewing(2)          // now Sunday 27 December
		b := h.raceReviewing(2)          // now Wednesday 30 December 09:00
		b.reviews.ranking[a.ch] = a.bids // the second fixture's fake reviews replaced the first's
		boss := h.bureau()
		// Thu 31, (Fri 1 January off), Mon 4: ends at the start of Tuesday 5 January.
		na := h.must(h.do("POST", chPath(a.ch, "selection"), boss.Token, map[string]any{"bid_ids": a.bids, "notice_days": 2}), http.StatusOK)
		// Thu 31, Mon 4, Tue 5, Wed 6, Thu 7: ends at the start of Friday 8 January.
		nb := h.must(h.do("POST", chPath(b.ch, "selection"), boss.Token, map[string]any{"bid_ids": b.bids, "notice_days": 5}), http.StatusOK)
		if na.str("ends_at") != "2027-01-04T16:00:00Z" || nb.str("ends_at") != "2027-01-07T16:00:00Z" {
			t.Fatalf("provisional ends: %s / %s", na.str("ends_at"), nb.str("ends_at"))
		}
		// The period as people read it: 2026年12月31日至2027年1月7日，5个工作日 (provisional).
		if nb.str("starts_on") != "2026-12-31" || nb.str("ends_on") != "2027-01-07" || nb.num("working_days") != 5 ||
			nb.num("notice_days") != 5 || nb.Body["provisional"] != true {
			t.Fatalf("provisional period: %s", nb.Raw)
		}
		h.advance(6*24*time.Hour + time.Hour) // Tuesday 5 January 10:00: the first notice has ended and is closed
		h.relogin()
		noticeOf := func(id int64) resp {
			return h.must(h.do("GET", "/api/v1/notices/"+fmtInt(id), "", nil), http.StatusOK)
		}
		if r := noticeOf(na.num("id")); r.str("status") != "closed" {
			t.Fatalf("first notice not closed: %s", r.Raw)
		}
		h.must(h.do("PUT", "/api/v1/calendar/2027", h.bureau().Token, map[string]any{
			"holidays": []any{map[string]any{"name": "元旦", "from": "2027-01-01", "to": "2027-01-04"}}, "makeup_workdays": []any{}}), http.StatusOK)
		if r := noticeOf(na.num("id")); r.str("ends_at") != "2027-01-04T16:00:00Z" || r.str("ends_on") != "2027-01-04" {
			t.Fatalf("the ended notice moved: %s", r.Raw)
		}
		// Tue 5, Wed 6, Thu 7, Fri 8 after Thu 31: ends at the start of Saturday 9 January.
		if r := noticeOf(nb.num("id")); r.str("ends_at") != "2027-01-08T16:00:00Z" || r.Body["running"] != true ||
			r.str("starts_on") != "2026-12-31" || r.str("ends_on") != "2027-01-08" || r.Body["provisional"] != false {
			t.Fatalf("the running notice: %s", r.Raw)
		}
		l := h.must(h.do("GET", "/api/v1/notices?status=open", "", nil), http.StatusOK).items()
		if len(l) != 1 || l[0]["ends_on"] != "2027-01-08" || l[0]["working_days"] != float64(5) || l[0]["provisional"] != false {
			t.Fatalf("open notices: %+v", l)
		}
		var moves []map[string]any
		for _, id := range []int64{na.num("id"), nb.num("id")} {
			for _, e := range h.must(h.do("GET", "/api/v1/audit?entity=notice&entity_id="+fmtInt(id), h.bureau().Token, nil), http.StatusOK).items() {
				if e["action"] == "recompute" {
					moves = append(moves, e)
				}
			}
		}
		if len(moves) != 1 || int64(moves[0]["entity_id"].(float64)) != nb.num("id") || moves[0]["actor_id"] != float64(boss.ID) ||
			!strings.Contains(moves[0]["before"].(string), "2027-01-07T16:00:00Z") || !strings.Contains(moves[0]["after"].(string), "2027-01-08T16:00:00Z") {
			t.Fatalf("recompute audit: %+v", moves)
		}
	})
}

// eachDBFrom is eachDB with the test clock frozen at start.
func eachDBFrom(t *testing.T, start time.Time, fn func(t *testing.T, h *harness)) {
	t.Helper()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		clk := domain.NewFrozenClock(start)
		h := newHarnessWith(t, db, func(c *app.Config) { c.Clock = clk })
		h.clock = clk
		fn(t, h)
	})
}
