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

var dir = flag.String("dir", "bench-out", "directory of the run's outputs")

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
		fmt.Fprintf(w, "- Load average before the run: %s (other work on the machine shares the cores).\n", la)
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
	fmt.Fprintf(w, "\n## Every endpoint (SQLite, %d clients)\n\n", *conc)
	table(w, []string{"jiebang-list", "jiebang-detail", "jiebang-search", "jiebang-board", "jiebang-read", "jiebang-write"})
	if _, ok := read("pg-board"); ok {
		fmt.Fprintf(w, "\n## PostgreSQL, two Jiebang processes behind the load command's two URLs (%d clients)\n\n", *conc)
		if *pgN == 0 {
			*pgN = *n
		}
		fmt.Fprintf(w, "`jiebang seed --scale %d --seed 1` on PostgreSQL: %s s; each run against both servers' URLs.\n\n", *pgN, text("pg-seed-seconds"))
		table(w, []string{"pg-list", "pg-detail", "pg-search", "pg-board", "pg-read", "pg-write"})
	} else {
		fmt.Fprintf(w, "\n## PostgreSQL\n\nNot run (set JIEBANG_BENCH_POSTGRES_DSN to a database the bench may use a schema of).\n")
	}
	fmt.Fprintf(w, "\n## Latency against concurrency (board list page 3)\n\n| clients | Jiebang req/s | p50 ms | p99 ms | bare req/s | p50 ms | p99 ms |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, c := range []int{1, 8, 32, 64, 128} {
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
		fmt.Fprintf(w, "| %d | %.0f | %.1f | %.1f | %.0f | %.1f | %.1f |\n", c, je.Throughput, je.P50ms, je.P99ms, be.Throughput, be.P50ms, be.P99ms)
	}
	fmt.Fprintf(w, "\n## Targets\n\n")
	p99ok := true
	var worst float64
	var errs int64
	for _, name := range []string{"jiebang-board"} {
		r, _ := read(name)
		for _, e := range r.Endpoints {
			worst = max(worst, e.P99ms)
			errs += e.Errors
			p99ok = p99ok && e.P99ms < 25 && e.Errors == 0
		}
	}
	fmt.Fprintf(w, "- Board, search and detail p99 < 25 ms at %d clients with zero errors: worst p99 %.1f ms, %d errors — %s.\n", *conc, worst, errs, verdict(p99ok))
	wr, _ := read("jiebang-write")
	sub, _ := endpoint(wr, "bid submit")
	fmt.Fprintf(w, "- Bid submissions ≥ 500/s sustained, zero errors: %.0f/s (plus as many PATCHes of the working copy), %d errors — %s.\n",
		sub.Throughput, sub.Errors, verdict(sub.Throughput >= 500 && sub.Errors == 0))
	if kib, err := strconv.Atoi(text("rss-kib")); err == nil {
		reads, _ := strconv.Atoi(text("rss-reads-kib"))
		fmt.Fprintf(w, "- Server RSS < 300 MiB: %.0f MiB after the public-board runs, peak %.0f MiB over the whole run "+
			"(the logged-in mixes log 64 users in at once: argon2id takes 19 MiB per hash) — %s.\n",
			float64(reads)/1024, float64(kib)/1024, verdict(kib < 300*1024))
	}
	fmt.Fprintf(w, "- `jiebang audit verify` of the seeded chain (%s): %s s.\n", firstLine(text("verify.txt")), text("verify-seconds"))
	if extra := text("notes.md"); extra != "" {
		fmt.Fprintf(w, "\n%s\n", extra)
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func table(w *os.File, names []string) {
	fmt.Fprintf(w, "| run | endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, n := range names {
		r, ok := read(n)
		if !ok {
			continue
		}
		for _, e := range r.Endpoints {
			fmt.Fprintf(w, "| %s | %s | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %d |\n", n, e.Endpoint, e.Requests, e.Throughput,
				e.P50ms, e.P95ms, e.P99ms, e.Maxms, e.Errors)
		}
	}
}
