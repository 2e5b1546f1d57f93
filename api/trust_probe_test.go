package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"jiebang/domain"
)

// TestTrustProbe calls the membership and audit endpoints as every kind of caller, with malformed paths and
// bodies, and in parallel bursts: nobody outside the organisation's administrator and the bureau changes or
// reads a membership, nothing answers 500, and a burst of approvals or hand-overs has one winner.
func TestTrustProbe(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		boss, admin := h.bureau(), h.staff(domain.RoleAdmin)
		tm := h.team()
		mate := h.joinOrg(domain.RoleTeam, tm)
		pend := h.requestJoin(domain.RoleTeam, tm)
		outsiders := map[string]user{"admin": admin, "enterprise": h.enterprise(), "other team": h.team(), "expert": h.expert(),
			"member": mate, "pending": pend, "anonymous": {}}
		org := tm.OrgID
		type call struct{ method, path string }
		calls := []call{
			{"GET", fmt.Sprintf("/api/v1/orgs/%d/members", org)},
			{"POST", memberPath(org, pend.ID, "approve")},
			{"POST", memberPath(org, pend.ID, "reject")},
			{"POST", memberPath(org, mate.ID, "remove")},
			{"POST", memberPath(org, mate.ID, "org-admin")},
			{"GET", "/api/v1/audit"},
			{"GET", "/api/v1/audit/verify"},
		}
		total, leaks, errors500 := 0, 0, 0
		for name, u := range outsiders {
			for _, c := range calls {
				var body any
				if c.method == "POST" {
					body = map[string]any{"reason": "探测"}
				}
				r := h.do(c.method, c.path, u.Token, body)
				total++
				if r.Status < 400 {
					leaks++
					t.Errorf("%s %s %s: %d %s", name, c.method, c.path, r.Status, r.Raw)
				}
				if r.Status >= 500 {
					errors500++
				}
			}
		}
		// Malformed ids and bodies, as the administrator.
		for _, p := range []string{"0", "-1", "abc", "99999999999999999999", "1.5", "%00"} {
			for _, path := range []string{"/api/v1/orgs/" + p + "/members", fmt.Sprintf("/api/v1/orgs/%d/members/%s/approve", org, p),
				"/api/v1/orgs/" + p + fmt.Sprintf("/members/%d/reject", pend.ID)} {
				method := "POST"
				if strings.HasSuffix(path, "/members") {
					method = "GET"
				}
				r := h.do(method, path, tm.Token, map[string]any{"reason": "x"})
				total++
				if r.Status >= 500 || r.Status < 400 {
					errors500++
					t.Errorf("%s %s: %d %s", method, path, r.Status, r.Raw)
				}
			}
		}
		for _, b := range []any{"{", "[]", `{"reason":5}`, `{"reason":"a\u0000b"}`, "\xff\xfe", `{"reason":null}`, strings.Repeat(`{"a":`, 5000),
			map[string]any{"reason": strings.Repeat("长", 5000)}, ""} {
			for _, a := range []string{"reject", "remove"} {
				r := h.do("POST", memberPath(org, pend.ID, a), tm.Token, b)
				total++
				if r.Status >= 500 || r.Status < 400 {
					errors500++
					t.Errorf("%s with %.40v: %d %s", a, b, r.Status, r.Raw)
				}
			}
		}
		// Bursts: the administrator and the bureau approve the same request 20 times in parallel.
		var wg sync.WaitGroup
		var mu sync.Mutex
		won := 0
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tok := tm.Token
				if i%2 == 1 {
					tok = boss.Token
				}
				r := h.do("POST", memberPath(org, pend.ID, "approve"), tok, nil)
				mu.Lock()
				defer mu.Unlock()
				total++
				switch {
				case r.Status == http.StatusOK:
					won++
				case r.Status >= 500:
					errors500++
				}
			}()
		}
		wg.Wait()
		if won != 1 {
			t.Errorf("parallel approvals: %d succeeded, want 1", won)
		}
		// Parallel hand-overs to two members: exactly one administrator in the end.
		for _, target := range []user{mate, pend} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := h.do("POST", memberPath(org, target.ID, "org-admin"), tm.Token, nil)
				mu.Lock()
				total++
				if r.Status >= 500 {
					errors500++
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		l := h.must(h.do("GET", fmt.Sprintf("/api/v1/orgs/%d/members?membership=active", org), boss.Token, nil), http.StatusOK)
		admins := 0
		for _, it := range l.items() {
			if it["org_admin"] == true {
				admins++
			}
		}
		if admins != 1 || errors500 != 0 {
			t.Errorf("after parallel hand-overs: %d administrators; %d answers of 500", admins, errors500)
		}
		t.Logf("probe: %d calls, %d leaks, %d server errors", total, leaks, errors500)
	})
}
