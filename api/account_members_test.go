package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/notify"
)

func memberPath(org, user int64, action string) string {
	return fmt.Sprintf("/api/v1/orgs/%d/members/%d/%s", org, user, action)
}

// TestPendingMemberActsForNoOrganisation: someone who registers with a known (public) credit code sees and
// changes nothing of the organisation until its administrator approves; then it acts for it.
func TestPendingMemberActsForNoOrganisation(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, tm := h.enterprise(), h.team()
		ch := h.chPublished(owner, 72*time.Hour)
		other := h.chPublished(owner, 72*time.Hour)
		sealed := h.bidSubmitted(tm, ch)
		draftCh := h.chDraft(owner)

		p := h.requestJoin(domain.RoleTeam, tm)
		pe := h.requestJoin(domain.RoleEnterprise, owner)
		me := h.must(h.do("GET", "/api/v1/me", p.Token, nil), http.StatusOK)
		if me.str("membership") != "pending" || me.Body["org_admin"] != false || me.Body["org"] == nil {
			t.Fatalf("pending /me: %s", me.Raw)
		}
		if me := h.must(h.do("GET", "/api/v1/me", tm.Token, nil), http.StatusOK); me.str("membership") != "active" || me.Body["org_admin"] != true {
			t.Fatalf("the organisation's creator is its administrator: %s", me.Raw)
		}

		denied := []struct {
			name, method, path string
			token              string
			body               any
			status             int
		}{
			{"read the sealed bid", "GET", bidPath(sealed), p.Token, nil, http.StatusNotFound},
			{"read its versions", "GET", bidPath(sealed, "versions"), p.Token, nil, http.StatusNotFound},
			{"withdraw it", "POST", bidPath(sealed, "withdraw"), p.Token, nil, http.StatusNotFound},
			{"edit it", "PATCH", bidPath(sealed), p.Token, map[string]any{"approach": "x"}, http.StatusNotFound},
			{"list the organisation's bids", "GET", "/api/v1/me/bids", p.Token, nil, http.StatusForbidden},
			{"list the challenge's bids", "GET", chPath(ch, "bids"), p.Token, nil, http.StatusForbidden},
			{"bid for the organisation", "POST", chPath(other, "bids"), p.Token, h.bidBody(h.piEmail()), http.StatusForbidden},
			{"read the draft challenge", "GET", chPath(draftCh), pe.Token, nil, http.StatusNotFound},
			{"edit the draft challenge", "PATCH", chPath(draftCh), pe.Token, map[string]any{"title": "改"}, http.StatusNotFound},
			{"submit the draft challenge", "POST", chPath(draftCh, "submit"), pe.Token, nil, http.StatusNotFound},
			{"list the organisation's challenges", "GET", "/api/v1/challenges?scope=mine", pe.Token, nil, http.StatusBadRequest},
			{"post a challenge for the organisation", "POST", "/api/v1/challenges", pe.Token, chBody(), http.StatusForbidden},
			{"list the members", "GET", fmt.Sprintf("/api/v1/orgs/%d/members", tm.OrgID), p.Token, nil, http.StatusForbidden},
			{"approve itself", "POST", memberPath(tm.OrgID, p.ID, "approve"), p.Token, nil, http.StatusForbidden},
		}
		for _, d := range denied {
			if r := h.do(d.method, d.path, d.token, d.body); r.Status != d.status {
				t.Errorf("pending member may not %s: %d %s", d.name, r.Status, r.Raw)
			}
		}

		// The administrator sees the request first and approves it; the member then acts for the organisation.
		l := h.must(h.do("GET", fmt.Sprintf("/api/v1/orgs/%d/members", tm.OrgID), tm.Token, nil), http.StatusOK)
		if l.num("total") != 2 || int64(l.items()[0]["id"].(float64)) != p.ID || l.items()[0]["membership"] != "pending" {
			t.Fatalf("members: %s", l.Raw)
		}
		if r := h.must(h.do("GET", fmt.Sprintf("/api/v1/orgs/%d/members?membership=pending", tm.OrgID), tm.Token, nil), http.StatusOK); r.num("total") != 1 {
			t.Fatalf("pending filter: %s", r.Raw)
		}
		if r := h.must(h.do("POST", memberPath(tm.OrgID, p.ID, "approve"), tm.Token, nil), http.StatusOK); r.str("membership") != "active" {
			t.Fatalf("approve: %s", r.Raw)
		}
		h.must(h.do("POST", memberPath(owner.OrgID, pe.ID, "approve"), owner.Token, nil), http.StatusOK)
		h.must(h.do("GET", bidPath(sealed), p.Token, nil), http.StatusOK)
		if r := h.must(h.do("GET", "/api/v1/me/bids", p.Token, nil), http.StatusOK); r.num("total") != 1 {
			t.Fatalf("the approved member lists the organisation's bids: %s", r.Raw)
		}
		h.must(h.do("GET", chPath(draftCh), pe.Token, nil), http.StatusOK)
		if r := h.must(h.do("GET", "/api/v1/challenges?scope=mine", pe.Token, nil), http.StatusOK); r.num("total") != 3 {
			t.Fatalf("the approved member lists the organisation's challenges: %s", r.Raw)
		}
		if r := h.do("POST", memberPath(tm.OrgID, p.ID, "approve"), tm.Token, nil); r.Status != http.StatusConflict || r.code() != "invalid_transition" {
			t.Fatalf("approve twice: %d %s", r.Status, r.Raw)
		}
		a := h.must(h.do("GET", fmt.Sprintf("/api/v1/audit?entity=user&entity_id=%d", p.ID), h.bureau().Token, nil), http.StatusOK)
		if a.items()[0]["action"] != "approve_membership" || a.items()[0]["actor_id"].(float64) != float64(tm.ID) {
			t.Fatalf("audit: %s", a.Raw)
		}
	})
}

