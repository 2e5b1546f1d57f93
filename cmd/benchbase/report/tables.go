package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"jiebang/cmd/load"
)

// source is one column group of a table: a label and the directory its reports come from, with a prefix.
type source struct {
	label  string
	r      run
	prefix string
}

func (b bench) sqliteSources(prefix string) []source {
	var out []source
	for _, n := range b.ns {
		out = append(out, source{"N = " + thousands(n), b.sqlite[n], prefix})
	}
	return out
}

func header(w io.Writer, first []string, srcs []source, cols []string) {
	fmt.Fprintf(w, "| %s |", strings.Join(first, " | "))
	for _, s := range srcs {
		for i, c := range cols {
			if i == 0 {
				fmt.Fprintf(w, " %s %s |", s.label, c)
			} else {
				fmt.Fprintf(w, " %s |", c)
			}
		}
	}
	fmt.Fprintf(w, "\n|%s\n", strings.Repeat(" --- |", len(first)+len(srcs)*len(cols)))
}

// figures is one endpoint's req/s, p50, p99 and errors as table cells ("not run" and dashes when absent).
func figures(e load.EndpointReport, ok bool, why string) string {
	if !ok {
		return why + " | — | — | —"
	}
	return fmt.Sprintf("%.0f | %.2f | %.2f | %d", e.Throughput, e.P50ms, e.P99ms, e.Errors)
}

// endpointTable writes one row per endpoint of each mix (named prefix+mix in each source), the sources side by
// side; a mix no source ran is one row saying so.
func endpointTable(w io.Writer, mixes []string, srcs []source) {
	header(w, []string{"mix", "endpoint"}, srcs, []string{"req/s", "p50 ms", "p99 ms", "errors"})
	for _, m := range mixes {
		var names []string
		seen := map[string]bool{}
		reps := make([]load.Report, len(srcs))
		oks := make([]bool, len(srcs))
		for i, s := range srcs {
			reps[i], oks[i] = s.r.report(s.prefix + m)
			for _, e := range reps[i].Endpoints {
				if !seen[e.Endpoint] {
					seen[e.Endpoint] = true
					names = append(names, e.Endpoint)
				}
			}
		}
		if len(names) == 0 {
			names = []string{"—"}
		}
		for _, ep := range names {
			fmt.Fprintf(w, "| %s | %s |", m, ep)
			for i, s := range srcs {
				e, found := endpoint(reps[i], ep)
				why := "—"
				if !oks[i] {
					why = s.r.why(s.prefix + m)
				}
				fmt.Fprintf(w, " %s |", figures(e, oks[i] && found, why))
			}
			fmt.Fprintln(w)
		}
	}
}

