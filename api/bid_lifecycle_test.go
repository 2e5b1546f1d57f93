package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"jiebang/domain"
)

var hexDigest = regexp.MustCompile(`^[0-9a-f]{64}$`)

// canonicalSHA recomputes a digest the way a third party would: parse, re-serialise with sorted keys and no
// whitespace, hash.
func canonicalSHA(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(bytes.TrimRight(buf.Bytes(), "\n"))
	return hex.EncodeToString(sum[:])
}

func auditActions(h *harness, bidID int64) []string {
	r := h.must(h.do("GET", fmt.Sprintf("/api/v1/audit?entity=bid&entity_id=%d&page_size=100", bidID), h.bureau().Token, nil), http.StatusOK)
	var out []string
	for _, it := range r.items() {
		out = append(out, it["action"].(string))
	}
	sort.Strings(out)
	return out
}

func TestBidDraftSubmitReviseWithdraw(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, tm := h.enterprise(), h.team()
		mate := h.joinOrg(domain.RoleTeam, tm)
		ch := h.chPublished(owner, 72*time.Hour)

		body := h.bidBody("Chen.ZY@Lab.example.cn")
		body["members"] = []any{map[string]any{"name": "周敏", "role": "电磁设计", "age": 29, "title": "讲师", "degree": "博士"}}
		r := h.must(h.do("POST", chPath(ch, "bids"), tm.Token, body), http.StatusCreated)
		id := r.num("id")
		if r.str("status") != "draft" || r.num("lead_org_id") != tm.OrgID || r.num("lead_share_pct") != 70 ||
			r.num("version") != 0 || r.Body["receipt"] != nil || r.num("budget_total_fen") != 180_000_000 || r.str("challenge_title") == "" {
			t.Fatalf("draft: %s", r.Raw)
		}
		for _, banned := range []string{`"age"`, "讲师", "博士", `"degree"`} {
			if strings.Contains(string(r.Raw), banned) {
				t.Fatalf("the bid must not carry %s (不设门槛): %s", banned, r.Raw)
			}
		}

		r = h.must(h.do("PATCH", bidPath(id), mate.Token, map[string]any{"approach": "方案第二稿", "lead_share_pct": 70}), http.StatusOK)
		if r.str("approach") != "方案第二稿" || r.num("lead_share_pct") != 70 || len(r.Body["plan"].([]any)) != 2 {
			t.Fatalf("patch by a team mate: %s", r.Raw)
		}

		h.clock.Advance(5 * time.Minute)
		r = h.must(h.do("POST", bidPath(id, "submit"), tm.Token, nil), http.StatusOK)
		rc := r.obj("receipt")
		digest1, _ := rc["digest"].(string)
		if r.str("status") != "submitted" || rc["version"].(float64) != 1 || !hexDigest.MatchString(digest1) ||
			rc["submitted_at"] != h.clock.Now().Format(time.RFC3339) || r.Body["has_unsubmitted_changes"] != false {
			t.Fatalf("submit: %s", r.Raw)
		}

		r = h.must(h.do("PATCH", bidPath(id), tm.Token, map[string]any{"approach": "方案第三稿", "lead_share_pct": nil}), http.StatusOK)
		if r.Body["has_unsubmitted_changes"] != true || r.num("lead_share_pct") != 70 || r.str("status") != "submitted" {
			t.Fatalf("revise after submission: %s", r.Raw)
		}
		boss := h.bureau()
		if got := h.must(h.do("GET", bidPath(id), boss.Token, nil), http.StatusOK); got.str("approach") != "方案第二稿" {
			t.Fatalf("the bureau must see the submitted version, not the working copy: %s", got.str("approach"))
		}
		h.clock.Advance(5 * time.Minute)
		r = h.must(h.do("POST", bidPath(id, "submit"), mate.Token, nil), http.StatusOK)
		digest2, _ := r.obj("receipt")["digest"].(string)
		if r.obj("receipt")["version"].(float64) != 2 || digest2 == digest1 {
			t.Fatalf("resubmit: %s", r.Raw)
		}

		vs := h.must(h.do("GET", bidPath(id, "versions"), tm.Token, nil), http.StatusOK)
		var versions struct {
			Items []struct {
				Version int             `json:"version"`
				Digest  string          `json:"digest"`
				Content json.RawMessage `json:"content"`
			} `json:"items"`
		}
		if err := json.Unmarshal(vs.Raw, &versions); err != nil || len(versions.Items) != 2 {
			t.Fatalf("versions: %s", vs.Raw)
		}
		for i, v := range versions.Items {
			if v.Version != i+1 || canonicalSHA(t, v.Content) != v.Digest {
				t.Fatalf("version %d: digest does not match its canonical content", v.Version)
			}
		}
		if versions.Items[0].Digest != digest1 || versions.Items[1].Digest != digest2 ||
			!strings.Contains(string(versions.Items[0].Content), "方案第二稿") || !strings.Contains(string(versions.Items[1].Content), "方案第三稿") {
			t.Fatal("versions do not keep each submission")
		}
		if got := h.must(h.do("GET", bidPath(id, "versions"), boss.Token, nil), http.StatusOK); len(got.items()) != 2 {
			t.Fatal("the bureau reads the versions")
		}

		mine := h.must(h.do("GET", "/api/v1/me/bids", mate.Token, nil), http.StatusOK)
		if mine.num("total") != 1 || int64(mine.items()[0]["id"].(float64)) != id {
			t.Fatalf("my bids: %s", mine.Raw)
		}
		list := h.must(h.do("GET", chPath(ch, "bids"), boss.Token, nil), http.StatusOK)
		if list.num("total") != 1 || list.items()[0]["precheck"] == nil {
			t.Fatalf("the bureau's list: %s", list.Raw)
		}
		if got := h.must(h.do("GET", chPath(ch, "bids"), h.team().Token, nil), http.StatusOK); got.num("total") != 0 {
			t.Fatal("another team sees no bid of others")
		}

		r = h.must(h.do("POST", bidPath(id, "withdraw"), tm.Token, nil), http.StatusOK)
		if r.str("status") != "withdrawn" {
			t.Fatalf("withdraw: %s", r.Raw)
		}
		for _, action := range []string{"submit", "withdraw"} {
			if got := h.do("POST", bidPath(id, action), tm.Token, nil); got.Status != 409 || got.code() != "invalid_transition" {
				t.Fatalf("%s after withdrawal: %d %s", action, got.Status, got.Raw)
			}
		}
		if got := h.do("PATCH", bidPath(id), tm.Token, map[string]any{"approach": "x"}); got.code() != "invalid_transition" {
			t.Fatalf("edit after withdrawal: %s", got.Raw)
		}
		again := h.must(h.do("POST", chPath(ch, "bids"), tm.Token, h.bidBody(h.piEmail())), http.StatusCreated).num("id")
		if again == id {
			t.Fatal("a new bid after withdrawal is a new bid")
		}

		want := []string{"create", "edit", "edit", "submit", "submit", "withdraw"}
		if got := auditActions(h, id); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("audit: %v, want %v", got, want)
		}
		if v := h.must(h.do("GET", "/api/v1/audit/verify", boss.Token, nil), http.StatusOK); v.Body["ok"] != true {
			t.Fatalf("audit chain: %s", v.Raw)
		}
	})
}

