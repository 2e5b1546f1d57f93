package api_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/calendar"
)

func qPath(id int64, action string) string { return fmt.Sprintf("/api/v1/questions/%d/%s", id, action) }

// notificationTexts are every title and body of a user's notifications, joined.
func (h *harness) notificationTexts(u user) string {
	h.t.Helper()
	l, _, err := h.app.Notify.List(context.Background(), domain.Actor{UserID: u.ID, Role: u.Role}, false, domain.Page{Page: 1, PageSize: 100})
	if err != nil {
		h.t.Fatal(err)
	}
	var b strings.Builder
	for _, n := range l.Items {
		b.WriteString(n.Kind + "|" + n.TitleZh + "|" + n.TitleEn + "|" + n.BodyZh + "|" + n.BodyEn + "\n")
	}
	return b.String()
}

// listOf returns a list field of a response as maps.
func listOf(r resp, name string) []map[string]any {
	raw, _ := r.Body[name].([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, x := range raw {
		m, _ := x.(map[string]any)
		out = append(out, m)
	}
	return out
}

// TestQuestionsAskAnswerPublishDecline runs the whole 答疑 flow through the API, with the role refusals, and
// searches everything others are shown for the asker.
func TestQuestionsAskAnswerPublishDecline(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		boss, ent, other := h.bureau(), h.enterprise(), h.enterprise()
		asker, bidder, follower, expert := h.team(), h.team(), h.team(), h.expert()
		ch := h.chPublished(ent, 30*24*time.Hour)
		h.bidSubmitted(bidder, ch)
		qs := chPath(ch, "questions")

		// Following: idempotent, team users only; the owner and the bureau see the count, not who.
		h.must(h.do("POST", chPath(ch, "follow"), follower.Token, nil), http.StatusOK)
		if r := h.must(h.do("POST", chPath(ch, "follow"), follower.Token, nil), http.StatusOK); r.Body["following"] != true {
			t.Fatalf("follow: %s", r.Raw)
		}
		h.must(h.do("POST", chPath(ch, "follow"), ent.Token, nil), http.StatusForbidden)
		h.must(h.do("POST", chPath(ch, "follow"), "", nil), http.StatusUnauthorized)
		if r := h.must(h.do("GET", qs, ent.Token, nil), http.StatusOK); r.num("follower_count") != 1 {
			t.Fatalf("owner's follower count: %s", r.Raw)
		}
		if r := h.must(h.do("GET", qs, follower.Token, nil), http.StatusOK); r.Body["follower_count"] != nil || r.Body["following"] != true {
			t.Fatalf("follower's view: %s", r.Raw)
		}

		// Asking: team users only, plain text of at most 2,000 characters.
		for _, c := range []struct {
			name   string
			token  string
			body   any
			status int
			code   string
		}{
			{"anonymous", "", map[string]any{"text": "问题"}, 401, "unauthenticated"},
			{"enterprise", other.Token, map[string]any{"text": "问题"}, 403, "forbidden"},
			{"expert", expert.Token, map[string]any{"text": "问题"}, 403, "forbidden"},
			{"bureau", boss.Token, map[string]any{"text": "问题"}, 403, "forbidden"},
			{"blank", asker.Token, map[string]any{"text": "   "}, 422, "validation_failed"},
			{"too long", asker.Token, map[string]any{"text": strings.Repeat("问", 2001)}, 422, "validation_failed"},
			{"no text", asker.Token, map[string]any{}, 422, "validation_failed"},
			{"malformed", asker.Token, "{", 400, "malformed_json"},
		} {
			if r := h.do("POST", qs, c.token, c.body); r.Status != c.status || r.code() != c.code {
				t.Errorf("%s: %d %s", c.name, r.Status, r.Raw)
			}
		}
		h.must(h.do("POST", qs, asker.Token, map[string]any{"text": strings.Repeat("长", 2000)}), http.StatusCreated)
		q := h.must(h.do("POST", qs, asker.Token, map[string]any{"text": "  峰值功率的测试工况是什么？  "}), http.StatusCreated)
		qid := q.num("id")
		if q.str("text") != "峰值功率的测试工况是什么？" || q.str("status") != "pending" || q.Body["number"] != nil {
			t.Fatalf("asked: %s", q.Raw)
		}
		h.must(h.do("POST", qs+"/../../../../questions/0/answer", ent.Token, map[string]any{"text": "x"}), http.StatusNotFound)

		// Who sees the pending question: the asker (mine), the owner and the bureau (queue); no one else.
		if r := h.must(h.do("GET", qs, asker.Token, nil), http.StatusOK); len(listOf(r, "mine")) != 2 || len(listOf(r, "queue")) != 0 {
			t.Fatalf("asker's view: %s", r.Raw)
		}
		for _, u := range []user{ent, boss} {
			if r := h.must(h.do("GET", qs, u.Token, nil), http.StatusOK); len(listOf(r, "queue")) != 2 {
				t.Fatalf("%s's queue: %s", u.Role, r.Raw)
			}
		}
		for _, tok := range []string{"", bidder.Token, other.Token} {
			if r := h.must(h.do("GET", qs, tok, nil), http.StatusOK); len(listOf(r, "queue"))+len(listOf(r, "mine"))+len(listOf(r, "published")) != 0 {
				t.Fatalf("an outsider sees: %s", r.Raw)
			}
		}

		// Answering: the owner enterprise only; another enterprise may not know the question exists.
		h.must(h.do("POST", qPath(qid, "answer"), other.Token, map[string]any{"text": "答"}), http.StatusNotFound)
		h.must(h.do("POST", qPath(qid, "answer"), asker.Token, map[string]any{"text": "答"}), http.StatusForbidden)
		h.must(h.do("POST", qPath(qid, "answer"), ent.Token, map[string]any{"text": " "}), http.StatusUnprocessableEntity)
		h.must(h.do("POST", qPath(qid, "publish"), boss.Token, nil), http.StatusConflict)
		h.must(h.do("POST", qPath(qid, "answer"), ent.Token, map[string]any{"text": "额定工况下连续运行。"}), http.StatusOK)
		a := h.must(h.do("POST", qPath(qid, "answer"), ent.Token, map[string]any{"text": "额定工况下连续运行 30 分钟。"}), http.StatusOK)
		if a.str("status") != "answered" || a.str("answer") != "额定工况下连续运行 30 分钟。" {
			t.Fatalf("answered: %s", a.Raw)
		}

		// Publishing: the bureau only, once; numbered 答疑1.
		h.must(h.do("POST", qPath(qid, "publish"), ent.Token, nil), http.StatusForbidden)
		p := h.must(h.do("POST", qPath(qid, "publish"), boss.Token, nil), http.StatusOK)
		if p.num("number") != 1 || p.str("label") != "答疑1" || p.str("status") != "published" {
			t.Fatalf("published: %s", p.Raw)
		}
		h.must(h.do("POST", qPath(qid, "publish"), boss.Token, nil), http.StatusConflict)
		h.must(h.do("POST", qPath(qid, "answer"), ent.Token, map[string]any{"text": "改"}), http.StatusConflict)
		h.must(h.do("POST", qPath(qid, "decline"), boss.Token, map[string]any{"reason": "x"}), http.StatusConflict)
		pub := h.must(h.do("GET", qs, "", nil), http.StatusOK)
		if ps := listOf(pub, "published"); len(ps) != 1 || ps[0]["label"] != "答疑1" || ps[0]["answer"] != "额定工况下连续运行 30 分钟。" {
			t.Fatalf("public view: %s", pub.Raw)
		}

		// Declining: the bureau with a reason; the asker sees it.
		long := listOf(h.must(h.do("GET", qs, asker.Token, nil), http.StatusOK), "mine")[0]["id"].(float64)
		h.must(h.do("POST", qPath(int64(long), "decline"), boss.Token, map[string]any{"reason": ""}), http.StatusUnprocessableEntity)
		h.must(h.do("POST", qPath(int64(long), "decline"), ent.Token, map[string]any{"reason": "重复"}), http.StatusForbidden)
		d := h.must(h.do("POST", qPath(int64(long), "decline"), boss.Token, map[string]any{"reason": "与榜单内容无关"}), http.StatusOK)
		if d.str("status") != "declined" || d.str("decline_reason") != "与榜单内容无关" {
			t.Fatalf("declined: %s", d.Raw)
		}

		// Notifications: the follower, the bidder and the owner hear of 答疑1; the asker of each step.
		for _, u := range []user{follower, bidder, ent} {
			if !strings.Contains(h.notifications(u), "question.answer_published") {
				t.Errorf("%s %d not told of the answer: %s", u.Role, u.ID, h.notifications(u))
			}
		}
		for _, k := range []string{"question.answered", "question.published", "question.declined"} {
			if !strings.Contains(h.notifications(asker), k) {
				t.Errorf("asker not told %s: %s", k, h.notifications(asker))
			}
		}
		if !strings.Contains(h.notifications(ent), "question.to_answer") || !strings.Contains(h.notifications(boss), "question.to_publish") {
			t.Errorf("owner or bureau not asked to act: %s / %s", h.notifications(ent), h.notifications(boss))
		}

		// Anonymity: nothing anyone but the asker is shown names the asker, its e-mail or organisation.
		me := h.must(h.do("GET", "/api/v1/me", asker.Token, nil), http.StatusOK)
		org, _ := me.Body["org"].(map[string]any)
		secrets := []string{regexp.QuoteMeta(asker.Email), regexp.QuoteMeta(me.str("name")) + `(\D|$)`,
			regexp.QuoteMeta(org["name"].(string)) + `(\D|$)`, fmt.Sprintf(`"asker[^"]*"`)}
		var shown []string
		for _, u := range []user{{}, ent, boss, bidder, follower, other, expert} {
			shown = append(shown, string(h.must(h.do("GET", qs, u.Token, nil), http.StatusOK).Raw),
				string(h.must(h.do("GET", chPath(ch), u.Token, nil), http.StatusOK).Raw))
			if u.ID != 0 {
				shown = append(shown, h.notificationTexts(u))
			}
		}
		shown = append(shown, string(p.Raw), string(a.Raw), string(d.Raw))
		for _, s := range shown {
			for _, sec := range secrets {
				if regexp.MustCompile(sec).MatchString(s) {
					t.Fatalf("%q shown to others: %s", sec, s)
				}
			}
		}
	})
}

