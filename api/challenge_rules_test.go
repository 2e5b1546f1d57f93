package api_test

import (
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"sync"
	"testing"
	"time"

	"jiebang/domain"
)

// TestChallengeOrgRules: an unverified enterprise may draft but not submit; a barred one may not post.
func TestChallengeOrgRules(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		unverified := h.register(domain.RoleEnterprise, "enterprise", false)
		id := h.must(h.do("POST", "/api/v1/challenges", unverified.Token, chBody()), http.StatusCreated).num("id")
		r := h.must(h.do("POST", chPath(id, "submit"), unverified.Token, nil), http.StatusForbidden)
		if r.code() != "org_not_verified" {
			t.Errorf("unverified submit: %s", r.Raw)
		}
		h.must(h.do("POST", fmt.Sprintf("/api/v1/orgs/%d/verify", unverified.OrgID), h.bureau().Token, nil), http.StatusOK)
		h.must(h.do("POST", chPath(id, "submit"), unverified.Token, nil), http.StatusOK)

		barred := h.enterprise()
		draft := h.chDraft(barred)
		h.must(h.do("POST", fmt.Sprintf("/api/v1/orgs/%d/credit", barred.OrgID), h.bureau().Token,
			map[string]any{"credit_status": "barred", "reason": "提供虚假材料"}), http.StatusOK)
		if r := h.do("POST", "/api/v1/challenges", barred.Token, chBody()); r.Status != 403 || r.code() != "org_barred" {
			t.Errorf("barred create: %d %s", r.Status, r.Raw)
		}
		if r := h.do("POST", chPath(draft, "submit"), barred.Token, nil); r.Status != 403 || r.code() != "org_barred" {
			t.Errorf("barred submit: %d %s", r.Status, r.Raw)
		}
	})
}

// TestChallengeSubmitCompleteness: submission names every missing or wrong field at once, with the money
// and stage rules of api-details.md.
func TestChallengeSubmitCompleteness(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ent := h.enterprise()
		fieldsOf := func(r resp) []string {
			e, _ := r.Body["error"].(map[string]any)
			d, _ := e["details"].(map[string]any)
			f, _ := d["field_codes"].(map[string]any)
			var out []string
			for k, v := range f {
				out = append(out, k+"="+v.(string))
			}
			sort.Strings(out)
			return out
		}
		cases := []struct {
			name string
			body map[string]any
			want []string
		}{
			{"nothing", map[string]any{"mode": "single"}, []string{"background=required", "budget_fen=required",
				"deliverables=required", "duration_months=required", "eligibility=required", "field=required",
				"gov_funding_fen=required", "ip_terms=required", "kpis=required", "problem=required", "stages=required", "title=required"}},
			{"kpi gaps", func() map[string]any {
				b := chBody()
				b["kpis"] = []any{map[string]any{"name": "强度", "target": 0, "unit": "MPa", "comparison": ">=", "method": "拉伸"},
					map[string]any{"name": "模量", "comparison": "<="}}
				return b
			}(), []string{"kpis[1].method=required", "kpis[1].target=required", "kpis[1].unit=required"}},
			{"money", func() map[string]any {
				b := chBody()
				b["cofunding_fen"], b["budget_fen"] = 1_000_000_00, 2_500_000_00
				return b
			}(), []string{"budget_fen=budget_too_low", "cofunding_fen=cofunding_too_low"}},
			{"stages", func() map[string]any {
				b := chBody()
				b["stages"] = []any{
					map[string]any{"name": "中期", "offset_months": 12, "funding_share_pct": 60},
					map[string]any{"name": "中期", "offset_months": 6, "funding_share_pct": 50, "keep_top": 4},
					map[string]any{"name": "验收", "offset_months": 30, "funding_share_pct": 0, "min_score": 101},
				}
				return b
			}(), []string{"stages=share_total_exceeded", "stages[1].keep_top=out_of_range", "stages[1].name=duplicate",
				"stages[1].offset_months=not_increasing", "stages[2].min_score=out_of_range", "stages[2].offset_months=out_of_range"}},
		}
		for _, c := range cases {
			b := c.body
			if c.name != "stages" {
				// Drafts may hold what submission refuses; the stage case breaks formats too (min_score 101).
				id := h.must(h.do("POST", "/api/v1/challenges", ent.Token, b), http.StatusCreated).num("id")
				r := h.must(h.do("POST", chPath(id, "submit"), ent.Token, nil), http.StatusUnprocessableEntity)
				if got := fieldsOf(r); !reflect.DeepEqual(got, c.want) {
					t.Errorf("%s:\n got %v\nwant %v", c.name, got, c.want)
				}
				continue
			}
			r := h.must(h.do("POST", "/api/v1/challenges", ent.Token, b), http.StatusUnprocessableEntity)
			if got := fieldsOf(r); !reflect.DeepEqual(got, []string{"stages[2].min_score=out_of_range"}) {
				t.Errorf("stage formats on create: %v", got)
			}
			delete(b["stages"].([]any)[2].(map[string]any), "min_score")
			id := h.must(h.do("POST", "/api/v1/challenges", ent.Token, b), http.StatusCreated).num("id")
			r = h.must(h.do("POST", chPath(id, "submit"), ent.Token, nil), http.StatusUnprocessableEntity)
			want := []string{"stages=share_total_exceeded", "stages[1].keep_top=out_of_range", "stages[1].name=duplicate",
				"stages[1].offset_months=not_increasing", "stages[2].offset_months=out_of_range"}
			if got := fieldsOf(r); !reflect.DeepEqual(got, want) {
				t.Errorf("stages:\n got %v\nwant %v", got, want)
			}
		}
	})
}

