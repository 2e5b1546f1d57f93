package repository_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jiebang/domain/bid"
	"jiebang/repository"
)

// TestLocalUploadIsInPlaceBeforeTheTransaction: in the local directory the file is renamed into place by the
// upload step that runs before the transaction (so the writer is never held by the file system), Commit then
// does nothing more, and an upload whose bytes were already stored renews the stored file's time, so the
// orphan cleanup (which leaves young files alone) cannot remove it before the row that names it commits.
func TestLocalUploadIsInPlaceBeforeTheTransaction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "uploads")
	store, err := repository.NewFileBlobs(dir)
	if err != nil {
		t.Fatal(err)
	}
	stage := func(content string) bid.StagedBlob {
		t.Helper()
		st, err := store.Stage(strings.NewReader(content), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	first := stage("%PDF-1.7 技术方案")
	if _, ok := first.(bid.Uploader); !ok {
		t.Fatal("the local staged file does not put itself in place before the transaction")
	}
	if err := bid.UploadStaged(ctx, first); err != nil {
		t.Fatal(err)
	}
	final := filepath.Join(dir, first.SHA256()[:2], first.SHA256())
	if _, err := os.Stat(final); err != nil {
		t.Fatalf("after the upload step, before any transaction: %v", err)
	}
	if created, err := first.Commit(); err != nil || !created {
		t.Fatalf("commit after the upload step: created %v, %v", created, err)
	}
	// The same bytes again, the stored copy old enough for the orphan cleanup.
	old := time.Now().Add(-48 * time.Hour)
	if err := os.Chtimes(final, old, old); err != nil {
		t.Fatal(err)
	}
	again := stage("%PDF-1.7 技术方案")
	if err := bid.UploadStaged(ctx, again); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(final)
	if err != nil || st.ModTime().Before(time.Now().Add(-time.Hour)) {
		t.Fatalf("the stored file was not renewed: %v %v", st.ModTime(), err)
	}
	if created, err := again.Commit(); err != nil || created {
		t.Fatalf("second commit of the same bytes: created %v, %v", created, err)
	}
	rep, err := repository.RemoveOrphans(ctx, store, nil, time.Now().Add(-6*time.Hour))
	if err != nil || rep.Removed != 0 {
		t.Fatalf("orphan cleanup removed a renewed file: %+v %v", rep, err)
	}
	if tmp, _ := os.ReadDir(filepath.Join(dir, "tmp")); len(tmp) != 0 {
		t.Errorf("temporary files left: %d", len(tmp))
	}
}
