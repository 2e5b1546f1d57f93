package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestCreditLedger: the bureau bars an organisation until a date; it cannot bid, sees its own record, and
// bids again once the bar has ended; warnings and lifts change the status; others see nothing.
func TestCreditLedger(t *testing.T) {
	eachDB(t, func(t *testing.T, h *harness) {
		boss := h.bureau().Token
		tm := h.team()
		ch := h.chPublished(h.enterprise(), 30*24*time.Hour)
		events := fmt.Sprintf("/api/v1/orgs/%d/credit-events", tm.OrgID)
		ledger := fmt.Sprintf("/api/v1/orgs/%d/credit", tm.OrgID)

		for _, c := range []struct {
			name   string
			token  string
			body   map[string]any
			status int
			code   string
		}{
			{"unknown kind", boss, map[string]any{"kind": "ban", "reason": "x"}, 422, "unknown_kind"},
			{"no reason", boss, map[string]any{"kind": "warn"}, 422, "reason_required"},
			{"past end", boss, map[string]any{"kind": "bar", "reason": "x", "until": "2026-10-01"}, 422, "until_past"},
			{"by a team", tm.Token, map[string]any{"kind": "warn", "reason": "x"}, 403, "forbidden"},
			{"anonymous", "", map[string]any{"kind": "warn", "reason": "x"}, 401, "unauthenticated"},
		} {
			check(t, c.name, h.do("POST", events, c.token, c.body), c.status, c.code)
		}
		check(t, "missing org", h.do("POST", "/api/v1/orgs/999999/credit-events", boss, map[string]any{"kind": "warn", "reason": "x"}), 404, "not_found")

		bar := h.must(h.do("POST", events, boss, map[string]any{"kind": "bar", "reason": "提供虚假材料", "until": "2026-11-10",
			"source": "racer", "source_id": 7}), http.StatusCreated)
		if bar.str("until") != "2026-11-10" || bar.num("source_id") != 7 {
			t.Errorf("bar: %s", bar.Raw)
		}
		check(t, "barred bid", h.do("POST", chPath(ch, "bids"), tm.Token, h.bidBody(h.piEmail())), 403, "org_barred")
		own := h.must(h.do("GET", ledger, tm.Token, nil), http.StatusOK)
		if own.str("credit_status") != "barred" || len(own.Body["events"].([]any)) != 1 {
			t.Errorf("own ledger: %s", own.Raw)
		}
		check(t, "another org's ledger", h.do("GET", ledger, h.team().Token, nil), 404, "not_found")
		all := h.must(h.do("GET", fmt.Sprintf("/api/v1/credit-events?org_id=%d", tm.OrgID), boss, nil), http.StatusOK)
		if all.num("total") != 1 {
			t.Errorf("bureau list: %s", all.Raw)
		}
		check(t, "list by a team", h.do("GET", "/api/v1/credit-events", tm.Token, nil), 403, "forbidden")

		// The bar ends with its last day (China time): the scheduled job restores the status, bidding works.
		h.advance(9 * 24 * time.Hour)
		h.relogin(&tm, h.boss)
		boss = h.bureau().Token
		if s := h.must(h.do("GET", ledger, tm.Token, nil), http.StatusOK).str("credit_status"); s != "good" {
			t.Errorf("after the bar: %s", s)
		}
		h.must(h.do("POST", chPath(ch, "bids"), tm.Token, h.bidBody(h.piEmail())), http.StatusCreated)
		me := h.must(h.do("GET", "/api/v1/me", tm.Token, nil), http.StatusOK)
		if org, _ := me.Body["org"].(map[string]any); org["credit_status"] != "good" {
			t.Errorf("stored status after the bar: %s", me.Raw)
		}

		h.must(h.do("POST", events, boss, map[string]any{"kind": "warn", "reason": "阶段报告逾期"}), http.StatusCreated)
		if s := h.must(h.do("GET", ledger, boss, nil), http.StatusOK).str("credit_status"); s != "warned" {
			t.Errorf("after a warning: %s", s)
		}
		h.must(h.do("POST", events, boss, map[string]any{"kind": "lift", "reason": "已整改"}), http.StatusCreated)
		if s := h.must(h.do("GET", ledger, boss, nil), http.StatusOK).str("credit_status"); s != "good" {
			t.Errorf("after a lift: %s", s)
		}
		au := h.must(h.do("GET", fmt.Sprintf("/api/v1/audit?entity=org&entity_id=%d&page_size=100", tm.OrgID), boss, nil), http.StatusOK)
		seen := map[string]bool{}
		for _, it := range au.items() {
			seen[it["action"].(string)] = true
		}
		if !seen["credit_bar"] || !seen["credit_bar_expired"] || !seen["credit_warn"] || !seen["credit_lift"] {
			t.Errorf("audit = %v", seen)
		}
	})
}
