package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestBidEndpoints is the table of every bid endpoint with the wrong caller, a missing or hidden bid, a
// malformed request and a broken rule.
func TestBidEndpoints(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, otherEnt, tm, otherTeam, boss, exp := h.enterprise(), h.enterprise(), h.team(), h.team(), h.bureau(), h.expert()
		open := h.chPublished(owner, 72*time.Hour)
		unpublished := h.chApproved(owner)
		draft := h.bidDraft(tm, open)
		submittedTeam := h.team()
		submitted := h.bidSubmitted(submittedTeam, open)
		att := h.must(h.upload(bidPath(draft, "attachments"), tm.Token, "file", "方案.pdf", pdfBytes("endpoints")), http.StatusCreated).num("id")
		const missing = 987654
		attPath := func(bidID, aid int64) string { return fmt.Sprintf("%s/attachments/%d", bidPath(bidID), aid) }

		cases := []struct {
			name         string
			method, path string
			token        string
			body         any
			status       int
			code, field  string
		}{
			// create
			{"create anonymous", "POST", chPath(open, "bids"), "", h.bidBody(h.piEmail()), 401, "unauthenticated", ""},
			{"create enterprise", "POST", chPath(open, "bids"), owner.Token, h.bidBody(h.piEmail()), 403, "forbidden", ""},
			{"create bureau", "POST", chPath(open, "bids"), boss.Token, h.bidBody(h.piEmail()), 403, "forbidden", ""},
			{"create missing challenge", "POST", chPath(missing, "bids"), otherTeam.Token, h.bidBody(h.piEmail()), 404, "not_found", ""},
			{"create unpublished challenge", "POST", chPath(unpublished, "bids"), otherTeam.Token, h.bidBody(h.piEmail()), 404, "not_found", ""},
			{"create bad id", "POST", "/api/v1/challenges/abc/bids", otherTeam.Token, h.bidBody(h.piEmail()), 404, "not_found", ""},
			{"create malformed", "POST", chPath(open, "bids"), otherTeam.Token, `{"pi":`, 400, "malformed_json", ""},
			{"create wrong type", "POST", chPath(open, "bids"), otherTeam.Token, `{"partners":[{"share_pct":"三成"}]}`, 400, "malformed_json", ""},
			{"create bad credit code", "POST", chPath(open, "bids"), otherTeam.Token,
				map[string]any{"partners": []any{map[string]any{"org_name": "甲", "credit_code": "91330000123456789X", "share_pct": 10}}},
				422, "validation_failed", "partners[0].credit_code"},
			{"create too many partners", "POST", chPath(open, "bids"), otherTeam.Token, map[string]any{"partners": []any{
				map[string]any{"org_name": "甲"}, map[string]any{"org_name": "乙"}, map[string]any{"org_name": "丙"},
				map[string]any{"org_name": "丁"}, map[string]any{"org_name": "戊"}}}, 422, "validation_failed", "partners"},
			{"create unknown KPI", "POST", chPath(open, "bids"), otherTeam.Token, map[string]any{"plan": []any{
				map[string]any{"stage": 1, "kpi_targets": map[string]any{"重量": 3}}}}, 422, "validation_failed", "plan[0].kpi_targets.重量"},
			{"create second bid of the organisation", "POST", chPath(open, "bids"), tm.Token, h.bidBody(h.piEmail()), 409, "bid_exists", ""},

			// read
			{"get anonymous", "GET", bidPath(draft), "", nil, 401, "unauthenticated", ""},
			{"get other team", "GET", bidPath(draft), otherTeam.Token, nil, 404, "not_found", ""},
			{"get owner before the close", "GET", bidPath(submitted), owner.Token, nil, 404, "not_found", ""},
			{"get other enterprise", "GET", bidPath(submitted), otherEnt.Token, nil, 404, "not_found", ""},
			{"get expert", "GET", bidPath(submitted), exp.Token, nil, 404, "not_found", ""},
			{"get bureau a never-submitted draft", "GET", bidPath(draft), boss.Token, nil, 404, "not_found", ""},
			{"get missing", "GET", bidPath(missing), tm.Token, nil, 404, "not_found", ""},
			{"get bad id", "GET", "/api/v1/bids/0", tm.Token, nil, 404, "not_found", ""},
			{"versions other team", "GET", bidPath(submitted, "versions"), otherTeam.Token, nil, 404, "not_found", ""},
			{"versions bad id", "GET", "/api/v1/bids/x/versions", tm.Token, nil, 404, "not_found", ""},
			{"list owner before the close", "GET", chPath(open, "bids"), owner.Token, nil, 403, "bids_sealed", ""},
			{"list other enterprise", "GET", chPath(open, "bids"), otherEnt.Token, nil, 403, "forbidden", ""},
			{"list expert", "GET", chPath(open, "bids"), exp.Token, nil, 403, "forbidden", ""},
			{"list anonymous", "GET", chPath(open, "bids"), "", nil, 401, "unauthenticated", ""},
			{"list missing challenge", "GET", chPath(missing, "bids"), boss.Token, nil, 404, "not_found", ""},
			{"list bad page", "GET", chPath(open, "bids") + "?page=zwei", boss.Token, nil, 400, "invalid_query", ""},
			{"my bids enterprise", "GET", "/api/v1/me/bids", owner.Token, nil, 403, "forbidden", ""},
			{"my bids bad page size", "GET", "/api/v1/me/bids?page_size=-1", tm.Token, nil, 400, "invalid_query", ""},

			// edit, submit, withdraw
			{"patch other team", "PATCH", bidPath(draft), otherTeam.Token, map[string]any{"approach": "x"}, 404, "not_found", ""},
			{"patch bureau", "PATCH", bidPath(submitted), boss.Token, map[string]any{"approach": "x"}, 403, "forbidden", ""},
			{"patch missing", "PATCH", bidPath(missing), tm.Token, map[string]any{"approach": "x"}, 404, "not_found", ""},
			{"patch malformed", "PATCH", bidPath(draft), tm.Token, `[1,2]`, 400, "malformed_json", ""},
			{"patch bad e-mail", "PATCH", bidPath(draft), tm.Token, map[string]any{"pi": map[string]any{"name": "陈", "email": "chen@"}},
				422, "validation_failed", "pi.email"},
			{"patch shares over 100", "PATCH", bidPath(draft), tm.Token, map[string]any{"lead_share_pct": 90}, 422, "validation_failed", "partners"},
			{"submit other team", "POST", bidPath(draft, "submit"), otherTeam.Token, nil, 404, "not_found", ""},
			{"submit expert", "POST", bidPath(draft, "submit"), exp.Token, nil, 403, "forbidden", ""},
			{"submit bad id", "POST", "/api/v1/bids/-3/submit", tm.Token, nil, 404, "not_found", ""},
			{"withdraw other team", "POST", bidPath(submitted, "withdraw"), otherTeam.Token, nil, 404, "not_found", ""},
			{"withdraw bureau", "POST", bidPath(submitted, "withdraw"), boss.Token, nil, 403, "forbidden", ""},

			// eligibility
			{"eligibility team", "POST", bidPath(submitted, "eligibility"), submittedTeam.Token, map[string]any{"eligible": true}, 403, "forbidden", ""},
			{"eligibility before the close", "POST", bidPath(submitted, "eligibility"), boss.Token, map[string]any{"eligible": true}, 409, "bidding_not_closed", ""},
			{"eligibility missing decision", "POST", bidPath(submitted, "eligibility"), boss.Token, map[string]any{"reason": "x"}, 422, "validation_failed", "eligible"},
			{"eligibility ineligible without reason", "POST", bidPath(submitted, "eligibility"), boss.Token, map[string]any{"eligible": false}, 422, "validation_failed", "reason"},
			{"eligibility malformed", "POST", bidPath(submitted, "eligibility"), boss.Token, `{"eligible": "yes"}`, 400, "malformed_json", ""},
			{"eligibility of a draft", "POST", bidPath(draft, "eligibility"), boss.Token, map[string]any{"eligible": true}, 404, "not_found", ""},
			{"eligibility missing", "POST", bidPath(missing, "eligibility"), boss.Token, map[string]any{"eligible": true}, 404, "not_found", ""},

			// attachments
			{"download other team", "GET", attPath(draft, att), otherTeam.Token, nil, 404, "not_found", ""},
			{"download bureau before submission", "GET", attPath(draft, att), boss.Token, nil, 404, "not_found", ""},
			{"download missing attachment", "GET", attPath(draft, missing), tm.Token, nil, 404, "not_found", ""},
			{"download attachment of another bid", "GET", attPath(submitted, att), submittedTeam.Token, nil, 404, "not_found", ""},
			{"download bad id", "GET", bidPath(draft) + "/attachments/x", tm.Token, nil, 404, "not_found", ""},
			{"delete other team", "DELETE", attPath(draft, att), otherTeam.Token, nil, 404, "not_found", ""},
			{"delete bureau", "DELETE", attPath(draft, att), boss.Token, nil, 403, "forbidden", ""},
			{"delete missing", "DELETE", attPath(draft, missing), tm.Token, nil, 404, "not_found", ""},
			{"upload not multipart", "POST", bidPath(draft, "attachments"), tm.Token, map[string]any{"file": "x"}, 400, "bad_request", ""},
		}
		for _, tc := range cases {
			r := h.do(tc.method, tc.path, tc.token, tc.body)
			if r.Status != tc.status || r.code() != tc.code || (tc.field != "" && r.field(tc.field) == "") {
				t.Errorf("%s: got %d %s, want %d %s %s: %s", tc.name, r.Status, r.code(), tc.status, tc.code, tc.field, r.Raw)
			}
		}

		uploads := []struct {
			name, token, field string
			status             int
			code               string
		}{
			{"upload other team", otherTeam.Token, "file", 404, "not_found"},
			{"upload bureau", boss.Token, "file", 403, "forbidden"},
			{"upload anonymous", "", "file", 401, "unauthenticated"},
			{"upload without a file", tm.Token, "", 422, "validation_failed"},
		}
		for _, tc := range uploads {
			r := h.upload(bidPath(draft, "attachments"), tc.token, tc.field, "a.pdf", pdfBytes(tc.name))
			if r.Status != tc.status || r.code() != tc.code {
				t.Errorf("%s: got %d %s, want %d %s", tc.name, r.Status, r.code(), tc.status, tc.code)
			}
		}
	})
}
