package api_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"jiebang/domain/calendar"
)

func tbPath(racer int64, rest string) string {
	return fmt.Sprintf("/api/v1/racers/%d/taskbook%s", racer, rest)
}

// nextSigner is the fixture's user who signs the task book's next slot.
func nextSigner(t *testing.T, r resp, f *raceFixture, lead user, boss user) user {
	t.Helper()
	next, _ := r.Body["next"].(map[string]any)
	if next == nil {
		t.Fatalf("no next signer: %s", r.Raw)
	}
	switch next["signer_role"] {
	case "bureau":
		return boss
	case "enterprise":
		return f.owner
	}
	return lead
}

// signAll signs the racer's current version by every party in turn and returns the last answer.
func signAll(t *testing.T, h *harness, f *raceFixture, racer int64, lead user) resp {
	t.Helper()
	r := h.must(h.do("GET", tbPath(racer, ""), lead.Token, nil), http.StatusOK)
	for r.Body["complete"] != true {
		u := nextSigner(t, r, f, lead, h.bureau())
		r = h.must(h.do("POST", tbPath(racer, "/sign"), u.Token, map[string]any{"version": r.num("version"), "digest": r.str("digest"),
			"password": testPassword}), http.StatusOK)
	}
	return r
}

func TestTaskbookSigning(t *testing.T) {
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.raceReviewing(3)
		racer := h.raceStarted(f, 2)[0]
		lead, outsider, boss := f.teams[0], f.teams[2], h.bureau()

		r := h.must(h.do("GET", tbPath(racer, ""), lead.Token, nil), http.StatusOK)
		digest := r.str("digest")
		if r.num("version") != 1 || len(digest) != 64 || r.Body["complete"] != false || r.Body["may_sign"] != true {
			t.Fatalf("v1: %s", r.Raw)
		}
		if next := r.Body["next"].(map[string]any); next["slot"] != "pi" {
			t.Fatalf("first signer %v", next)
		}
		// Each signer hears when it is their turn: the PI's team at the start, nobody else yet.
		turns := func(u user) int { return h.countNotifications(u, "taskbook.turn") }
		if turns(lead) < 1 || turns(f.owner) != 0 || turns(boss) != 0 || turns(outsider) != 0 {
			t.Fatalf("turn notices at the start: lead %d owner %d bureau %d outsider %d", turns(lead), turns(f.owner), turns(boss), turns(outsider))
		}
		tb := r.Body["task_book"].(map[string]any)
		content := r.Body["content"].(map[string]any)
		if tb["challenge_title"] == "" || len(content["payment_plan"].([]any)) < 2 {
			t.Fatalf("task book fields: %s", r.Raw)
		}
		check(t, "another team", h.do("GET", tbPath(racer, ""), outsider.Token, nil), http.StatusNotFound, "not_found")
		check(t, "another team's pdf", h.do("GET", tbPath(racer, ".pdf"), outsider.Token, nil), http.StatusNotFound, "not_found")
		check(t, "another team signs", h.do("POST", tbPath(racer, "/sign"), outsider.Token, map[string]any{"version": 1, "password": testPassword}),
			http.StatusNotFound, "not_found")
		check(t, "bureau out of turn", h.do("POST", tbPath(racer, "/sign"), boss.Token, map[string]any{"version": 1, "password": testPassword}),
			http.StatusConflict, "not_your_turn")
		check(t, "wrong password", h.do("POST", tbPath(racer, "/sign"), lead.Token, map[string]any{"version": 1, "password": "not-it-at-all"}),
			http.StatusUnprocessableEntity, "reauth_failed")
		check(t, "outdated version", h.do("POST", tbPath(racer, "/sign"), lead.Token, map[string]any{"version": 2, "password": testPassword}),
			http.StatusConflict, "taskbook_changed")
		check(t, "other digest", h.do("POST", tbPath(racer, "/sign"), lead.Token, map[string]any{"version": 1, "digest": "ab", "password": testPassword}),
			http.StatusConflict, "taskbook_changed")
		check(t, "malformed", h.do("POST", tbPath(racer, "/sign"), lead.Token, `{"version":"one"}`), http.StatusBadRequest, "malformed_json")

		// The team signs for the PI (no PI account) and as the lead's administrator, then whatever partners.
		for {
			r = h.must(h.do("GET", tbPath(racer, ""), lead.Token, nil), http.StatusOK)
			if nextSigner(t, r, f, lead, boss).Email != lead.Email {
				break
			}
			h.must(h.do("POST", tbPath(racer, "/sign"), lead.Token, map[string]any{"version": 1, "digest": digest, "password": testPassword}), http.StatusOK)
		}
		if turns(f.owner) != 1 || turns(boss) != 0 {
			t.Fatalf("turn notices after the team: owner %d bureau %d", turns(f.owner), turns(boss))
		}
		// The owner enterprise twice at once: one signature.
		var wg sync.WaitGroup
		got := make([]resp, 2)
		for i := range got {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				got[i] = h.do("POST", tbPath(racer, "/sign"), f.owner.Token, map[string]any{"version": 1, "password": testPassword})
			}(i)
		}
		wg.Wait()
		if got[0].Status+got[1].Status != http.StatusOK+http.StatusConflict {
			t.Fatalf("concurrent signatures: %d %s / %d %s", got[0].Status, got[0].Raw, got[1].Status, got[1].Raw)
		}
		check(t, "owner again", h.do("POST", tbPath(racer, "/sign"), f.owner.Token, map[string]any{"version": 1, "password": testPassword}),
			http.StatusConflict, "already_signed")
		if ok, _ := h.app.Taskbook.TaskbookSigned(context.Background(), racer); ok {
			t.Fatal("signed before the bureau")
		}
		if turns(boss) != 1 || turns(f.owner) != 1 || turns(outsider) != 0 {
			t.Fatalf("turn notices after the owner: bureau %d owner %d outsider %d", turns(boss), turns(f.owner), turns(outsider))
		}
		r = h.must(h.do("POST", tbPath(racer, "/sign"), boss.Token, map[string]any{"version": 1, "password": testPassword}), http.StatusOK)
		sigs := r.Body["signatures"].([]any)
		if r.Body["complete"] != true || r.Body["next"] != nil || len(sigs) != len(r.Body["slots"].([]any)) {
			t.Fatalf("complete: %s", r.Raw)
		}
		for _, s := range sigs {
			if s.(map[string]any)["digest"] != digest {
				t.Fatalf("signature on another digest: %v", s)
			}
		}
		if ok, err := h.app.Taskbook.TaskbookSigned(context.Background(), racer); !ok || err != nil {
			t.Fatalf("TaskbookSigned: %v %v", ok, err)
		}
		check(t, "complete", h.do("POST", tbPath(racer, "/sign"), boss.Token, map[string]any{"version": 1, "password": testPassword}),
			http.StatusConflict, "taskbook_signed")

		p := h.do("GET", tbPath(racer, ".pdf"), f.owner.Token, nil)
		if p.Status != http.StatusOK || p.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(p.Raw, []byte("%PDF")) ||
			!bytes.Contains(p.Raw, []byte(digest)) {
			t.Fatalf("pdf: %d %s %d bytes", p.Status, p.Header.Get("Content-Type"), len(p.Raw))
		}
		vs := h.do("GET", tbPath(racer, "/versions"), boss.Token, nil)
		if vs.Status != http.StatusOK {
			t.Fatalf("versions: %s", vs.Raw)
		}
	})
}

