package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// storedFiles lists the files under the uploads dir (temporary ones included).
func storedFiles(t *testing.T, h *harness) []string {
	t.Helper()
	var out []string
	root := filepath.Join(h.app.Cfg.DataDir, "uploads")
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, strings.TrimPrefix(p, root))
		}
		return nil
	})
	return out
}

func TestBidAttachments(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, tm, otherTeam := h.enterprise(), h.team(), h.team()
		ch := h.chPublished(owner, 72*time.Hour)
		id := h.bidDraft(tm, ch)
		up := bidPath(id, "attachments")

		pdf := pdfBytes("技术方案")
		r := h.must(h.upload(up, tm.Token, "file", `C:\方案\技术方案.pdf`, pdf), http.StatusCreated)
		sum := sha256.Sum256(pdf)
		if r.str("sha256") != hex.EncodeToString(sum[:]) || r.str("filename") != "技术方案.pdf" ||
			r.str("content_type") != "application/pdf" || r.num("size") != int64(len(pdf)) {
			t.Fatalf("upload: %s", r.Raw)
		}
		first := r.num("id")
		files := storedFiles(t, h)
		if len(files) != 1 || !strings.HasSuffix(files[0], r.str("sha256")) {
			t.Fatalf("stored by SHA-256: %v", files)
		}

		// Refused uploads store nothing.
		refused := []struct {
			name   string
			file   string
			data   []byte
			status int
			code   string
		}{
			{"text named .pdf", "伪装.pdf", []byte("这不是 PDF，只是一段文字。"), 422, "file_type_not_allowed"},
			{"html", "x.docx", []byte("<html><script>alert(1)</script></html>"), 422, "file_type_not_allowed"},
			{"over 20 MiB", "big.pdf", append(pdfBytes("big"), bytes.Repeat([]byte{' '}, 20<<20)...), 413, "file_too_large"},
		}
		for _, c := range refused {
			if r := h.upload(up, tm.Token, "file", c.file, c.data); r.Status != c.status || r.code() != c.code {
				t.Errorf("%s: %d %s", c.name, r.Status, r.Raw)
			}
		}
		if got := storedFiles(t, h); len(got) != 1 {
			t.Fatalf("refused uploads left files behind: %v", got)
		}

		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde")
		second := h.must(h.upload(up, tm.Token, "file", "样机照片.png", png), http.StatusCreated).num("id")
		r = h.must(h.do("GET", bidPath(id), tm.Token, nil), http.StatusOK)
		if atts := r.Body["attachments"].([]any); len(atts) != 2 {
			t.Fatalf("attachments on the bid: %s", r.Raw)
		}

		dl := func(aid int64, token string) resp {
			return h.do("GET", fmt.Sprintf("%s/attachments/%d", bidPath(id), aid), token, nil)
		}
		d := dl(first, tm.Token)
		if d.Status != 200 || !bytes.Equal(d.Raw, pdf) || d.Header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(d.Header.Get("Content-Disposition"), "attachment;") {
			t.Fatalf("download: %d %v", d.Status, d.Header)
		}
		if dl(first, otherTeam.Token).Status != 404 || dl(first, h.bureau().Token).Status != 404 {
			t.Fatal("only those who may read the bid download its attachments")
		}

		h.must(h.do("POST", bidPath(id, "submit"), tm.Token, nil), http.StatusOK)
		if dl(first, h.bureau().Token).Status != 200 {
			t.Fatal("the bureau downloads a submitted attachment")
		}
		// Removing an attachment after submission keeps it in the submitted version.
		h.must(h.do("DELETE", fmt.Sprintf("%s/attachments/%d", bidPath(id), first), tm.Token, nil), http.StatusNoContent)
		if r := h.do("DELETE", fmt.Sprintf("%s/attachments/%d", bidPath(id), first), tm.Token, nil); r.Status != 404 {
			t.Fatalf("deleting twice: %d", r.Status)
		}
		r = h.must(h.do("GET", bidPath(id), tm.Token, nil), http.StatusOK)
		if atts := r.Body["attachments"].([]any); len(atts) != 1 || r.Body["has_unsubmitted_changes"] != true {
			t.Fatalf("working copy after delete: %s", r.Raw)
		}
		if b := h.must(h.do("GET", bidPath(id), h.bureau().Token, nil), http.StatusOK); len(b.Body["attachments"].([]any)) != 2 {
			t.Fatalf("the submitted version keeps both attachments: %s", b.Raw)
		}
		if dl(first, h.bureau().Token).Status != 200 || dl(first, tm.Token).Status != 200 {
			t.Fatal("an attachment of a submitted version stays downloadable")
		}
		h.must(h.do("POST", bidPath(id, "submit"), tm.Token, nil), http.StatusOK)
		vs := h.must(h.do("GET", bidPath(id, "versions"), tm.Token, nil), http.StatusOK)
		if items := vs.items(); len(items) != 2 || !strings.Contains(string(vs.Raw), r.Body["attachments"].([]any)[0].(map[string]any)["sha256"].(string)) {
			t.Fatalf("versions name attachments by SHA-256: %s", vs.Raw)
		}

		// A draft attachment deleted before any submission is gone for the team too.
		third := h.must(h.upload(up, tm.Token, "file", "预算.pdf", pdfBytes("预算")), http.StatusCreated).num("id")
		h.must(h.do("DELETE", fmt.Sprintf("%s/attachments/%d", bidPath(id), third), tm.Token, nil), http.StatusNoContent)
		if dl(third, tm.Token).Status != 404 {
			t.Fatal("a removed, never-submitted attachment is gone")
		}
		if d := dl(second, tm.Token); d.Status != 200 || d.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("png download: %d %v", d.Status, d.Header)
		}

		want := []string{"attach", "attach", "attach", "create", "detach", "detach", "submit", "submit"}
		if got := auditActions(h, id); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("audit: %v", got)
		}
	})
}
