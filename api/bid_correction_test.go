package api_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"jiebang/domain"
)

// correctionFixture is a challenge whose bidding closed with two submitted bids; the first has one attachment.
type correctionFixture struct {
	owner, tm, tm2 user
	ch, bid, bid2  int64
	att            int64
}

func (h *harness) correctionFixture() correctionFixture {
	h.t.Helper()
	f := correctionFixture{owner: h.enterprise(), tm: h.team(), tm2: h.team()}
	f.ch = h.chPublished(f.owner, 72*time.Hour)
	f.bid = h.bidDraft(f.tm, f.ch)
	f.att = h.must(h.upload(bidPath(f.bid, "attachments"), f.tm.Token, "file", "合作协议.pdf", pdfBytes("agreement")), http.StatusCreated).num("id")
	h.must(h.do("POST", bidPath(f.bid, "submit"), f.tm.Token, nil), http.StatusOK)
	f.bid2 = h.bidSubmitted(f.tm2, f.ch)
	return f
}

// close moves the clock past the deadline (the scheduler closes bidding) and logs everyone in again.
func (h *harness) closeCorrectionFixture(f *correctionFixture) {
	h.t.Helper()
	h.advance(72*time.Hour + domain.ArrivalGrace)
	h.relogin(&f.owner, &f.tm, &f.tm2)
}

func defect(field string, what string) map[string]any {
	return map[string]any{"field": field, "what": what}
}

