package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jiebang/cmd/load"
)

// fixture is a bench-out directory written by a test.
type fixture struct {
	t    *testing.T
	root string
}

func newFixture(t *testing.T, params string) fixture {
	f := fixture{t, t.TempDir()}
	f.file("params", params)
	return f
}

func (f fixture) file(name, content string) {
	f.t.Helper()
	p := filepath.Join(f.root, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		f.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		f.t.Fatal(err)
	}
}

// report writes name.json with one endpoint per ep (req/s, p99 ms, errors) and the verification v.
func (f fixture) report(name string, v *load.Verification, eps ...load.EndpointReport) {
	f.t.Helper()
	r := load.Report{Endpoints: eps, Verify: v}
	for _, e := range eps {
		r.Requests += e.Requests
		r.Errors += e.Errors
		r.Throughput += e.Throughput
	}
	b, err := json.Marshal(r)
	if err != nil {
		f.t.Fatal(err)
	}
	f.file(name+".json", string(b))
}

func (f fixture) read(name string) string {
	f.t.Helper()
	b, err := os.ReadFile(filepath.Join(f.root, name))
	if err != nil {
		f.t.Fatal(err)
	}
	return string(b)
}

func ep(name string, tput, p99 float64, errs int64) load.EndpointReport {
	return load.EndpointReport{Endpoint: name, Requests: int64(tput * 10), Errors: errs, Throughput: tput, P50ms: p99 / 4, P99ms: p99}
}

func (f fixture) generate() string {
	f.t.Helper()
	var b strings.Builder
	svg, err := generate(&b, f.root, time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC))
	if err != nil {
		f.t.Fatal(err)
	}
	if !strings.Contains(svg, "<svg") {
		f.t.Fatalf("no chart: %s", svg)
	}
	return b.String()
}

// row is the targets table's row of the target whose name starts with name: its cells.
func row(t *testing.T, doc, name string) []string {
	t.Helper()
	for _, l := range strings.Split(doc, "\n") {
		if strings.HasPrefix(l, "| "+name) {
			cells := strings.Split(strings.Trim(l, "|"), " | ")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			return cells
		}
	}
	t.Fatalf("no row %q in\n%s", name, doc)
	return nil
}

func verdictOf(t *testing.T, doc, name string) string {
	t.Helper()
	c := row(t, doc, name)
	return c[len(c)-1]
}

func TestTargetsAreMetOrMissedFromTheFigures(t *testing.T) {
	f := newFixture(t, "ns=10000 100000\nconcurrency=64\nduration=30s\npage_duration=15s\ntotal_seconds=2700\n")
	f.file("n100000/surge-sqlite-seed.txt", "scale data (seed 1): 1000 challenges, 2000 surge teams\n")
	for _, n := range []string{"n10000", "n100000"} {
		f.report(n+"/base-hello", nil, ep("hello-JSON", 20000, 8, 0))
		f.report(n+"/base-list", nil, ep("board list p3", 100, 900, 0))
		f.report(n+"/base-detail", nil, ep("detail", 9000, 20, 0))
		f.report(n+"/jiebang-list", nil, ep("board list p3", 12000, 12, 0)) // 0.6×
		f.report(n+"/jiebang-detail", nil, ep("detail", 8000, 12, 0))       // 0.4×
		f.report(n+"/jiebang-team-board", nil, ep("team-board", 6000, 30, 0))
		f.report(n+"/jiebang-my-bids", nil, ep("my-bids", 4000, 30, 0))            // too slow
		f.report(n+"/jiebang-ent-board", nil, ep("ent-board", 6000, 60, 0))        // p99 too high
		f.report(n+"/jiebang-my-challenges", nil, ep("my-challenges", 9000, 9, 3)) // errors
		f.file(n+"/jiebang-race-board.notrun", "mix unknown to this jiebang load\n")
		f.report(n+"/surge-sqlite", &load.Verification{Checked: 2000}, ep("surge submit", 40, 1500, 0), ep("surge upload", 40, 900, 0))
		f.file(n+"/surge-sqlite.json", strings.Replace(f.read(n+"/surge-sqlite.json"), `"checked":2000`,
			`"checked":2000,"notes":["surge: 1990 submissions acknowledged before the deadline"]`, 1))
		f.report(n+"/surge-pg", &load.Verification{Checked: 1990, Lost: 10, Problems: []string{"bid 7: receipt not honoured"}},
			ep("surge submit", 30, 2500, 0))
	}
	f.file("n100000/seed-seconds", "800.5\n")
	f.file("n10000/seed-seconds", "301\n")
	f.file("n100000/rss-kib", "614400\n") // 600 MiB
	f.file("n10000/rss-kib", "204800\n")  // 200 MiB
	doc := f.generate()

	for name, want := range map[string]string{
		"`seed --scale 100,000` < 15 minutes":                         "at N = 100,000 — met",
		"`seed --scale 10,000` < 5 minutes":                           "at N = 10,000 — **missed**",
		"Public board list (page 3) ≥ 0.5×":                           "at N = 100,000 — met",
		"Public challenge detail ≥ 0.5×":                              "at N = 100,000 — **missed**",
		"Public board list (page 3) ≥ 1.0× the bare":                  "at N = 10,000 — met",
		"Public challenge detail ≥ 0.8× the bare":                     "at N = 10,000 — met",
		"Page `team-board`":                                           "at N = 100,000 — met",
		"Page `my-bids`":                                              "at N = 100,000 — **missed**",
		"Page `ent-board`":                                            "at N = 100,000 — **missed**",
		"Page `my-challenges`":                                        "at N = 100,000 — **missed**",
		"Page `race-board`":                                           "not run at N = 100,000",
		"Page `dashboard`":                                            "not run at N = 100,000",
		"Server RSS < 500 MiB":                                        "at N = 100,000 — **missed**",
		"Server RSS < 300 MiB":                                        "at N = 10,000 — met",
		"Deadline surge (SQLite, its own database): zero errors":      "at every N — met",
		"Deadline surge (SQLite, its own database): zero lost writes": "at every N — met",
		"Deadline surge (SQLite, its own database): every receipt":    "at every N — met",
		"Deadline surge (SQLite, its own database): p99":              "at every N — met",
		"Deadline surge (PostgreSQL, two servers): z":                 "at every N — met",
		"Deadline surge (PostgreSQL, two servers): every receipt":     "at N = 10,000 — **missed**",
		"Deadline surge (PostgreSQL, two servers): p99":               "at N = 10,000 — **missed**",
		"Bid submissions ≥ 500/s":                                     "not run at N = 10,000",
	} {
		if got := verdictOf(t, doc, name); got != want {
			t.Errorf("%s: verdict %q, want %q", name, got, want)
		}
	}
	if c := row(t, doc, "Public board list (page 3)"); c[2] != "12000 / 20000 = 0.60× — met" {
		t.Errorf("list against hello-JSON at N = 100,000: %q", c[2])
	}
	if c := row(t, doc, "Page `race-board`"); !strings.Contains(c[1], "not run (mix unknown") {
		t.Errorf("a mix the load command does not know: %q", c[1])
	}
	if c := row(t, doc, "Deadline surge (PostgreSQL, two servers): zero lost"); c[1] != "10 lost, 1 problems — **missed**" {
		t.Errorf("surge lost writes: %q", c[1])
	}
	for _, s := range []string{"The whole run took 45 min 0 s", "bid 7: receipt not honoured", "PostgreSQL: not run",
		"| Jiebang list ÷ hello-JSON | 0.60× | 0.60× |", "| gin hello-JSON | hello-JSON | 20000 | 2.00 | 8.00 | 0 |",
		"| SQLite, after the N = 100,000 run | surge submit | 40 | 375.00 | 1500.00 |",
		"| SQLite, after the N = 100,000 run | check after the run | 2000 acknowledged submissions read back, 0 lost; surge: 1990 submissions acknowledged",
		"| SQLite, after the N = 100,000 run | seed | scale data (seed 1): 1000 challenges, 2000 surge teams |"} {
		if !strings.Contains(doc, s) {
			t.Errorf("%q missing from\n%s", s, doc)
		}
	}
}

