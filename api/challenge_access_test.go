package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestChallengeEndpoints is the table of every challenge endpoint with the wrong caller, a missing or hidden
// challenge, a malformed request and a broken rule.
func TestChallengeEndpoints(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, other, team, boss, admin := h.enterprise(), h.enterprise(), h.team(), h.bureau(), h.staff("admin")
		draft := h.chDraft(owner)
		incomplete := h.must(h.do("POST", "/api/v1/challenges", owner.Token, map[string]any{"title": "只有标题"}), http.StatusCreated).num("id")
		submitted := h.chSubmitted(owner)
		approved := h.chApproved(owner)
		published := h.chPublished(owner, 72*time.Hour)
		const missing = 987654
		past := T0.Add(-time.Minute).Format(time.RFC3339)
		future := T0.Add(48 * time.Hour).Format(time.RFC3339)
		approve := map[string]any{"decision": "approve"}

		cases := []struct {
			name         string
			method, path string
			token        string
			body         any
			status       int
			code, field  string
		}{
			// create
			{"create anonymous", "POST", "/api/v1/challenges", "", chBody(), 401, "unauthenticated", ""},
			{"create team", "POST", "/api/v1/challenges", team.Token, chBody(), 403, "forbidden", ""},
			{"create bureau", "POST", "/api/v1/challenges", boss.Token, chBody(), 403, "forbidden", ""},
			{"create malformed", "POST", "/api/v1/challenges", owner.Token, `{"title":`, 400, "malformed_json", ""},
			{"create wrong type", "POST", "/api/v1/challenges", owner.Token, `{"budget_fen":"很多"}`, 400, "malformed_json", ""},
			{"create empty body", "POST", "/api/v1/challenges", owner.Token, "", 400, "malformed_json", ""},
			{"create unknown field", "POST", "/api/v1/challenges", owner.Token, map[string]any{"field": "space"}, 422, "validation_failed", "field"},
			{"create bad comparison", "POST", "/api/v1/challenges", owner.Token, map[string]any{"kpis": []any{map[string]any{"comparison": ">"}}}, 422, "validation_failed", "kpis[0].comparison"},
			{"create bad share", "POST", "/api/v1/challenges", owner.Token, map[string]any{"stages": []any{map[string]any{"name": "一", "offset_months": 1, "funding_share_pct": 150}}}, 422, "validation_failed", "stages[0].funding_share_pct"},
			{"create negative money", "POST", "/api/v1/challenges", owner.Token, map[string]any{"gov_funding_fen": -1}, 422, "validation_failed", "gov_funding_fen"},
			{"create race of 11", "POST", "/api/v1/challenges", owner.Token, map[string]any{"mode": "race", "max_racers": 11}, 422, "validation_failed", "max_racers"},
			{"create incomplete draft", "POST", "/api/v1/challenges", owner.Token, map[string]any{}, 201, "", ""},
			// read
			{"get bad id", "GET", "/api/v1/challenges/abc", "", nil, 404, "not_found", ""},
			{"get zero id", "GET", "/api/v1/challenges/0", "", nil, 404, "not_found", ""},
			{"get missing", "GET", chPath(missing), boss.Token, nil, 404, "not_found", ""},
			{"get draft anonymous", "GET", chPath(draft), "", nil, 404, "not_found", ""},
			{"get draft other enterprise", "GET", chPath(draft), other.Token, nil, 404, "not_found", ""},
			{"get draft team", "GET", chPath(draft), team.Token, nil, 404, "not_found", ""},
			{"get draft admin", "GET", chPath(draft), admin.Token, nil, 404, "not_found", ""},
			{"get draft bureau", "GET", chPath(draft), boss.Token, nil, 200, "", ""},
			{"get published anonymous", "GET", chPath(published), "", nil, 200, "", ""},
			{"get bad token", "GET", chPath(published), "garbage", nil, 401, "invalid_token", ""},
			// edit
			{"edit anonymous", "PATCH", chPath(draft), "", map[string]any{"title": "x"}, 401, "unauthenticated", ""},
			{"edit team", "PATCH", chPath(draft), team.Token, map[string]any{"title": "x"}, 403, "forbidden", ""},
			{"edit bureau", "PATCH", chPath(draft), boss.Token, map[string]any{"title": "x"}, 403, "forbidden", ""},
			{"edit other's draft", "PATCH", chPath(draft), other.Token, map[string]any{"title": "x"}, 404, "not_found", ""},
			{"edit other's published", "PATCH", chPath(published), other.Token, map[string]any{"title": "x"}, 403, "not_owner", ""},
			{"edit missing", "PATCH", chPath(missing), owner.Token, map[string]any{"title": "x"}, 404, "not_found", ""},
			{"edit bad id", "PATCH", "/api/v1/challenges/-3", owner.Token, map[string]any{"title": "x"}, 404, "not_found", ""},
			{"edit malformed", "PATCH", chPath(draft), owner.Token, `[1,2]`, 400, "malformed_json", ""},
			{"edit bad format", "PATCH", chPath(draft), owner.Token, map[string]any{"kpis": []any{map[string]any{"name": "a"}, map[string]any{"unit": "超过二十个字符的计量单位名称超过二十个字符"}}}, 422, "validation_failed", "kpis[1].unit"},
			{"edit submitted", "PATCH", chPath(submitted), owner.Token, map[string]any{"title": "x"}, 409, "invalid_transition", ""},
			{"edit published", "PATCH", chPath(published), owner.Token, map[string]any{"title": "x"}, 409, "invalid_transition", ""},
			{"edit draft", "PATCH", chPath(draft), owner.Token, map[string]any{"title": "新标题"}, 200, "", ""},
			// submit
			{"submit anonymous", "POST", chPath(draft, "submit"), "", nil, 401, "unauthenticated", ""},
			{"submit bureau", "POST", chPath(draft, "submit"), boss.Token, nil, 403, "forbidden", ""},
			{"submit other's draft", "POST", chPath(draft, "submit"), other.Token, nil, 404, "not_found", ""},
			{"submit missing", "POST", chPath(missing, "submit"), owner.Token, nil, 404, "not_found", ""},
			{"submit bad id", "POST", "/api/v1/challenges/x/submit", owner.Token, nil, 404, "not_found", ""},
			{"submit incomplete", "POST", chPath(incomplete, "submit"), owner.Token, nil, 422, "validation_failed", "problem"},
			{"submit submitted", "POST", chPath(submitted, "submit"), owner.Token, nil, 409, "invalid_transition", ""},
			{"submit published", "POST", chPath(published, "submit"), owner.Token, nil, 409, "invalid_transition", ""},
			// validate
			{"validate anonymous", "POST", chPath(submitted, "validate"), "", approve, 401, "unauthenticated", ""},
			{"validate owner", "POST", chPath(submitted, "validate"), owner.Token, approve, 403, "forbidden", ""},
			{"validate admin", "POST", chPath(submitted, "validate"), admin.Token, approve, 403, "forbidden", ""},
			{"validate missing", "POST", chPath(missing, "validate"), boss.Token, approve, 404, "not_found", ""},
			{"validate bad id", "POST", "/api/v1/challenges/1.5/validate", boss.Token, approve, 404, "not_found", ""},
			{"validate malformed", "POST", chPath(submitted, "validate"), boss.Token, `{"decision":1}`, 400, "malformed_json", ""},
			{"validate unknown decision", "POST", chPath(submitted, "validate"), boss.Token, map[string]any{"decision": "maybe"}, 422, "validation_failed", "decision"},
			{"return without opinion", "POST", chPath(submitted, "validate"), boss.Token, map[string]any{"decision": "return", "opinion": "  "}, 422, "validation_failed", "opinion"},
			{"reject without opinion", "POST", chPath(submitted, "validate"), boss.Token, map[string]any{"decision": "reject"}, 422, "validation_failed", "opinion"},
			{"validate draft", "POST", chPath(draft, "validate"), boss.Token, approve, 409, "invalid_transition", ""},
			{"validate approved", "POST", chPath(approved, "validate"), boss.Token, approve, 409, "invalid_transition", ""},
			// publish
			{"publish anonymous", "POST", chPath(approved, "publish"), "", map[string]any{"bid_deadline": future}, 401, "unauthenticated", ""},
			{"publish owner", "POST", chPath(approved, "publish"), owner.Token, map[string]any{"bid_deadline": future}, 403, "forbidden", ""},
			{"publish missing", "POST", chPath(missing, "publish"), boss.Token, map[string]any{"bid_deadline": future}, 404, "not_found", ""},
			{"publish malformed", "POST", chPath(approved, "publish"), boss.Token, `{`, 400, "malformed_json", ""},
			{"publish past deadline", "POST", chPath(approved, "publish"), boss.Token, map[string]any{"bid_deadline": past}, 422, "validation_failed", "bid_deadline"},
			{"publish deadline now", "POST", chPath(approved, "publish"), boss.Token, map[string]any{"bid_deadline": T0.Format(time.RFC3339)}, 422, "validation_failed", "bid_deadline"},
			{"publish bad deadline", "POST", chPath(approved, "publish"), boss.Token, map[string]any{"bid_deadline": "下周五"}, 422, "validation_failed", "bid_deadline"},
			{"publish submitted", "POST", chPath(submitted, "publish"), boss.Token, map[string]any{"bid_deadline": future}, 409, "invalid_transition", ""},
			{"publish published", "POST", chPath(published, "publish"), boss.Token, map[string]any{"bid_deadline": future}, 409, "invalid_transition", ""},
			// cancel
			{"cancel anonymous", "POST", chPath(draft, "cancel"), "", map[string]any{"reason": "x"}, 401, "unauthenticated", ""},
			{"cancel owner", "POST", chPath(draft, "cancel"), owner.Token, map[string]any{"reason": "x"}, 403, "forbidden", ""},
			{"cancel missing", "POST", chPath(missing, "cancel"), boss.Token, map[string]any{"reason": "x"}, 404, "not_found", ""},
			{"cancel malformed", "POST", chPath(draft, "cancel"), boss.Token, `{"reason":}`, 400, "malformed_json", ""},
			{"cancel without reason", "POST", chPath(draft, "cancel"), boss.Token, map[string]any{}, 422, "validation_failed", "reason"},
			// amendments
			{"amend anonymous", "POST", chPath(published, "amendments"), "", map[string]any{"content": "x"}, 401, "unauthenticated", ""},
			{"amend owner", "POST", chPath(published, "amendments"), owner.Token, map[string]any{"content": "x"}, 403, "forbidden", ""},
			{"amend missing", "POST", chPath(missing, "amendments"), boss.Token, map[string]any{"content": "x"}, 404, "not_found", ""},
			{"amend malformed", "POST", chPath(published, "amendments"), boss.Token, `"x"`, 400, "malformed_json", ""},
			{"amend empty", "POST", chPath(published, "amendments"), boss.Token, map[string]any{"content": ""}, 422, "validation_failed", "content"},
			{"amend draft", "POST", chPath(draft, "amendments"), boss.Token, map[string]any{"content": "x"}, 409, "invalid_transition", ""},
			// close bidding
			{"close anonymous", "POST", chPath(published, "close-bidding"), "", nil, 401, "unauthenticated", ""},
			{"close owner", "POST", chPath(published, "close-bidding"), owner.Token, nil, 403, "forbidden", ""},
			{"close team", "POST", chPath(published, "close-bidding"), team.Token, nil, 403, "forbidden", ""},
			{"close missing", "POST", chPath(missing, "close-bidding"), boss.Token, nil, 404, "not_found", ""},
			{"close bad id", "POST", "/api/v1/challenges/0/close-bidding", boss.Token, nil, 404, "not_found", ""},
			{"close before deadline", "POST", chPath(published, "close-bidding"), boss.Token, nil, 409, "deadline_not_reached", ""},
			{"close approved", "POST", chPath(approved, "close-bidding"), boss.Token, nil, 409, "invalid_transition", ""},
			// list
			{"list unknown status", "GET", "/api/v1/challenges?status=open", "", nil, 400, "invalid_query", ""},
			{"list unknown field", "GET", "/api/v1/challenges?field=space", "", nil, 400, "invalid_query", ""},
			{"list unknown mode", "GET", "/api/v1/challenges?mode=relay", "", nil, 400, "invalid_query", ""},
			{"list unknown scope", "GET", "/api/v1/challenges?scope=all", owner.Token, nil, 400, "invalid_query", ""},
			{"list bad page", "GET", "/api/v1/challenges?page=0", "", nil, 400, "invalid_query", ""},
			{"list bad page size", "GET", "/api/v1/challenges?page_size=many", "", nil, 400, "invalid_query", ""},
			{"list mine anonymous", "GET", "/api/v1/challenges?scope=mine", "", nil, 401, "unauthenticated", ""},
			{"list mine bureau", "GET", "/api/v1/challenges?scope=mine", boss.Token, nil, 403, "forbidden", ""},
			{"list long q", "GET", "/api/v1/challenges?q=" + fmt.Sprintf("%0101d", 0), "", nil, 400, "invalid_query", ""},
			// meta
			{"fields", "GET", "/api/v1/meta/fields", "", nil, 200, "", ""},
		}
		for _, c := range cases {
			r := h.do(c.method, c.path, c.token, c.body)
			if r.Status != c.status || r.code() != c.code || (c.field != "" && r.field(c.field) == "") {
				t.Errorf("%s: got %d %s, want %d %s %s", c.name, r.Status, r.Raw, c.status, c.code, c.field)
			}
		}
	})
}
