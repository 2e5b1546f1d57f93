package api_test

import (
	"bytes"
	"net/http"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/repository"
)

// secondServer is another application on the same database as h (another server process on one PostgreSQL,
// or a second process on the same SQLite file), with its own caches.
func secondServer(t *testing.T, h *harness) *harness {
	t.Helper()
	db := h.app.DB
	other, err := repository.Open(repository.Options{URL: db.URL, SQLitePath: db.Path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = other.Close() })
	return newHarnessOn(t, other)
}

// listItem returns the item of a list response with the id (nil when absent).
func listItem(r resp, id int64) map[string]any {
	for _, it := range r.items() {
		if f, _ := it["id"].(float64); int64(f) == id {
			return it
		}
	}
	return nil
}

// TestSharedBoardPageFollowsChangesOnAnotherServer: a page of the board that one server serves from its
// encoded copy shows at once a state change made through another server, and so does a public detail after
// an amendment made there.
func TestSharedBoardPageFollowsChangesOnAnotherServer(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, a *harness) {
		b := secondServer(t, a)
		owner, boss := a.enterprise(), a.bureau()
		id := a.chPublished(owner, 72*time.Hour)
		team := a.team()
		var first []byte
		for range 2 { // the second read is the encoded copy
			r := b.must(b.do("GET", "/api/v1/challenges?page_size=5", "", nil), http.StatusOK)
			if it := listItem(r, id); it == nil || it["status"] != "published" {
				t.Fatalf("board on the second server: %s", r.Raw)
			}
			if first != nil && !bytes.Equal(first, r.Raw) {
				t.Fatalf("the same page changed without a change:\n%s\n%s", first, r.Raw)
			}
			first = r.Raw
			if r.Header.Get("Content-Length") == "" {
				t.Errorf("encoded page without Content-Length")
			}
		}
		// A logged-in reader who owns nothing on the page gets the same shared page.
		if r := b.must(b.do("GET", "/api/v1/challenges?page_size=5", team.Token, nil), http.StatusOK); !bytes.Equal(first, r.Raw) {
			t.Errorf("a team member's page differs from the anonymous one:\n%s\n%s", first, r.Raw)
		}
		for range 2 {
			b.must(b.do("GET", chPath(id), "", nil), http.StatusOK)
		}

		a.must(a.do("POST", chPath(id, "amendments"), boss.Token, map[string]any{"content": "补充检测标准"}), http.StatusCreated)
		d := b.must(b.do("GET", chPath(id), "", nil), http.StatusOK)
		if ams, _ := d.Body["amendments"].([]any); len(ams) != 1 {
			t.Fatalf("amendment made on the first server not shown by the second: %s", d.Raw)
		}
		a.must(a.do("POST", chPath(id, "cancel"), boss.Token, map[string]any{"reason": "企业撤回需求"}), http.StatusOK)
		r := b.must(b.do("GET", "/api/v1/challenges?page_size=5", "", nil), http.StatusOK)
		if it := listItem(r, id); it != nil && it["status"] != "cancelled" {
			t.Fatalf("cancellation on the first server not shown on the second's board: %s", r.Raw)
		}
		if d := b.must(b.do("GET", chPath(id), "", nil), http.StatusOK); d.str("status") != "cancelled" {
			t.Fatalf("cancellation not shown in the second server's detail: %s", d.Raw)
		}
	})
}

