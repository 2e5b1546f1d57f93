package repository_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/bid"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

func hexSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func openS3(t *testing.T, url string) *repository.S3Blobs {
	t.Helper()
	store, err := repository.OpenBlobStore(url, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s3, ok := store.(*repository.S3Blobs)
	if !ok {
		t.Fatalf("%s opened %T", url, store)
	}
	return s3
}

// The S3 store stages, uploads before the transaction, opens seekable objects, and lists, stats and removes them.
func TestS3Blobs(t *testing.T) {
	t.Parallel()
	fake := testdb.NewFakeS3(t)
	store := openS3(t, fake.URL("att"))
	ctx := context.Background()
	if err := store.Ping(ctx); err != nil {
		t.Fatalf("ping: %v", err)
	}
	data := bytes.Repeat([]byte("对象存储 "), 5000)
	st, err := store.Stage(bytes.NewReader(data), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if st.SHA256() != hexSum(data) || st.Size() != int64(len(data)) || !bytes.HasPrefix(data, st.Head()) {
		t.Fatalf("staged: %s %d", st.SHA256(), st.Size())
	}
	if err := bid.UploadStaged(ctx, st); err != nil {
		t.Fatalf("upload: %v", err)
	}
	created, err := st.Commit()
	if err != nil || !created {
		t.Fatalf("commit: %v %v", created, err)
	}
	st.Discard()
	// The object sits under the prefix, in a folder named by the first two hex digits.
	key := "att/" + st.SHA256()[:2] + "/" + st.SHA256()
	if _, err := fake.Backend.HeadObject(fake.Bucket, key); err != nil {
		t.Fatalf("object %s: %v", key, err)
	}
	// The same bytes again: not created, still one object.
	st2, _ := store.Stage(bytes.NewReader(data), 1<<20)
	if created, err := st2.Commit(); err != nil || created {
		t.Fatalf("second commit (no Upload first): %v %v", created, err)
	}
	rc, err := store.Open(st.SHA256())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rc.Seek(int64(len(data)-10), io.SeekStart); err != nil {
		t.Fatal(err)
	}
	tail, _ := io.ReadAll(rc)
	_ = rc.Close()
	if !bytes.Equal(tail, data[len(data)-10:]) {
		t.Fatalf("seek and read: %q", tail)
	}
	var listed []repository.BlobInfo
	if err := store.Walk(ctx, func(bi repository.BlobInfo) error { listed = append(listed, bi); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(listed) != 1 || listed[0].SHA256 != st.SHA256() || listed[0].Size != int64(len(data)) {
		t.Fatalf("walk: %+v", listed)
	}
	// Too large: nothing is kept anywhere.
	if _, err := store.Stage(bytes.NewReader(data), 100); !errors.Is(err, domain.ErrTooLarge) {
		t.Fatalf("over the limit: %v", err)
	}
	missing := hexSum([]byte("nothing"))
	if _, err := store.Open(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("open missing: %v", err)
	}
	if _, err := store.Stat(ctx, missing); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("stat missing: %v", err)
	}
	if err := store.Remove(ctx, st.SHA256()); err != nil {
		t.Fatal(err)
	}
	if err := store.Remove(ctx, st.SHA256()); err != nil {
		t.Fatalf("remove twice: %v", err)
	}
}

// An unreachable store fails with storage_unavailable (503), from the upload on; nothing is stored.
func TestS3BlobsUnreachable(t *testing.T) {
	t.Parallel()
	store := openS3(t, testdb.DeadS3URL(t))
	ctx := context.Background()
	var de *domain.Error
	if err := store.Ping(ctx); !errors.As(err, &de) || de.Code != "storage_unavailable" || !errors.Is(err, domain.ErrUnavailable) {
		t.Fatalf("ping: %v", err)
	}
	st, err := store.Stage(bytes.NewReader([]byte("%PDF-1.4 x")), 1<<20)
	if err != nil {
		t.Fatalf("staging is local: %v", err)
	}
	defer st.Discard()
	if err := bid.UploadStaged(ctx, st); !errors.Is(err, domain.ErrUnavailable) {
		t.Fatalf("upload: %v", err)
	}
	if _, err := store.Open(st.SHA256()); !errors.Is(err, domain.ErrUnavailable) {
		t.Fatalf("open: %v", err)
	}
}

func TestParseS3URL(t *testing.T) {
	t.Setenv("JIEBANG_S3_ACCESS_KEY", "")
	t.Setenv("JIEBANG_S3_SECRET_KEY", "")
	t.Setenv("AWS_ACCESS_KEY_ID", "aws-id")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "aws-secret")
	c, err := repository.ParseS3URL("s3://files/jiebang/prod?endpoint=minio.local:9000&region=cn-north-1&secure=false&path_style=true")
	if err != nil {
		t.Fatal(err)
	}
	if c.Bucket != "files" || c.Prefix != "jiebang/prod/" || c.Endpoint != "minio.local:9000" || c.Region != "cn-north-1" ||
		c.Secure || !c.PathStyle || c.AccessKey != "aws-id" || c.SecretKey != "aws-secret" {
		t.Fatalf("parsed: %+v", c)
	}
	t.Setenv("JIEBANG_S3_ACCESS_KEY", "jb-id")
	t.Setenv("JIEBANG_S3_SECRET_KEY", "jb-secret")
	c, _ = repository.ParseS3URL("s3://files")
	if c.AccessKey != "jb-id" || c.SecretKey != "jb-secret" || c.Endpoint != "s3.amazonaws.com" || !c.Secure {
		t.Fatalf("defaults and JIEBANG_S3_*: %+v", c)
	}
	for _, bad := range []string{"s3://", "s3://k:s@files", "s3://files?secure=maybe", "s3://files?bucket=x", "ftp://x"} {
		if _, err := repository.OpenBlobStore(bad, t.TempDir()); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	dir := t.TempDir()
	store, err := repository.OpenBlobStore("file://"+dir, t.TempDir())
	if err != nil || store.Describe() != "file://"+dir {
		t.Fatalf("file url: %v %v", store, err)
	}
}

// The cleanup removes old stored files that no row names, in both kinds of store, and keeps the named ones and
// the young ones.
func TestRemoveOrphans(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		fake := testdb.NewFakeS3(t)
		local, err := repository.NewFileBlobs(filepath.Join(t.TempDir(), "uploads"))
		if err != nil {
			t.Fatal(err)
		}
		checkRemoveOrphans(t, db, map[string]repository.BlobStore{"s3": openS3(t, fake.URL("")), "local": local})
	})
}

// TestRemoveOrphansRealServer is TestRemoveOrphans on a real S3 server (JIEBANG_TEST_S3_URL; skips otherwise).
func TestRemoveOrphansRealServer(t *testing.T) {
	testdb.RealS3URL(t) // skips without a server
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		checkRemoveOrphans(t, db, map[string]repository.BlobStore{"real s3": openS3(t, testdb.RealS3URL(t))})
	})
}

