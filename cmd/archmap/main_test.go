package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestArchitectureMapIsCurrent: docs/architecture.md's generated part is what the code draws today, and no import
// breaks a layer rule. JIEBANG_UPDATE_ARCHMAP=1 rewrites the document instead (or `go run ./cmd/archmap -w`).
func TestArchitectureMapIsCurrent(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	m, err := Scan(root)
	if err != nil {
		t.Fatal(err)
	}
	if v := m.Violations(); len(v) > 0 {
		t.Fatalf("layer rules broken:\n%s", strings.Join(v, "\n"))
	}
	if len(m.Imports) < 20 || len(m.Events) == 0 {
		t.Fatalf("the scan found %d packages and %d events: it read nothing", len(m.Imports), len(m.Events))
	}
	doc, err := readDoc(root)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Splice(doc, m.Markdown())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(want, doc) {
		return
	}
	if os.Getenv("JIEBANG_UPDATE_ARCHMAP") == "1" {
		if err := os.WriteFile(filepath.Join(root, docFile), want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatalf("%s is stale: run `go run ./cmd/archmap -w` (or JIEBANG_UPDATE_ARCHMAP=1 go test ./cmd/archmap) and commit it", docFile)
}

// TestScanFindsEventsHandlersAndViolations reads a small module made for the test.
func TestScanFindsEventsHandlersAndViolations(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := func(path, src string) {
		t.Helper()
		p := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("domain/race/events.go", "package race\n\nconst (\n\tEventStart = \"race.start\"\n\tEventNote = 3\n)\n")
	write("domain/notify/register.go", "package notify\n\nimport (\n\t\"jiebang/domain/event\"\n\tr \"jiebang/domain/race\"\n)\n\n"+
		"func Register(b *event.Bus) { event.Handle[int](b, r.EventStart, nil); b.On(\"x\", nil) }\n")
	write("domain/event/event.go", "package event\n\ntype Bus struct{}\n\nfunc Handle[T any](b *Bus, name string, f any) {}\n")
	write("domain/bad/bad.go", "package bad\n\nimport _ \"jiebang/repository\"\n")
	write("repository/db.go", "package repository\n")
	write("domain/race/events_test.go", "package race\n\nconst EventTest = \"race.test\"\n")
	m, err := Scan(root)
	if err != nil {
		t.Fatal(err)
	}
	e, ok := m.Events["race.start"]
	if !ok || e.Const != "race.EventStart" || e.Publisher != "domain/race" || len(e.Handlers) != 1 || e.Handlers[0] != "domain/notify" {
		t.Fatalf("events: %+v", m.Events)
	}
	if _, ok := m.Events["race.test"]; ok || len(m.Events) != 1 {
		t.Fatalf("a test file's or a non-string constant counted: %+v", m.Events)
	}
	if v := m.Violations(); len(v) != 1 || !strings.Contains(v[0], "domain/bad imports repository") {
		t.Fatalf("violations: %v", v)
	}
	if md := m.Markdown(); !strings.Contains(md, "| `race.start` | `race.EventStart` | `domain/race` | `domain/notify` |") {
		t.Fatalf("markdown:\n%s", md)
	}
	doc, err := Splice([]byte("# Title\n\ntext\n"), "MAP\n")
	if err != nil || !strings.HasSuffix(string(doc), begin+"\nMAP\n"+end+"\n") {
		t.Fatalf("splice into a document without markers: %q %v", doc, err)
	}
	again, err := Splice(doc, "NEW\n")
	if err != nil || strings.Contains(string(again), "MAP") || !strings.Contains(string(again), "NEW") {
		t.Fatalf("splice again: %q %v", again, err)
	}
}