// TestChallengeConcurrentApprovals: two officers approve the same challenge at once; exactly one wins, the
// other gets 409 invalid_transition, and the audit trail has one approval.
func TestChallengeConcurrentApprovals(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ent := h.enterprise()
		officers := []user{h.bureau(), h.staff(domain.RoleBureau)}
		for round := 0; round < 3; round++ {
			id := h.chSubmitted(ent)
			results := make([]resp, len(officers))
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i, o := range officers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					results[i] = h.do("POST", chPath(id, "validate"), o.Token, map[string]any{"decision": "approve"})
				}()
			}
			close(start)
			wg.Wait()
			codes := []int{results[0].Status, results[1].Status}
			sort.Ints(codes)
			if !reflect.DeepEqual(codes, []int{200, 409}) {
				t.Fatalf("round %d: statuses %v: %s / %s", round, codes, results[0].Raw, results[1].Raw)
			}
			for _, r := range results {
				if r.Status == 409 && r.code() != "invalid_transition" {
					t.Errorf("loser: %s", r.Raw)
				}
			}
			a := h.must(h.do("GET", fmt.Sprintf("/api/v1/audit?entity=challenge&entity_id=%d", id), officers[0].Token, nil), http.StatusOK)
			approvals := 0
			for _, e := range a.items() {
				if e["action"] == "approve" {
					approvals++
				}
			}
			if approvals != 1 {
				t.Errorf("round %d: %d approvals audited", round, approvals)
			}
		}
	})
}