func changePath(id int64, action string) string {
	return fmt.Sprintf("/api/v1/changes/%d/%s", id, action)
}

func TestTaskbookChanges(t *testing.T) {
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.raceReviewing(3)
		racer := h.raceStarted(f, 2)[0]
		lead, outsider, boss := f.teams[0], f.teams[2], h.bureau()
		signAll(t, h, f, racer, lead)
		v1 := h.must(h.do("GET", tbPath(racer, ""), lead.Token, nil), http.StatusOK)
		end, _ := time.Parse(time.DateOnly, v1.Body["content"].(map[string]any)["end_on"].(string))
		ext := func(months int) map[string]any {
			return map[string]any{"kind": "end_date", "reason": "关键设备到货延迟", "proposed": map[string]any{"end_on": end.AddDate(0, months, 0).Format(time.DateOnly)}}
		}
		changes := fmt.Sprintf("/api/v1/racers/%d/changes", racer)
		check(t, "too long", h.do("POST", changes, lead.Token, ext(13)), http.StatusUnprocessableEntity, "extension_too_long")
		check(t, "owner files", h.do("POST", changes, f.owner.Token, ext(6)), http.StatusForbidden, "forbidden")
		check(t, "another team files", h.do("POST", changes, outsider.Token, ext(6)), http.StatusNotFound, "not_found")
		check(t, "bad kind", h.do("POST", changes, lead.Token, map[string]any{"kind": "colour", "reason": "x", "proposed": map[string]any{}}),
			http.StatusUnprocessableEntity, "validation_failed")
		c := h.must(h.do("POST", changes, lead.Token, ext(6)), http.StatusCreated)
		id := c.num("id")
		if c.str("status") != "submitted" || c.Body["major"] != true {
			t.Fatalf("filed: %s", c.Raw)
		}
		check(t, "second while open", h.do("POST", changes, lead.Token, ext(3)), http.StatusConflict, "change_open")
		check(t, "approve before consent", h.do("POST", changePath(id, "approve"), boss.Token, map[string]any{}), http.StatusConflict, "invalid_transition")
		check(t, "team consents", h.do("POST", changePath(id, "consent"), lead.Token, map[string]any{}), http.StatusForbidden, "forbidden")
		check(t, "another enterprise consents", h.do("POST", changePath(id, "consent"), h.enterprise().Token, map[string]any{}), http.StatusNotFound, "not_found")
		check(t, "reject without reason", h.do("POST", changePath(id, "reject"), boss.Token, map[string]any{}), http.StatusUnprocessableEntity, "validation_failed")
		h.must(h.do("POST", changePath(id, "consent"), f.owner.Token, map[string]any{}), http.StatusOK)
		turnsBefore := h.countNotifications(lead, "taskbook.turn")

		// Two officers approve at once: one succeeds, one new version.
		var wg sync.WaitGroup
		got := make([]resp, 2)
		for i := range got {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				got[i] = h.do("POST", changePath(id, "approve"), boss.Token, map[string]any{"reason": "同意延期"})
			}(i)
		}
		wg.Wait()
		if got[0].Status+got[1].Status != http.StatusOK+http.StatusConflict {
			t.Fatalf("concurrent approvals: %d %s / %d %s", got[0].Status, got[0].Raw, got[1].Status, got[1].Raw)
		}
		v2 := h.must(h.do("GET", tbPath(racer, ""), lead.Token, nil), http.StatusOK)
		content := v2.Body["content"].(map[string]any)
		if v2.num("version") != 2 || v2.Body["complete"] != false || content["end_on"] != ext(6)["proposed"].(map[string]any)["end_on"] ||
			content["change"].(map[string]any)["id"].(float64) != float64(id) || v2.str("digest") == v1.str("digest") {
			t.Fatalf("v2: %s", v2.Raw)
		}
		if ok, _ := h.app.Taskbook.TaskbookSigned(context.Background(), racer); ok {
			t.Fatal("v2 counted signed")
		}
		if n := h.countNotifications(lead, "taskbook.turn"); n != turnsBefore+1 {
			t.Fatalf("the PI's team is told once that v2 awaits it: %d turn notices, %d before the approval", n, turnsBefore)
		}
		check(t, "sign the old version", h.do("POST", tbPath(racer, "/sign"), lead.Token, map[string]any{"version": 1, "password": testPassword}),
			http.StatusConflict, "taskbook_changed")
		signAll(t, h, f, racer, lead)
		if ok, _ := h.app.Taskbook.TaskbookSigned(context.Background(), racer); !ok {
			t.Fatal("v2 signed but not counted")
		}
		vs := h.must(h.do("GET", tbPath(racer, "/versions"), f.owner.Token, nil), http.StatusOK)
		if !bytes.Contains(vs.Raw, []byte(`"superseded_at":"`)) {
			t.Fatalf("history: %s", vs.Raw)
		}
		check(t, "second extension", h.do("POST", changes, lead.Token, ext(8)), http.StatusUnprocessableEntity, "extension_used")

		// A budget change goes to the bureau directly; the lead may withdraw a request.
		total := int64(content["budget_fen"].(float64))
		b := h.must(h.do("POST", changes, lead.Token, map[string]any{"kind": "budget", "reason": "设备费调整为材料费",
			"proposed": map[string]any{"budget": []any{map[string]any{"item": "设备费", "amount_fen": total - 100}, map[string]any{"item": "材料费", "amount_fen": 100}}}}), http.StatusCreated)
		h.must(h.do("POST", changePath(b.num("id"), "approve"), boss.Token, map[string]any{}), http.StatusOK)
		tt := h.must(h.do("POST", changes, lead.Token, map[string]any{"kind": "title", "reason": "更准确", "proposed": map[string]any{"title": "新名称"}}), http.StatusCreated)
		w := h.must(h.do("POST", changePath(tt.num("id"), "withdraw"), lead.Token, map[string]any{}), http.StatusOK)
		if w.str("status") != "withdrawn" {
			t.Fatalf("withdrawn: %s", w.Raw)
		}
		l := h.must(h.do("GET", changes, f.owner.Token, nil), http.StatusOK)
		if len(l.items()) != 3 {
			t.Fatalf("history: %s", l.Raw)
		}
		check(t, "outsider lists", h.do("GET", changes, outsider.Token, nil), http.StatusNotFound, "not_found")

		// Less than 60 days before the end only the bureau files.
		latest := h.must(h.do("GET", tbPath(racer, ""), lead.Token, nil), http.StatusOK)
		endOn, _ := time.ParseInLocation(time.DateOnly, latest.Body["content"].(map[string]any)["end_on"].(string), calendar.China)
		h.advance(endOn.Add(-30 * 24 * time.Hour).Sub(h.clock.Now()))
		h.relogin(&lead, &f.owner)
		boss = h.bureau()
		kpi := map[string]any{"kind": "title", "reason": "收尾阶段更名", "proposed": map[string]any{"title": "收尾"}}
		check(t, "too late", h.do("POST", changes, lead.Token, kpi), http.StatusUnprocessableEntity, "too_late")
		h.must(h.do("POST", changes, boss.Token, kpi), http.StatusCreated)
	})
}

