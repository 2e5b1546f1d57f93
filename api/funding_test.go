package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func fundPath(ch int64, rest string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", ch, rest) }

// details returns error.details of an error body.
func (r resp) details() map[string]any {
	e, _ := r.Body["error"].(map[string]any)
	d, _ := e["details"].(map[string]any)
	return d
}

// TestFundingLedgerScenario: the bureau funds three racers from the proposal, is refused over the cap with
// the figures, reverses a duplicate, records co-funding and a payment; the owner, the racers, strangers and
// the public see what they may; everything is audited and the racers are notified.
func TestFundingLedgerScenario(t *testing.T) {
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.raceReviewing(3)
		racers := h.raceStarted(f, 3)
		boss := h.bureau().Token
		dec := fundPath(f.ch, "funding-decisions")

		prop := h.must(h.do("GET", fundPath(f.ch, "funding/proposal"), boss, nil), http.StatusOK)
		lines, _ := prop.Body["lines"].([]any)
		var sum int64
		startup := map[int64]int64{}
		for _, x := range lines {
			l := x.(map[string]any)
			sum += int64(l["amount_fen"].(float64))
			if l["tranche"] == "startup" {
				startup[int64(l["racer_id"].(float64))] = int64(l["amount_fen"].(float64))
			}
		}
		if prop.num("cap_fen") != 200_000_000 || sum != 200_000_000 || len(startup) != 3 {
			t.Fatalf("proposal: %s", prop.Raw)
		}
		var ids []int64
		for _, r := range racers {
			d := h.must(h.do("POST", dec, boss, map[string]any{"racer_id": r, "tranche": "startup", "amount_fen": startup[r],
				"basis": "立项决定"}), http.StatusCreated)
			if d.str("source") != "government" || d.num("amount_fen") != startup[r] {
				t.Fatalf("decision: %s", d.Raw)
			}
			ids = append(ids, d.num("id"))
		}
		dup := h.must(h.do("POST", dec, boss, map[string]any{"racer_id": racers[2], "tranche": "startup",
			"amount_fen": startup[racers[2]], "note": "=1+1"}), http.StatusCreated).num("id")

		over := h.do("POST", dec, boss, map[string]any{"racer_id": racers[0], "tranche": "startup", "amount_fen": 150_000_000})
		check(t, "over the cap", over, http.StatusConflict, "over_cap")
		decided := startup[racers[0]] + startup[racers[1]] + 2*startup[racers[2]]
		if d := over.details(); d["cap_fen"] != float64(200_000_000) || d["decided_fen"] != float64(decided) || d["requested_fen"] != float64(150_000_000) {
			t.Errorf("over-cap details = %v", d)
		}
		rev := h.must(h.do("POST", dec, boss, map[string]any{"reverses_id": dup, "note": "重复录入"}), http.StatusCreated)
		if rev.num("amount_fen") != -startup[racers[2]] || rev.num("racer_id") != racers[2] {
			t.Errorf("reversal: %s", rev.Raw)
		}
		revID := rev.num("id")

		for _, c := range []struct {
			name   string
			token  string
			body   map[string]any
			status int
			code   string
		}{
			{"unknown tranche", boss, map[string]any{"racer_id": racers[0], "tranche": "bonus", "amount_fen": 1}, 422, "unknown_tranche"},
			{"stage beyond the plan", boss, map[string]any{"racer_id": racers[0], "tranche": "stage-9", "amount_fen": 1}, 422, "unknown_stage"},
			{"unknown source", boss, map[string]any{"racer_id": racers[0], "tranche": "startup", "source": "bank", "amount_fen": 1}, 422, "unknown_source"},
			{"zero", boss, map[string]any{"racer_id": racers[0], "tranche": "startup", "amount_fen": 0}, 422, "amount_not_positive"},
			{"negative", boss, map[string]any{"racer_id": racers[0], "tranche": "startup", "amount_fen": -5}, 422, "amount_not_positive"},
			{"racer of another challenge", boss, map[string]any{"racer_id": 999999, "tranche": "startup", "amount_fen": 1}, 422, "racer_other_challenge"},
			{"reversal of a reversal", boss, map[string]any{"reverses_id": revID, "note": "撤销冲销"}, 422, "reversal_of_reversal"},
			{"second reversal", boss, map[string]any{"reverses_id": dup, "note": "再次"}, 409, "already_reversed"},
			{"stage before its decision", boss, map[string]any{"racer_id": racers[0], "tranche": "stage-1", "amount_fen": 1}, 409, "stage_not_decided"},
			{"malformed", boss, nil, 400, "malformed_json"},
			{"owner enterprise", f.owner.Token, map[string]any{"racer_id": racers[0], "tranche": "startup", "amount_fen": 1}, 403, "forbidden"},
			{"racer team", f.teams[0].Token, map[string]any{"racer_id": racers[0], "tranche": "startup", "amount_fen": 1}, 403, "forbidden"},
			{"anonymous", "", map[string]any{"racer_id": racers[0], "tranche": "startup", "amount_fen": 1}, 401, "unauthenticated"},
		} {
			var body any = c.body
			if c.body == nil {
				body = "{"
			}
			check(t, c.name, h.do("POST", dec, c.token, body), c.status, c.code)
		}
		// Co-funding received from the enterprise, then a payment against racer 0's start-up decision.
		h.must(h.do("POST", dec, boss, map[string]any{"racer_id": racers[0], "tranche": "startup", "source": "enterprise",
			"amount_fen": 30_000_000, "basis": "银行到账回单"}), http.StatusCreated)
		h.signTaskbooks(append([]user{f.owner}, f.teams...), racers[0])
		pay := fundPath(f.ch, "disbursements")
		h.must(h.do("POST", pay, boss, map[string]any{"racer_id": racers[0], "decision_id": ids[0], "amount_fen": 5_000_000,
			"paid_on": "2026-11-20", "reference": "财拨〔2026〕18号"}), http.StatusCreated)
		check(t, "pay over the decision", h.do("POST", pay, boss, map[string]any{"racer_id": racers[0], "decision_id": ids[0],
			"amount_fen": startup[racers[0]], "paid_on": "2026-11-21", "reference": "x"}), 409, "over_decided")
		check(t, "pay the wrong racer", h.do("POST", pay, boss, map[string]any{"racer_id": racers[1], "decision_id": ids[0],
			"amount_fen": 1, "paid_on": "2026-11-21", "reference": "x"}), 422, "decision_other_racer")
		check(t, "pay a reversed decision", h.do("POST", pay, boss, map[string]any{"racer_id": racers[2], "decision_id": dup,
			"amount_fen": 1, "paid_on": "2026-11-21", "reference": "x"}), 409, "decision_reversed")
		check(t, "pay without a date", h.do("POST", pay, boss, map[string]any{"racer_id": racers[0], "decision_id": ids[0],
			"amount_fen": 1, "reference": "x"}), 422, "paid_on_invalid")
		check(t, "reverse a paid decision", h.do("POST", dec, boss, map[string]any{"reverses_id": ids[0], "note": "x"}), 409, "decision_disbursed")

		// Views.
		led := h.must(h.do("GET", fundPath(f.ch, "funding"), boss, nil), http.StatusOK)
		bySrc := led.Body["by_source"].(map[string]any)
		if led.num("cap_fen") != 200_000_000 || led.num("decided_fen") != decided-startup[racers[2]] || led.num("disbursed_fen") != 5_000_000 ||
			bySrc["enterprise"].(map[string]any)["decided_fen"] != float64(30_000_000) ||
			len(led.Body["decisions"].([]any)) != 6 || len(led.Body["disbursements"].([]any)) != 1 || len(led.Body["racers"].([]any)) != 3 {
			t.Errorf("bureau ledger: %s", led.Raw)
		}
		own := h.must(h.do("GET", fundPath(f.ch, "funding"), f.owner.Token, nil), http.StatusOK)
		if len(own.Body["decisions"].([]any)) != 6 || own.Body["own_only"] != false {
			t.Errorf("owner ledger: %s", own.Raw)
		}
		mine := h.must(h.do("GET", fundPath(f.ch, "funding"), f.teams[1].Token, nil), http.StatusOK)
		if ds := mine.Body["decisions"].([]any); mine.Body["own_only"] != true || len(ds) != 1 || ds[0].(map[string]any)["racer_id"] != float64(racers[1]) {
			t.Errorf("racer ledger: %s", mine.Raw)
		}
		check(t, "stranger", h.do("GET", fundPath(f.ch, "funding"), h.team().Token, nil), 404, "not_found")
		check(t, "anonymous ledger", h.do("GET", fundPath(f.ch, "funding"), "", nil), 401, "unauthenticated")
		check(t, "proposal by a team", h.do("GET", fundPath(f.ch, "funding/proposal"), f.teams[0].Token, nil), 403, "forbidden")
		check(t, "public totals before the end", h.do("GET", fundPath(f.ch, "funding/totals"), "", nil), 404, "not_found")

		// Excel: bureau and owner; user text starting with "=" stays text.
		x := h.do("GET", fundPath(f.ch, "funding.xlsx"), boss, nil)
		if x.Status != 200 || x.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Fatalf("xlsx: %d %s", x.Status, x.Header)
		}
		wb, err := excelize.OpenReader(bytes.NewReader(x.Raw))
		if err != nil {
			t.Fatal(err)
		}
		if got := wb.GetSheetList(); len(got) != 4 || got[0] != "汇总" || got[1] != "资助决定" || got[2] != "拨付记录" || got[3] != "退款" {
			t.Errorf("sheets = %v", got)
		}
		rows, _ := wb.GetRows("资助决定")
		if len(rows) != 7 || rows[0][4] != "金额（万元）" {
			t.Errorf("decision rows = %v", rows)
		}
		if v, _ := wb.GetCellValue("汇总", "B2"); v != "200.00" {
			t.Errorf("cap cell = %q", v)
		}
		if fm, _ := wb.GetCellFormula("资助决定", "G5"); fm != "" {
			t.Errorf("a note became a formula: %q", fm)
		}
		if v, _ := wb.GetCellValue("资助决定", "G5"); v != "=1+1" {
			t.Errorf("note cell = %q", v)
		}
		h.must(h.do("GET", fundPath(f.ch, "funding.xlsx"), f.owner.Token, nil), http.StatusOK)
		check(t, "xlsx by a racer", h.do("GET", fundPath(f.ch, "funding.xlsx"), f.teams[0].Token, nil), 403, "forbidden")
		check(t, "xlsx by another enterprise", h.do("GET", fundPath(f.ch, "funding.xlsx"), h.enterprise().Token, nil), 404, "not_found")

		// Audit and notifications.
		au := h.must(h.do("GET", "/api/v1/audit?entity=funding_decision&page_size=100", boss, nil), http.StatusOK)
		actions := map[string]int{}
		for _, it := range au.items() {
			actions[it["action"].(string)]++
		}
		if actions["decide"] != 5 || actions["reverse"] != 1 || actions["disburse"] != 1 {
			t.Errorf("audit actions = %v", actions)
		}
		if k := h.notificationKinds(f.teams[2]); !k["funding.decided"] || !k["funding.reversed"] {
			t.Errorf("racer 3 notifications = %v", k)
		}

		// The programme view counts this challenge's funds and racers.
		dash := h.must(h.do("GET", "/api/v1/programme/dashboard?year=2026&field=equipment", boss, nil), http.StatusOK)
		funds := dash.Body["funds"].(map[string]any)
		funnel := dash.Body["funnel"].([]any)
		if dash.num("challenges") != 1 || funds["decided_fen"] != float64(decided-startup[racers[2]]) || funds["cap_fen"] != float64(200_000_000) ||
			funnel[0].(map[string]any)["remaining"] != float64(3) {
			t.Errorf("dashboard: %s", dash.Raw)
		}
		if other := h.must(h.do("GET", "/api/v1/programme/dashboard?year=2025", boss, nil), http.StatusOK); other.num("challenges") != 0 {
			t.Errorf("2025: %s", other.Raw)
		}
		check(t, "dashboard by a team", h.do("GET", "/api/v1/programme/dashboard", f.teams[0].Token, nil), 403, "forbidden")
		check(t, "dashboard bad year", h.do("GET", "/api/v1/programme/dashboard?year=abc", boss, nil), 400, "bad_request")
		check(t, "dashboard absurd year", h.do("GET", "/api/v1/programme/dashboard?year=1800", boss, nil), 422, "year_invalid")
		check(t, "dashboard unknown field", h.do("GET", "/api/v1/programme/dashboard?field=nope", boss, nil), 400, "invalid_query")
		check(t, "workbook unknown field", h.do("GET", "/api/v1/programme/dashboard.xlsx?field=nope", boss, nil), 400, "invalid_query")
		dx := h.do("GET", "/api/v1/programme/dashboard.xlsx", boss, nil)
		if dx.Status != 200 {
			t.Fatalf("dashboard xlsx: %d", dx.Status)
		}
		dwb, err := excelize.OpenReader(bytes.NewReader(dx.Raw))
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := dwb.GetCellValue("资金", "D3"); v != "200.00" {
			t.Errorf("dashboard funds total cap = %q", v)
		}
		// Every decision of the programme on one sheet: 5 decisions and 1 reversal, the reversed one linked both ways.
		drows, err := dwb.GetRows("资助决定")
		if err != nil || len(drows) != 1+6 {
			t.Fatalf("programme decisions sheet: %d rows %v", len(drows), err)
		}
		reversals := 0
		for _, r := range drows[1:] {
			if len(r) < 7 || r[0] != fmt.Sprint(f.ch) || r[3] == "" || r[6] == "" {
				t.Errorf("decision row %v", r)
			}
			if len(r) > 11 && r[11] != "" {
				reversals++
			}
		}
		if reversals != 1 {
			t.Errorf("%d reversal rows", reversals)
		}
		if other := h.do("GET", "/api/v1/programme/dashboard.xlsx?year=2025", boss, nil); other.Status == 200 {
			owb, err := excelize.OpenReader(bytes.NewReader(other.Raw))
			if err != nil {
				t.Fatal(err)
			}
			if rows, _ := owb.GetRows("资助决定"); len(rows) != 1 {
				t.Errorf("2025 has no decisions: %v", rows)
			}
		} else {
			t.Errorf("2025 xlsx: %d", other.Status)
		}
	})
}

// TestFundingBeforeTheStart: no ledger before the project starts.
func TestFundingBeforeTheStart(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ch := h.chPublished(h.enterprise(), 72*time.Hour)
	check(t, "decide", h.do("POST", fundPath(ch, "funding-decisions"), h.bureau().Token,
		map[string]any{"racer_id": 1, "tranche": "startup", "amount_fen": 1}), 409, "funding_not_open")
	check(t, "missing challenge", h.do("POST", fundPath(99999, "funding-decisions"), h.bureau().Token,
		map[string]any{"racer_id": 1, "tranche": "startup", "amount_fen": 1}), 404, "not_found")
}
