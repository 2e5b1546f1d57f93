package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jiebang/domain"
	"jiebang/domain/calendar"
)

// registerItems reads GET /audit/register?query as token, every page.
func (h *harness) registerItems(token, query string) ([]map[string]any, int64) {
	h.t.Helper()
	r := h.must(h.do("GET", "/api/v1/audit/register?page_size=100&"+query, token, nil), http.StatusOK)
	total, _ := r.Body["total"].(float64)
	return r.items(), int64(total)
}

func num(m map[string]any, k string) int64 {
	f, _ := m[k].(float64)
	return int64(f)
}

// TestAuditRegister: the register filters by person, organisation, challenge, kind of event and China dates;
// hides sign-ins and token refreshes unless asked; names each event in Chinese and English, shows the changes
// as field: before → after and what the entry concerns; pages; the administrator reads it with the process's
// contents withheld; other roles may not; a bad query is a 400; the Excel export holds the filtered view.
func TestAuditRegister(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.bidsClosed(2, 0)
		other := h.chSubmitted(h.enterprise()) // another challenge, another organisation
		boss := h.bureau().Token
		owner := f.owner

		// session noise hidden by default, shown on request
		all, total := h.registerItems(boss, "")
		if total == 0 || int64(len(all)) > total {
			t.Fatalf("register: %d of %d", len(all), total)
		}
		for _, e := range all {
			if e["entity"] == "user" && (e["action"] == "login" || e["action"] == "refresh" || e["action"] == "logout") {
				t.Fatalf("session noise shown by default: %v", e)
			}
		}
		withSession, totalWith := h.registerItems(boss, "session=true")
		logins := 0
		for _, e := range withSession {
			if e["action"] == "login" {
				logins++
				if lab := e["action_label"].(map[string]any); lab["zh"] != "登录" || lab["en"] != "Signed in" {
					t.Errorf("login label: %v", lab)
				}
			}
		}
		if logins == 0 || totalWith <= total {
			t.Errorf("session=true shows sign-ins: %d logins, %d vs %d", logins, totalWith, total)
		}

		// by challenge: the challenge, its bids; nothing of the other challenge
		byCh, _ := h.registerItems(boss, "challenge_id="+fmtInt(f.ch))
		kinds := map[string]bool{}
		for _, e := range byCh {
			kinds[e["entity"].(string)+"."+e["action"].(string)] = true
			if num(e, "challenge_id") != f.ch || e["challenge_title"] == "" {
				t.Errorf("entry of another challenge or untitled: %v", e)
			}
		}
		for _, want := range []string{"challenge.create", "challenge.submit", "challenge.publish", "bid.submit", "bid.mark_eligible"} {
			if !kinds[want] {
				t.Errorf("challenge %d: no %s in %v", f.ch, want, kinds)
			}
		}
		var submit map[string]any
		for _, e := range byCh {
			if e["entity"] == "challenge" && e["action"] == "submit" {
				submit = e
			}
		}
		if submit == nil {
			t.Fatal("no challenge submit entry")
		}
		if lab := submit["action_label"].(map[string]any); lab["zh"] != "提交榜单论证" {
			t.Errorf("submit label: %v", lab)
		}
		changes := submit["changes"].([]any)
		if len(changes) != 1 {
			t.Fatalf("submit changes only the status: %v", changes)
		}
		ch := changes[0].(map[string]any)
		if ch["field"] != "status" || ch["before"] != "draft" || ch["after"] != "submitted" || ch["field_label"].(map[string]any)["zh"] != "状态" {
			t.Errorf("status change: %v", ch)
		}
		if submit["org_name"] == "" || num(submit, "org_id") == 0 {
			t.Errorf("the posting organisation is named: %v", submit)
		}

		// by kind of event
		bids, _ := h.registerItems(boss, "action=bid.submit")
		if len(bids) < 2 {
			t.Errorf("bid submissions: %d", len(bids))
		}
		for _, e := range bids {
			if e["entity"] != "bid" || e["action"] != "submit" || e["action_label"].(map[string]any)["zh"] != "提交申报" {
				t.Errorf("action filter: %v", e)
			}
		}

		// by person: what the owner did or what concerns the owner's account
		mine, _ := h.registerItems(boss, "person_id="+fmtInt(owner.ID))
		if len(mine) == 0 {
			t.Fatal("no entry of the owner")
		}
		for _, e := range mine {
			if num(e, "actor_id") != owner.ID && !(e["entity"] == "user" && num(e, "entity_id") == owner.ID) {
				t.Errorf("entry of another person: %v", e)
			}
		}

		// by organisation: the owner's challenge (including the bureau's steps on it), not the teams' bids
		orgID := num(submit, "org_id")
		byOrg, _ := h.registerItems(boss, "org_id="+fmtInt(orgID))
		approved := false
		for _, e := range byOrg {
			if e["entity"] == "bid" {
				t.Errorf("a team's bid under the enterprise: %v", e)
			}
			if num(e, "challenge_id") == other {
				t.Errorf("another organisation's challenge: %v", e)
			}
			if e["action"] == "approve" && e["actor_role"] == "bureau" {
				approved = true
			}
		}
		if !approved {
			t.Errorf("the bureau's approval of the organisation's challenge is under it")
		}

		// by China date: today's entries, none up to yesterday
		today := h.clock.Now().In(calendar.China)
		if _, n := h.registerItems(boss, "to="+today.AddDate(0, 0, -10).Format(time.DateOnly)); n != 0 {
			t.Errorf("entries before the test began: %d", n)
		}
		if _, n := h.registerItems(boss, "from="+T0.In(calendar.China).Format(time.DateOnly)+"&to="+today.Format(time.DateOnly)); n != total {
			t.Errorf("the whole span: %d, want %d", n, total)
		}

		// paging
		p1 := h.must(h.do("GET", "/api/v1/audit/register?page_size=2", boss, nil), http.StatusOK)
		p2 := h.must(h.do("GET", "/api/v1/audit/register?page_size=2&page=2", boss, nil), http.StatusOK)
		if len(p1.items()) != 2 || len(p2.items()) != 2 || num(p1.items()[1], "id") <= num(p2.items()[0], "id") || p1.num("total") != total {
			t.Errorf("pages: %s / %s", p1.Raw, p2.Raw)
		}

		// the administrator: who and when; the contents of the process withheld, accounts in full
		admin := h.staff(domain.RoleAdmin)
		adm, _ := h.registerItems(admin.Token, "challenge_id="+fmtInt(f.ch))
		for _, e := range adm {
			if e["before"] != "" || e["after"] != "" || len(e["changes"].([]any)) != 0 {
				t.Errorf("the administrator reads a challenge's contents: %v", e)
			}
		}
		if len(adm) != len(byCh) || adm[0]["redacted"] != true {
			t.Errorf("the administrator sees the same entries, redacted: %d vs %d", len(adm), len(byCh))
		}
		acc, _ := h.registerItems(admin.Token, "entity=org")
		if len(acc) == 0 || acc[0]["redacted"] == true {
			t.Errorf("the administrator reads organisation entries in full: %v", acc)
		}

		// other roles; bad queries
		check(t, "enterprise", h.do("GET", "/api/v1/audit/register", owner.Token, nil), http.StatusForbidden, "forbidden")
		check(t, "team", h.do("GET", "/api/v1/audit/register.xlsx", f.teams[0].Token, nil), http.StatusForbidden, "forbidden")
		check(t, "anonymous", h.do("GET", "/api/v1/audit/register", "", nil), http.StatusUnauthorized, "unauthenticated")
		for _, q := range []string{"from=2026-13-01", "to=yesterday", "entity=nope", "org_id=x", "person_id=-1", "session=maybe",
			"from=2026-12-02&to=2026-12-01"} {
			check(t, q, h.do("GET", "/api/v1/audit/register?"+q, boss, nil), http.StatusBadRequest, "invalid_query")
		}

		// the catalogue
		cat := h.must(h.do("GET", "/api/v1/audit/actions", boss, nil), http.StatusOK)
		found := false
		for _, it := range cat.items() {
			if it["key"] == "bid.submit" && it["label"].(map[string]any)["zh"] == "提交申报" && it["session"] == false {
				found = true
			}
		}
		if !found {
			t.Errorf("catalogue: %s", cat.Raw)
		}

		// Excel of the filtered view
		x := h.do("GET", "/api/v1/audit/register.xlsx?challenge_id="+fmtInt(f.ch), boss, nil)
		if x.Status != http.StatusOK || !strings.Contains(x.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("xlsx: %d %v", x.Status, x.Header)
		}
		book, err := excelize.OpenReader(bytes.NewReader(x.Raw))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := book.GetRows("审计台账")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(byCh)+1 || rows[0][0] != "序号" {
			t.Fatalf("workbook rows: %d, want %d", len(rows), len(byCh)+1)
		}
		joined := fmt.Sprint(rows)
		if !strings.Contains(joined, "状态：draft → submitted") || !strings.Contains(joined, "提交申报") {
			t.Errorf("workbook content: %v", rows[:min(len(rows), 4)])
		}
	})
}