// A run at other scales than the targets' (a tiny trial) and without any surge or PostgreSQL: every target
// says it was not run at its N, nothing is judged met.
func TestAbsentFiguresAreNotRun(t *testing.T) {
	f := newFixture(t, "ns=300 600\nconcurrency=64\n")
	f.file("n300/seed-seconds", "2.5\n")
	f.file("n300/surge.notrun", "scripts/bench-surge.sh not in this checkout\n")
	f.file("pg/notrun", "JIEBANG_BENCH_POSTGRES_DSN not set\n")
	f.file("n600/surge-pg.notrun", "JIEBANG_BENCH_POSTGRES_DSN not set\n")
	f.report("n600/surge-sqlite", nil, ep("surge submit", 10, 900, 0))
	f.report("n300/jiebang-team-board", nil, ep("team-board", 9000, 5, 0))
	doc := f.generate()
	for _, name := range []string{"`seed --scale 100,000`", "Page `team-board`", "Public board list", "Server RSS < 500 MiB"} {
		if got := verdictOf(t, doc, name); got != "not run at N = 100,000" {
			t.Errorf("%s: %q", name, got)
		}
	}
	if got := verdictOf(t, doc, "Deadline surge (PostgreSQL, two servers): p99"); got != "not run" {
		t.Errorf("surge on PostgreSQL: %q", got)
	}
	if got := verdictOf(t, doc, "Deadline surge (SQLite, its own database): zero errors"); got != "at N = 600 (not run at N = 300) — met" {
		t.Errorf("surge: %q", got)
	}
	if c := row(t, doc, "Deadline surge (SQLite, its own database): zero errors"); c[1] != "not run (scripts/bench-surge.sh not in this checkout)" || c[2] != "0 errors in 100 requests — met" {
		t.Errorf("surge cells: %q", c)
	}
	if c := row(t, doc, "Deadline surge (PostgreSQL, two servers): zero errors"); c[2] != "not run (JIEBANG_BENCH_POSTGRES_DSN not set)" {
		t.Errorf("surge on PostgreSQL without a database: %q", c)
	}
	// A surge report without its check after the run is not a surge without lost writes.
	if c := row(t, doc, "Deadline surge (SQLite, its own database): zero lost"); c[2] != "no check after the run — **missed**" {
		t.Errorf("surge without a check: %q", c)
	}
	if c := row(t, doc, "Page `team-board`"); c[1] != "9000 req/s, p99 5.0 ms, 0 errors — met" || c[2] != "not run" {
		t.Errorf("page cells: %q", c)
	}
	if !strings.Contains(doc, "| SQLite, after the N = 300 run | not run (scripts/bench-surge.sh not in this checkout) |") {
		t.Errorf("the surge's row at N = 300:\n%s", doc)
	}
	if !strings.Contains(doc, "Targets: 2 met, 2 missed") || !strings.Contains(doc, "PostgreSQL: not run (JIEBANG_BENCH_POSTGRES_DSN not set") {
		t.Errorf("summary or PostgreSQL line:\n%s", doc)
	}
}

func TestNoRunIsAnError(t *testing.T) {
	if _, err := generate(&strings.Builder{}, t.TempDir(), time.Now()); err == nil {
		t.Fatal("an empty directory made a document")
	}
}
