package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"jiebang/domain"
)

// TestBidSealedUntilTheClose checks who reads a bid before and after bidding closes.
func TestBidSealedUntilTheClose(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, otherEnt, tm, otherTeam, exp := h.enterprise(), h.enterprise(), h.team(), h.team(), h.expert()
		mate := h.joinOrg(domain.RoleTeam, tm)
		sameOrgEnterprise := h.joinOrg(domain.RoleEnterprise, owner)
		ch := h.chPublished(owner, 72*time.Hour)
		id := h.bidSubmitted(tm, ch)
		h.must(h.do("PATCH", bidPath(id), tm.Token, map[string]any{"approach": "未提交的修改"}), http.StatusOK)
		withdrawnTeam := h.team()
		withdrawn := h.bidSubmitted(withdrawnTeam, ch)
		h.must(h.do("POST", bidPath(withdrawn, "withdraw"), withdrawnTeam.Token, nil), http.StatusOK)
		draftTeam := h.team()
		h.bidDraft(draftTeam, ch)

		before := []struct {
			name   string
			token  string
			status int
		}{
			{"team", tm.Token, 200}, {"team mate", mate.Token, 200}, {"bureau", h.bureau().Token, 200},
			{"owner enterprise", owner.Token, 404}, {"owner's colleague", sameOrgEnterprise.Token, 404},
			{"other enterprise", otherEnt.Token, 404}, {"other team", otherTeam.Token, 404}, {"expert", exp.Token, 404},
		}
		for _, c := range before {
			if r := h.do("GET", bidPath(id), c.token, nil); r.Status != c.status {
				t.Errorf("before the close, %s: %d", c.name, r.Status)
			}
		}
		if r := h.do("GET", chPath(ch, "bids"), owner.Token, nil); r.Status != 403 || r.code() != "bids_sealed" {
			t.Fatalf("owner's list before the close: %s", r.Raw)
		}
		if r := h.must(h.do("GET", chPath(ch, "bids"), h.bureau().Token, nil), http.StatusOK); r.num("total") != 2 {
			t.Fatalf("the bureau sees every submitted bid, withdrawn included, no drafts: %s", r.Raw)
		}

		h.advance(72*time.Hour + domain.ArrivalGrace)
		h.relogin(&owner, &otherEnt, &tm, &otherTeam, &sameOrgEnterprise)
		r := h.must(h.do("GET", bidPath(id), owner.Token, nil), http.StatusOK)
		if r.str("approach") == "未提交的修改" || r.Body["has_unsubmitted_changes"] != false || r.Body["precheck"] != nil || r.obj("receipt") == nil {
			t.Fatalf("the owner reads the latest submitted version only: %s", r.Raw)
		}
		if r := h.do("GET", bidPath(id), otherEnt.Token, nil); r.Status != 404 {
			t.Fatalf("another enterprise after the close: %d", r.Status)
		}
		if r := h.do("GET", bidPath(withdrawn), owner.Token, nil); r.Status != 404 {
			t.Fatalf("the owner does not read withdrawn bids: %d", r.Status)
		}
		list := h.must(h.do("GET", chPath(ch, "bids"), sameOrgEnterprise.Token, nil), http.StatusOK)
		if list.num("total") != 1 || int64(list.items()[0]["id"].(float64)) != id {
			t.Fatalf("owner's list after the close: %s", list.Raw)
		}
		if got := h.must(h.do("GET", bidPath(id, "versions"), owner.Token, nil), http.StatusOK); len(got.items()) != 1 {
			t.Fatalf("versions for the owner: %s", got.Raw)
		}
		if r := h.must(h.do("GET", bidPath(id), tm.Token, nil), http.StatusOK); r.str("approach") != "未提交的修改" {
			t.Fatal("the team keeps its working copy")
		}
	})
}

