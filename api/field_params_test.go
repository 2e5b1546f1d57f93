package api_test

import (
	"net/http"
	"testing"
)

// TestFieldParamsGiveMoneyLimitsInFen: an over-limit amount names its limits in fen in details.field_params, so
// the UI can say them in 万元 (or yuan in English) beside a field the user typed in that unit.
func TestFieldParamsGiveMoneyLimitsInFen(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ent := h.enterprise()
	body := chBody()
	body["budget_fen"] = int64(2_000_000_000_000)
	r := h.must(h.do("POST", "/api/v1/challenges", ent.Token, body), http.StatusUnprocessableEntity)
	e, _ := r.Body["error"].(map[string]any)
	d, _ := e["details"].(map[string]any)
	params, _ := d["field_params"].(map[string]any)
	budget, _ := params["budget_fen"].(map[string]any)
	if budget["min"] != float64(0) || budget["max"] != float64(1_000_000_000_000) {
		t.Fatalf("field_params.budget_fen = %v in %s", budget, r.Raw)
	}
	if codes, _ := d["field_codes"].(map[string]any); codes["budget_fen"] != "out_of_range" {
		t.Fatalf("field_codes = %v", codes)
	}
}
