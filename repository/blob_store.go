package repository

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"jiebang/domain/bid"
)

// BlobStore is an attachment store: what the domain uses (bid.Blobs: stage, commit, open) plus what the
// operations need (is it reachable, list, copy, check, remove). FileBlobs (a local directory, the default) and
// S3Blobs (an S3-compatible bucket) are the two.
type BlobStore interface {
	bid.Blobs
	// Describe names the store for logs and reports, without credentials.
	Describe() string
	// Ping checks that the store answers (nil when it does).
	Ping(ctx context.Context) error
	// Walk calls fn for every stored file, in no particular order; an error from fn stops the walk.
	Walk(ctx context.Context, fn func(BlobInfo) error) error
	// Stat describes the stored file with the given SHA-256; fs.ErrNotExist when there is none.
	Stat(ctx context.Context, sum string) (BlobInfo, error)
	// Put stores size bytes from r under sum, atomically; the caller has checked that they hash to sum.
	Put(ctx context.Context, sum string, r io.Reader, size int64) error
	// Get reads the stored file (fs.ErrNotExist when there is none).
	Get(ctx context.Context, sum string) (io.ReadCloser, error)
	// Remove deletes the stored file (no error when there is none).
	Remove(ctx context.Context, sum string) error
}

// BlobInfo is one stored file.
type BlobInfo struct {
	SHA256   string
	Size     int64
	Modified time.Time
}

// OpenBlobStore opens the attachment store named by rawURL: empty or file:///path is the local directory
// (empty: <dataDir>/uploads); s3://bucket[/prefix]?endpoint=host:port&region=R&secure=false is an S3-compatible
// bucket (see ParseS3URL), whose uploads are staged in <dataDir>/upload-tmp.
func OpenBlobStore(rawURL, dataDir string) (BlobStore, error) {
	switch {
	case rawURL == "":
		return NewFileBlobs(filepath.Join(dataDir, "uploads"))
	case strings.HasPrefix(rawURL, "file://"):
		u, err := url.Parse(rawURL)
		if err != nil || u.Path == "" || (u.Host != "" && u.Host != "localhost") {
			return nil, fmt.Errorf("storage url %q: want file:///absolute/path", rawURL)
		}
		return NewFileBlobs(u.Path)
	case strings.HasPrefix(rawURL, "s3://"):
		cfg, err := ParseS3URL(rawURL)
		if err != nil {
			return nil, err
		}
		cfg.TmpDir = filepath.Join(dataDir, "upload-tmp")
		return NewS3Blobs(cfg)
	}
	return nil, fmt.Errorf("storage url %q: want empty, file:///path or s3://bucket?endpoint=host:port", rawURL)
}

// IsRemoteStorage says whether rawURL names an object store (one that several servers share).
func IsRemoteStorage(rawURL string) bool { return strings.HasPrefix(rawURL, "s3://") }

// validSum says whether s is a lower-case hex SHA-256.
func validSum(s string) bool {
	if len(s) != 2*sha256.Size || strings.ToLower(s) != s {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// Describe names the directory.
func (f *FileBlobs) Describe() string { return "file://" + f.dir }

// Ping checks that the directory is there and writable.
func (f *FileBlobs) Ping(context.Context) error {
	tmp, err := os.CreateTemp(filepath.Join(f.dir, "tmp"), "ping-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	_ = tmp.Close()
	return os.Remove(name)
}

// Walk lists the stored files (<dir>/<xx>/<sha256>; the tmp directory is skipped).
func (f *FileBlobs) Walk(ctx context.Context, fn func(BlobInfo) error) error {
	return filepath.WalkDir(f.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != f.dir && filepath.Dir(p) == f.dir && len(d.Name()) != 2 {
				return filepath.SkipDir
			}
			return nil
		}
		if !validSum(d.Name()) || filepath.Base(filepath.Dir(p)) != d.Name()[:2] {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return fn(BlobInfo{SHA256: d.Name(), Size: info.Size(), Modified: info.ModTime()})
	})
}

// Stat describes one stored file.
func (f *FileBlobs) Stat(_ context.Context, sum string) (BlobInfo, error) {
	if !validSum(sum) {
		return BlobInfo{}, fmt.Errorf("invalid sha256 %q", sum)
	}
	info, err := os.Stat(f.path(sum))
	if err != nil {
		return BlobInfo{}, err
	}
	return BlobInfo{SHA256: sum, Size: info.Size(), Modified: info.ModTime()}, nil
}

// Put writes a file through the tmp directory and renames it into place.
func (f *FileBlobs) Put(_ context.Context, sum string, r io.Reader, size int64) (err error) {
	defer wrap(&err, "blobs: put %q", sum)
	if !validSum(sum) {
		return fmt.Errorf("invalid sha256 %q", sum)
	}
	st, err := f.Stage(r, size)
	if err != nil {
		return err
	}
	defer st.Discard()
	if st.SHA256() != sum {
		return fmt.Errorf("the bytes hash to %s", st.SHA256())
	}
	_, err = st.Commit()
	return err
}

// Get opens a stored file.
func (f *FileBlobs) Get(_ context.Context, sum string) (io.ReadCloser, error) { return f.Open(sum) }

// Remove deletes a stored file.
func (f *FileBlobs) Remove(_ context.Context, sum string) error {
	if !validSum(sum) {
		return fmt.Errorf("invalid sha256 %q", sum)
	}
	if err := os.Remove(f.path(sum)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// RemoveStaleTemp removes temporary files older than before (left by a crash during an upload).
func (f *FileBlobs) RemoveStaleTemp(before time.Time) (int, error) {
	entries, err := os.ReadDir(filepath.Join(f.dir, "tmp"))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || e.IsDir() || !info.ModTime().Before(before) {
			continue
		}
		if os.Remove(filepath.Join(f.dir, "tmp", e.Name())) == nil {
			n++
		}
	}
	return n, nil
}

// HashBlob reads a stored file whole and returns its SHA-256 and size.
func HashBlob(ctx context.Context, s BlobStore, sum string) (string, int64, error) {
	rc, err := s.Get(ctx, sum)
	if err != nil {
		return "", 0, err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return "", n, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