func TestBidEligibility(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, tm, related := h.enterprise(), h.team(), h.team()
		ch := h.chPublished(owner, 72*time.Hour)
		good := h.bidSubmitted(tm, ch)
		body := h.bidBody(h.piEmail())
		body["partners"].([]any)[0].(map[string]any)["credit_code"] = owner.Credit
		relBid := h.must(h.do("POST", chPath(ch, "bids"), related.Token, body), http.StatusCreated).num("id")
		h.must(h.do("POST", bidPath(relBid, "submit"), related.Token, nil), http.StatusOK)

		boss := h.bureau()
		pc := precheckOK(h.must(h.do("GET", bidPath(good), boss.Token, nil), http.StatusOK))
		for _, code := range []string{"credit_status", "pi_limit", "org_limit", "complete", "budget_cap", "related_party"} {
			if !pc[code] {
				t.Errorf("pre-check %s should pass: %v", code, pc)
			}
		}
		if pc := precheckOK(h.must(h.do("GET", bidPath(relBid), boss.Token, nil), http.StatusOK)); pc["related_party"] {
			t.Errorf("a partner with the poster's credit code is a related party: %v", pc)
		}
		if r := h.do("POST", bidPath(good, "eligibility"), boss.Token, map[string]any{"eligible": true}); r.code() != "bidding_not_closed" {
			t.Fatalf("before the close: %s", r.Raw)
		}

		h.advance(72*time.Hour + domain.ArrivalGrace)
		h.relogin(&owner, &tm, &related)
		boss = h.bureau()
		r := h.must(h.do("POST", bidPath(good, "eligibility"), boss.Token, map[string]any{"eligible": true}), http.StatusOK)
		if r.str("status") != "eligible" || r.Body["precheck"] == nil {
			t.Fatalf("eligible: %s", r.Raw)
		}
		r = h.must(h.do("POST", bidPath(relBid, "eligibility"), boss.Token,
			map[string]any{"eligible": false, "reason": "联合体成员与发榜企业存在关联关系"}), http.StatusOK)
		if r.str("status") != "ineligible" || r.str("eligibility_reason") != "联合体成员与发榜企业存在关联关系" {
			t.Fatalf("ineligible: %s", r.Raw)
		}
		if r := h.must(h.do("GET", bidPath(relBid), related.Token, nil), http.StatusOK); r.str("eligibility_reason") == "" || r.str("status") != "ineligible" {
			t.Fatalf("the team sees the reason: %s", r.Raw)
		}
		if r := h.must(h.do("GET", bidPath(relBid), owner.Token, nil), http.StatusOK); r.str("eligibility_reason") != "" || r.str("status") != "ineligible" {
			t.Fatalf("the enterprise sees the decision without the reason: %s", r.Raw)
		}
		// The bureau may revise its decision while the challenge is in eligibility checking.
		h.must(h.do("POST", bidPath(relBid, "eligibility"), boss.Token, map[string]any{"eligible": true, "reason": "经核实无关联"}), http.StatusOK)
		if got := auditActions(h, relBid); strings.Join(got, ",") != "create,mark_eligible,mark_ineligible,submit" {
			t.Fatalf("audit: %v", got)
		}
		if r := h.do("POST", bidPath(good, "withdraw"), tm.Token, nil); r.code() != "deadline_passed" {
			t.Fatalf("withdraw after the close: %s", r.Raw)
		}
	})
}