// checkRemoveOrphans: with a row naming one file, the cleanup keeps it and the young orphans, and removes the old
// orphan of each store.
func checkRemoveOrphans(t *testing.T, db *repository.DB, stores map[string]repository.BlobStore) {
	t.Helper()
	ctx := context.Background()
	// A bid attachment row names one file.
	f := newBidFixture(t, db)
	b, err := f.create(t, f.challenge, f.org)
	if err != nil {
		t.Fatal(err)
	}
	namedBytes := []byte("%PDF-1.4 named")
	named := bid.Attachment{BidID: b.ID, Filename: "named.pdf", Size: int64(len(namedBytes)), ContentType: "application/pdf",
		SHA256: hexSum(namedBytes), UploadedBy: f.user, UploadedAt: chT0}
	if err := f.tx.InTx(ctx, func(ctx context.Context) error { return f.st.AddAttachment(ctx, &named) }); err != nil {
		t.Fatal(err)
	}
	for kind, store := range stores {
		put := func(b []byte) string {
			sum := hexSum(b)
			if err := store.Put(ctx, sum, bytes.NewReader(b), int64(len(b))); err != nil {
				t.Fatal(err)
			}
			return sum
		}
		orphan := put([]byte("orphan " + kind))
		if err := store.Put(ctx, named.SHA256, bytes.NewReader(namedBytes), int64(len(namedBytes))); err != nil {
			t.Fatal(err)
		}
		refs := repository.NewBlobRefs(db)
		// Young: nothing goes.
		rep, err := repository.RemoveOrphans(ctx, store, refs, time.Now().Add(-time.Hour))
		if err != nil || rep.Removed != 0 || rep.Scanned != 2 {
			t.Fatalf("%s young: %+v %v", kind, rep, err)
		}
		rep, err = repository.RemoveOrphans(ctx, store, refs, time.Now().Add(time.Hour))
		if err != nil || rep.Removed != 1 {
			t.Fatalf("%s old: %+v %v", kind, rep, err)
		}
		if _, err := store.Stat(ctx, orphan); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("%s: the orphan stayed: %v", kind, err)
		}
		if _, err := store.Stat(ctx, named.SHA256); err != nil {
			t.Fatalf("%s: the named file went: %v", kind, err)
		}
	}
	all, err := repository.NewBlobRefs(db).All(ctx)
	if err != nil || all[named.SHA256] != 1 {
		t.Fatalf("all refs: %v %v", all, err)
	}
}

