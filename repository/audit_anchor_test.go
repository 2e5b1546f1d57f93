package repository_test

import (
	"os"
	"path/filepath"
	"testing"

	"jiebang/domain/audit"
	"jiebang/repository"
)

// TestAuditAnchorFileAppendsAndSurvivesATornWrite: records are appended as lines and read back in order; a
// last line cut short by a crash is skipped and the next write starts on a line of its own.
func TestAuditAnchorFileAppendsAndSurvivesATornWrite(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sub", "anchor.jsonl")
	a := repository.NewAuditAnchorFile(path)
	if recs, err := a.Read(); err != nil || len(recs) != 0 {
		t.Fatalf("no file yet: %v %v", recs, err)
	}
	if err := a.Append([]audit.AnchorRecord{{Kind: audit.AnchorGenesis, KeyID: "k"}, {Kind: audit.AnchorCheckpoint, Entries: 3}}); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString(`{"kind":"checkpoint","entr`)
	_ = f.Close()
	if err := a.Append([]audit.AnchorRecord{{Kind: audit.AnchorCheckpoint, Entries: 5}}); err != nil {
		t.Fatal(err)
	}
	recs, err := a.Read()
	if err != nil || len(recs) != 3 || recs[0].Kind != audit.AnchorGenesis || recs[2].Entries != 5 {
		t.Fatalf("records: %+v %v", recs, err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Fatalf("mode %v", st.Mode().Perm())
	}
}
