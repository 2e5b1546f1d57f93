package api_test

import (
	"net/http"
	"testing"
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
			{"bad year", h.bureau().Token, "/api/v1/calendar/abc", body, 400, "invalid_id"},
			{"year out of range", h.bureau().Token, "/api/v1/calendar/1900", body, 422, "validation_failed"},
			{"weekday make-up", h.bureau().Token, "/api/v1/calendar/2027", map[string]any{"holidays": []any{}, "makeup_workdays": []any{"2027-01-04"}}, 422, "validation_failed"},
			{"holiday of 32 days", h.bureau().Token, "/api/v1/calendar/2027", map[string]any{"holidays": []any{
				map[string]any{"name": "暑假", "from": "2027-07-01", "to": "2027-08-01"}}, "makeup_workdays": []any{}}, 422, "validation_failed"},
			{"malformed", h.bureau().Token, "/api/v1/calendar/2027", "x", 400, "malformed_json"},
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
