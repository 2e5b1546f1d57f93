package api_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"jiebang/cmd/app"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// sharedAuditKey is an audit key in PEM, as JIEBANG_AUDIT_KEY gives it to every server of a deployment.
func sharedAuditKey(t *testing.T) string {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// Two servers on one database and one bucket, each with its own data dir: a file uploaded through one is
// downloaded through the other, with the same access checks; neither keeps it on its disk.
func TestTwoServersShareTheObjectStore(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		twoServersShareTheBucket(t, db, testdb.NewFakeS3(t).URL("jiebang"))
	})
}

// twoServersShareTheBucket is TestTwoServersShareTheObjectStore on the bucket storageURL (the fake one, or a
// real server's: storage_s3_real_test.go).
func twoServersShareTheBucket(t *testing.T, db *repository.DB, storageURL string) {
	t.Helper()
	key := sharedAuditKey(t)
	tune := func(c *app.Config) { c.StorageURL, c.AuditKeyPEM = storageURL, key }
	h1 := newHarnessWith(t, db, tune)
	// The second server opens the database on its own (the same SQLite file, or the PostgreSQL URL).
	db2, err := repository.Open(repository.Options{URL: db.URL, SQLitePath: db.Path, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db2.Close() })
	h2 := newHarnessWith(t, db2, tune)
	if h1.app.Cfg.DataDir == h2.app.Cfg.DataDir {
		t.Fatal("the servers share a data dir")
	}

	owner, tm, stranger := h1.enterprise(), h1.team(), h1.team()
	ch := h1.chPublished(owner, 72*time.Hour)
	id := h1.bidDraft(tm, ch)
	pdf := pdfBytes("两台服务器")
	r := h1.must(h1.upload(bidPath(id, "attachments"), tm.Token, "file", "方案.pdf", pdf), http.StatusCreated)
	aid := r.num("id")
	if files := storedFiles(t, h1); len(files) != 0 {
		t.Fatalf("the file stayed on the first server's disk: %v", files)
	}
	bucket, err := repository.OpenBlobStore(storageURL, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := bucket.Walk(context.Background(), func(repository.BlobInfo) error { n++; return nil }); err != nil || n != 1 {
		t.Fatalf("objects in the bucket: %d %v", n, err)
	}
	dl := fmt.Sprintf("%s/attachments/%d", bidPath(id), aid)
	got := h2.do("GET", dl, tm.Token, nil)
	if got.Status != http.StatusOK || !bytes.Equal(got.Raw, pdf) || got.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("download from the second server: %d %q", got.Status, got.Raw)
	}
	if r := h2.do("GET", dl, stranger.Token, nil); r.Status != http.StatusNotFound {
		t.Fatalf("another team downloads a working copy's attachment: %d", r.Status)
	}
	if r := h2.do("GET", dl, "", nil); r.Status != http.StatusUnauthorized {
		t.Fatalf("anonymous download: %d", r.Status)
	}
	// Both servers are ready: storage reachable, secrets shared.
	for i, h := range []*harness{h1, h2} {
		rd := h.must(h.do("GET", "/readyz", "", nil), http.StatusOK)
		if rd.str("status") != "ready" || rd.str("storage") != "s3" || rd.str("storage_state") != "ok" || rd.str("secrets") != "ok" {
			t.Fatalf("server %d readyz: %s", i+1, rd.Raw)
		}
	}
}

