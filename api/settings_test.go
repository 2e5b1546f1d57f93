package api_test

import (
	"fmt"
	"testing"
	"time"
)

func TestSettingsEndpoints(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		boss, ent := h.bureau(), h.enterprise()
		limits := map[string]any{"max_active_bids_per_pi": 2, "max_active_bids_per_org": 5, "max_partners": 3,
			"cofunding_ratio_pct": 50, "notice_days": 7, "experts_per_item": 7, "question_window_days": 5,
			"addendum_min_days": 3}
		with := func(k string, v any) map[string]any {
			m := map[string]any{}
			for a, b := range limits {
				m[a] = b
			}
			m[k] = v
			return m
		}
		rubric := map[string]any{"criteria": []any{map[string]any{"name": "方案", "weight": 60}, map[string]any{"name": "团队", "weight": 40}}}
		cases := []struct {
			name, method, path string
			tok                string
			body               any
			status             int
			code, field        string
		}{
			{"fields are public", "GET", "/api/v1/meta/fields", "", nil, 200, "", ""},
			{"add needs login", "POST", "/api/v1/settings/fields", "", map[string]any{"code": "x1"}, 401, "unauthenticated", ""},
			{"add is the bureau's", "POST", "/api/v1/settings/fields", ent.Token, map[string]any{"code": "x1", "name_zh": "甲", "name_en": "A"}, 403, "forbidden", ""},
			{"add malformed", "POST", "/api/v1/settings/fields", boss.Token, `{"code":`, 400, "malformed_json", ""},
			{"add bad code", "POST", "/api/v1/settings/fields", boss.Token, map[string]any{"code": "A B", "name_zh": "甲", "name_en": "A"}, 422, "validation_failed", "code"},
			{"add without names", "POST", "/api/v1/settings/fields", boss.Token, map[string]any{"code": "quantum"}, 422, "validation_failed", "name_zh"},
			{"add", "POST", "/api/v1/settings/fields", boss.Token, map[string]any{"code": "quantum", "name_zh": "量子科技", "name_en": "Quantum"}, 201, "", ""},
			{"add twice", "POST", "/api/v1/settings/fields", boss.Token, map[string]any{"code": "quantum", "name_zh": "量子", "name_en": "Q"}, 409, "field_exists", ""},
			{"rename unknown", "PATCH", "/api/v1/settings/fields/nope", boss.Token, map[string]any{"name_zh": "无"}, 404, "not_found", ""},
			{"rename empty", "PATCH", "/api/v1/settings/fields/ai", boss.Token, map[string]any{"name_zh": " "}, 422, "validation_failed", "name_zh"},
			{"rename", "PATCH", "/api/v1/settings/fields/ai", boss.Token, map[string]any{"name_zh": "智能制造与AI"}, 200, "", ""},
			{"limits need login", "GET", "/api/v1/settings/limits", "", nil, 401, "unauthenticated", ""},
			{"limits read", "GET", "/api/v1/settings/limits", ent.Token, nil, 200, "", ""},
			{"limits are the bureau's", "PUT", "/api/v1/settings/limits", ent.Token, limits, 403, "forbidden", ""},
			{"limits PI zero", "PUT", "/api/v1/settings/limits", boss.Token, with("max_active_bids_per_pi", 0), 422, "validation_failed", "max_active_bids_per_pi"},
			{"limits notice too long", "PUT", "/api/v1/settings/limits", boss.Token, with("notice_days", 365), 422, "validation_failed", "notice_days"},
			{"limits even panel", "PUT", "/api/v1/settings/limits", boss.Token, with("experts_per_item", 4), 422, "validation_failed", "experts_per_item"},
			{"limits question window too long", "PUT", "/api/v1/settings/limits", boss.Token, with("question_window_days", 61), 422, "validation_failed", "question_window_days"},
			{"limits negative addendum days", "PUT", "/api/v1/settings/limits", boss.Token, with("addendum_min_days", -1), 422, "validation_failed", "addendum_min_days"},
			{"limits missing member", "PUT", "/api/v1/settings/limits", boss.Token, map[string]any{"max_partners": 2}, 422, "validation_failed", "max_active_bids_per_pi"},
			{"limits wrong type", "PUT", "/api/v1/settings/limits", boss.Token, with("max_partners", "many"), 400, "malformed_json", ""},
			{"limits", "PUT", "/api/v1/settings/limits", boss.Token, limits, 200, "", ""},
			{"rubrics for experts", "GET", "/api/v1/settings/rubrics", h.expert().Token, nil, 200, "", ""},
			{"rubrics not for enterprises", "GET", "/api/v1/settings/rubrics", ent.Token, nil, 403, "forbidden", ""},
			{"rubric unknown kind", "PUT", "/api/v1/settings/rubrics/beauty", boss.Token, rubric, 404, "not_found", ""},
			{"rubric weights", "PUT", "/api/v1/settings/rubrics/bid_review", boss.Token,
				map[string]any{"criteria": []any{map[string]any{"name": "方案", "weight": 60}}}, 422, "validation_failed", "criteria"},
			{"rubric duplicate", "PUT", "/api/v1/settings/rubrics/bid_review", boss.Token,
				map[string]any{"criteria": []any{map[string]any{"name": "方案", "weight": 50}, map[string]any{"name": "方案", "weight": 50}}}, 422, "validation_failed", "criteria[1].name"},
			{"rubric", "PUT", "/api/v1/settings/rubrics/bid_review", boss.Token, rubric, 200, "", ""},
		}
		for _, tc := range cases {
			r := h.do(tc.method, tc.path, tc.tok, tc.body)
			if r.Status != tc.status || r.code() != tc.code {
				t.Fatalf("%s: want %d %q, got %d %q: %s", tc.name, tc.status, tc.code, r.Status, r.code(), r.Raw)
			}
			if tc.field != "" && r.field(tc.field) == "" {
				t.Fatalf("%s: no message for %s: %s", tc.name, tc.field, r.Raw)
			}
		}
		r := h.must(h.do("GET", "/api/v1/settings/limits", ent.Token, nil), 200)
		if r.num("notice_days") != 7 || r.num("cofunding_ratio_pct") != 50 {
			t.Fatalf("limits not kept: %s", r.Raw)
		}
		r = h.must(h.do("GET", "/api/v1/settings/rubrics", boss.Token, nil), 200)
		if got := r.items()[1]; got["kind"] != "bid_review" || len(got["criteria"].([]any)) != 2 {
			t.Fatalf("rubric not kept: %s", r.Raw)
		}
		tpl, err := h.app.Settings.RubricTemplate(t.Context(), "bid_review")
		if err != nil || len(tpl) != 2 || tpl[0].Weight != 60 {
			t.Fatalf("RubricSource: %v %v", tpl, err)
		}
		audit := h.must(h.do("GET", "/api/v1/audit", boss.Token, nil), 200)
		actions := map[string]bool{}
		for _, e := range audit.items() {
			actions[e["action"].(string)] = e["entity"] == "setting"
		}
		for _, a := range []string{"field_add", "field_update", "limits_update", "rubric_update:bid_review"} {
			if !actions[a] {
				t.Errorf("no audit entry %s", a)
			}
		}
	})
}