// TestMembershipManagement: rejection needs a reason; the administrator hands over its role and removes members;
// only the organisation's administrator and the bureau manage members.
func TestMembershipManagement(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		boss, adminUser, outsider := h.bureau(), h.staff(domain.RoleAdmin), h.team()
		tm := h.team()
		mate := h.joinOrg(domain.RoleTeam, tm)
		r := h.requestJoin(domain.RoleTeam, tm)
		org := tm.OrgID
		list := fmt.Sprintf("/api/v1/orgs/%d/members", org)

		for _, c := range []struct {
			name   string
			token  string
			method string
			path   string
			body   any
			status int
			code   string
		}{
			{"anonymous", "", "GET", list, nil, http.StatusUnauthorized, "unauthenticated"},
			{"another organisation's administrator", outsider.Token, "GET", list, nil, http.StatusForbidden, "not_org_admin"},
			{"a member who is not the administrator", mate.Token, "GET", list, nil, http.StatusForbidden, "not_org_admin"},
			{"the platform admin", adminUser.Token, "GET", list, nil, http.StatusForbidden, "not_org_admin"},
			{"outsider approves", outsider.Token, "POST", memberPath(org, r.ID, "approve"), nil, http.StatusForbidden, "not_org_admin"},
			{"member rejects", mate.Token, "POST", memberPath(org, r.ID, "reject"), map[string]any{"reason": "x"}, http.StatusForbidden, "not_org_admin"},
			{"unknown organisation", boss.Token, "GET", "/api/v1/orgs/999999/members", nil, http.StatusNotFound, "not_found"},
			{"user of another organisation", tm.Token, "POST", memberPath(org, outsider.ID, "approve"), nil, http.StatusNotFound, "not_found"},
			{"bad user id", tm.Token, "POST", fmt.Sprintf("%s/x/approve", list), nil, http.StatusNotFound, "not_found"},
			{"bad filter", tm.Token, "GET", list + "?membership=gone", nil, http.StatusUnprocessableEntity, "validation_failed"},
			{"malformed body", tm.Token, "POST", memberPath(org, r.ID, "reject"), "{", http.StatusBadRequest, "malformed_json"},
			{"reject without a reason", tm.Token, "POST", memberPath(org, r.ID, "reject"), map[string]any{"reason": "  "}, http.StatusUnprocessableEntity, "validation_failed"},
			{"reason too long", tm.Token, "POST", memberPath(org, r.ID, "reject"), map[string]any{"reason": strings.Repeat("长", 2001)}, http.StatusUnprocessableEntity, "validation_failed"},
			{"remove a pending user", tm.Token, "POST", memberPath(org, r.ID, "remove"), map[string]any{"reason": "x"}, http.StatusConflict, "invalid_transition"},
			{"hand over to a pending user", tm.Token, "POST", memberPath(org, r.ID, "org-admin"), nil, http.StatusConflict, "not_active_member"},
			{"remove the administrator", boss.Token, "POST", memberPath(org, tm.ID, "remove"), map[string]any{"reason": "x"}, http.StatusConflict, "org_admin_cannot_leave"},
			{"hand over to the administrator", tm.Token, "POST", memberPath(org, tm.ID, "org-admin"), nil, http.StatusConflict, "already_org_admin"},
		} {
			if x := h.do(c.method, c.path, c.token, c.body); x.Status != c.status || x.code() != c.code {
				t.Errorf("%s: %d %s", c.name, x.Status, x.Raw)
			}
		}

		rej := h.must(h.do("POST", memberPath(org, r.ID, "reject"), tm.Token, map[string]any{"reason": "查无此人"}), http.StatusOK)
		if rej.str("membership") != "rejected" || rej.str("membership_note") != "查无此人" {
			t.Fatalf("reject: %s", rej.Raw)
		}
		if me := h.must(h.do("GET", "/api/v1/me", r.Token, nil), http.StatusOK); me.str("membership") != "rejected" || me.str("membership_note") != "查无此人" {
			t.Fatalf("the rejected user sees why: %s", me.Raw)
		}
		if x := h.do("GET", "/api/v1/me/bids", r.Token, nil); x.Status != http.StatusForbidden {
			t.Fatalf("a rejected user acts for no organisation: %d", x.Status)
		}

		// Hand-over: the previous administrator stays a member and loses the member pages at once.
		if x := h.must(h.do("POST", memberPath(org, mate.ID, "org-admin"), tm.Token, nil), http.StatusOK); x.Body["org_admin"] != true {
			t.Fatalf("hand over: %s", x.Raw)
		}
		if x := h.do("GET", list, tm.Token, nil); x.Status != http.StatusForbidden {
			t.Fatalf("the previous administrator: %d", x.Status)
		}
		h.must(h.do("GET", "/api/v1/me/bids", tm.Token, nil), http.StatusOK)
		if x := h.must(h.do("POST", memberPath(org, tm.ID, "remove"), mate.Token, map[string]any{"reason": "已离职"}), http.StatusOK); x.str("membership") != "rejected" {
			t.Fatalf("remove: %s", x.Raw)
		}
		if x := h.do("GET", "/api/v1/me/bids", tm.Token, nil); x.Status != http.StatusForbidden {
			t.Fatalf("a removed member acts for no organisation: %d", x.Status)
		}
		// The bureau does all of it: re-admits and appoints.
		h.must(h.do("POST", memberPath(org, tm.ID, "approve"), boss.Token, nil), http.StatusOK)
		h.must(h.do("POST", memberPath(org, tm.ID, "org-admin"), boss.Token, nil), http.StatusOK)
		l := h.must(h.do("GET", list+"?membership=active", boss.Token, nil), http.StatusOK)
		admins := 0
		for _, it := range l.items() {
			if it["org_admin"] == true {
				admins++
			}
		}
		if l.num("total") != 2 || admins != 1 {
			t.Fatalf("one administrator: %s", l.Raw)
		}
		a := h.must(h.do("GET", fmt.Sprintf("/api/v1/audit?entity=user&entity_id=%d", r.ID), boss.Token, nil), http.StatusOK)
		if a.items()[0]["action"] != "reject_membership" || !strings.Contains(a.items()[0]["after"].(string), "查无此人") {
			t.Fatalf("audit: %s", a.Raw)
		}
		if v := h.must(h.do("GET", "/api/v1/audit/verify", boss.Token, nil), http.StatusOK); v.Body["ok"] != true {
			t.Fatalf("audit chain: %s", v.Raw)
		}
	})
}