func TestBidLimits(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, tm, tm2 := h.enterprise(), h.team(), h.team()
		chs := []int64{h.chPublished(owner, 72*time.Hour), h.chPublished(owner, 72*time.Hour), h.chPublished(owner, 72*time.Hour),
			h.chPublished(owner, 72*time.Hour)}

		// A PI leads one active bid, whatever the case of the e-mail.
		pi := h.piEmail()
		first := h.must(h.do("POST", chPath(chs[0], "bids"), tm.Token, h.bidBody(pi)), http.StatusCreated).num("id")
		h.must(h.do("POST", bidPath(first, "submit"), tm.Token, nil), http.StatusOK)
		second := h.must(h.do("POST", chPath(chs[1], "bids"), tm2.Token, h.bidBody(fmt.Sprintf(" %s ", upper(pi)))), http.StatusCreated).num("id")
		if r := h.do("POST", bidPath(second, "submit"), tm2.Token, nil); r.Status != 409 || r.code() != "pi_limit_exceeded" {
			t.Fatalf("second bid of the PI: %d %s", r.Status, r.Raw)
		}
		h.must(h.do("POST", bidPath(first, "submit"), tm.Token, nil), http.StatusOK) // resubmitting does not count twice
		h.must(h.do("POST", bidPath(first, "withdraw"), tm.Token, nil), http.StatusOK)
		h.must(h.do("POST", bidPath(second, "submit"), tm2.Token, nil), http.StatusOK)

		// An organisation leads at most 3 active bids.
		for _, ch := range chs[1:] {
			h.bidSubmitted(tm, ch)
		}
		fifth := h.chPublished(owner, 72*time.Hour)
		// at its limit the organisation sees why before it starts, is not offered to bid, and cannot start a
		// draft it could never submit
		q := h.must(h.do("GET", chPath(fifth, "bid-quota"), tm.Token, nil), http.StatusOK)
		if q.num("org_active") != 3 || q.num("org_limit") != 3 || q.Body["can_start"] != false || blockedCode(q) != "org_limit_exceeded" {
			t.Fatalf("quota at the limit: %s", q.Raw)
		}
		if acts := h.must(h.do("GET", chPath(fifth), tm.Token, nil), http.StatusOK).Body["actions"]; hasAction(acts, "bid") {
			t.Fatalf("bid offered at the limit: %v", acts)
		}
		if r := h.do("POST", chPath(fifth, "bids"), tm.Token, h.bidBody(h.piEmail())); r.Status != 409 || r.code() != "org_limit_exceeded" {
			t.Fatalf("fourth active bid of the organisation: %d %s", r.Status, r.Raw)
		}
		// a colleague's organisation under its limit: the counts, and bid offered
		q = h.must(h.do("GET", chPath(fifth, "bid-quota"), tm2.Token, nil), http.StatusOK)
		if q.num("org_active") != 1 || q.Body["can_start"] != true || q.Body["blocked"] != nil || q.Body["org_bid_id"] != nil {
			t.Fatalf("quota under the limit: %s", q.Raw)
		}
		if acts := h.must(h.do("GET", chPath(fifth), tm2.Token, nil), http.StatusOK).Body["actions"]; !hasAction(acts, "bid") {
			t.Fatalf("bid not offered under the limit: %v", acts)
		}
		// the PI named: counted across organisations (the draft may still name another PI)
		q = h.must(h.do("GET", chPath(fifth, "bid-quota")+"?pi_email="+url.QueryEscape(upper(pi)), tm.Token, nil), http.StatusOK)
		if q.num("pi_active") != 1 || q.num("pi_limit") != 1 || q.str("pi_email") != strings.ToLower(pi) {
			t.Fatalf("quota of the PI: %s", q.Raw)
		}
		// on a challenge where the organisation already bids, its bid is named and no new one is started
		q = h.must(h.do("GET", chPath(chs[1], "bid-quota"), tm.Token, nil), http.StatusOK)
		if q.Body["org_bid_id"] == nil || q.Body["can_start"] != false || q.Body["blocked"] != nil {
			t.Fatalf("quota with a bid here: %s", q.Raw)
		}
		// only teams have a quota
		h.must(h.do("GET", chPath(fifth, "bid-quota"), owner.Token, nil), http.StatusForbidden)
		h.must(h.do("GET", chPath(fifth, "bid-quota"), "", nil), http.StatusUnauthorized)
		h.must(h.do("GET", chPath(999999, "bid-quota"), tm.Token, nil), http.StatusNotFound)

		// A barred organisation cannot bid; an unverified one neither.
		boss := h.bureau()
		h.must(h.do("POST", fmt.Sprintf("/api/v1/orgs/%d/credit", tm2.OrgID), boss.Token,
			map[string]any{"credit_status": "barred", "reason": "提供虚假材料"}), http.StatusOK)
		if r := h.do("POST", chPath(fifth, "bids"), tm2.Token, h.bidBody(h.piEmail())); r.Status != 403 || r.code() != "org_barred" {
			t.Fatalf("barred organisation creating: %d %s", r.Status, r.Raw)
		}
		if r := h.do("POST", bidPath(second, "submit"), tm2.Token, nil); r.Status != 403 || r.code() != "org_barred" {
			t.Fatalf("barred organisation submitting: %d %s", r.Status, r.Raw)
		}
		unverified := h.register(domain.RoleTeam, "university", false)
		if r := h.do("POST", chPath(fifth, "bids"), unverified.Token, h.bidBody(h.piEmail())); r.Status != 403 || r.code() != "org_not_verified" {
			t.Fatalf("unverified organisation: %d %s", r.Status, r.Raw)
		}
		// A registered partner that is barred bars the consortium.
		clean := h.team()
		body := h.bidBody(h.piEmail())
		body["partners"].([]any)[0].(map[string]any)["credit_code"] = tm2.Credit
		withBarred := h.must(h.do("POST", chPath(fifth, "bids"), clean.Token, body), http.StatusCreated).num("id")
		if r := h.do("POST", bidPath(withBarred, "submit"), clean.Token, nil); r.Status != 403 || r.code() != "org_barred" {
			t.Fatalf("barred partner: %d %s", r.Status, r.Raw)
		}
	})
}

// TestBidLimitUnderConcurrentSubmissions submits two bids of the same PI from two organisations at once:
// exactly one passes.
func TestBidLimitUnderConcurrentSubmissions(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner := h.enterprise()
		for round := 0; round < 3; round++ {
			pi := h.piEmail()
			var ids [2]int64
			var teams [2]user
			for i := range ids {
				teams[i] = h.team()
				ch := h.chPublished(owner, 72*time.Hour)
				ids[i] = h.must(h.do("POST", chPath(ch, "bids"), teams[i].Token, h.bidBody(pi)), http.StatusCreated).num("id")
			}
			results := make(chan resp, 2)
			for i := range ids {
				go func() { results <- h.do("POST", bidPath(ids[i], "submit"), teams[i].Token, nil) }()
			}
			a, b := <-results, <-results
			ok, limited := 0, 0
			for _, r := range []resp{a, b} {
				switch {
				case r.Status == 200:
					ok++
				case r.Status == 409 && r.code() == "pi_limit_exceeded":
					limited++
				default:
					t.Fatalf("unexpected answer: %d %s", r.Status, r.Raw)
				}
			}
			if ok != 1 || limited != 1 {
				t.Fatalf("round %d: %d passed, %d limited", round, ok, limited)
			}
		}
	})
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}

// blockedCode is a bid quota's blocked.code ("" when not blocked).
func blockedCode(r resp) string {
	b, _ := r.Body["blocked"].(map[string]any)
	s, _ := b["code"].(string)
	return s
}

// hasAction reports whether a decoded actions list holds a.
func hasAction(acts any, a string) bool {
	l, _ := acts.([]any)
	return slices.Contains(l, any(a))
}
