package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"testing"
	"time"

	"jiebang/cmd/app"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// The tests of this file run against a real S3-compatible server when JIEBANG_TEST_S3_URL names a bucket on it
// (scripts/s3-test.sh, make test-s3: SeaweedFS `weed mini`); they skip otherwise. Each uses a prefix of its own.

// TestRealS3TwoServersShareTheBucket: an upload through one server is downloaded (streamed, with the access
// checks) through the other, on the same database and the real bucket.
func TestRealS3TwoServersShareTheBucket(t *testing.T) {
	testdb.RealS3URL(t) // skips without a server
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		twoServersShareTheBucket(t, db, testdb.RealS3URL(t))
	})
}

// TestRealS3LargeDownload: a 7 MB attachment (a multipart upload) is streamed back whole from the bucket.
func TestRealS3LargeDownload(t *testing.T) {
	url := testdb.RealS3URL(t)
	h := newHarnessWith(t, testdb.New(t, repository.DialectSQLite), func(c *app.Config) {
		c.StorageURL, c.AuditKeyPEM = url, sharedAuditKey(t)
	})
	owner, tm := h.enterprise(), h.team()
	ch := h.chPublished(owner, 72*time.Hour)
	id := h.bidDraft(tm, ch)
	pdf := append(pdfBytes("大文件"), bytes.Repeat([]byte("0123456789"), 700_000)...)
	aid := h.must(h.upload(bidPath(id, "attachments"), tm.Token, "file", "方案.pdf", pdf), http.StatusCreated).num("id")
	dl := fmt.Sprintf("%s/attachments/%d", bidPath(id), aid)
	got := h.do("GET", dl, tm.Token, nil)
	if got.Status != http.StatusOK || !bytes.Equal(got.Raw, pdf) {
		t.Fatalf("download: %d, %d bytes of %d", got.Status, len(got.Raw), len(pdf))
	}
}

// TestRealS3OrphanCleanup: the scheduled job leaves a young unreferenced object alone (an upload whose transaction
// may still run); the cleanup with a later cutoff removes it and keeps the attachment's object.
func TestRealS3OrphanCleanup(t *testing.T) {
	url := testdb.RealS3URL(t)
	h := newHarnessWith(t, testdb.New(t, repository.DialectSQLite), func(c *app.Config) {
		c.StorageURL, c.AuditKeyPEM = url, sharedAuditKey(t)
	})
	owner, tm := h.enterprise(), h.team()
	ch := h.chPublished(owner, 72*time.Hour)
	id := h.bidDraft(tm, ch)
	pdf := pdfBytes("保留")
	aid := h.must(h.upload(bidPath(id, "attachments"), tm.Token, "file", "方案.pdf", pdf), http.StatusCreated).num("id")
	orphan := []byte("%PDF-1.4 an upload whose transaction failed")
	ctx := context.Background()
	s := sha256.Sum256(orphan)
	sum := hex.EncodeToString(s[:])
	if err := h.app.Blobs.Put(ctx, sum, bytes.NewReader(orphan), int64(len(orphan))); err != nil {
		t.Fatal(err)
	}
	if err := h.app.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := h.app.Blobs.Stat(ctx, sum); err != nil {
		t.Fatalf("the job removed a young orphan: %v", err)
	}
	rep, err := repository.RemoveOrphans(ctx, h.app.Blobs, repository.NewBlobRefs(h.app.DB), time.Now().Add(time.Hour))
	if err != nil || rep.Scanned != 2 || rep.Removed != 1 {
		t.Fatalf("cleanup: %+v %v", rep, err)
	}
	if _, err := h.app.Blobs.Stat(ctx, sum); err == nil {
		t.Fatal("the orphan object stayed")
	}
	r := h.do("GET", fmt.Sprintf("%s/attachments/%d", bidPath(id), aid), tm.Token, nil)
	if r.Status != http.StatusOK || !bytes.Equal(r.Raw, pdf) {
		t.Fatalf("the attachment's object went: %d", r.Status)
	}
}

