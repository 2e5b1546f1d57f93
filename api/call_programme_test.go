package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"jiebang/domain/calendar"
)

// TestCallProgrammeThroughTheAPI runs one call from opening to its published list with the call's own rules, a
// question answered and published without its asker, an addendum that moves the deadline under the call's
// minimum, and a bid corrected within its window (issue 23's walk, through the API on each database).
func TestCallProgrammeThroughTheAPI(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ent, tm, boss := h.enterprise(), h.team(), h.bureau()
		// The call: questions close 3 days before the deadline, an addendum leaves at least 10 days.
		callID := h.openCall(10, map[string]any{"question_window_days": 3, "addendum_min_days": 10})
		ch := h.chInCall(ent, callID)
		h.must(h.do("POST", chPath(ch, "submit"), ent.Token, nil), http.StatusOK)
		h.approveCh(ch)
		h.must(h.do("POST", callPath(callID, "publish"), boss.Token, h.deadlineIn(20*24*time.Hour)), http.StatusOK)
		list := h.must(h.do("GET", callPath(callID), "", nil), http.StatusOK)
		if list.str("status") != "published" || !strings.Contains(string(list.Raw), `"id":`) {
			t.Fatalf("published call: %s", list.Raw)
		}
		if d := h.must(h.do("GET", chPath(ch), "", nil), http.StatusOK); d.str("status") != "published" {
			t.Fatalf("challenge of the published call: %s", d.Raw)
		}

		// A bid, then a question 5 days before the deadline: open under the call's 3-day window (the settings'
		// 7 days would have closed it).
		bid := h.bidSubmitted(tm, ch)
		h.advance(15 * 24 * time.Hour)
		h.relogin(&ent, &tm, &boss)
		q := h.must(h.do("POST", chPath(ch, "questions"), tm.Token, map[string]any{"text": "额定转速下的效率按哪一标准测试？"}), http.StatusCreated).num("id")
		h.must(h.do("POST", qPath(q, "answer"), ent.Token, map[string]any{"text": "按 GB/T 1032 测试。"}), http.StatusOK)
		p := h.must(h.do("POST", qPath(q, "publish"), boss.Token, nil), http.StatusOK)
		if p.str("label") != "答疑1" {
			t.Fatalf("published question: %s", p.Raw)
		}
		pub := h.must(h.do("GET", chPath(ch, "questions"), "", nil), http.StatusOK)
		if strings.Contains(string(pub.Raw), tm.Email) || len(listOf(pub, "published")) != 1 {
			t.Fatalf("public answers: %s", pub.Raw)
		}

		// An addendum 5 days before the deadline moves it to 10 days from today (the call's minimum).
		a := h.must(h.do("POST", chPath(ch, "amendments"), boss.Token, map[string]any{"content": "效率测试按 GB/T 1032 执行。",
			"question_id": q}), http.StatusCreated)
		want := calendar.Date(h.clock.Now().AddDate(0, 0, 10))
		if a.str("deadline_to_on") != want {
			t.Fatalf("addendum moved the deadline to %q, want %s: %s", a.str("deadline_to_on"), want, a.Raw)
		}
		if d := h.must(h.do("GET", chPath(ch), "", nil), http.StatusOK); d.str("bid_deadline_on") != want {
			t.Fatalf("challenge deadline: %s", d.Raw)
		}
		h.must(h.do("POST", chPath(ch, "amendments", itoa(a.num("id")), "confirm"), tm.Token, nil), http.StatusOK)

		// Past the moved deadline: the bureau asks for a correction, the team fixes the named field only.
		h.advance(11 * 24 * time.Hour)
		h.relogin(&ent, &tm, &boss)
		h.must(h.do("POST", bidPath(bid, "correction"), boss.Token, map[string]any{"defects": []any{defect("budget", "设备费缺少明细")}}), http.StatusOK)
		if r := h.do("PATCH", bidPath(bid), tm.Token, map[string]any{"approach": "换一条路线"}); r.Status != 422 || r.code() != "outside_correction" {
			t.Fatalf("change outside the correction: %d %s", r.Status, r.Raw)
		}
		h.must(h.do("PATCH", bidPath(bid), tm.Token, map[string]any{"budget": []any{map[string]any{"item": "设备费（测试台 1 套）",
			"amount_fen": 80_000_000}, map[string]any{"item": "材料费", "amount_fen": 60_000_000}}}), http.StatusOK)
		s := h.must(h.do("POST", bidPath(bid, "submit"), tm.Token, nil), http.StatusOK)
		if s.obj("receipt")["version"] != float64(2) {
			t.Fatalf("resubmission receipt: %s", s.Raw)
		}
		h.must(h.do("POST", bidPath(bid, "correction", "close"), boss.Token, nil), http.StatusOK)
		if e := h.must(h.do("POST", bidPath(bid, "eligibility"), boss.Token, map[string]any{"eligible": true}), http.StatusOK); e.str("status") != "eligible" {
			t.Fatalf("eligible: %s", e.Raw)
		}
	})
}
