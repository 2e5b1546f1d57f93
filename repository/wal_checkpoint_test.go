package repository_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gorm.io/gorm"

	"jiebang/repository"
)

// TestBackgroundWALCheckpoint: with WALCheckpointEvery the writer does not checkpoint the WAL itself
// (wal_autocheckpoint = 0) and a background connection does: what was written reaches the database file
// without any checkpoint by the writer, and Close stops the checkpointer.
func TestBackgroundWALCheckpoint(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "wal.db")
	db, err := repository.Open(repository.Options{SQLitePath: path, WALCheckpointEvery: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var auto int
	if err := db.Writer.Raw("PRAGMA wal_autocheckpoint").Scan(&auto).Error; err != nil || auto != 0 {
		t.Fatalf("writer's wal_autocheckpoint = %d (%v), want 0", auto, err)
	}
	if err := db.Writer.Exec("CREATE TABLE blobs (b BLOB)").Error; err != nil {
		t.Fatal(err)
	}
	row := bytes.Repeat([]byte("揭榜挂帅"), 1000) // 12 KB
	const rows = 1000                         // 12 MB, thousands of pages
	for i := 0; i < rows; i += 100 {
		if err := db.Writer.Transaction(func(tx *gorm.DB) error {
			for j := 0; j < 100; j++ {
				if err := tx.Exec("INSERT INTO blobs (b) VALUES (?)", string(row)).Error; err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	// The writer never checkpoints, so the rows reach the database file only through the checkpointer.
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() >= int64(rows*len(row)) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("database file still %d bytes: the background checkpointer did not copy the WAL into it", st.Size())
		}
		time.Sleep(5 * time.Millisecond) // polling a background worker that runs on real time
	}
	var n int
	if err := db.Reader.WithContext(context.Background()).Raw("SELECT COUNT(*) FROM blobs").Scan(&n).Error; err != nil || n != rows {
		t.Fatalf("rows read back: %d (%v)", n, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}
