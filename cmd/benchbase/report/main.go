// Command report turns the JSON reports of a `make bench` run (scripts/bench.sh) into docs/performance.md:
// the figures, their ratios to the bare server, the targets met or missed, the machine and the commands.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"jiebang/cmd/load"
)

var (
	dir = flag.String("dir", "bench-out", "directory of the run's outputs")
	svg = flag.String("svg", "", "write the latency-against-concurrency chart (SVG) to this file")
)

func read(name string) (load.Report, bool) {
	b, err := os.ReadFile(filepath.Join(*dir, name+".json"))
	if err != nil {
		return load.Report{}, false
	}
	var r load.Report
	return r, json.Unmarshal(b, &r) == nil
}

func endpoint(r load.Report, name string) (load.EndpointReport, bool) {
	for _, e := range r.Endpoints {
		if e.Endpoint == name {
			return e, true
		}
	}
	return load.EndpointReport{}, false
}

func text(name string) string {
	b, _ := os.ReadFile(filepath.Join(*dir, name))
	return strings.TrimSpace(string(b))
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func memTotal() string {
	for _, l := range strings.Split(string(must(os.ReadFile("/proc/meminfo"))), "\n") {
		if strings.HasPrefix(l, "MemTotal:") {
			kb, _ := strconv.Atoi(strings.Fields(l)[1])
			return fmt.Sprintf("%.1f GiB", float64(kb)/1024/1024)
		}
	}
	return "?"
}

func must(b []byte, _ error) []byte { return b }

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}