// TestFieldsFollowTheSettings: a new field can be chosen and filtered by; a retired one cannot be chosen for new
// content but stays on what names it and in the filters; a field in use cannot be removed.
func TestFieldsFollowTheSettings(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		boss, ent := h.bureau(), h.enterprise()
		body := chBody()
		body["field"] = "quantum"
		if r := h.do("POST", "/api/v1/challenges", ent.Token, body); r.Status != 422 || r.field("field") == "" {
			t.Fatalf("unknown field accepted: %d %s", r.Status, r.Raw)
		}
		if r := h.do("GET", "/api/v1/challenges?field=quantum", "", nil); r.Status != 400 {
			t.Fatalf("filter on an unknown field: %d", r.Status)
		}
		regExpert := func(fields []string) resp {
			n := h.seq.Add(1)
			return h.do("POST", "/api/v1/auth/register", "", map[string]any{"email": fmt.Sprintf("qexpert%d@example.cn", n),
				"password": testPassword, "name": "量子专家", "role": "expert", "expert_fields": fields,
				"org": map[string]any{"name": fmt.Sprintf("量子研究院%d", n), "type": "research_institute", "credit_code": h.creditCode()}})
		}
		if r := regExpert([]string{"quantum"}); r.Status != 422 || r.field("expert_fields[0]") == "" {
			t.Fatalf("an expert registers in an unknown field: %d %s", r.Status, r.Raw)
		}
		ex := h.expert()
		if r := h.do("PUT", "/api/v1/me/expert-profile", ex.Token, map[string]any{"fields": []string{"quantum"}, "conflicts": []any{}}); r.Status != 422 || r.field("fields[0]") == "" {
			t.Fatalf("an expert chooses an unknown field: %d %s", r.Status, r.Raw)
		}
		h.must(h.do("POST", "/api/v1/settings/fields", boss.Token, map[string]any{"code": "quantum", "name_zh": "量子科技", "name_en": "Quantum"}), 201)
		// Experts register in, and choose, the bureau's new field at once (codes trimmed, as in the profile).
		h.must(regExpert([]string{"quantum", " ai "}), 201)
		eleven := []string{"quantum", "equipment", "materials", "energy", "biomedicine", "electronics", "ai", "environment", "agriculture", "marine", "other"}
		if r := h.do("PUT", "/api/v1/me/expert-profile", ex.Token, map[string]any{"fields": eleven, "conflicts": []any{}}); r.Status != 422 || r.field("fields") == "" {
			t.Fatalf("eleven fields in a profile: %d %s", r.Status, r.Raw)
		}
		if p := h.must(h.do("PUT", "/api/v1/me/expert-profile", ex.Token, map[string]any{"fields": []string{"quantum"}, "conflicts": []any{}}), 200); fmt.Sprint(p.Body["fields"]) != "[quantum]" {
			t.Fatalf("profile: %s", p.Raw)
		}
		id := h.must(h.do("POST", "/api/v1/challenges", ent.Token, body), 201).num("id")
		h.must(h.do("POST", chPath(id, "submit"), ent.Token, nil), 200)
		h.must(h.do("POST", chPath(id, "validate"), boss.Token, map[string]any{"decision": "approve"}), 200)
		h.must(h.do("POST", chPath(id, "publish"), boss.Token, map[string]any{"bid_deadline": h.clock.Now().Add(72 * time.Hour).Format(time.RFC3339)}), 200)
		if ids := chIDs(h.must(h.do("GET", "/api/v1/challenges?field=quantum", "", nil), 200)); len(ids) != 1 || ids[0] != id {
			t.Fatalf("board filter: %v", ids)
		}
		if r := h.do("DELETE", "/api/v1/settings/fields/quantum", boss.Token, nil); r.Status != 409 || r.code() != "field_in_use" {
			t.Fatalf("delete in use: %d %s", r.Status, r.Raw)
		}
		h.must(h.do("PATCH", "/api/v1/settings/fields/quantum", boss.Token, map[string]any{"retired": true}), 200)
		if r := h.do("POST", "/api/v1/challenges", ent.Token, body); r.Status != 422 || r.field("field") == "" {
			t.Fatalf("retired field chosen anew: %d %s", r.Status, r.Raw)
		}
		if r := regExpert([]string{"quantum"}); r.Status != 422 || r.field("expert_fields[0]") == "" {
			t.Fatalf("an expert registers in a retired field: %d %s", r.Status, r.Raw)
		}
		// An expert who has the retired field keeps it while changing the rest; one who has not cannot choose it.
		h.must(h.do("PUT", "/api/v1/me/expert-profile", ex.Token, map[string]any{"fields": []string{"quantum", "ai"}, "conflicts": []any{}}), 200)
		other := h.expert()
		if r := h.do("PUT", "/api/v1/me/expert-profile", other.Token, map[string]any{"fields": []string{"quantum"}, "conflicts": []any{}}); r.Status != 422 {
			t.Fatalf("an expert chooses a retired field anew: %d %s", r.Status, r.Raw)
		}
		if ids := chIDs(h.must(h.do("GET", "/api/v1/challenges?field=quantum", "", nil), 200)); len(ids) != 1 {
			t.Fatalf("retired field left the filters: %v", ids)
		}
		h.must(h.do("POST", "/api/v1/settings/fields", boss.Token, map[string]any{"code": "spare", "name_zh": "备用", "name_en": "Spare"}), 201)
		h.must(h.do("DELETE", "/api/v1/settings/fields/spare", boss.Token, nil), 204)
		fields := h.must(h.do("GET", "/api/v1/meta/fields", "", nil), 200).items()
		last := fields[len(fields)-1]
		if len(fields) != 11 || last["code"] != "quantum" || last["retired"] != true {
			t.Fatalf("fields: %v", fields)
		}
	})
}

