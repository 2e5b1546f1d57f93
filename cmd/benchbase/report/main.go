// Command report turns the outputs of a `make bench` run (scripts/bench.sh: bench-out/params, bench-out/n<N>/
// for each N, bench-out/pg/) into docs/performance.md: every figure of the run, N beside N, the baselines
// beside them, each target met or missed (computed from the figures), "not run" where a figure is absent, and
// the hand-written notes (scripts/bench-notes.md, copied into the run). Nothing else goes into the document.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

func main() {
	dir := flag.String("dir", "bench-out", "directory of the run's outputs")
	svg := flag.String("svg", "", "write the latency-against-concurrency chart (SVG) to this file")
	flag.Parse()
	chart, err := generate(os.Stdout, *dir, time.Now())
	if err == nil && *svg != "" {
		err = os.WriteFile(*svg, []byte(chart), 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// generate writes the document of the run in root to w and returns the latency chart (SVG).
func generate(w io.Writer, root string, now time.Time) (string, error) {
	b := openBench(root)
	if len(b.ns) == 0 {
		return "", fmt.Errorf("%s: no run found (no params with ns=… and no n<N> directory)", root)
	}
	conc, _ := strconv.Atoi(b.param("concurrency", "64"))
	fmt.Fprintf(w, "# Performance\n\nWritten by `make bench` (scripts/bench.sh, cmd/benchbase/report) on %s from the outputs of one run. "+
		"Do not edit by hand: run `make bench` again (BENCH_NS, BENCH_DURATION, BENCH_PAGE_DURATION, BENCH_CONCURRENCY, "+
		"BENCH_WRITE_NS, BENCH_SURGE_NS, BENCH_PG_N and JIEBANG_BENCH_POSTGRES_DSN tune it; the hand-written sections come "+
		"from scripts/bench-notes.md).\n\n", now.UTC().Format("2006-01-02 15:04 MST"))
	machine(w, b, conc)
	var tw strings.Builder
	nMet, nMissed, nAbsent := writeTargets(&tw, b)
	fmt.Fprintf(w, "## This run\n\n- Targets: %d met, %d missed, %d not run (the table below).\n", nMet, nMissed, nAbsent)
	for _, n := range b.ns {
		r := b.sqlite[n]
		if s := r.text("seed-seconds"); s != "" {
			fmt.Fprintf(w, "- N = %s: `seed --scale %d` in %s s: %s\n", thousands(n), n, s, firstLine(r.text("seed.txt")))
			if v := firstLine(r.text("verify.txt")); v != "" {
				fmt.Fprintf(w, "  `jiebang audit verify` of the seeded chain in %s s: %s\n", r.text("verify-seconds"), v)
			}
		} else {
			fmt.Fprintf(w, "- N = %s: seed not run.\n", thousands(n))
		}
	}
	if t := b.param("total_seconds", ""); t != "" {
		if s, err := strconv.Atoi(t); err == nil {
			fmt.Fprintf(w, "- The whole run took %d min %d s.\n", s/60, s%60)
		}
	}
	fmt.Fprintf(w, "\n%s\n", tw.String())
	baselines(w, b)

	fmt.Fprintf(w, "## Logged-in pages (SQLite, %s clients, %s each)\n\nOne mix per page, each client a different user of the role "+
		"where the seed has enough users; `pages` mixes them all.\n\n", b.param("concurrency", "64"), b.param("page_duration", "?"))
	endpointTable(w, append(append([]string{}, pageMixes...), "pages"), b.sqliteSources("jiebang-"))

	fmt.Fprintf(w, "\n## Every endpoint: each N beside PostgreSQL (%s clients, %s each)\n\n", b.param("concurrency", "64"), b.param("duration", "?"))
	srcs := b.sqliteSources("jiebang-")
	if b.pg.present() && b.pgN > 0 {
		fmt.Fprintf(w, "PostgreSQL: `jiebang seed --scale %s --seed 1` in %s s, then two `jiebang serve` processes on one database, "+
			"each run against both servers' URLs (the load command alternates between them). The PostgreSQL part runs at "+
			"BENCH_PG_N (default 10,000) only.\n\n", thousands(b.pgN), b.pg.text("seed-seconds"))
		srcs = append(srcs, source{"PostgreSQL N = " + thousands(b.pgN), b.pg, "jiebang-"})
	} else {
		why := firstLine(b.pg.text("notrun"))
		if why == "" {
			why = "no bench-out/pg in this run"
		}
		fmt.Fprintf(w, "PostgreSQL: not run (%s; set it to a database the bench may use a schema of).\n\n", why)
	}
	endpointTable(w, []string{"list", "detail", "search", "board", "read", "write", "score", "writes", "upload"}, srcs)
	fmt.Fprintln(w)

	clients, lines := curve(w, b, conc)
	memory(w, b)
	surgeSection(w, b)
	if extra := b.text("notes.md"); extra != "" {
		fmt.Fprintf(w, "\n%s\n", extra)
	}
	return latencyChart("Board list page 3: latency against clients (SQLite, log scales)", clients, lines), nil
}

// machine writes the machine, the run's parameters and the commands.
func machine(w io.Writer, b bench, conc int) {
	fmt.Fprintf(w, "## Machine and commands\n\n- %d CPU cores (%s), %s RAM, %s/%s; the load command runs on the same machine.\n",
		runtime.NumCPU(), cpuModel(), memTotal(), runtime.GOOS, runtime.GOARCH)
	if la := b.text("loadavg"); la != "" {
		fmt.Fprintf(w, "- Load average before the run (1, 5 and 15 minutes): %s.\n", la)
	}
	if c := b.param("commit", ""); c != "" {
		fmt.Fprintf(w, "- Commit %s.\n", c)
	}
	var ns []string
	for _, n := range b.ns {
		ns = append(ns, thousands(n))
	}
	fmt.Fprintf(w, "- N = %s: for each, `jiebang seed --scale N --seed 1` (SQLite, timed), then `jiebang serve` on :18080 and "+
		"`benchbase --db <the same file>` on :18090 (the bare server and gin's hello-JSON, one process).\n", strings.Join(ns, ", "))
	fmt.Fprintf(w, "- Each row: `jiebang load --url URL --duration D --concurrency %d --mix MIX --json FILE` with D = %s "+
		"(public board, reads, writes), %s (each logged-in page), %s (each point of the latency curve). Write mixes at N = %s; "+
		"the deadline surge at N = %s.\n\n", conc, b.param("duration", "?"), b.param("page_duration", "?"), b.param("curve_duration", "?"),
		b.param("write_ns", "?"), b.param("surge_ns", "?"))
}
