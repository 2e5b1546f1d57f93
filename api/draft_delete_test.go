package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestDeleteDraftChallenge: the owner enterprise deletes a draft that was never submitted (204, audited);
// anyone else gets 404 as if it did not exist; once submitted (even if returned since) it is 409.
func TestDeleteDraftChallenge(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ent, stranger, tm, boss := h.enterprise(), h.enterprise(), h.team(), h.bureau()
		draft := h.chDraft(ent)
		returned := h.chSubmitted(ent)
		h.must(h.do("POST", chPath(returned, "validate"), boss.Token, map[string]any{"decision": "return", "opinion": "补充指标"}), http.StatusOK)
		published := h.chPublished(ent, time.Hour)
		cases := []struct {
			name, token string
			id          int64
			status      int
			code        string
		}{
			{"anonymous", "", draft, 401, "unauthenticated"},
			{"another enterprise", stranger.Token, draft, 404, "not_found"},
			{"a team", tm.Token, draft, 404, "not_found"},
			{"the bureau", boss.Token, draft, 404, "not_found"},
			{"missing", ent.Token, draft + 1000, 404, "not_found"},
			{"bad id", ent.Token, -1, 404, "not_found"},
			{"returned (was submitted)", ent.Token, returned, 409, "invalid_transition"},
			{"published", ent.Token, published, 409, "invalid_transition"},
			{"owner deletes the draft", ent.Token, draft, 204, ""},
			{"deleted already", ent.Token, draft, 404, "not_found"},
		}
		for _, c := range cases {
			r := h.do("DELETE", chPath(c.id), c.token, nil)
			if r.Status != c.status || (c.code != "" && r.code() != c.code) {
				t.Errorf("%s: %d %s, want %d %s", c.name, r.Status, r.Raw, c.status, c.code)
			}
		}
		h.must(h.do("GET", chPath(draft), ent.Token, nil), http.StatusNotFound)
		h.must(h.do("GET", chPath(returned), ent.Token, nil), http.StatusOK)
		r := h.must(h.do("GET", fmt.Sprintf("/api/v1/audit?entity=challenge&entity_id=%d", draft), boss.Token, nil), http.StatusOK)
		if items := r.items(); len(items) == 0 || items[0]["action"] != "delete" {
			t.Errorf("audit of the deleted draft: %s", r.Raw)
		}
		h.must(h.do("GET", "/api/v1/audit/verify", boss.Token, nil), http.StatusOK)
	})
}

// TestDeleteUnsubmittedBid: the bidding team deletes a bid that was never submitted, attachments and all
// (204, audited), and may then bid again; a bid that was ever submitted is 409; anyone else 404.
func TestDeleteUnsubmittedBid(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ent, tm, other, boss := h.enterprise(), h.team(), h.team(), h.bureau()
		ch := h.chPublished(ent, time.Hour)
		draft := h.bidDraft(tm, ch)
		h.must(h.upload(bidPath(draft, "attachments"), tm.Token, "file", "方案.pdf", pdfBytes("a")), http.StatusCreated)
		submitted := h.bidSubmitted(other, ch)
		ch2 := h.chPublished(ent, time.Hour)
		withdrawnDraft := h.bidDraft(other, ch2)
		h.must(h.do("POST", bidPath(withdrawnDraft, "withdraw"), other.Token, nil), http.StatusOK)
		ch3 := h.chPublished(ent, time.Hour)
		wasSubmitted := h.bidSubmitted(tm, ch3)
		h.must(h.do("POST", bidPath(wasSubmitted, "withdraw"), tm.Token, nil), http.StatusOK)
		cases := []struct {
			name, token string
			id          int64
			status      int
			code        string
		}{
			{"anonymous", "", draft, 401, "unauthenticated"},
			{"another team", other.Token, draft, 404, "not_found"},
			{"the owner enterprise", ent.Token, draft, 404, "not_found"},
			{"the bureau", boss.Token, draft, 404, "not_found"},
			{"the bureau on a submitted bid", boss.Token, submitted, 404, "not_found"},
			{"submitted", other.Token, submitted, 409, "invalid_transition"},
			{"withdrawn after submission", tm.Token, wasSubmitted, 409, "invalid_transition"},
			{"withdrawn draft", other.Token, withdrawnDraft, 204, ""},
			{"team deletes its draft", tm.Token, draft, 204, ""},
			{"deleted already", tm.Token, draft, 404, "not_found"},
		}
		for _, c := range cases {
			r := h.do("DELETE", bidPath(c.id), c.token, nil)
			if r.Status != c.status || (c.code != "" && r.code() != c.code) {
				t.Errorf("%s: %d %s, want %d %s", c.name, r.Status, r.Raw, c.status, c.code)
			}
		}
		h.must(h.do("GET", bidPath(draft), tm.Token, nil), http.StatusNotFound)
		// The organisation may bid on the challenge again.
		h.bidDraft(tm, ch)
		r := h.must(h.do("GET", fmt.Sprintf("/api/v1/audit?entity=bid&entity_id=%d", draft), boss.Token, nil), http.StatusOK)
		if items := r.items(); len(items) == 0 || items[0]["action"] != "delete" {
			t.Errorf("audit of the deleted bid: %s", r.Raw)
		}
		h.must(h.do("GET", "/api/v1/audit/verify", boss.Token, nil), http.StatusOK)
	})
}
