package repository

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"time"

	"jiebang/domain"
	"jiebang/domain/bid"
)

// FileBlobs implements bid.Blobs on the file system: each file is stored once under
// <dir>/<first two hex digits>/<sha256>, written to <dir>/tmp first and renamed into place, so a reader never
// sees a half-written file and a failed upload leaves nothing behind.
type FileBlobs struct{ dir string }

// NewFileBlobs returns the store under dir (usually <data-dir>/uploads), creating it.
func NewFileBlobs(dir string) (*FileBlobs, error) {
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o750); err != nil {
		return nil, fmt.Errorf("create uploads dir: %w", err)
	}
	return &FileBlobs{dir: dir}, nil
}

var _ bid.Blobs = (*FileBlobs)(nil)

// stageBuffer is how much of an upload is written to its temporary file at a time (io.Copy's 32 KiB is 640
// write calls for a 20 MiB file).
const stageBuffer = 256 << 10

// headSize is how much of a file is kept for content-type detection.
const headSize = 8192

func (f *FileBlobs) path(sum string) string { return filepath.Join(f.dir, sum[:2], sum) }

// Stage copies r into a temporary file while hashing it; more than limit bytes fails with domain.ErrTooLarge.
func (f *FileBlobs) Stage(r io.Reader, limit int64) (_ bid.StagedBlob, err error) {
	defer wrap(&err, "blobs: stage")
	tmp, err := os.CreateTemp(filepath.Join(f.dir, "tmp"), "upload-*")
	if err != nil {
		return nil, err
	}
	st := &stagedFile{store: f, tmp: tmp.Name(), h: sha256.New()}
	n, err := io.CopyBuffer(io.MultiWriter(tmp, st.h, &headWriter{st: st}), io.LimitReader(r, limit+1), make([]byte, stageBuffer))
	if err == nil && n > limit {
		err = fmt.Errorf("upload over %d bytes: %w", limit, domain.ErrTooLarge)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(st.tmp)
		return nil, err
	}
	st.size = n
	st.sum = hex.EncodeToString(st.h.Sum(nil))
	return st, nil
}

// Open opens the file with the given SHA-256.
func (f *FileBlobs) Open(sum string) (_ io.ReadSeekCloser, err error) {
	defer wrap(&err, "blobs: open %q", sum)
	if b, err := hex.DecodeString(sum); err != nil || len(b) != sha256.Size {
		return nil, fmt.Errorf("invalid sha256 %q", sum)
	}
	file, err := os.Open(f.path(sum))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("attachment bytes %s missing from the uploads dir: %w", sum, err)
	}
	return file, err
}

type headWriter struct{ st *stagedFile }

func (w *headWriter) Write(p []byte) (int, error) {
	if room := headSize - len(w.st.head); room > 0 {
		if len(p) < room {
			room = len(p)
		}
		w.st.head = append(w.st.head, p[:room]...)
	}
	return len(p), nil
}

// stagedFile is an upload in <dir>/tmp.
type stagedFile struct {
	store     *FileBlobs
	tmp       string
	h         hash.Hash
	head      []byte
	size      int64
	sum       string
	committed bool
	created   bool
}

func (s *stagedFile) SHA256() string { return s.sum }
func (s *stagedFile) Size() int64    { return s.size }
func (s *stagedFile) Head() []byte   { return s.head }

var _ bid.Uploader = (*stagedFile)(nil)

// Upload puts the file in place before the transaction that records it (bid.Uploader), so the rename (and the
// directory it may create) never runs while the database's writer is held: under a stream of uploads the
// file system's journal can make a rename wait for seconds, and every write would have waited with it. An
// upload whose transaction then fails leaves its file unreferenced, for the orphan cleanup (RemoveOrphans).
func (s *stagedFile) Upload(context.Context) error {
	_, err := s.Commit()
	return err
}

// Commit renames the file into place (a no-op after Upload); when the same content is already stored the
// temporary copy is dropped and the stored file's time is renewed, so the orphan cleanup, which leaves young
// files alone, does not remove it before the transaction that names it commits.
func (s *stagedFile) Commit() (_ bool, err error) {
	defer wrap(&err, "blobs: commit %q", s.sum)
	if s.committed {
		return s.created, nil
	}
	final := s.store.path(s.sum)
	if _, err := os.Stat(final); err == nil {
		now := time.Now()
		if err := os.Chtimes(final, now, now); err != nil {
			return false, err
		}
		_ = os.Remove(s.tmp)
		s.committed = true
		return false, nil
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o750); err != nil {
		return false, err
	}
	if err := os.Chmod(s.tmp, 0o640); err != nil {
		return false, err
	}
	if err := os.Rename(s.tmp, final); err != nil {
		return false, err
	}
	s.committed, s.created = true, true
	return true, nil
}

// Discard removes the temporary file unless it was committed.
func (s *stagedFile) Discard() {
	if !s.committed {
		_ = os.Remove(s.tmp)
	}
}

// Uncommit is called when the transaction that referenced the file failed to commit. The file stays: files are
// stored by content, and between this upload's rename and its failed commit another upload of the same bytes
// (another bid, or another server sharing the directory) may have found it in place and committed a reference
// to it; removing it would lose that upload's file. An unreferenced file only costs its disk space.
func (s *stagedFile) Uncommit() {
	s.created = false
}
