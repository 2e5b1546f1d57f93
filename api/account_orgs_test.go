package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"jiebang/domain"
)

func TestOrgVerifyAndCredit(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		boss := h.bureau()
		e := h.register(domain.RoleEnterprise, "enterprise", false)
		path := fmt.Sprintf("/api/v1/orgs/%d", e.OrgID)

		r := h.must(h.do("POST", path+"/verify", boss.Token, nil), http.StatusOK)
		if r.Body["verified"] != true || r.num("id") != e.OrgID {
			t.Fatalf("verify: %s", r.Raw)
		}
		if x := h.do("POST", path+"/verify", boss.Token, nil); x.Status != http.StatusConflict || x.code() != "already_verified" {
			t.Fatalf("verify twice: %d %s", x.Status, x.Raw)
		}
		for _, c := range []struct {
			name   string
			path   string
			status int
			code   string
		}{
			{"unknown org", "/api/v1/orgs/999999/verify", http.StatusNotFound, "not_found"},
			{"bad id", "/api/v1/orgs/abc/verify", http.StatusNotFound, "not_found"},
			{"zero id", "/api/v1/orgs/0/verify", http.StatusNotFound, "not_found"},
		} {
			if x := h.do("POST", c.path, boss.Token, nil); x.Status != c.status || x.code() != c.code {
				t.Errorf("%s: %d %s", c.name, x.Status, x.Raw)
			}
		}

		credit := []struct {
			name   string
			body   any
			status int
			check  string
		}{
			{"malformed", "{", http.StatusBadRequest, "malformed_json"},
			{"bad status", map[string]any{"credit_status": "bad", "reason": "x"}, http.StatusUnprocessableEntity, "credit_status"},
			{"missing reason", map[string]any{"credit_status": "warned"}, http.StatusUnprocessableEntity, "reason"},
			{"long reason", map[string]any{"credit_status": "warned", "reason": strings.Repeat("理", 2001)}, http.StatusUnprocessableEntity, "reason"},
			{"unchanged", map[string]any{"credit_status": "good", "reason": "复核"}, http.StatusConflict, "credit_unchanged"},
			{"warn", map[string]any{"credit_status": "warned", "reason": "中期报告数据不实"}, http.StatusOK, "warned"},
			{"bar", map[string]any{"credit_status": "barred", "reason": "经查实存在学术不端"}, http.StatusOK, "barred"},
		}
		for _, c := range credit {
			x := h.do("POST", path+"/credit", boss.Token, c.body)
			ok := x.Status == c.status
			switch {
			case c.status == http.StatusOK:
				ok = ok && x.str("credit_status") == c.check
			case c.status == http.StatusUnprocessableEntity:
				ok = ok && x.field(c.check) != ""
			default:
				ok = ok && x.code() == c.check
			}
			if !ok {
				t.Errorf("credit %s: %d %s", c.name, x.Status, x.Raw)
			}
		}
		if x := h.do("POST", "/api/v1/orgs/999999/credit", boss.Token, map[string]any{"credit_status": "warned", "reason": "x"}); x.Status != http.StatusNotFound {
			t.Errorf("credit of unknown org: %d", x.Status)
		}
		me := h.must(h.do("GET", "/api/v1/me", e.Token, nil), http.StatusOK)
		if me.Body["org"].(map[string]any)["credit_status"] != "barred" {
			t.Fatalf("the member sees its org's status: %s", me.Raw)
		}
		a := h.must(h.do("GET", fmt.Sprintf("/api/v1/audit?entity=org&entity_id=%d", e.OrgID), boss.Token, nil), http.StatusOK)
		actions := []string{}
		for _, it := range a.items() {
			actions = append(actions, it["action"].(string))
		}
		if strings.Join(actions, ",") != "set_credit,set_credit,verify,create" || !strings.Contains(a.items()[0]["after"].(string), "学术不端") {
			t.Fatalf("org audit: %v %s", actions, a.Raw)
		}
		if v := h.must(h.do("GET", "/api/v1/audit/verify", boss.Token, nil), http.StatusOK); v.Body["ok"] != true {
			t.Fatalf("audit chain: %s", v.Raw)
		}
	})
}

func TestListOrgs(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		boss := h.bureau()
		v1, v2 := h.enterprise(), h.team()
		u := h.register(domain.RoleTeam, "research_institute", false)
		cases := []struct {
			query string
			want  []int64
			total int64
		}{
			{"", []int64{u.OrgID, v2.OrgID, v1.OrgID}, 3},
			{"?verified=true", []int64{v2.OrgID, v1.OrgID}, 2},
			{"?verified=false", []int64{u.OrgID}, 1},
			{"?q=" + v1.Credit[10:], []int64{v1.OrgID}, 1},
			{"?q=" + strings.ToLower(v1.Credit), []int64{v1.OrgID}, 1},
			{"?q=%E6%B5%8B%E8%AF%95%E5%8D%95%E4%BD%8D", []int64{u.OrgID, v2.OrgID, v1.OrgID}, 3}, // 测试单位
			{"?q=%25", []int64{}, 0},
			{"?page=2&page_size=2", []int64{v1.OrgID}, 3},
		}
		for _, c := range cases {
			r := h.must(h.do("GET", "/api/v1/orgs"+c.query, boss.Token, nil), http.StatusOK)
			got := []int64{}
			for _, it := range r.items() {
				got = append(got, int64(it["id"].(float64)))
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) || r.num("total") != c.total {
				t.Errorf("%q: got %v (total %d), want %v (%d)", c.query, got, r.num("total"), c.want, c.total)
			}
		}
		for _, q := range []string{"?verified=maybe", "?page=0", "?page_size=x"} {
			if r := h.do("GET", "/api/v1/orgs"+q, boss.Token, nil); r.Status != http.StatusBadRequest || r.code() != "invalid_query" {
				t.Errorf("%s: %d %s", q, r.Status, r.Raw)
			}
		}
	})
}