// TestQuestionsClosed: no question on a challenge that is not published, nor within question_window_days of
// the deadline; the setting moves the window.
func TestQuestionsClosed(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ent, tm, boss := h.enterprise(), h.team(), h.bureau()
		soon := h.chPublished(ent, 5*24*time.Hour)
		r := h.must(h.do("POST", chPath(soon, "questions"), tm.Token, map[string]any{"text": "还来得及吗？"}), http.StatusUnprocessableEntity)
		if r.code() != "questions_closed" {
			t.Fatalf("closed: %s", r.Raw)
		}
		if v := h.must(h.do("GET", chPath(soon, "questions"), tm.Token, nil), http.StatusOK); v.Body["open"] != false || v.str("closes_on") == "" {
			t.Fatalf("view: %s", v.Raw)
		}
		h.must(h.do("POST", chPath(h.chApproved(ent), "questions"), tm.Token, map[string]any{"text": "?"}), http.StatusNotFound)
		h.must(h.do("POST", chPath(999999, "questions"), tm.Token, map[string]any{"text": "?"}), http.StatusNotFound)

		l := h.must(h.do("GET", "/api/v1/settings/limits", boss.Token, nil), http.StatusOK).Body
		l["question_window_days"] = 2
		h.must(h.do("PUT", "/api/v1/settings/limits", boss.Token, l), http.StatusOK)
		h.must(h.do("POST", chPath(soon, "questions"), tm.Token, map[string]any{"text": "还来得及吗？"}), http.StatusCreated)
		h.advance(4 * 24 * time.Hour)
		h.relogin(&tm)
		h.must(h.do("POST", chPath(soon, "questions"), tm.Token, map[string]any{"text": "现在呢？"}), http.StatusUnprocessableEntity)
	})
}

