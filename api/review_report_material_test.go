package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestStageReviewExpertsReadTheReport: an expert scoring a stage review item reads the racer's report (text,
// KPI values, files) in the assignment's material and downloads its files through the assignment; another
// racer's file, another expert, a team and a bid-review assignment get nothing.
func TestStageReviewExpertsReadTheReport(t *testing.T) {
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.raceReviewing(2)
		racers := h.raceStarted(f, 2)
		var experts []user
		for range 3 {
			experts = append(experts, h.expert())
		}
		boss := h.bureau()
		files := map[int64][]byte{}  // racer -> bytes of its file
		fileIDs := map[int64]int64{} // racer -> id of its file
		for i, id := range racers {
			h.must(h.do("POST", racerPath(id, "reports"), f.teams[i].Token, reportBody(1)), http.StatusCreated)
			files[id] = pdfBytes(fmt.Sprint("阶段报告", i))
			fileIDs[id] = h.must(h.upload(fmt.Sprintf("/api/v1/racers/%d/reports/1/attachments", id), f.teams[i].Token, "file",
				fmt.Sprintf("中期报告%d.pdf", i), files[id]), http.StatusCreated).num("id")
		}
		dl := h.clock.Now().Add(240 * time.Hour).Format(time.RFC3339)
		round := h.must(h.do("POST", chPath(f.ch, "rounds"), boss.Token, map[string]any{"kind": "stage_review", "stage": 1,
			"experts_per_item": 3, "deadline": dl}), http.StatusCreated).num("id")
		h.must(h.do("POST", roundPath(round, "assign"), boss.Token, map[string]any{"seed": 5}), http.StatusOK)
		outsider := h.expert() // joins the pool after the draw
		file := func(asg, fid int64, token string) resp {
			return h.do("GET", fmt.Sprintf("/api/v1/assignments/%d/files/%d", asg, fid), token, nil)
		}
		seen := 0
		for _, e := range experts {
			for _, asg := range h.myAssignments(e)["pending"] {
				m := h.must(h.do("GET", asgPath(asg), e.Token, nil), http.StatusOK)
				rep, _ := m.Body["report"].(map[string]any)
				if rep == nil || rep["summary"] != "完成原理样机并通过台架试验。" || rep["stage"].(float64) != 1 ||
					rep["kpi_values"].(map[string]any)["最高效率"].(float64) != 96.4 {
					t.Fatalf("material without the report: %s", m.Raw)
				}
				racer := int64(m.Body["item"].(map[string]any)["racer_id"].(float64))
				fs := rep["files"].([]any)
				if len(fs) != 1 || int64(fs[0].(map[string]any)["id"].(float64)) != fileIDs[racer] {
					t.Fatalf("the report's files: %s", m.Raw)
				}
				d := file(asg, fileIDs[racer], e.Token)
				if d.Status != 200 || !bytes.Equal(d.Raw, files[racer]) || d.Header.Get("Content-Type") != "application/pdf" {
					t.Fatalf("download through the assignment: %d %s", d.Status, d.Raw)
				}
				for other, fid := range fileIDs {
					if other != racer {
						if r := file(asg, fid, e.Token); r.Status != 404 {
							t.Fatalf("another racer's file through this assignment: %d", r.Status)
						}
					}
				}
				if file(asg, fileIDs[racer], outsider.Token).Status != 404 || file(asg, fileIDs[racer], f.teams[0].Token).Status != 403 ||
					h.do("GET", asgPath(asg), outsider.Token, nil).Status != 404 {
					t.Fatal("only the assignment's expert reads its material and files")
				}
				seen++
			}
		}
		if seen != 6 {
			t.Fatalf("%d assignments checked, want 2 items × 3 experts", seen)
		}
		// An expert the bureau replaces (or who recuses) keeps the assignment's page but loses the material.
		for i, e := range experts[:2] {
			asg := h.myAssignments(e)["pending"][0]
			m := h.must(h.do("GET", asgPath(asg), e.Token, nil), http.StatusOK)
			racer := int64(m.Body["item"].(map[string]any)["racer_id"].(float64))
			if i == 0 {
				h.must(h.do("POST", asgPath(asg, "replace"), boss.Token, map[string]any{"reason": "利益冲突"}), http.StatusOK)
			} else {
				h.must(h.do("POST", asgPath(asg, "recuse"), e.Token, map[string]any{"reason": "曾与该团队合作"}), http.StatusOK)
			}
			w := h.must(h.do("GET", asgPath(asg), e.Token, nil), http.StatusOK)
			ch := w.Body["challenge"].(map[string]any)
			if w.Body["report"] != nil || w.Body["bid"] != nil || ch["problem"] != "" || ch["background"] != "" {
				t.Fatalf("material after leaving the panel: %s", w.Raw)
			}
			if r := file(asg, fileIDs[racer], e.Token); r.Status != 404 {
				t.Fatalf("a file after leaving the panel: %d", r.Status)
			}
		}

		// A bid-review assignment has no report and no files.
		g := h.bidsClosed(1, 3)
		boss = h.bureau()
		dl = h.clock.Now().Add(240 * time.Hour).Format(time.RFC3339)
		bidRound := h.must(h.do("POST", chPath(g.ch, "rounds"), boss.Token, map[string]any{"kind": "bid_review", "experts_per_item": 3,
			"deadline": dl}), http.StatusCreated).num("id")
		h.must(h.do("POST", roundPath(bidRound, "assign"), boss.Token, map[string]any{"seed": 1}), http.StatusOK)
		everyone := append(append([]user{outsider}, experts...), g.experts...)
		for i := range everyone {
			h.relogin(&everyone[i])
		}
		bidAsgs := 0
		for _, e := range everyone {
			for _, asg := range h.myAssignments(e)["pending"] {
				m := h.must(h.do("GET", asgPath(asg), e.Token, nil), http.StatusOK)
				if int64(m.Body["round"].(map[string]any)["id"].(float64)) != bidRound {
					continue // the stage round's, still open
				}
				bidAsgs++
				if m.Body["report"] != nil || m.Body["bid"] == nil {
					t.Fatalf("a bid item's material: %s", m.Raw)
				}
				if file(asg, fileIDs[racers[0]], e.Token).Status != 404 {
					t.Fatal("a report file through a bid-review assignment")
				}
			}
		}
		if bidAsgs != 3 {
			t.Fatalf("%d bid-review assignments checked", bidAsgs)
		}
	})
}