// baselines writes the public board beside gin's hello-JSON and the bare server, N beside N, and the ratios.
func baselines(w io.Writer, b bench) {
	fmt.Fprintf(w, "## The public board against the baselines (SQLite, %s clients)\n\n", b.param("concurrency", "64"))
	fmt.Fprintf(w, "gin's hello-JSON is `GET /hello` of cmd/benchbase (a small constant JSON, no database), driven by `benchbase load`, "+
		"the engine of `jiebang load`; the bare server is cmd/benchbase's gin + gorm + SQLite list (COUNT + one page of whole rows) "+
		"and detail on the same database file. Every client asks for gzip, as browsers do (`Accept-Encoding: gzip`), and reads "+
		"the answer as it comes without decompressing it: Jiebang sends its shared pages compressed (compressed once, kept "+
		"beside the JSON), the others send what they have. The rows \"Jiebang, uncompressed\" are the same runs with "+
		"`jiebang load --no-gzip` (a client that does not ask for gzip).\n\n")
	srcs := b.sqliteSources("")
	header(w, []string{"what", "endpoint"}, srcs, []string{"req/s", "p50 ms", "p99 ms", "errors"})
	for _, row := range []struct{ what, file, ep string }{
		{"gin hello-JSON", "base-hello", "hello-JSON"},
		{"bare server", "base-list", "board list p3"}, {"Jiebang", "jiebang-list", "board list p3"},
		{"Jiebang, uncompressed", "jiebang-list-plain", "board list p3"},
		{"bare server", "base-detail", "detail"}, {"Jiebang", "jiebang-detail", "detail"},
		{"Jiebang, uncompressed", "jiebang-detail-plain", "detail"},
	} {
		fmt.Fprintf(w, "| %s | %s |", row.what, row.ep)
		for _, s := range srcs {
			e, ok := s.r.endpoint(row.file, row.ep)
			fmt.Fprintf(w, " %s |", figures(e, ok, s.r.why(row.file)))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "\n| ratio of req/s |")
	for _, s := range srcs {
		fmt.Fprintf(w, " %s |", s.label)
	}
	fmt.Fprintf(w, "\n|%s\n", strings.Repeat(" --- |", len(srcs)+1))
	for _, row := range []struct{ what, num, numEp, den, denEp string }{
		{"Jiebang list ÷ hello-JSON", "jiebang-list", "board list p3", "base-hello", "hello-JSON"},
		{"Jiebang detail ÷ hello-JSON", "jiebang-detail", "detail", "base-hello", "hello-JSON"},
		{"Jiebang list, uncompressed ÷ hello-JSON", "jiebang-list-plain", "board list p3", "base-hello", "hello-JSON"},
		{"Jiebang detail, uncompressed ÷ hello-JSON", "jiebang-detail-plain", "detail", "base-hello", "hello-JSON"},
		{"Jiebang list ÷ bare list", "jiebang-list", "board list p3", "base-list", "board list p3"},
		{"Jiebang detail ÷ bare detail", "jiebang-detail", "detail", "base-detail", "detail"},
	} {
		fmt.Fprintf(w, "| %s |", row.what)
		for _, s := range srcs {
			a, ok1 := s.r.endpoint(row.num, row.numEp)
			d, ok2 := s.r.endpoint(row.den, row.denEp)
			if ok1 && ok2 && d.Throughput > 0 {
				fmt.Fprintf(w, " %.2f× |", a.Throughput/d.Throughput)
			} else {
				fmt.Fprintf(w, " not run |")
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

// memory writes the server's resident memory at each N.
func memory(w io.Writer, b bench) {
	fmt.Fprintf(w, "## Memory (SQLite server)\n\n| |")
	for _, n := range b.ns {
		fmt.Fprintf(w, " N = %s |", thousands(n))
	}
	fmt.Fprintf(w, "\n|%s\n", strings.Repeat(" --- |", len(b.ns)+1))
	for _, row := range []struct{ what, file string }{
		{"VmRSS after the public-board runs", "rss-reads-kib"},
		{"VmRSS after the logged-in pages", "rss-pages-kib"},
		{"VmHWM, the peak of the whole run (logins, writes, uploads included)", "rss-kib"},
		{"surge, SQLite server (as scripts/bench-surge.sh recorded it)", "surge-sqlite-rss-kib"},
		{"surge, PostgreSQL servers (as scripts/bench-surge.sh recorded it)", "surge-pg-rss-kib"},
	} {
		fmt.Fprintf(w, "| %s |", row.what)
		for _, n := range b.ns {
			if kib, ok := b.sqlite[n].number(row.file); ok {
				fmt.Fprintf(w, " %.0f MiB |", kib/1024)
			} else if s := firstLine(b.sqlite[n].text(row.file)); s != "" {
				fmt.Fprintf(w, " %s |", s)
			} else {
				fmt.Fprintf(w, " not run |")
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

// surgeSection writes the deadline surge's endpoints, its check and the servers' memory, SQLite and PostgreSQL
// at each N, one row per endpoint.
func surgeSection(w io.Writer, b bench) {
	fmt.Fprintf(w, "## Deadline surge\n\nscripts/bench-surge.sh runs the `surge` mix (teams submit bids with a 5 MiB attachment in the last "+
		"minute before a deadline while others read) on SQLite and, with JIEBANG_BENCH_POSTGRES_DSN, on PostgreSQL with two servers; "+
		"the check after the run reads every acknowledged submission back. It seeds a database of its own (its seed's "+
		"line below), whichever N it follows.\n\n"+
		"| run | endpoint | req/s | p50 ms | p99 ms | max ms | errors |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, n := range b.ns {
		r := b.sqlite[n]
		if strings.HasPrefix(r.text("surge.notrun"), "BENCH_SURGE_NS") { // left out on purpose: not a row
			continue
		}
		for _, d := range []struct{ file, name string }{{"surge-sqlite", "SQLite"}, {"surge-pg", "PostgreSQL, two servers"}} {
			label := fmt.Sprintf("%s, after the N = %s run", d.name, thousands(n))
			rep, c, ok := surge(r, d.file)
			if !ok {
				fmt.Fprintf(w, "| %s | %s | — | — | — | — | — |\n", label, c.text)
				continue
			}
			if seed := firstLine(r.text(d.file + "-seed.txt")); seed != "" {
				fmt.Fprintf(w, "| %s | seed | %s | | | | |\n", label, strings.ReplaceAll(seed, "|", "/"))
			}
			for _, e := range rep.Endpoints {
				fmt.Fprintf(w, "| %s | %s | %.0f | %.2f | %.2f | %.2f | %d |\n", label, e.Endpoint, e.Throughput, e.P50ms, e.P99ms, e.Maxms, e.Errors)
			}
			check := "no check after the run"
			if v := rep.Verify; v != nil {
				check = fmt.Sprintf("%d acknowledged submissions read back, %d lost", v.Checked, v.Lost)
				for _, p := range v.Problems {
					check += "; " + strings.ReplaceAll(p, "|", "/")
				}
			}
			for _, note := range surgeNotes(r, d.file) {
				check += "; " + strings.ReplaceAll(note, "|", "/")
			}
			if kib, ok := r.number(d.file + "-rss-kib"); ok {
				check += fmt.Sprintf("; server RSS %.0f MiB", kib/1024)
			}
			fmt.Fprintf(w, "| %s | check after the run | %s | | | | |\n", label, check)
		}
	}
	fmt.Fprintln(w)
}

// curve writes the latency against concurrency of the board list (Jiebang and the bare server) at each N and
// returns the chart's lines.
func curve(w io.Writer, b bench, conc int) ([]int, []series) {
	fmt.Fprintf(w, "## Latency against concurrency (board list page 3)\n\n![latency against concurrency](performance-latency.svg)\n\n")
	srcs := b.sqliteSources("")
	header(w, []string{"clients"}, srcs, []string{"Jiebang req/s", "p50 ms", "p99 ms", "bare req/s", "p99 ms"})
	clients := []int{1, 8, 32, conc, 128}
	if conc <= 32 || conc >= 128 {
		clients = []int{1, 8, 32, 128}
	}
	colors := [][2]string{{"#c0392b", "#2e86c1"}, {"#7d3c98", "#17a589"}, {"#d68910", "#566573"}}
	var lines []series
	for i, n := range b.ns {
		c := colors[i%len(colors)]
		lines = append(lines,
			series{name: "Jiebang p50, N=" + thousands(n), color: c[0], points: map[int]float64{}},
			series{name: "Jiebang p99, N=" + thousands(n), color: c[0], width: 3, points: map[int]float64{}},
			series{name: "bare p99, N=" + thousands(n), color: c[1], dashed: true, points: map[int]float64{}})
	}
	for _, cl := range clients {
		fmt.Fprintf(w, "| %d |", cl)
		for i, n := range b.ns {
			jn, bn := fmt.Sprintf("curve-list-%d", cl), fmt.Sprintf("curve-base-list-%d", cl)
			if cl == conc {
				jn, bn = "jiebang-list", "base-list"
			}
			r := b.sqlite[n]
			je, ok1 := r.endpoint(jn, "board list p3")
			be, ok2 := r.endpoint(bn, "board list p3")
			if ok1 {
				fmt.Fprintf(w, " %.0f | %.1f | %.1f |", je.Throughput, je.P50ms, je.P99ms)
				lines[3*i].points[cl], lines[3*i+1].points[cl] = je.P50ms, je.P99ms
			} else {
				fmt.Fprintf(w, " not run | — | — |")
			}
			if ok2 {
				fmt.Fprintf(w, " %.0f | %.1f |", be.Throughput, be.P99ms)
				lines[3*i+2].points[cl] = be.P99ms
			} else {
				fmt.Fprintf(w, " not run | — |")
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	return clients, lines
}

// surgeNotes are the notes of a surge's check after the run (verify.notes: the submissions acknowledged before
// the deadline, the late ones refused), read from the JSON as written, whatever this build's load package has.
func surgeNotes(r run, file string) []string {
	var rep struct {
		Verify *struct {
			Notes []string `json:"notes"`
		} `json:"verify"`
	}
	b, err := os.ReadFile(filepath.Join(r.dir, file+".json"))
	if err != nil || json.Unmarshal(b, &rep) != nil || rep.Verify == nil {
		return nil
	}
	return rep.Verify.Notes
}