func TestBidCorrectionRequestResubmitAndClose(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		boss := h.bureau()
		f := h.correctionFixture()
		body := map[string]any{"defects": []any{defect("budget", "设备费缺少明细"),
			map[string]any{"attachment_id": f.att, "what": "合作协议未盖章"}}}
		// Only after the deadline.
		if r := h.do("POST", bidPath(f.bid, "correction"), boss.Token, body); r.Status != 409 || r.code() != "bidding_not_closed" {
			t.Fatalf("correction before the deadline: %d %s", r.Status, r.Raw)
		}
		h.closeCorrectionFixture(&f)
		boss = h.bureau()
		exp := h.expert()
		// Only the bureau.
		for _, c := range []struct {
			who    string
			tok    string
			status int
		}{{"team", f.tm.Token, 403}, {"owner", f.owner.Token, 403}, {"other team", f.tm2.Token, 403}, {"expert", exp.Token, 403}} {
			if r := h.do("POST", bidPath(f.bid, "correction"), c.tok, body); r.Status != c.status {
				t.Errorf("%s requests a correction: %d %s", c.who, r.Status, r.Raw)
			}
		}
		// Bad requests.
		for name, b := range map[string]map[string]any{
			"no defects":      {"defects": []any{}},
			"unknown field":   {"defects": []any{defect("colour", "x")}},
			"no what":         {"defects": []any{defect("budget", " ")}},
			"foreign file":    {"defects": []any{map[string]any{"attachment_id": 999999, "what": "x"}}},
			"both targets":    {"defects": []any{map[string]any{"field": "budget", "attachment_id": f.att, "what": "x"}}},
			"duplicate field": {"defects": []any{defect("budget", "a"), defect("budget", "b")}},
			"past due":        {"defects": []any{defect("budget", "a")}, "due": h.clock.Now().Add(-48 * time.Hour).Format("2006-01-02")},
			"bad due":         {"defects": []any{defect("budget", "a")}, "due": "next week"},
		} {
			if r := h.do("POST", bidPath(f.bid, "correction"), boss.Token, b); r.Status != 422 {
				t.Errorf("%s: %d %s", name, r.Status, r.Raw)
			}
		}
		r := h.must(h.do("POST", bidPath(f.bid, "correction"), boss.Token, body), http.StatusOK)
		corr := r.obj("correction")
		if r.str("status") != "submitted" || corr["status"] != "open" || corr["due_on"] == "" || len(corr["defects"].([]any)) != 2 {
			t.Fatalf("correction requested: %s", r.Raw)
		}
		if acts := fmt.Sprint(r.Body["actions"]); acts != "[close_correction]" {
			t.Errorf("bureau's actions under correction: %s", acts)
		}
		if r := h.do("POST", bidPath(f.bid, "correction"), boss.Token, body); r.Status != 409 || r.code() != "correction_exists" {
			t.Errorf("second request: %d %s", r.Status, r.Raw)
		}
		if r := h.do("POST", bidPath(f.bid, "eligibility"), boss.Token, map[string]any{"eligible": true}); r.Status != 409 || r.code() != "correction_pending" {
			t.Errorf("eligibility while pending: %d %s", r.Status, r.Raw)
		}
		// The owner enterprise does not see the defects; the team does, and is told.
		if r := h.must(h.do("GET", bidPath(f.bid), f.owner.Token, nil), http.StatusOK); r.Body["correction"] != nil {
			t.Errorf("owner sees the correction: %s", r.Raw)
		}
		tr := h.must(h.do("GET", bidPath(f.bid), f.tm.Token, nil), http.StatusOK)
		if tr.obj("correction")["status"] != "open" || fmt.Sprint(tr.Body["actions"]) != "[edit attach detach submit]" {
			t.Errorf("team's view: %s", tr.Raw)
		}
		n := h.must(h.do("GET", "/api/v1/me/notifications", f.tm.Token, nil), http.StatusOK).items()
		if len(n) == 0 || n[0]["kind"] != "bid.correction_requested" {
			t.Errorf("team notification: %v", n)
		}
		// The team changes only what is named.
		if r := h.do("PATCH", bidPath(f.bid), f.tm.Token, map[string]any{"approach": "换一条路线", "budget": []any{}}); r.Status != 422 || r.code() != "outside_correction" {
			t.Errorf("patch outside the correction: %d %s", r.Status, r.Raw)
		} else if d := r.details(); fmt.Sprint(d["fields"]) != "[approach]" {
			t.Errorf("outside fields: %v", d)
		}
		if r := h.do("POST", bidPath(f.bid, "withdraw"), f.tm.Token, nil); r.Status != 409 {
			t.Errorf("withdraw under correction: %d %s", r.Status, r.Raw)
		}
		if r := h.do("PATCH", bidPath(f.bid2), f.tm2.Token, map[string]any{"approach": "迟到"}); r.Status != 409 || r.code() != "deadline_passed" {
			t.Errorf("another bid changed after the deadline: %d %s", r.Status, r.Raw)
		}
		budget := []any{map[string]any{"item": "设备费（电机测试台 1 套）", "amount_fen": 80_000_000},
			map[string]any{"item": "材料费", "amount_fen": 60_000_000}}
		h.must(h.do("PATCH", bidPath(f.bid), f.tm.Token, map[string]any{"budget": budget}), http.StatusOK)
		newAtt := h.must(h.upload(bidPath(f.bid, "attachments"), f.tm.Token, "file", "合作协议（盖章）.pdf", pdfBytes("stamped")), http.StatusCreated).num("id")
		h.must(h.do("DELETE", fmt.Sprintf("%s/attachments/%d", bidPath(f.bid), f.att), f.tm.Token, nil), http.StatusNoContent)
		if r := h.upload(bidPath(f.bid, "attachments"), f.tm.Token, "file", "多余.pdf", pdfBytes("extra")); r.Status != 201 {
			t.Fatalf("second upload: %d %s", r.Status, r.Raw)
		} else if s := h.do("POST", bidPath(f.bid, "submit"), f.tm.Token, nil); s.Status != 422 || s.code() != "outside_correction" {
			t.Errorf("two new files for one attachment defect: %d %s", s.Status, s.Raw)
		} else {
			h.must(h.do("DELETE", fmt.Sprintf("%s/attachments/%d", bidPath(f.bid), r.num("id")), f.tm.Token, nil), http.StatusNoContent)
		}
		before := tr.obj("receipt")["digest"]
		s := h.must(h.do("POST", bidPath(f.bid, "submit"), f.tm.Token, nil), http.StatusOK)
		if rc := s.obj("receipt"); rc["version"] != float64(2) || rc["digest"] == before {
			t.Errorf("resubmission receipt: %s", s.Raw)
		}
		if c := s.obj("correction"); c["status"] != "resubmitted" || c["resubmitted_version"] != float64(2) {
			t.Errorf("correction after resubmission: %s", s.Raw)
		}
		vs := h.must(h.do("GET", bidPath(f.bid, "versions"), boss.Token, nil), http.StatusOK).items()
		if len(vs) != 2 {
			t.Fatalf("versions: %d", len(vs))
		}
		b := h.must(h.do("GET", bidPath(f.bid), boss.Token, nil), http.StatusOK)
		if atts := b.Body["attachments"].([]any); len(atts) != 1 || atts[0].(map[string]any)["id"] != float64(newAtt) {
			t.Errorf("bureau sees attachments %v", atts)
		}
		// No review round while the correction is pending.
		if r := h.do("POST", chPath(f.ch, "rounds"), boss.Token, h.roundBody(1)); r.Status != 409 || r.code() != "correction_pending" {
			t.Errorf("round while pending: %d %s", r.Status, r.Raw)
		}
		if r := h.do("POST", bidPath(f.bid, "correction", "close"), f.tm.Token, nil); r.Status != 403 {
			t.Errorf("team closes: %d", r.Status)
		}
		c := h.must(h.do("POST", bidPath(f.bid, "correction", "close"), boss.Token, nil), http.StatusOK)
		if c.obj("correction")["status"] != "corrected" {
			t.Errorf("closed: %s", c.Raw)
		}
		if r := h.do("POST", bidPath(f.bid, "correction", "close"), boss.Token, nil); r.Status != 409 || r.code() != "no_correction" {
			t.Errorf("close twice: %d %s", r.Status, r.Raw)
		}
		if r := h.do("PATCH", bidPath(f.bid), f.tm.Token, map[string]any{"budget": budget}); r.Status != 409 {
			t.Errorf("edit after the correction closed: %d %s", r.Status, r.Raw)
		}
		e := h.must(h.do("POST", bidPath(f.bid, "eligibility"), boss.Token, map[string]any{"eligible": true}), http.StatusOK)
		if e.str("status") != "eligible" {
			t.Errorf("eligible after correction: %s", e.Raw)
		}
	})
}

