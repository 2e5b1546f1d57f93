package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestMyBidsShowEachChallengesTitle: the organisation's bids, listed with their challenges read for the whole
// page at once, each carry the title of their own challenge.
func TestMyBidsShowEachChallengesTitle(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ent, tm, boss := h.enterprise(), h.team(), h.bureau()
		titles := map[int64]string{}
		for _, title := range []string{"海上风电主轴承国产化", "动力电池回收再利用"} {
			id := h.chDraft(ent)
			h.must(h.do("PATCH", chPath(id), ent.Token, map[string]any{"title": title}), http.StatusOK)
			h.must(h.do("POST", chPath(id, "submit"), ent.Token, nil), http.StatusOK)
			h.must(h.do("POST", chPath(id, "validate"), boss.Token, map[string]any{"decision": "approve"}), http.StatusOK)
			h.must(h.do("POST", chPath(id, "publish"), boss.Token,
				map[string]any{"bid_deadline": h.clock.Now().Add(72 * time.Hour).Format(time.RFC3339)}), http.StatusOK)
			titles[h.bidDraft(tm, id)] = title
		}
		r := h.must(h.do("GET", "/api/v1/me/bids", tm.Token, nil), http.StatusOK)
		items := r.items()
		if len(items) != 2 {
			t.Fatalf("my bids: %s", r.Raw)
		}
		for _, it := range items {
			id := int64(it["id"].(float64))
			if it["challenge_title"] != titles[id] || it["lead_org_name"] == "" {
				t.Errorf("bid %d: challenge_title %q, want %q (lead_org_name %q)", id, it["challenge_title"], titles[id], it["lead_org_name"])
			}
		}
	})
}

// TestMyBidsPageEqualsEachBid: 我的揭榜 reads the attachments and newest corrections of its page at once; each
// item's attachments, correction and actions are those of the bid read alone, and change with the bids.
func TestMyBidsPageEqualsEachBid(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.correctionFixture()
		ch2 := h.chPublished(f.owner, 72*time.Hour)
		draft := h.bidDraft(f.tm, ch2)
		h.must(h.upload(bidPath(draft, "attachments"), f.tm.Token, "file", "方案.pdf", pdfBytes("plan")), http.StatusCreated)
		h.must(h.upload(bidPath(draft, "attachments"), f.tm.Token, "file", "预算.pdf", pdfBytes("budget")), http.StatusCreated)
		ch3 := h.chPublished(f.owner, 72*time.Hour)
		bare := h.bidDraft(f.tm, ch3)
		same := func(stage string, want int) {
			t.Helper()
			items := h.must(h.do("GET", "/api/v1/me/bids", f.tm.Token, nil), http.StatusOK).items()
			if len(items) != want {
				t.Fatalf("%s: %d bids, want %d", stage, len(items), want)
			}
			for _, it := range items {
				id := int64(it["id"].(float64))
				one := h.must(h.do("GET", bidPath(id), f.tm.Token, nil), http.StatusOK).Body
				for _, k := range []string{"attachments", "correction", "actions", "status"} {
					if fmt.Sprint(it[k]) != fmt.Sprint(one[k]) {
						t.Errorf("%s: bid %d %s in the list %v, alone %v", stage, id, k, it[k], one[k])
					}
				}
			}
		}
		same("open", 3)
		h.must(h.do("DELETE", bidPath(bare), f.tm.Token, nil), http.StatusNoContent)
		same("one deleted", 2)
		h.must(h.do("POST", bidPath(draft, "submit"), f.tm.Token, nil), http.StatusOK)
		same("both submitted", 2)
		h.closeCorrectionFixture(&f)
		boss := h.bureau()
		h.must(h.do("POST", bidPath(f.bid, "correction"), boss.Token,
			map[string]any{"defects": []any{defect("budget", "设备费缺少明细")}}), http.StatusOK)
		same("under correction", 2)
		items := h.must(h.do("GET", "/api/v1/me/bids", f.tm.Token, nil), http.StatusOK).items()
		for _, it := range items {
			id := int64(it["id"].(float64))
			if got := it["correction"] != nil; got != (id == f.bid) {
				t.Errorf("bid %d: correction %v", id, it["correction"])
			}
			if n := len(it["attachments"].([]any)); (id == draft && n != 2) || (id == f.bid && n != 1) {
				t.Errorf("bid %d: %d attachments", id, n)
			}
		}
	})
}
