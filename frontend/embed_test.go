package frontend

import (
	"bytes"
	"io/fs"
	"testing"
)

func TestPlaceholderTellsHowToBuild(t *testing.T) {
	if !bytes.Contains(Placeholder, []byte("make frontend")) || !bytes.Contains(Placeholder, []byte("前端尚未构建")) {
		t.Fatalf("placeholder page should explain (in Chinese and English) to run make frontend")
	}
}

func TestDistReportsWhetherTheAppWasBuilt(t *testing.T) {
	sub, ok := Dist()
	_, statErr := fs.Stat(dist, "dist/index.html")
	if ok != (statErr == nil) {
		t.Fatalf("Dist() ok=%v but dist/index.html present=%v", ok, statErr == nil)
	}
	if ok {
		if _, err := fs.ReadFile(sub, "index.html"); err != nil {
			t.Fatalf("index.html not readable from the sub-FS: %v", err)
		}
	}
}