func TestBidCorrectionOnlySubmittedBids(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.correctionFixture()
		h.closeCorrectionFixture(&f)
		boss := h.bureau()
		h.must(h.do("POST", bidPath(f.bid2, "eligibility"), boss.Token, map[string]any{"eligible": false, "reason": "缺材料"}), http.StatusOK)
		r := h.do("POST", bidPath(f.bid2, "correction"), boss.Token, map[string]any{"defects": []any{defect("budget", "x")}})
		if r.Status != 409 {
			t.Errorf("correction of an ineligible bid: %d %s", r.Status, r.Raw)
		}
	})
}

func TestBidCorrectionLapsesByScheduler(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.correctionFixture()
		h.closeCorrectionFixture(&f)
		boss := h.bureau()
		// bid: default due (5 working days); bid2: due in 3 days, resubmitted, then overdue for a second try
		r := h.must(h.do("POST", bidPath(f.bid, "correction"), boss.Token, map[string]any{"defects": []any{defect("approach", "路线不清")}}), http.StatusOK)
		due, _ := time.Parse(time.RFC3339, r.obj("correction")["due_at"].(string))
		if d := due.Sub(h.clock.Now()); d < 5*24*time.Hour || d > 20*24*time.Hour {
			t.Errorf("default due %v from now", d)
		}
		dueOn := h.clock.Now().Add(72 * time.Hour).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")
		h.must(h.do("POST", bidPath(f.bid2, "correction"), boss.Token, map[string]any{"defects": []any{defect("members", "缺少成员")}, "due": dueOn}), http.StatusOK)
		h.must(h.do("PATCH", bidPath(f.bid2), f.tm2.Token, map[string]any{"members": []any{map[string]any{"name": "周敏", "role": "电磁设计"}}}), http.StatusOK)
		h.must(h.do("POST", bidPath(f.bid2, "submit"), f.tm2.Token, nil), http.StatusOK)
		if r := h.do("POST", chPath(f.ch, "rounds"), boss.Token, h.roundBody(1)); r.code() != "correction_pending" {
			t.Errorf("round while pending: %d %s", r.Status, r.Raw)
		}
		h.advance(4 * 24 * time.Hour)
		h.relogin(&f.tm, &f.tm2)
		if r := h.do("POST", bidPath(f.bid2, "submit"), f.tm2.Token, nil); r.Status != 409 || r.code() != "correction_overdue" {
			t.Errorf("resubmission after the due date: %d %s", r.Status, r.Raw)
		}
		h.advance(20 * 24 * time.Hour)
		h.relogin(&f.tm, &f.tm2)
		boss = h.bureau()
		b := h.must(h.do("GET", bidPath(f.bid), f.tm.Token, nil), http.StatusOK)
		if b.str("status") != "ineligible" || b.str("eligibility_reason") != "not_corrected" || b.obj("correction")["status"] != "lapsed" {
			t.Fatalf("lapsed bid: %s", b.Raw)
		}
		if r := h.do("PATCH", bidPath(f.bid), f.tm.Token, map[string]any{"approach": "补"}); r.Status != 409 {
			t.Errorf("edit after lapse: %d %s", r.Status, r.Raw)
		}
		// the resubmitted one stays pending for the bureau
		if b2 := h.must(h.do("GET", bidPath(f.bid2), boss.Token, nil), http.StatusOK); b2.str("status") != "submitted" || b2.obj("correction")["status"] != "resubmitted" {
			t.Errorf("resubmitted bid after its due date: %s", b2.Raw)
		}
		n := h.must(h.do("GET", "/api/v1/me/notifications", f.tm.Token, nil), http.StatusOK).items()
		if len(n) == 0 || n[0]["kind"] != "bid.not_corrected" {
			t.Errorf("team told of the lapse: %v", n)
		}
		// idempotent: another run changes nothing
		h.advance(time.Hour)
		h.relogin(&f.tm)
		if b := h.must(h.do("GET", bidPath(f.bid), f.tm.Token, nil), http.StatusOK); b.str("status") != "ineligible" {
			t.Errorf("after a second run: %s", b.Raw)
		}
		boss = h.bureau()
		h.must(h.do("POST", bidPath(f.bid2, "correction", "close"), boss.Token, nil), http.StatusOK)
		h.must(h.do("POST", bidPath(f.bid2, "eligibility"), boss.Token, map[string]any{"eligible": true}), http.StatusOK)
	})
}