// TestConcurrentPublishesGetDistinctNumbers: officers publishing several answers of one challenge at once
// number them 1..n, each once.
func TestConcurrentPublishesGetDistinctNumbers(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ent, tm, boss := h.enterprise(), h.team(), h.bureau()
		ch := h.chPublished(ent, 30*24*time.Hour)
		const n = 6
		ids := make([]int64, n)
		for i := range ids {
			ids[i] = h.must(h.do("POST", chPath(ch, "questions"), tm.Token, map[string]any{"text": fmt.Sprintf("问题%d", i)}), http.StatusCreated).num("id")
			h.must(h.do("POST", qPath(ids[i], "answer"), ent.Token, map[string]any{"text": "答复"}), http.StatusOK)
		}
		var wg sync.WaitGroup
		statuses := make([]int, 2*n)
		for i := 0; i < 2*n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				statuses[i] = h.do("POST", qPath(ids[i%n], "publish"), boss.Token, nil).Status
			}(i)
		}
		wg.Wait()
		ok := 0
		for _, s := range statuses {
			switch s {
			case http.StatusOK:
				ok++
			case http.StatusConflict:
			default:
				t.Fatalf("publish answered %d", s)
			}
		}
		if ok != n {
			t.Fatalf("%d publications succeeded, want %d", ok, n)
		}
		var nums []int
		for _, q := range listOf(h.must(h.do("GET", chPath(ch, "questions"), "", nil), http.StatusOK), "published") {
			nums = append(nums, int(q["number"].(float64)))
		}
		sort.Ints(nums)
		if fmt.Sprint(nums) != "[1 2 3 4 5 6]" {
			t.Fatalf("numbers %v", nums)
		}
	})
}