func TestBidSubmitChecksCompleteness(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, tm := h.enterprise(), h.team()
		ch := h.chPublished(owner, 72*time.Hour)
		id := h.must(h.do("POST", chPath(ch, "bids"), tm.Token, nil), http.StatusCreated).num("id")
		r := h.do("POST", bidPath(id, "submit"), tm.Token, nil)
		if r.Status != 422 {
			t.Fatalf("empty bid: %d %s", r.Status, r.Raw)
		}
		for _, f := range []string{"pi.name", "pi.email", "approach", "plan[0]", "plan[1]", "budget", "commitment_signed", "integrity_pledge_signed"} {
			if r.field(f) == "" {
				t.Errorf("missing field %s not reported: %s", f, r.Raw)
			}
		}

		body := h.bidBody(h.piEmail())
		plan := body["plan"].([]any)
		delete(plan[1].(map[string]any)["kpi_targets"].(map[string]any), "最高效率")
		body["budget"] = []any{map[string]any{"item": "设备费", "amount_fen": 200_000_001}}
		body["commitment_signed"] = false
		h.must(h.do("PATCH", bidPath(id), tm.Token, body), http.StatusOK)
		r = h.do("POST", bidPath(id, "submit"), tm.Token, nil, "Accept-Language", "en")
		if r.Status != 422 || r.field("plan[1].kpi_targets.最高效率") == "" || !strings.Contains(r.field("budget"), "exceeds") ||
			r.field("commitment_signed") == "" || r.field("pi.name") != "" {
			t.Fatalf("incomplete bid: %s", r.Raw)
		}

		body = h.bidBody(h.piEmail())
		body["partners"] = []any{map[string]any{"org_name": "甲", "credit_code": h.creditCode(), "role": "试制", "share_pct": 60},
			map[string]any{"org_name": "乙", "credit_code": h.creditCode(), "role": "测试", "share_pct": 40}}
		h.must(h.do("PATCH", bidPath(id), tm.Token, body), http.StatusOK)
		if r = h.do("POST", bidPath(id, "submit"), tm.Token, nil); r.field("lead_share_pct") == "" {
			t.Fatalf("partners leaving the lead no share: %s", r.Raw)
		}
		if got := h.must(h.do("GET", bidPath(id), tm.Token, nil), http.StatusOK); got.str("status") != "draft" || got.num("version") != 0 {
			t.Fatalf("a refused submission changes nothing: %s", got.Raw)
		}
	})
}

