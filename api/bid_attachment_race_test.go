package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestAttachmentLimitHoldsUnderParallelUploads: 40 uploads to one bid at once never leave more than the limit
// of 30 attachments; the limit is counted inside the transaction, after the bid's row is taken.
func TestAttachmentLimitHoldsUnderParallelUploads(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ent, tm := h.enterprise(), h.team()
		id := h.bidDraft(tm, h.chPublished(ent, 72*time.Hour))
		const uploads, limit = 40, 30
		statuses := make([]int, uploads)
		codes := make([]string, uploads)
		var wg sync.WaitGroup
		for i := range uploads {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := h.upload(bidPath(id, "attachments"), tm.Token, "file", fmt.Sprintf("f%d.pdf", i), pdfBytes(fmt.Sprint(i)))
				statuses[i], codes[i] = r.Status, r.code()
			}()
		}
		wg.Wait()
		created := 0
		for i, st := range statuses {
			switch {
			case st == http.StatusCreated:
				created++
			case st == http.StatusUnprocessableEntity && codes[i] == "too_many_attachments":
			default:
				t.Errorf("upload %d: %d %s", i, st, codes[i])
			}
		}
		r := h.must(h.do("GET", bidPath(id), tm.Token, nil), http.StatusOK)
		n := len(r.Body["attachments"].([]any))
		if created != limit || n != limit {
			t.Fatalf("%d uploads answered 201 and the bid holds %d attachments; want exactly %d", created, n, limit)
		}
	})
}

// TestTruncatedUploadIs400: a multipart body cut off inside the file part (no closing boundary) is the
// client's fault: 400 malformed_multipart, and nothing is attached.
func TestTruncatedUploadIs400(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		ent, tm := h.enterprise(), h.team()
		id := h.bidDraft(tm, h.chPublished(ent, 72*time.Hour))
		for name, body := range map[string]string{
			"cut inside the file": "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n" +
				"Content-Type: application/pdf\r\n\r\n" + string(pdfBytes("cut")),
			"cut inside the headers": "--XYZ\r\nContent-Disposition: form-data; name=\"fi",
			"no parts at all":        "--XYZ",
		} {
			req := httptest.NewRequest("POST", bidPath(id, "attachments"), strings.NewReader(body))
			req.Header.Set("Content-Type", "multipart/form-data; boundary=XYZ")
			req.Header.Set("Authorization", "Bearer "+tm.Token)
			w := httptest.NewRecorder()
			h.h.ServeHTTP(w, req)
			var out struct {
				Error struct{ Code string } `json:"error"`
			}
			_ = json.Unmarshal(w.Body.Bytes(), &out)
			// Without a file part at all Go's reader sees a clean end: 422 "file required"; either way a 4xx.
			if w.Code != http.StatusBadRequest && !(name != "cut inside the file" && w.Code == http.StatusUnprocessableEntity) {
				t.Errorf("%s: %d %s", name, w.Code, w.Body.Bytes())
			}
			if name == "cut inside the file" && out.Error.Code != "malformed_multipart" {
				t.Errorf("%s: code %q", name, out.Error.Code)
			}
		}
		r := h.must(h.do("GET", bidPath(id), tm.Token, nil), http.StatusOK)
		if n := len(r.Body["attachments"].([]any)); n != 0 {
			t.Errorf("%d attachments after truncated uploads", n)
		}
	})
}

// TestOpenAPIUploadsAreMultipart: the document describes uploads as multipart/form-data with a binary file.
func TestOpenAPIUploadsAreMultipart(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	r := h.must(h.do("GET", "/api/v1/openapi.json", "", nil), http.StatusOK)
	var doc struct {
		Paths map[string]map[string]struct {
			RequestBody struct {
				Content map[string]struct {
					Schema struct {
						Ref string `json:"$ref"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Type       any    `json:"type"`
				Format     string `json:"format"`
				Properties map[string]struct {
					Ref string `json:"$ref"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(r.Raw, &doc); err != nil {
		t.Fatal(err)
	}
	content := doc.Paths["/api/v1/bids/{id}/attachments"]["post"].RequestBody.Content
	mp, ok := content["multipart/form-data"]
	if !ok || len(content) != 1 {
		t.Fatalf("upload request body content types: %v", content)
	}
	ref := strings.TrimPrefix(mp.Schema.Ref, "#/components/schemas/")
	fileRef := strings.TrimPrefix(doc.Components.Schemas[ref].Properties["file"].Ref, "#/components/schemas/")
	if f := doc.Components.Schemas[fileRef]; f.Type != "string" || f.Format != "binary" {
		t.Errorf("file property of %s (%s): %+v", ref, fileRef, f)
	}
}