// TestSharedBoardPageDaysLeftAndOwnerView: the encoded page follows the clock (days left) without any change
// of a challenge, and the owner organisation, who sees its own opinion, never gets the shared encoding.
func TestSharedBoardPageDaysLeftAndOwnerView(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	owner, boss := h.enterprise(), h.bureau()
	id := h.chSubmitted(owner)
	h.must(h.do("POST", chPath(id, "validate"), boss.Token, map[string]any{"decision": "return", "opinion": "KPI 须给出测试工况"}), http.StatusOK)
	h.must(h.do("POST", chPath(id, "submit"), owner.Token, nil), http.StatusOK)
	h.must(h.do("POST", chPath(id, "validate"), boss.Token, map[string]any{"decision": "approve"}), http.StatusOK)
	h.must(h.do("POST", chPath(id, "publish"), boss.Token,
		map[string]any{"bid_deadline": h.clock.Now().Add(72 * time.Hour).Format(time.RFC3339)}), http.StatusOK)

	days := func(token string) (float64, any) {
		t.Helper()
		it := listItem(h.must(h.do("GET", "/api/v1/challenges", token, nil), http.StatusOK), id)
		if it == nil {
			t.Fatalf("challenge %d not on the board", id)
		}
		d, _ := it["days_left"].(float64)
		return d, it["last_opinion"]
	}
	for range 2 {
		if d, op := days(""); d != 3 || op != "" {
			t.Fatalf("anonymous: days_left %v, last_opinion %q", d, op)
		}
	}
	if _, op := days(owner.Token); op != "KPI 须给出测试工况" {
		t.Errorf("owner after the shared page was encoded: last_opinion %q", op)
	}
	if _, op := days(""); op != "" {
		t.Errorf("anonymous after the owner's read: last_opinion %q", op)
	}
	// Published at 09:00 China time with the deadline at 09:00 three days on: 25 hours later it is the next
	// China date, two calendar days before the deadline's.
	h.clock.Advance(25 * time.Hour)
	if d, _ := days(""); d != 2 {
		t.Errorf("a day later: days_left %v, want 2", d)
	}
	h.clock.Advance(24 * time.Hour)
	if d, _ := days(""); d != 1 {
		t.Errorf("two days later: days_left %v, want 1", d)
	}
}

// TestBureauBoardPageIsEveryOfficersAndFollowsChanges: the bureau's board (every status) is encoded once for
// all officers; a second officer, a fresh server and the first server after a change made elsewhere all
// answer what a server without any cache would.
func TestBureauBoardPageIsEveryOfficersAndFollowsChanges(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, a *harness) {
		b := secondServer(t, a)
		owner, boss, other := a.enterprise(), a.bureau(), a.staff(domain.RoleBureau)
		id := a.chPublished(owner, 72*time.Hour)
		draft := a.chSubmitted(owner)
		const q = "/api/v1/challenges?page_size=10"
		fresh := func() []byte { // a server with empty caches
			c := secondServer(t, a)
			return c.must(c.do("GET", q, boss.Token, nil), http.StatusOK).Raw
		}
		var first []byte
		for range 2 {
			r := b.must(b.do("GET", q, boss.Token, nil), http.StatusOK)
			if listItem(r, id) == nil || listItem(r, draft) == nil {
				t.Fatalf("the bureau's board lacks a challenge: %s", r.Raw)
			}
			if first != nil && !bytes.Equal(first, r.Raw) {
				t.Fatalf("the same page changed without a change:\n%s\n%s", first, r.Raw)
			}
			first = r.Raw
		}
		if r := b.must(b.do("GET", q, other.Token, nil), http.StatusOK); !bytes.Equal(first, r.Raw) {
			t.Fatalf("another officer reads another page:\n%s\n%s", first, r.Raw)
		}
		if f := fresh(); !bytes.Equal(first, f) {
			t.Fatalf("cached page differs from a fresh read:\n%s\n%s", first, f)
		}
		// The submitted challenge is returned through the first server: the second server's page follows.
		a.must(a.do("POST", chPath(draft, "validate"), boss.Token, map[string]any{"decision": "return", "opinion": "请补充指标测试方法"}), http.StatusOK)
		r := b.must(b.do("GET", q, boss.Token, nil), http.StatusOK)
		if it := listItem(r, draft); it == nil || it["status"] != "returned" {
			t.Fatalf("the bureau's board after the return: %s", r.Raw)
		}
		if f := fresh(); !bytes.Equal(r.Raw, f) {
			t.Fatalf("cached page after the change differs from a fresh read:\n%s\n%s", r.Raw, f)
		}
		// The page is not the public one: an anonymous reader does not see the returned challenge.
		if p := b.must(b.do("GET", q, "", nil), http.StatusOK); listItem(p, draft) != nil {
			t.Fatalf("the public board shows a returned challenge: %s", p.Raw)
		}
	})
}
