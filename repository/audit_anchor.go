package repository

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"jiebang/domain/audit"
)

// AuditAnchorFile is an audit anchor kept as a file of JSON lines outside the database (audit.Anchor). It only
// ever opens the file for appending, and every write is fsync'd before it returns, so a line that was reported
// written survives a crash; operators put the file on another disk, a mount of write-once storage, or a file
// with the append-only attribute (chattr +a).
type AuditAnchorFile struct{ path string }

// NewAuditAnchorFile returns the anchor at path (the file is created with the first write).
func NewAuditAnchorFile(path string) *AuditAnchorFile { return &AuditAnchorFile{path: path} }

var _ audit.Anchor = (*AuditAnchorFile)(nil)

// Name is the file's path.
func (a *AuditAnchorFile) Name() string { return a.path }

// Read returns the records in order (none when the file does not exist). A line that is not a record is
// skipped: a write cut short by a crash leaves one (the next write starts on a new line), and a record lost
// that way is what Verify reports as a gap.
func (a *AuditAnchorFile) Read() ([]audit.AnchorRecord, error) {
	b, err := os.ReadFile(a.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []audit.AnchorRecord
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		var r audit.AnchorRecord
		if len(bytes.TrimSpace(sc.Bytes())) == 0 || json.Unmarshal(sc.Bytes(), &r) != nil || r.Kind == "" {
			continue
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", a.path, err)
	}
	return out, nil
}

// Append writes recs as JSON lines at the end of the file, in one write, and fsyncs it (and, when it created
// the file, its directory).
func (a *AuditAnchorFile) Append(recs []audit.AnchorRecord) (err error) {
	var buf bytes.Buffer
	for _, r := range recs {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	_, statErr := os.Stat(a.path)
	created := errors.Is(statErr, fs.ErrNotExist)
	if created {
		if err := os.MkdirAll(filepath.Dir(a.path), 0o750); err != nil {
			return err
		}
	}
	f, err := os.OpenFile(a.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if !created {
		// A crash during an earlier write may have left a last line without its newline: end it first so the
		// new records start on their own line.
		if torn, err := endsTorn(a.path); err != nil {
			return err
		} else if torn {
			buf = *bytes.NewBuffer(append([]byte{'\n'}, buf.Bytes()...))
		}
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if created {
		if d, err := os.Open(filepath.Dir(a.path)); err == nil {
			_ = d.Sync()
			_ = d.Close()
		}
	}
	return nil
}

// endsTorn reports whether a non-empty file's last byte is not a newline.
func endsTorn(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.Size() == 0 {
		return false, err
	}
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, st.Size()-1); err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	return b[0] != '\n', nil
}
