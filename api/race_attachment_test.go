package api_test

import (
	"fmt"
	"net/http"
	"testing"
)

// TestRaceReportAttachments covers files on stage reports: only after the report, by the racer's own team,
// PDF/Office/images by content, readable by the team, the owner enterprise and the bureau, closed by the
// stage's decision.
func TestRaceReportAttachments(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		f := h.raceReviewing(2)
		ids := h.raceStarted(f, 2)
		r1, r2 := ids[0], ids[1]
		t1, t2 := f.teams[0], f.teams[1]
		path := fmt.Sprintf("/api/v1/racers/%d/reports/1/attachments", r1)
		check(t, "before the report", h.upload(path, t1.Token, "file", "中期报告.pdf", pdfBytes("a")), 409, "report_missing")
		h.must(h.do("POST", racerPath(r1, "reports"), t1.Token, reportBody(1)), http.StatusCreated)
		check(t, "another racer's team", h.upload(path, t2.Token, "file", "x.pdf", pdfBytes("b")), 403, "not_racer")
		check(t, "the enterprise", h.upload(path, f.owner.Token, "file", "x.pdf", pdfBytes("b")), 403, "forbidden")
		check(t, "not a document", h.upload(path, t1.Token, "file", "x.pdf", []byte("#!/bin/sh\necho hi\n")), 422, "file_type_not_allowed")
		check(t, "no file", h.upload(path, t1.Token, "", "", nil), 422, "validation_failed")
		up := h.upload(path, t1.Token, "file", "中期报告.pdf", pdfBytes("report"))
		check(t, "upload", up, 201, "")
		aid := up.num("id")
		dl := fmt.Sprintf("/api/v1/racers/%d/attachments/%d", r1, aid)
		for _, c := range []struct {
			name   string
			token  string
			status int
		}{{"team", t1.Token, 200}, {"owner", f.owner.Token, 200}, {"bureau", h.bureau().Token, 200}, {"other racer", t2.Token, 404}, {"anonymous", "", 401}} {
			if r := h.do("GET", dl, c.token, nil); r.Status != c.status {
				t.Errorf("download by %s: %d", c.name, r.Status)
			}
		}
		check(t, "wrong racer in the path", h.do("GET", fmt.Sprintf("/api/v1/racers/%d/attachments/%d", r2, aid), h.bureau().Token, nil), 404, "not_found")
		b := h.must(h.do("GET", chPath(f.ch, "racers"), t1.Token, nil), http.StatusOK)
		reps := racerByID(t, b, r1)["reports"].([]any)
		if atts, _ := reps[0].(map[string]any)["attachments"].([]any); len(atts) != 1 {
			t.Fatalf("the board lists the attachment: %s", b.Raw)
		}
		h.must(h.do("POST", stagePathOf(f.ch, 1), h.bureau().Token, map[string]any{"advance": []int64{r1, r2}}), http.StatusOK)
		check(t, "after the decision", h.upload(path, t1.Token, "file", "补充.pdf", pdfBytes("late")), 409, "stage_already_decided")
	})
}