// kinds returns the notification kinds of a user, newest first.
func (h *harness) kinds(u user) []string {
	h.t.Helper()
	l, _, err := h.app.Notify.List(context.Background(), domain.Actor{UserID: u.ID, Role: u.Role}, false, domain.Page{Page: 1, PageSize: 50})
	if err != nil {
		h.t.Fatal(err)
	}
	out := []string{}
	for _, n := range l.Items {
		out = append(out, n.Kind)
	}
	return out
}

// TestMembershipNotifications: the administrator hears of a request, the user of the outcome; organisation-wide
// notifications reach active members only.
func TestMembershipNotifications(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		tm := h.team()
		p, r := h.requestJoin(domain.RoleTeam, tm), h.requestJoin(domain.RoleTeam, tm)
		if got := strings.Join(h.kinds(tm), ","); got != "membership.requested,membership.requested" {
			t.Fatalf("administrator: %s", got)
		}
		ctx := context.Background()
		if err := h.app.Notify.ToOrg(ctx, tm.OrgID, domain.RoleTeam, notify.Message{Kind: "test.org", TitleZh: "全单位", TitleEn: "all"}); err != nil {
			t.Fatal(err)
		}
		if got := h.kinds(p); len(got) != 0 {
			t.Fatalf("a pending user hears nothing of the organisation: %v", got)
		}
		h.must(h.do("POST", memberPath(tm.OrgID, p.ID, "approve"), tm.Token, nil), http.StatusOK)
		h.must(h.do("POST", memberPath(tm.OrgID, r.ID, "reject"), tm.Token, map[string]any{"reason": "非本单位人员"}), http.StatusOK)
		if got := strings.Join(h.kinds(p), ","); got != "membership.approved" {
			t.Fatalf("approved user: %s", got)
		}
		if got := strings.Join(h.kinds(r), ","); got != "membership.rejected" {
			t.Fatalf("rejected user: %s", got)
		}
		if err := h.app.Notify.ToOrg(ctx, tm.OrgID, domain.RoleTeam, notify.Message{Kind: "test.org2", TitleZh: "全单位", TitleEn: "all"}); err != nil {
			t.Fatal(err)
		}
		if got := h.kinds(p); got[0] != "test.org2" || len(h.kinds(r)) != 1 {
			t.Fatalf("ToOrg reaches active members only: %v %v", got, h.kinds(r))
		}
	})
}