// Stale staged uploads (a crash mid-upload) are removed from the local store's tmp directory.
func TestRemoveStaleTemp(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "uploads")
	local, err := repository.NewFileBlobs(dir)
	if err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "tmp", "upload-1")
	if err := os.WriteFile(stale, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if n, err := local.RemoveStaleTemp(time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("young: %d %v", n, err)
	}
	if n, err := local.RemoveStaleTemp(time.Now().Add(time.Hour)); err != nil || n != 1 {
		t.Fatalf("old: %d %v", n, err)
	}
}

// TestS3RealServer runs the store against a real S3-compatible server (MinIO, SeaweedFS `weed mini`, AWS) when
// JIEBANG_TEST_S3_URL names a bucket on it (docs/storage.md says how to start one); it skips otherwise.
func TestS3RealServer(t *testing.T) {
	store := openS3(t, testdb.RealS3URL(t))
	ctx := context.Background()
	if err := store.Ping(ctx); err != nil {
		t.Fatalf("ping %s: %v", store.Describe(), err)
	}
	data := append([]byte("%PDF-1.4 "), []byte(time.Now().String())...)
	data = append(data, bytes.Repeat([]byte{'x'}, 6<<20)...) // over one part of a multipart upload
	st, err := store.Stage(bytes.NewReader(data), 20<<20)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Discard()
	if err := bid.UploadStaged(ctx, st); err != nil {
		t.Fatalf("upload: %v", err)
	}
	t.Cleanup(func() { _ = store.Remove(context.Background(), st.SHA256()) })
	if created, err := st.Commit(); err != nil || !created {
		t.Fatalf("commit: %v %v", created, err)
	}
	got, n, err := repository.HashBlob(ctx, store, st.SHA256())
	if err != nil || got != st.SHA256() || n != int64(len(data)) {
		t.Fatalf("read back: %s %d %v", got, n, err)
	}
	rc, err := store.Open(st.SHA256())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rc.Seek(-5, io.SeekEnd); err != nil {
		t.Fatal(err)
	}
	tail, _ := io.ReadAll(rc)
	_ = rc.Close()
	if string(tail) != "xxxxx" {
		t.Fatalf("tail: %q", tail)
	}
	found := false
	if err := store.Walk(ctx, func(bi repository.BlobInfo) error {
		found = found || bi.SHA256 == st.SHA256()
		return nil
	}); err != nil || !found {
		t.Fatalf("walk: %v %v", found, err)
	}
}