// TestAmendmentMovesTheDeadline: an amendment published with fewer than addendum_min_days left moves the
// deadline to 24:00 of the date 7 days on, numbered; teams of submitted bids confirm, the bureau sees who.
func TestAmendmentMovesTheDeadline(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ent, bidder, drafter, follower, boss := h.enterprise(), h.team(), h.team(), h.team(), h.bureau()
		ch := h.chPublished(ent, 72*time.Hour)
		bid := h.bidSubmitted(bidder, ch)
		h.bidDraft(drafter, ch)
		h.must(h.do("POST", chPath(ch, "follow"), follower.Token, nil), http.StatusOK)
		before := h.must(h.do("GET", chPath(ch), "", nil), http.StatusOK).str("bid_deadline")

		h.must(h.do("POST", chPath(ch, "amendments"), boss.Token, map[string]any{"content": "补充", "question_id": 424242}), http.StatusUnprocessableEntity)
		a1 := h.must(h.do("POST", chPath(ch, "amendments"), boss.Token, map[string]any{"content": "样机数量改为 2 台。"}), http.StatusCreated)
		want := calendar.Date(h.clock.Now().AddDate(0, 0, 7))
		if a1.num("number") != 1 || a1.str("deadline_to_on") != want || a1.str("deadline_from") == "" {
			t.Fatalf("amendment 1: %s (want deadline on %s)", a1.Raw, want)
		}
		d := h.must(h.do("GET", chPath(ch), "", nil), http.StatusOK)
		if d.str("bid_deadline") == before || d.str("bid_deadline_on") != want {
			t.Fatalf("deadline not moved: %s -> %s", before, d.Raw)
		}
		a2 := h.must(h.do("POST", chPath(ch, "amendments"), boss.Token, map[string]any{"content": "补充：验收地点为企业现场。"}), http.StatusCreated)
		if a2.num("number") != 2 || a2.Body["deadline_to"] != nil {
			t.Fatalf("amendment 2 moved the deadline again: %s", a2.Raw)
		}
		if ams := listOf(d, "amendments"); len(ams) != 1 || ams[0]["number"].(float64) != 1 {
			t.Fatalf("amendments on the challenge: %s", d.Raw)
		}

		// Notices: the bidder is asked to confirm, the follower told, the drafter not asked.
		if !strings.Contains(h.notifications(bidder), "amendment.to_confirm") || !strings.Contains(h.notifications(follower), "amendment.published") {
			t.Fatalf("notices: %s / %s", h.notifications(bidder), h.notifications(follower))
		}
		if strings.Contains(h.notifications(drafter), "amendment.to_confirm") {
			t.Fatal("a draft's team was asked to confirm")
		}

		// Confirming: the bidder's team only.
		aid := a1.num("id")
		v := h.must(h.do("GET", chPath(ch, "questions"), bidder.Token, nil), http.StatusOK)
		if len(listOf(v, "to_confirm")) != 2 || v.num("to_confirm_bid") != bid {
			t.Fatalf("to confirm: %s", v.Raw)
		}
		confirm := fmt.Sprintf("/api/v1/challenges/%d/amendments/%d/confirm", ch, aid)
		h.must(h.do("POST", confirm, drafter.Token, nil), http.StatusForbidden)
		h.must(h.do("POST", confirm, ent.Token, nil), http.StatusForbidden)
		h.must(h.do("POST", fmt.Sprintf("/api/v1/challenges/%d/amendments/%d/confirm", ch, 999999), bidder.Token, nil), http.StatusNotFound)
		c1 := h.must(h.do("POST", confirm, bidder.Token, nil), http.StatusOK)
		c2 := h.must(h.do("POST", confirm, bidder.Token, nil), http.StatusOK)
		if c1.str("confirmed_at") == "" || c1.str("confirmed_at") != c2.str("confirmed_at") {
			t.Fatalf("confirm: %s / %s", c1.Raw, c2.Raw)
		}
		if v := h.must(h.do("GET", chPath(ch, "questions"), bidder.Token, nil), http.StatusOK); len(listOf(v, "to_confirm")) != 1 {
			t.Fatalf("still to confirm: %s", v.Raw)
		}
		list := fmt.Sprintf("/api/v1/challenges/%d/amendments/%d/confirmations", ch, aid)
		h.must(h.do("GET", list, ent.Token, nil), http.StatusForbidden)
		cs := listOf(h.must(h.do("GET", list, boss.Token, nil), http.StatusOK), "confirmations")
		if len(cs) != 1 || cs[0]["bid_id"].(float64) != float64(bid) || cs[0]["confirmed_at"] == nil {
			t.Fatalf("confirmations: %v", cs)
		}
		// A bid may now be submitted after the original deadline.
		h.advance(4 * 24 * time.Hour)
		h.relogin(&ent)
		h.bidSubmitted(h.team(), ch)
	})
}