// signTaskbooks signs each racer's current task book version by every party in turn, each slot by the first
// of the candidates (and the bureau) the server says may sign it: fixtures that pay a start-up tranche need
// the task book signed first (tranche_not_due otherwise).
func (h *harness) signTaskbooks(candidates []user, racers ...int64) {
	h.t.Helper()
	candidates = append(candidates, h.bureau())
	for _, racer := range racers {
		for step := 0; ; step++ {
			if step > 20 {
				h.t.Fatalf("task book of racer %d: no candidate signs it", racer)
			}
			var signer *user
			var cur resp
			for i := range candidates {
				r := h.do("GET", tbPath(racer, ""), candidates[i].Token, nil)
				if r.Status != http.StatusOK {
					continue
				}
				if r.Body["complete"] == true {
					signer, cur = nil, r
					break
				}
				if r.Body["may_sign"] == true {
					signer, cur = &candidates[i], r
					break
				}
			}
			if cur.Body["complete"] == true {
				break
			}
			if signer == nil {
				h.t.Fatalf("task book of racer %d: none of %d candidates may sign the next slot: %s", racer, len(candidates), h.do("GET", tbPath(racer, ""), h.bureau().Token, nil).Body["next"])
			}
			h.must(h.do("POST", tbPath(racer, "/sign"), signer.Token, map[string]any{"version": cur.num("version"),
				"digest": cur.str("digest"), "password": testPassword}), http.StatusOK)
		}
	}
}