// TestRealS3ServerStopsAndStarts stops the real server (JIEBANG_TEST_S3_STOP): an upload answers 503
// storage_unavailable and leaves neither row nor object, a download 503, /readyz "degraded"; started again
// (JIEBANG_TEST_S3_START), the same upload succeeds. Not parallel: the server is down meanwhile (scripts/s3-test.sh
// runs it on its own).
func TestRealS3ServerStopsAndStarts(t *testing.T) {
	url := testdb.RealS3URL(t)
	testdb.RequireRealS3Control(t)
	h := newHarnessWith(t, testdb.New(t, repository.DialectSQLite), func(c *app.Config) {
		c.StorageURL, c.AuditKeyPEM = url, sharedAuditKey(t)
	})
	owner, tm := h.enterprise(), h.team()
	ch := h.chPublished(owner, 72*time.Hour)
	id := h.bidDraft(tm, ch)
	first := pdfBytes("停机之前")
	aid := h.must(h.upload(bidPath(id, "attachments"), tm.Token, "file", "一.pdf", first), http.StatusCreated).num("id")
	dl := fmt.Sprintf("%s/attachments/%d", bidPath(id), aid)

	testdb.RealS3Control(t, testdb.RealS3StopVariable)
	started := false
	defer func() {
		if !started {
			testdb.RealS3Control(t, testdb.RealS3StartVariable)
		}
	}()
	second := append(pdfBytes("停机之中"), bytes.Repeat([]byte{'y'}, 7<<20)...) // a multipart upload
	r := h.upload(bidPath(id, "attachments"), tm.Token, "file", "二.pdf", second)
	if r.Status != http.StatusServiceUnavailable || r.code() != "storage_unavailable" || r.Header.Get("Retry-After") == "" {
		t.Fatalf("upload with the server stopped: %d %s", r.Status, r.Raw)
	}
	if r := h.do("GET", dl, tm.Token, nil); r.Status != http.StatusServiceUnavailable || r.code() != "storage_unavailable" {
		t.Fatalf("download with the server stopped: %d %s", r.Status, r.Raw)
	}
	var n int64
	if err := h.app.DB.Reader.Raw(`SELECT COUNT(*) FROM bid_attachments`).Scan(&n).Error; err != nil || n != 1 {
		t.Fatalf("attachment rows: %d %v", n, err)
	}
	rd := h.must(h.do("GET", "/readyz", "", nil), http.StatusOK)
	if rd.str("status") != "degraded" || rd.str("storage_state") != "unreachable" {
		t.Fatalf("readyz with the server stopped: %s", rd.Raw)
	}

	testdb.RealS3Control(t, testdb.RealS3StartVariable)
	started = true
	ctx := context.Background()
	deadline := time.Now().Add(2 * time.Minute)
	for err := h.app.Blobs.Ping(ctx); err != nil; err = h.app.Blobs.Ping(ctx) {
		if time.Now().After(deadline) {
			t.Fatalf("the server did not come back: %v", err)
		}
		time.Sleep(time.Second)
	}
	// Nothing of the failed upload reached the bucket: only the first file is there.
	var sums []string
	if err := h.app.Blobs.Walk(ctx, func(bi repository.BlobInfo) error { sums = append(sums, bi.SHA256); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(sums) != 1 || sums[0] != hexOf(first) {
		t.Fatalf("objects after the restart: %v", sums)
	}
	if r := h.do("GET", dl, tm.Token, nil); r.Status != http.StatusOK || !bytes.Equal(r.Raw, first) {
		t.Fatalf("download after the restart: %d", r.Status)
	}
	aid2 := h.must(h.upload(bidPath(id, "attachments"), tm.Token, "file", "二.pdf", second), http.StatusCreated).num("id")
	got := h.do("GET", fmt.Sprintf("%s/attachments/%d", bidPath(id), aid2), tm.Token, nil)
	if got.Status != http.StatusOK || !bytes.Equal(got.Raw, second) {
		t.Fatalf("the upload after the restart: %d, %d bytes", got.Status, len(got.Raw))
	}
}

func hexOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