func TestBidCorrectionConcurrent(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.correctionFixture()
		h.closeCorrectionFixture(&f)
		boss := h.bureau()
		body := map[string]any{"defects": []any{defect("approach", "路线不清")}}
		var wg sync.WaitGroup
		statuses := make([]int, 4)
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = h.do("POST", bidPath(f.bid, "correction"), boss.Token, body).Status
			}()
		}
		wg.Wait()
		ok := 0
		for _, s := range statuses {
			switch s {
			case 200:
				ok++
			case 409:
			default:
				t.Errorf("concurrent request: %d", s)
			}
		}
		if ok != 1 {
			t.Fatalf("%d requests succeeded: %v", ok, statuses)
		}
		h.must(h.do("PATCH", bidPath(f.bid), f.tm.Token, map[string]any{"approach": "更清楚的路线"}), http.StatusOK)
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = h.do("POST", bidPath(f.bid, "submit"), f.tm.Token, nil).Status
			}()
		}
		wg.Wait()
		ok = 0
		for _, s := range statuses {
			switch s {
			case 200:
				ok++
			case 409:
			default:
				t.Errorf("concurrent resubmission: %d", s)
			}
		}
		vs := h.must(h.do("GET", bidPath(f.bid, "versions"), f.tm.Token, nil), http.StatusOK).items()
		if ok < 1 || len(vs) != 1+ok {
			t.Errorf("%d resubmissions succeeded, %d versions", ok, len(vs))
		}
	})
}