// The object store unreachable: an upload answers 503 storage_unavailable with Retry-After and records nothing;
// the bid and everything else still read; /readyz stays 200 but says "degraded" and why.
func TestUploadWhileStorageUnreachable(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, testdb.New(t, repository.DialectSQLite), func(c *app.Config) {
		c.StorageURL, c.AuditKeyPEM = testdb.DeadS3URL(t), sharedAuditKey(t)
	})
	owner, tm := h.enterprise(), h.team()
	ch := h.chPublished(owner, 72*time.Hour)
	id := h.bidDraft(tm, ch)
	r := h.upload(bidPath(id, "attachments"), tm.Token, "file", "方案.pdf", pdfBytes("无法存储"))
	if r.Status != http.StatusServiceUnavailable || r.code() != "storage_unavailable" || r.Header.Get("Retry-After") == "" {
		t.Fatalf("upload with the store down: %d %s %v", r.Status, r.Raw, r.Header)
	}
	b := h.must(h.do("GET", bidPath(id), tm.Token, nil), http.StatusOK)
	if atts, _ := b.Body["attachments"].([]any); len(atts) != 0 {
		t.Fatalf("a row without its object: %s", b.Raw)
	}
	var n int64
	if err := h.app.DB.Reader.Raw(`SELECT COUNT(*) FROM bid_attachments`).Scan(&n).Error; err != nil || n != 0 {
		t.Fatalf("attachment rows: %d %v", n, err)
	}
	h.must(h.do("GET", "/api/v1/challenges/"+fmt.Sprint(ch), tm.Token, nil), http.StatusOK)
	rd := h.must(h.do("GET", "/readyz", "", nil), http.StatusOK)
	if rd.str("status") != "degraded" || rd.str("storage_state") != "unreachable" || rd.str("storage_error") == "" {
		t.Fatalf("readyz with the store down: %s", rd.Raw)
	}
}

// A server that would use secrets of its own data dir in a deployment that shares them reports not ready,
// naming them; the default single server (local storage, nothing set) is ready as before.
func TestReadyzNamesMissingSharedSecrets(t *testing.T) {
	t.Parallel()
	fake := testdb.NewFakeS3(t)
	cases := []struct {
		name    string
		tune    func(c *app.Config)
		status  int
		missing []string
	}{
		{"local storage, nothing set", func(c *app.Config) { c.JWTSecret = "" }, http.StatusOK, nil},
		{"required, both generated", func(c *app.Config) { c.JWTSecret, c.RequireSharedSecrets = "", true },
			http.StatusServiceUnavailable, []string{"jwt_secret", "audit_key"}},
		{"s3, audit key generated", func(c *app.Config) { c.StorageURL = fake.URL("") }, http.StatusServiceUnavailable, []string{"audit_key"}},
		{"s3, both shared", func(c *app.Config) { c.StorageURL, c.AuditKeyPEM = fake.URL(""), sharedAuditKey(t) }, http.StatusOK, nil},
	}
	for _, c := range cases {
		h := newHarnessWith(t, testdb.New(t, repository.DialectSQLite), c.tune)
		r := h.do("GET", "/readyz", "", nil)
		var missing []string
		if m, ok := r.Body["missing_secrets"].([]any); ok {
			for _, x := range m {
				missing = append(missing, fmt.Sprint(x))
			}
		}
		if r.Status != c.status || !slices.Equal(missing, c.missing) || (c.missing != nil && r.str("reason") == "") {
			t.Errorf("%s: %d %s", c.name, r.Status, r.Raw)
		}
	}
}

// The scheduled cleanup removes an old object that no row names (an upload whose transaction failed) and keeps
// the attachments' objects.
func TestOrphanCleanupJobOnTheBucket(t *testing.T) {
	t.Parallel()
	fake := testdb.NewFakeS3At(t, time.Now().Add(-48*time.Hour))
	h := newHarnessWith(t, testdb.New(t, repository.DialectSQLite), func(c *app.Config) {
		c.StorageURL, c.AuditKeyPEM = fake.URL(""), sharedAuditKey(t)
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
	if _, err := h.app.Blobs.Stat(ctx, sum); err == nil {
		t.Fatal("the orphan object stayed")
	}
	r := h.do("GET", fmt.Sprintf("%s/attachments/%d", bidPath(id), aid), tm.Token, nil)
	if r.Status != http.StatusOK || !bytes.Equal(r.Raw, pdf) {
		t.Fatalf("the attachment's object went: %d", r.Status)
	}
}
