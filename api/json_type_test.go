package api_test

import (
	"strings"
	"testing"
)

// TestWrongJSONTypesAreNamedInJSON: a body or field of the wrong JSON type is refused with malformed_json naming
// the JSON type expected (对象, 数组, 整数 …), never the server's Go types (api.challengeReq, []api.kpiReq, int64).
func TestWrongJSONTypesAreNamedInJSON(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ent := h.enterprise()
	for _, c := range []struct {
		body, zh, en string
	}{
		{`[]`, "应为对象", "expected an object"},
		{`"x"`, "应为对象", "expected an object"},
		{`{"kpis":"x"}`, "应为数组", "expected an array"},
		{`{"duration_months":"12"}`, "应为整数", "expected an integer"},
		{`{"title":5}`, "应为字符串", "expected a string"},
	} {
		for _, lang := range []string{"zh-CN", "en"} {
			r := h.do("POST", "/api/v1/challenges", ent.Token, c.body, "Accept-Language", lang)
			e, _ := r.Body["error"].(map[string]any)
			msg, _ := e["message"].(string)
			code, _ := e["code"].(string)
			want := c.zh
			if lang == "en" {
				want = c.en
			}
			if r.Status != 400 || code != "malformed_json" || !strings.Contains(msg, want) ||
				strings.Contains(msg, "api.") || strings.Contains(msg, "int64") {
				t.Errorf("%s (%s): %d %v", c.body, lang, r.Status, r.Body)
			}
		}
	}
}