func main() {
	n := flag.Int("n", 10000, "challenges seeded")
	pgN := flag.Int("pg-n", 0, "challenges seeded on PostgreSQL (default: n)")
	dur := flag.String("duration", "30s", "duration of each run")
	conc := flag.Int("concurrency", 64, "clients")
	flag.Parse()
	w := os.Stdout
	fmt.Fprintf(w, "# Performance\n\nWritten by `make bench` (scripts/bench.sh, cmd/benchbase/report) on %s. Do not edit by hand: run\n"+
		"`make bench` again (BENCH_N, BENCH_DURATION, BENCH_CONCURRENCY and JIEBANG_BENCH_POSTGRES_DSN tune it).\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "## Machine and commands\n\n- %d CPU cores (%s), %s RAM, %s/%s; the load command runs on the same machine.\n",
		runtime.NumCPU(), cpuModel(), memTotal(), runtime.GOOS, runtime.GOARCH)
	if la := text("loadavg"); la != "" {
		fmt.Fprintf(w, "- Load average before the run (1, 5 and 15 minutes): %s.\n", la)
	}
	fmt.Fprintf(w, "- `jiebang seed --scale %d --seed 1` (%s s): %s\n", *n, text("seed-seconds"), firstLine(text("seed.txt")))
	fmt.Fprintf(w, "- `jiebang serve` (SQLite) on :18080 and `benchbase --db <the same file>` on :18090, both read the same rows.\n")
	fmt.Fprintf(w, "- Each row: `jiebang load --url URL --duration %s --concurrency %d --mix MIX --json FILE`.\n\n", *dur, *conc)

	fmt.Fprintf(w, "## Jiebang against the bare server (SQLite, %d clients)\n\n", *conc)
	fmt.Fprintf(w, "| endpoint | Jiebang req/s | p99 ms | bare server req/s | p99 ms | ratio | target |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, c := range []struct {
		mix, ep, target string
		min             float64
	}{
		{"list", "board list p3", "≥ 1.0×", 1.0}, {"detail", "detail", "≥ 0.8×", 0.8}} {
		j, ok1 := read("jiebang-" + c.mix)
		b, ok2 := read("base-" + c.mix)
		je, _ := endpoint(j, c.ep)
		be, _ := endpoint(b, c.ep)
		if !ok1 || !ok2 || be.Throughput == 0 {
			continue
		}
		ratio := je.Throughput / be.Throughput
		fmt.Fprintf(w, "| %s | %.0f | %.1f | %.0f | %.1f | %.2f× | %s: %s |\n", c.ep, je.Throughput, je.P99ms, be.Throughput,
			be.P99ms, ratio, c.target, verdict(ratio >= c.min && je.Errors == 0))
	}
	fmt.Fprintf(w, "\n## Every endpoint: SQLite beside PostgreSQL (%d clients)\n\n", *conc)
	if *pgN == 0 {
		*pgN = *n
	}
	if _, ok := read("pg-board"); ok {
		fmt.Fprintf(w, "PostgreSQL: `jiebang seed --scale %d --seed 1` in %s s, then two `jiebang serve` processes on one database, "+
			"each run against both servers' URLs (the load command alternates between them).\n\n", *pgN, text("pg-seed-seconds"))
	} else {
		fmt.Fprintf(w, "PostgreSQL: not run (set JIEBANG_BENCH_POSTGRES_DSN to a database the bench may use a schema of).\n\n")
	}
	sideBySide(w, []string{"list", "detail", "search", "board", "read", "write", "score", "writes", "upload"})

	fmt.Fprintf(w, "\n## Latency against concurrency (board list page 3)\n\n![latency against concurrency](performance-latency.svg)\n\n"+
		"| clients | Jiebang req/s | p50 ms | p99 ms | bare req/s | p50 ms | p99 ms |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	clients := []int{1, 8, 32, 64, 128}
	lines := []series{{name: "Jiebang p50", color: "#c0392b", points: map[int]float64{}}, {name: "Jiebang p99", color: "#7b241c", points: map[int]float64{}},
		{name: "bare p50", color: "#2e86c1", dashed: true, points: map[int]float64{}}, {name: "bare p99", color: "#1b4f72", dashed: true, points: map[int]float64{}}}
	for _, c := range clients {
		jn, bn := fmt.Sprintf("curve-list-%d", c), fmt.Sprintf("curve-base-list-%d", c)
		if c == *conc {
			jn, bn = "jiebang-list", "base-list"
		}
		j, ok1 := read(jn)
		b, ok2 := read(bn)
		if !ok1 || !ok2 {
			continue
		}
		je, _ := endpoint(j, "board list p3")
		be, _ := endpoint(b, "board list p3")
		lines[0].points[c], lines[1].points[c], lines[2].points[c], lines[3].points[c] = je.P50ms, je.P99ms, be.P50ms, be.P99ms
		fmt.Fprintf(w, "| %d | %.0f | %.1f | %.1f | %.0f | %.1f | %.1f |\n", c, je.Throughput, je.P50ms, je.P99ms, be.Throughput, be.P50ms, be.P99ms)
	}
	if *svg != "" {
		if err := os.WriteFile(*svg, []byte(latencyChart("Board list page 3: latency against clients (SQLite, log scales)", clients, lines)), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	targets(w, *n, *conc)
	if extra := text("notes.md"); extra != "" {
		fmt.Fprintf(w, "\n%s\n", extra)
	}
}

// targets writes the targets, each met or missed with the measured figure.
func targets(w *os.File, n, conc int) {
	fmt.Fprintf(w, "\n## Targets\n\n")
	p99ok, worstName := true, ""
	var worst float64
	var errs int64
	for _, name := range []string{"jiebang-list", "jiebang-detail", "jiebang-search", "jiebang-board"} {
		r, _ := read(name)
		for _, e := range r.Endpoints {
			if e.P99ms > worst {
				worst, worstName = e.P99ms, strings.TrimPrefix(name, "jiebang-")+" / "+e.Endpoint
			}
			errs += e.Errors
			p99ok = p99ok && e.P99ms < 25 && e.Errors == 0
		}
	}
	fmt.Fprintf(w, "- Board, search and detail p99 < 25 ms at %d clients with zero errors (the list, detail, search and board mixes): "+
		"worst p99 %.1f ms (%s), %d errors — %s.\n", conc, worst, worstName, errs, verdict(p99ok))
	wr, _ := read("jiebang-write")
	sub, _ := endpoint(wr, "bid submit")
	fmt.Fprintf(w, "- Bid submissions ≥ 500/s sustained, zero errors: %.0f/s (each after a PATCH of the working copy), %d errors — %s.\n",
		sub.Throughput, sub.Errors, verdict(sub.Throughput >= 500 && sub.Errors == 0))
	if sc, ok := read("jiebang-score"); ok {
		var rate float64
		var errs int64
		for _, e := range sc.Endpoints {
			if strings.Contains(e.Endpoint, "score") {
				rate += e.Throughput
				errs += e.Errors
			}
		}
		fmt.Fprintf(w, "- Score submissions ≥ 500/s sustained, zero errors: %.0f/s, %d errors — %s.\n", rate, errs, verdict(rate >= 500 && errs == 0))
	} else {
		fmt.Fprintf(w, "- Score submissions: not measured in this run.\n")
	}
	if up, ok := read("jiebang-upload"); ok {
		board, _ := read("jiebang-board")
		var readP99, readMax, baseP99, upP50 float64
		var upN, errs int64
		for _, e := range up.Endpoints {
			errs += e.Errors
			if strings.Contains(e.Endpoint, "upload") {
				upP50, upN = e.P50ms, e.Requests
				continue
			}
			if strings.Contains(e.Endpoint, "delete") { // the uploader removes its file again
				continue
			}
			readP99, readMax = max(readP99, e.P99ms), max(readMax, e.Maxms)
		}
		for _, e := range board.Endpoints {
			baseP99 = max(baseP99, e.P99ms)
		}
		fmt.Fprintf(w, "- A 20 MiB upload does not stall reads (no read waits for an upload: the slowest read is quicker than a typical upload): "+
			"%d uploads of 20 MiB (p50 %.0f ms each) while the others read the board; the reads' p99 %.1f ms and max %.1f ms "+
			"(the board alone: p99 %.1f ms), %d errors — %s.\n", upN, upP50, readP99, readMax, baseP99, errs,
			verdict(upN > 0 && errs == 0 && readMax < upP50))
	} else {
		fmt.Fprintf(w, "- A 20 MiB upload does not stall reads: not measured in this run.\n")
	}
	if kib, err := strconv.Atoi(text("rss-kib")); err == nil {
		reads, _ := strconv.Atoi(text("rss-reads-kib"))
		fmt.Fprintf(w, "- Server RSS < 300 MiB: %.0f MiB after the public-board runs, peak %.0f MiB over the whole SQLite run, logins and "+
			"uploads included — %s.\n", float64(reads)/1024, float64(kib)/1024, verdict(kib < 300*1024))
	}
	if ns := benchNs(text("audit1m.txt"), "BenchmarkAuditVerify1M"); ns > 0 {
		fmt.Fprintf(w, "- Audit verification of 1 million entries < 5 s (`go test ./repository -run '^$' -bench AuditVerify1M -benchtime 1x`): "+
			"%.2f s — %s.\n", ns/1e9, verdict(ns < 5e9))
	}
	fmt.Fprintf(w, "- `jiebang audit verify` of the seeded chain (%s): %s s.\n", firstLine(text("verify.txt")), text("verify-seconds"))
	if sec, err := strconv.ParseFloat(text("seed-seconds"), 64); err == nil {
		fmt.Fprintf(w, "- `seed --scale %d` under 5 minutes on SQLite: %.0f s — %s.\n", n, sec, verdict(n < 10000 || sec < 300))
	}
}

// benchNs finds a benchmark's ns/op in `go test -bench` output.
func benchNs(out, name string) float64 {
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) >= 4 && strings.HasPrefix(f[0], name) && f[3] == "ns/op" {
			v, _ := strconv.ParseFloat(f[2], 64)
			return v
		}
	}
	return 0
}

// sideBySide writes one row per endpoint of each mix: SQLite's figures beside PostgreSQL's.
func sideBySide(w *os.File, mixes []string) {
	fmt.Fprintf(w, "| mix | endpoint | SQLite req/s | p50 ms | p99 ms | max ms | errors | PostgreSQL req/s | p50 ms | p99 ms | max ms | errors |\n"+
		"| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, m := range mixes {
		s, ok1 := read("jiebang-" + m)
		p, ok2 := read("pg-" + m)
		if !ok1 && !ok2 {
			continue
		}
		var names []string
		seen := map[string]bool{}
		for _, r := range []load.Report{s, p} {
			for _, e := range r.Endpoints {
				if !seen[e.Endpoint] {
					seen[e.Endpoint] = true
					names = append(names, e.Endpoint)
				}
			}
		}
		cell := func(r load.Report, ok bool, ep string) string {
			e, found := endpoint(r, ep)
			if !ok || !found {
				return "— | — | — | — | —"
			}
			return fmt.Sprintf("%.0f | %.2f | %.2f | %.2f | %d", e.Throughput, e.P50ms, e.P99ms, e.Maxms, e.Errors)
		}
		for _, ep := range names {
			fmt.Fprintf(w, "| %s | %s | %s | %s |\n", m, ep, cell(s, ok1, ep), cell(p, ok2, ep))
		}
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