// TestLimitsApplyWithoutRestart: the bureau raises the PI limit and the co-funding ratio; the next requests
// follow.
func TestLimitsApplyWithoutRestart(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		boss, ent := h.bureau(), h.enterprise()
		body := chBody()
		body["cofunding_fen"] = 1_000_000_00 // half the government funding
		id := h.must(h.do("POST", "/api/v1/challenges", ent.Token, body), 201).num("id")
		if r := h.do("POST", chPath(id, "submit"), ent.Token, nil); r.Status != 422 || r.field("cofunding_fen") == "" {
			t.Fatalf("1:1 rule: %d %s", r.Status, r.Raw)
		}
		h.must(h.do("PUT", "/api/v1/settings/limits", boss.Token, map[string]any{"max_active_bids_per_pi": 2, "max_active_bids_per_org": 3,
			"max_partners": 4, "cofunding_ratio_pct": 50, "notice_days": 5, "experts_per_item": 5, "question_window_days": 7,
			"addendum_min_days": 7}), 200)
		h.must(h.do("POST", chPath(id, "submit"), ent.Token, nil), 200)

		c1, c2 := h.chPublished(ent, 72*time.Hour), h.chPublished(ent, 72*time.Hour)
		pi := h.piEmail()
		for _, c := range []int64{c1, c2} {
			tm := h.team()
			b := h.bidBody(pi)
			bid := h.must(h.do("POST", chPath(c, "bids"), tm.Token, b), 201).num("id")
			h.must(h.do("POST", bidPath(bid, "submit"), tm.Token, nil), 200)
		}
	})
}
