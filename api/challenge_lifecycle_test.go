package api_test

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"jiebang/domain"
)

// TestChallengeLifecycle walks one challenge from draft through return, resubmission, approval, publication,
// an amendment and the scheduled close of bidding, checking who sees what on the way.
func TestChallengeLifecycle(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ent, other, boss := h.enterprise(), h.enterprise(), h.bureau()
		body := chBody()
		delete(body, "kpis")
		r := h.must(h.do("POST", "/api/v1/challenges", ent.Token, body), http.StatusCreated)
		id := r.num("id")
		if r.str("status") != "draft" || r.num("org_id") != ent.OrgID || r.str("org_name") == "" {
			t.Fatalf("created %s", r.Raw)
		}
		if stages, _ := r.Body["stages"].([]any); len(stages) != 2 || stages[0].(map[string]any)["offset_months"].(float64) != 12 {
			t.Errorf("default stage plan: %v", r.Body["stages"])
		}
		if got := chHistory(r); !reflect.DeepEqual(got, []string{"create"}) {
			t.Errorf("history %v", got)
		}

		for _, who := range []struct {
			name, token string
			status      int
		}{{"public", "", 404}, {"other enterprise", other.Token, 404}, {"owner", ent.Token, 200}, {"bureau", boss.Token, 200}} {
			if got := h.do("GET", chPath(id), who.token, nil); got.Status != who.status {
				t.Errorf("%s reads the draft: %d", who.name, got.Status)
			}
		}

		r = h.must(h.do("POST", chPath(id, "submit"), ent.Token, nil, "Accept-Language", "en"), http.StatusUnprocessableEntity)
		if r.field("kpis") == "" {
			t.Errorf("submit without KPIs: %s", r.Raw)
		}
		h.must(h.do("PATCH", chPath(id), ent.Token, map[string]any{"kpis": chBody()["kpis"]}), http.StatusOK)
		r = h.must(h.do("POST", chPath(id, "submit"), ent.Token, nil), http.StatusOK)
		if r.str("status") != "submitted" || r.str("submitted_at") == "" {
			t.Fatalf("submitted %s", r.Raw)
		}
		h.must(h.do("PATCH", chPath(id), ent.Token, map[string]any{"title": "改"}), http.StatusConflict)

		r = h.must(h.do("POST", chPath(id, "validate"), boss.Token, map[string]any{"decision": "return", "opinion": "KPI 须给出测试工况"}), http.StatusOK)
		if r.str("status") != "returned" || r.str("last_opinion") != "KPI 须给出测试工况" {
			t.Fatalf("returned %s", r.Raw)
		}
		if r = h.must(h.do("GET", chPath(id), ent.Token, nil), http.StatusOK); r.str("last_opinion") != "KPI 须给出测试工况" {
			t.Errorf("owner does not see the opinion: %s", r.Raw)
		}
		h.must(h.do("PATCH", chPath(id), ent.Token, map[string]any{"problem": "在 150℃ 工况下……"}), http.StatusOK)
		h.must(h.do("POST", chPath(id, "submit"), ent.Token, nil), http.StatusOK)
		r = h.must(h.do("POST", chPath(id, "validate"), boss.Token, map[string]any{"decision": "approve", "opinion": "同意张榜"}), http.StatusOK)
		if r.str("status") != "approved" || r.str("approved_at") == "" {
			t.Fatalf("approved %s", r.Raw)
		}
		if h.do("GET", chPath(id), "", nil).Status != http.StatusNotFound {
			t.Error("an approved, unpublished challenge is public")
		}

		deadline := T0.Add(10*24*time.Hour + time.Hour)
		r = h.must(h.do("POST", chPath(id, "publish"), boss.Token, map[string]any{"bid_deadline": deadline.Format(time.RFC3339)}), http.StatusOK)
		if r.str("status") != "published" || r.num("days_left") != 10 || r.str("published_at") == "" {
			t.Fatalf("published %s", r.Raw)
		}
		r = h.must(h.do("GET", chPath(id), "", nil), http.StatusOK)
		if got := chHistory(r); !reflect.DeepEqual(got, []string{"publish"}) || r.str("last_opinion") != "" || len(chOpinions(r)) != 0 {
			t.Errorf("public view: history %v, opinions %v, last %q", got, chOpinions(r), r.str("last_opinion"))
		}
		r = h.must(h.do("GET", chPath(id), ent.Token, nil), http.StatusOK)
		want := []string{"create", "submit", "return", "submit", "approve", "publish"}
		if got := chHistory(r); !reflect.DeepEqual(got, want) || len(chOpinions(r)) != 2 {
			t.Errorf("owner view: history %v, opinions %v", got, chOpinions(r))
		}

		r = h.must(h.do("PATCH", chPath(id), ent.Token, map[string]any{"title": "改"}), http.StatusConflict)
		if r.code() != "invalid_transition" {
			t.Errorf("edit after publication: %s", r.Raw)
		}
		r = h.must(h.do("POST", chPath(id, "amendments"), boss.Token, map[string]any{"content": "指标二的测试标准更正为 GB/T 18488-2024"}), http.StatusCreated)
		if r.num("id") == 0 || r.str("created_by_name") == "" {
			t.Errorf("amendment %s", r.Raw)
		}
		r = h.must(h.do("GET", chPath(id), "", nil), http.StatusOK)
		if ams, _ := r.Body["amendments"].([]any); len(ams) != 1 {
			t.Errorf("amendments shown: %v", r.Body["amendments"])
		}

		r = h.must(h.do("POST", chPath(id, "close-bidding"), boss.Token, nil), http.StatusConflict)
		if r.code() != "deadline_not_reached" {
			t.Errorf("early close: %s", r.Raw)
		}
		h.advance(10 * 24 * time.Hour)
		if r = h.must(h.do("GET", chPath(id), "", nil), http.StatusOK); r.str("status") != "published" || r.num("days_left") != 0 {
			t.Errorf("an hour before the deadline: %s %v", r.str("status"), r.Body["days_left"])
		}
		h.advance(time.Hour + domain.ArrivalGrace)     // the scheduler closes once the arrival grace has passed
		boss.Token = h.login(boss.Email, testPassword) // the access token expired while the clock moved
		r = h.must(h.do("GET", chPath(id), "", nil), http.StatusOK)
		if r.str("status") != "bidding_closed" || r.Body["days_left"] != nil || r.str("closed_at") == "" {
			t.Errorf("after the deadline: %s", r.Raw)
		}
		r = h.must(h.do("POST", chPath(id, "close-bidding"), boss.Token, nil), http.StatusConflict)
		if r.code() != "invalid_transition" {
			t.Errorf("second close: %s", r.Raw)
		}

		r = h.must(h.do("GET", fmt.Sprintf("/api/v1/audit?entity=challenge&entity_id=%d&page_size=100", id), boss.Token, nil), http.StatusOK)
		var actions []string
		for _, e := range r.items() {
			actions = append(actions, e["action"].(string)+"/"+e["actor_role"].(string))
		}
		wantAudit := "close_bidding/system amend/bureau publish/bureau approve/bureau submit/enterprise " +
			"edit/enterprise return/bureau submit/enterprise edit/enterprise create/enterprise"
		if strings.Join(actions, " ") != wantAudit {
			t.Errorf("audit trail\n got %s\nwant %s", strings.Join(actions, " "), wantAudit)
		}
		h.must(h.do("GET", "/api/v1/audit/verify", boss.Token, nil), http.StatusOK)
	})
}

