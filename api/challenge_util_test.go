package api_test

import (
	"fmt"
	"net/http"
	"time"
)

// chBody is a complete race-mode challenge (stages omitted: the default plan).
func chBody() map[string]any {
	return map[string]any{
		"title": "高功率密度永磁同步电机研制", "field": "equipment",
		"background": "新能源汽车驱动电机功率密度与国外先进水平差距明显。",
		"problem":    "在不使用重稀土的条件下提高永磁同步电机的功率密度与高温下的效率。",
		"kpis": []any{
			map[string]any{"name": "峰值功率密度", "target": 6.5, "unit": "kW/kg", "comparison": ">=", "method": "第三方台架试验"},
			map[string]any{"name": "最高效率", "target": 97, "unit": "%", "comparison": ">=", "method": "GB/T 18488 试验"},
		},
		"deliverables": "工程样机 3 台、试验报告", "duration_months": 24,
		"budget_fen": 8_000_000_00, "gov_funding_fen": 2_000_000_00, "cofunding_fen": 3_000_000_00,
		"ip_terms": "发榜方与揭榜方共有", "eligibility": "不限年龄、职称、学历", "mode": "race", "max_racers": 3,
	}
}

// chPath is a challenge's path with an optional action.
func chPath(id int64, action ...string) string {
	p := fmt.Sprintf("/api/v1/challenges/%d", id)
	for _, a := range action {
		p += "/" + a
	}
	return p
}

// chDraft creates a complete draft for ent and returns its id.
func (h *harness) chDraft(ent user) int64 {
	h.t.Helper()
	return h.must(h.do("POST", "/api/v1/challenges", ent.Token, chBody()), http.StatusCreated).num("id")
}

// chSubmitted, chApproved and chPublished take a new challenge of ent to that status.
func (h *harness) chSubmitted(ent user) int64 {
	h.t.Helper()
	id := h.chDraft(ent)
	h.must(h.do("POST", chPath(id, "submit"), ent.Token, nil), http.StatusOK)
	return id
}

func (h *harness) chApproved(ent user) int64 {
	h.t.Helper()
	id := h.chSubmitted(ent)
	h.must(h.do("POST", chPath(id, "validate"), h.bureau().Token, map[string]any{"decision": "approve"}), http.StatusOK)
	return id
}

// chPublished publishes with the deadline after d on the test clock.
func (h *harness) chPublished(ent user, d time.Duration) int64 {
	h.t.Helper()
	id := h.chApproved(ent)
	h.must(h.do("POST", chPath(id, "publish"), h.bureau().Token,
		map[string]any{"bid_deadline": h.clock.Now().Add(d).Format(time.RFC3339)}), http.StatusOK)
	return id
}

// chHistory returns the actions of a challenge's history as returned.
func chHistory(r resp) []string {
	raw, _ := r.Body["history"].([]any)
	var out []string
	for _, x := range raw {
		m, _ := x.(map[string]any)
		s, _ := m["action"].(string)
		out = append(out, s)
	}
	return out
}

// chOpinions returns the non-empty opinions of a challenge's history.
func chOpinions(r resp) []string {
	raw, _ := r.Body["history"].([]any)
	var out []string
	for _, x := range raw {
		m, _ := x.(map[string]any)
		if s, _ := m["opinion"].(string); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// chIDs returns the ids of a list response.
func chIDs(r resp) []int64 {
	var out []int64
	for _, it := range r.items() {
		f, _ := it["id"].(float64)
		out = append(out, int64(f))
	}
	return out
}