// TestChallengeListing: visibility, filters, Chinese search, scope=mine, order and paging.
func TestChallengeListing(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		a, b, boss := h.enterprise(), h.enterprise(), h.bureau()
		draftA := h.chDraft(a)
		submittedB := h.chSubmitted(b)
		pubA := h.chPublished(a, 72*time.Hour)
		h.advance(time.Minute)
		boss.Token = h.login(boss.Email, testPassword)
		fiber := chBody()
		fiber["title"], fiber["field"], fiber["mode"], fiber["problem"] = "T800 级碳纤维复合材料低成本制备", "materials", "single", "降低 50% 成本"
		pubB := h.must(h.do("POST", "/api/v1/challenges", b.Token, fiber), http.StatusCreated).num("id")
		h.must(h.do("POST", chPath(pubB, "submit"), b.Token, nil), http.StatusOK)
		h.must(h.do("POST", chPath(pubB, "validate"), boss.Token, map[string]any{"decision": "approve"}), http.StatusOK)
		h.must(h.do("POST", chPath(pubB, "publish"), boss.Token, map[string]any{}), http.StatusOK)

		cases := []struct {
			name, query, token string
			want               []int64
		}{
			{"public board", "", "", []int64{pubB, pubA}},
			{"enterprise sees the board", "", a.Token, []int64{pubB, pubA}},
			{"bureau sees all", "", boss.Token, []int64{pubB, pubA, submittedB, draftA}},
			{"bureau queue", "?status=submitted", boss.Token, []int64{submittedB}},
			{"public asking for drafts", "?status=draft", "", nil},
			{"mine", "?scope=mine", a.Token, []int64{pubA, draftA}},
			{"mine with status", "?scope=mine&status=draft", a.Token, []int64{draftA}},
			{"field", "?field=materials", "", []int64{pubB}},
			{"mode", "?mode=race", "", []int64{pubA}},
			{"chinese title", "?q=%E7%A2%B3%E7%BA%A4%E7%BB%B4", "", []int64{pubB}},   // 碳纤维
			{"chinese problem", "?q=%E9%87%8D%E7%A8%80%E5%9C%9F", "", []int64{pubA}}, // 重稀土
			{"ascii case", "?q=t800", "", []int64{pubB}},
			{"percent literal", "?q=50%25", "", []int64{pubB}},
			{"percent alone", "?q=%25", "", []int64{pubB}},
			{"underscore literal", "?q=_", "", nil},
		}
		for _, c := range cases {
			r := h.must(h.do("GET", "/api/v1/challenges"+c.query, c.token, nil), http.StatusOK)
			if got := chIDs(r); !reflect.DeepEqual(got, c.want) || r.num("total") != int64(len(c.want)) {
				t.Errorf("%s: got %v total %d, want %v", c.name, got, r.num("total"), c.want)
			}
		}
		r := h.must(h.do("GET", "/api/v1/challenges?page=2&page_size=1", boss.Token, nil), http.StatusOK)
		if got := chIDs(r); !reflect.DeepEqual(got, []int64{pubA}) || r.num("total") != 4 || r.num("page") != 2 || r.num("page_size") != 1 {
			t.Errorf("page 2: %s", r.Raw)
		}
		r = h.must(h.do("GET", "/api/v1/challenges?page_size=1000", "", nil), http.StatusOK)
		if r.num("page_size") != 100 {
			t.Errorf("page size cap: %d", r.num("page_size"))
		}
		r = h.must(h.do("GET", "/api/v1/challenges?scope=mine", b.Token, nil), http.StatusOK)
		for _, it := range r.items() {
			if it["org_name"] == "" || it["last_opinion"] == nil {
				t.Errorf("list item lacks fields: %v", it)
			}
		}
		r = h.must(h.do("GET", chPath(pubB), "", nil), http.StatusOK)
		if dl, _ := time.Parse(time.RFC3339, r.str("bid_deadline")); !dl.Equal(h.clock.Now().Add(30 * 24 * time.Hour)) {
			t.Errorf("default deadline %s, want 30 days from %s", r.str("bid_deadline"), h.clock.Now())
		}
		f := h.must(h.do("GET", "/api/v1/meta/fields", "", nil), http.StatusOK)
		if it := f.items(); len(it) != 10 || it[0]["code"] != "equipment" || it[0]["name_zh"] != "高端装备" || it[3]["name_en"] != "Biomedicine" {
			t.Errorf("fields %s", f.Raw)
		}
	})
}