func TestBidDeadlineAndChallengeState(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, tm, late := h.enterprise(), h.team(), h.team()
		ch := h.chPublished(owner, 72*time.Hour)
		draft := h.bidDraft(tm, ch)
		att := h.must(h.upload(bidPath(draft, "attachments"), tm.Token, "file", "a.pdf", pdfBytes("deadline")), http.StatusCreated).num("id")
		h.must(h.do("POST", bidPath(draft, "submit"), tm.Token, nil), http.StatusOK)

		// The server clock passes the deadline; the scheduler has not closed the challenge yet.
		h.clock.Advance(72 * time.Hour)
		h.relogin(&owner, &tm, &late)
		if got := h.must(h.do("GET", chPath(ch), owner.Token, nil), http.StatusOK); got.str("status") != "published" {
			t.Fatalf("the challenge should still be published: %s", got.str("status"))
		}
		checks := []struct {
			name string
			r    func() resp
		}{
			{"create", func() resp { return h.do("POST", chPath(ch, "bids"), late.Token, h.bidBody(h.piEmail())) }},
			{"edit", func() resp { return h.do("PATCH", bidPath(draft), tm.Token, map[string]any{"approach": "迟到"}) }},
			{"submit", func() resp { return h.do("POST", bidPath(draft, "submit"), tm.Token, nil) }},
			{"withdraw", func() resp { return h.do("POST", bidPath(draft, "withdraw"), tm.Token, nil) }},
			{"upload", func() resp {
				return h.upload(bidPath(draft, "attachments"), tm.Token, "file", "b.pdf", pdfBytes("late"))
			}},
			{"delete", func() resp {
				return h.do("DELETE", fmt.Sprintf("%s/attachments/%d", bidPath(draft), att), tm.Token, nil)
			}},
		}
		for _, c := range checks {
			if r := c.r(); r.Status != 409 || r.code() != "deadline_passed" {
				t.Errorf("%s after the deadline: %d %s", c.name, r.Status, r.Raw)
			}
		}
		// The bids stay sealed to the owner while a change that arrived before the deadline may still be
		// recorded (domain.ArrivalGrace); the scheduler closes bidding once the grace has passed.
		if r := h.do("GET", chPath(ch, "bids"), owner.Token, nil); r.Status != 403 || r.code() != "bids_sealed" {
			t.Errorf("the owner's list within the arrival grace: %d %s", r.Status, r.Raw)
		}

		h.advance(domain.ArrivalGrace)
		h.relogin(&owner, &tm, &late)
		h.must(h.do("GET", chPath(ch, "bids"), owner.Token, nil), http.StatusOK)
		if got := h.must(h.do("GET", chPath(ch), owner.Token, nil), http.StatusOK); got.str("status") != "bidding_closed" {
			t.Fatalf("the scheduler should have closed bidding: %s", got.str("status"))
		}
		if r := h.do("POST", bidPath(draft, "submit"), tm.Token, nil); r.code() != "deadline_passed" {
			t.Errorf("submit after the close: %s", r.Raw)
		}

		other := h.chPublished(owner, 72*time.Hour)
		h.must(h.do("POST", chPath(other, "cancel"), h.bureau().Token, map[string]any{"reason": "需求变更"}), http.StatusOK)
		if r := h.do("POST", chPath(other, "bids"), late.Token, h.bidBody(h.piEmail())); r.Status != 409 || r.code() != "challenge_not_open" {
			t.Errorf("bid on a cancelled challenge: %d %s", r.Status, r.Raw)
		}
	})
}
