package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"

	"jiebang/domain"
)

// bidBody is a complete bid on a chBody challenge: a PI, one consortium partner (30%), a plan for both
// default stages with a target for both KPIs, a budget within the cap and both pledges signed.
func (h *harness) bidBody(piEmail string) map[string]any {
	return map[string]any{
		"pi": map[string]any{"name": "陈志远", "email": piEmail},
		"partners": []any{map[string]any{"org_name": "宁波精密电机有限公司", "credit_code": h.creditCode(),
			"role": "样机试制与台架试验", "share_pct": 30}},
		"members":  []any{map[string]any{"name": "周敏", "role": "电磁设计"}, map[string]any{"name": "吴昊", "role": "热管理"}},
		"approach": "采用无重稀土晶界扩散磁体与油冷扁线绕组，配合多目标电磁热耦合优化。",
		"plan": []any{
			map[string]any{"stage": 1, "kpi_targets": map[string]any{"峰值功率密度": 5.5, "最高效率": 96}, "deliverables": "原理样机与仿真报告"},
			map[string]any{"stage": 2, "kpi_targets": map[string]any{"峰值功率密度": 6.6, "最高效率": 97.2}, "deliverables": "工程样机 3 台"},
		},
		"budget": []any{map[string]any{"item": "设备费", "amount_fen": 80_000_000}, map[string]any{"item": "材料费", "amount_fen": 60_000_000},
			map[string]any{"item": "测试化验加工费", "amount_fen": 40_000_000}},
		"commitment_signed": true, "integrity_pledge_signed": true,
	}
}

// bidPath is a bid's path with an optional action.
func bidPath(id int64, action ...string) string {
	p := fmt.Sprintf("/api/v1/bids/%d", id)
	for _, a := range action {
		p += "/" + a
	}
	return p
}

// piSeq keeps PI e-mails unique across tests (the PI limit counts across all challenges of one database).
func (h *harness) piEmail() string { return fmt.Sprintf("pi%d@lab.example.cn", h.seq.Add(1)) }

// bidDraft creates a complete draft of tm on the challenge and returns its id.
func (h *harness) bidDraft(tm user, challengeID int64) int64 {
	h.t.Helper()
	return h.must(h.do("POST", chPath(challengeID, "bids"), tm.Token, h.bidBody(h.piEmail())), http.StatusCreated).num("id")
}

// bidSubmitted creates and submits a complete bid of tm on the challenge.
func (h *harness) bidSubmitted(tm user, challengeID int64) int64 {
	h.t.Helper()
	id := h.bidDraft(tm, challengeID)
	h.must(h.do("POST", bidPath(id, "submit"), tm.Token, nil), http.StatusOK)
	return id
}

// joinOrg registers another user of role into the organisation of member (the same credit code) and has the
// bureau approve the membership.
func (h *harness) joinOrg(role domain.Role, member user) user {
	h.t.Helper()
	u := h.requestJoin(role, member)
	h.must(h.do("POST", fmt.Sprintf("/api/v1/orgs/%d/members/%d/approve", u.OrgID, u.ID), h.bureau().Token, nil), http.StatusOK)
	return u
}

// requestJoin registers another user of role with the credit code of member's organisation: a pending member.
func (h *harness) requestJoin(role domain.Role, member user) user {
	h.t.Helper()
	n := h.seq.Add(1)
	email := fmt.Sprintf("%s%d@example.cn", role, n)
	r := h.must(h.do("POST", "/api/v1/auth/register", "", map[string]any{
		"email": email, "password": testPassword, "name": fmt.Sprintf("同事%d", n), "role": role,
		"org": map[string]any{"name": "任意", "type": "university", "credit_code": member.Credit},
	}), http.StatusCreated)
	u := user{ID: r.num("id"), Email: email, Role: role, Credit: member.Credit, OrgID: member.OrgID}
	u.Token = h.login(email, testPassword)
	return u
}

// upload sends a multipart request with the file in field (no file when field is "").
func (h *harness) upload(path, token, field, filename string, data []byte) resp {
	h.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("note", "方案")
	if field != "" {
		fw, err := mw.CreateFormFile(field, filename)
		if err != nil {
			h.t.Fatal(err)
		}
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req := httptest.NewRequest("POST", path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	h.h.ServeHTTP(w, req)
	r := resp{Status: w.Code, Header: w.Header(), Raw: w.Body.Bytes()}
	if strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		_ = json.Unmarshal(w.Body.Bytes(), &r.Body)
	}
	return r
}

// pdfBytes is a small file that content detection takes for a PDF.
func pdfBytes(tag string) []byte {
	return []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n% " + tag + "\n%%EOF\n")
}

// obj returns a nested object field of a response.
func (r resp) obj(name string) map[string]any {
	m, _ := r.Body[name].(map[string]any)
	return m
}

// precheckOK returns the ok flags of a bid's pre-check by code.
func precheckOK(r resp) map[string]bool {
	out := map[string]bool{}
	pc := r.obj("precheck")
	raw, _ := pc["checks"].([]any)
	for _, x := range raw {
		m, _ := x.(map[string]any)
		code, _ := m["code"].(string)
		ok, _ := m["ok"].(bool)
		out[code] = ok
	}
	return out
}

// relogin renews the access tokens of users (and of the harness's bureau officer) after the clock moved past
// their lifetime.
func (h *harness) relogin(users ...*user) {
	h.t.Helper()
	for _, u := range users {
		u.Token = h.login(u.Email, testPassword)
	}
	if h.boss != nil {
		h.boss.Token = h.login(h.boss.Email, testPassword)
	}
}
