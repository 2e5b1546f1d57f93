package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"
	"time"

	"jiebang/domain"
)

// TestBidSealedVersionsAndAttachments: the seal covers every way into a bid, not only GET /bids/{id}: its
// versions, its attachments and the challenge's list. Before the deadline only the team and the bureau get
// in; afterwards the owner enterprise reads what was submitted, never the team's later working copy.
func TestBidSealedVersionsAndAttachments(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, otherEnt, tm, otherTeam, exp, boss := h.enterprise(), h.enterprise(), h.team(), h.team(), h.expert(), h.bureau()
		ch := h.chPublished(owner, 72*time.Hour)
		id := h.bidDraft(tm, ch)
		submittedPDF := pdfBytes("submitted")
		sub := h.must(h.upload(bidPath(id, "attachments"), tm.Token, "file", "方案.pdf", submittedPDF), http.StatusCreated).num("id")
		h.must(h.do("POST", bidPath(id, "submit"), tm.Token, nil), http.StatusOK)
		later := h.must(h.upload(bidPath(id, "attachments"), tm.Token, "file", "草稿.pdf", pdfBytes("later")), http.StatusCreated).num("id")
		theirs := h.bidSubmitted(otherTeam, ch)
		att := func(aid int64) string { return fmt.Sprintf("%s/attachments/%d", bidPath(id), aid) }

		outsiders := []struct {
			name  string
			token *string
		}{{"owner enterprise", &owner.Token}, {"other enterprise", &otherEnt.Token}, {"other team", &otherTeam.Token}, {"expert", &exp.Token}}
		for _, o := range outsiders {
			for _, p := range []string{bidPath(id), bidPath(id, "versions"), att(sub), att(later)} {
				if r := h.do("GET", p, *o.token, nil); r.Status != http.StatusNotFound || r.code() != "not_found" {
					t.Errorf("before the deadline, %s GET %s: %d %s", o.name, p, r.Status, r.Raw)
				}
			}
		}
		if r := h.must(h.do("GET", chPath(ch, "bids"), otherTeam.Token, nil), http.StatusOK); r.num("total") != 1 ||
			int64(r.items()[0]["id"].(float64)) != theirs {
			t.Errorf("another team lists only its own bid: %s", r.Raw)
		}
		if r := h.must(h.do("GET", att(sub), boss.Token, nil), http.StatusOK); !bytes.Equal(r.Raw, submittedPDF) {
			t.Errorf("the bureau downloads a submitted attachment before the deadline")
		}
		if r := h.do("GET", att(later), boss.Token, nil); r.Status != http.StatusNotFound {
			t.Errorf("the bureau must not read the team's unsubmitted attachment: %d", r.Status)
		}

		h.advance(72*time.Hour + domain.ArrivalGrace)
		h.relogin(&owner, &otherEnt, &tm, &otherTeam, &exp)
		if r := h.must(h.do("GET", att(sub), owner.Token, nil), http.StatusOK); !bytes.Equal(r.Raw, submittedPDF) {
			t.Errorf("the owner downloads the submitted attachment after the deadline: %q", r.Raw)
		}
		if r := h.do("GET", att(later), owner.Token, nil); r.Status != http.StatusNotFound {
			t.Errorf("the owner must not read an attachment that was never submitted: %d %s", r.Status, r.Raw)
		}
		b := h.must(h.do("GET", bidPath(id), owner.Token, nil), http.StatusOK)
		if atts, _ := b.Body["attachments"].([]any); len(atts) != 1 || int64(atts[0].(map[string]any)["id"].(float64)) != sub {
			t.Errorf("the owner sees the submitted attachments only: %s", b.Raw)
		}
		for _, o := range outsiders[1:] {
			for _, p := range []string{bidPath(id), bidPath(id, "versions"), att(sub)} {
				if r := h.do("GET", p, *o.token, nil); r.Status != http.StatusNotFound {
					t.Errorf("after the deadline, %s GET %s: %d", o.name, p, r.Status)
				}
			}
		}
	})
}