// TestChallengeCancel cancels in several states: a challenge cancelled before publication stays private,
// one cancelled after publication stays on the board with its reason.
func TestChallengeCancel(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ent, boss := h.enterprise(), h.bureau()
		draft, published := h.chDraft(ent), h.chPublished(ent, 72*time.Hour)
		r := h.must(h.do("POST", chPath(draft, "cancel"), boss.Token, map[string]any{"reason": "企业撤回需求"}), http.StatusOK)
		if r.str("status") != "cancelled" || r.str("cancel_reason") != "企业撤回需求" {
			t.Fatalf("cancel draft: %s", r.Raw)
		}
		h.must(h.do("GET", chPath(draft), "", nil), http.StatusNotFound)
		h.must(h.do("POST", chPath(published, "cancel"), boss.Token, map[string]any{"reason": "技术路线已被攻克"}), http.StatusOK)
		r = h.must(h.do("GET", chPath(published), "", nil), http.StatusOK)
		if r.str("status") != "cancelled" || r.str("cancel_reason") != "技术路线已被攻克" {
			t.Errorf("public cancelled: %s", r.Raw)
		}
		r = h.must(h.do("POST", chPath(published, "cancel"), boss.Token, map[string]any{"reason": "再次"}), http.StatusConflict)
		if r.code() != "invalid_transition" {
			t.Errorf("cancel twice: %s", r.Raw)
		}
		rejected := h.chSubmitted(ent)
		h.must(h.do("POST", chPath(rejected, "validate"), boss.Token, map[string]any{"decision": "reject", "opinion": "不属于本地产业方向"}), http.StatusOK)
		h.must(h.do("POST", chPath(rejected, "cancel"), boss.Token, map[string]any{"reason": "x"}), http.StatusConflict)
		l := h.must(h.do("GET", "/api/v1/challenges", "", nil), http.StatusOK)
		if got := chIDs(l); !reflect.DeepEqual(got, []int64{published}) {
			t.Errorf("public board %v, want only the published-then-cancelled %d", got, published)
		}
	})
}
