package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestUploadOfTheLimit: a file of exactly the upload limit (20 MiB) is accepted and stored byte for byte
// (the download and the file in the uploads dir are the bytes sent); one byte more is a 413 that stores
// nothing.
func TestUploadOfTheLimit(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, tm := h.enterprise(), h.team()
		id := h.bidDraft(tm, h.chPublished(owner, 72*time.Hour))
		up := bidPath(id, "attachments")
		data := make([]byte, 20<<20)
		rng := rand.New(rand.NewPCG(1, 2))
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		copy(data, pdfBytes("20 MiB"))
		sum := sha256.Sum256(data)
		hexSum := hex.EncodeToString(sum[:])

		if r := h.upload(up, tm.Token, "file", "over.pdf", append(bytes.Clone(data), '!')); r.Status != http.StatusRequestEntityTooLarge || r.code() != "file_too_large" {
			t.Fatalf("limit + 1 byte: %d %s", r.Status, r.Raw)
		}
		if files := storedFiles(t, h); len(files) != 0 {
			t.Fatalf("a refused upload left files behind: %v", files)
		}

		r := h.must(h.upload(up, tm.Token, "file", "limit.pdf", data), http.StatusCreated)
		if r.num("size") != int64(len(data)) || r.str("sha256") != hexSum {
			t.Fatalf("upload of the limit: %s", r.Raw)
		}
		d := h.do("GET", fmt.Sprintf("%s/%d", up, r.num("id")), tm.Token, nil)
		if d.Status != http.StatusOK || !bytes.Equal(d.Raw, data) {
			t.Fatalf("download: %d, %d bytes, equal %v", d.Status, len(d.Raw), bytes.Equal(d.Raw, data))
		}
		stored, err := os.ReadFile(filepath.Join(h.app.Cfg.DataDir, "uploads", hexSum[:2], hexSum))
		if err != nil || !bytes.Equal(stored, data) {
			t.Fatalf("stored file: %d bytes, equal %v, %v", len(stored), bytes.Equal(stored, data), err)
		}
	})
}
