package main

import (
	"fmt"
	"io"
	"strings"

	"jiebang/cmd/load"
)

// The scales the targets are set at: issue 25's national scale, and the earlier issues' 10,000.
const (
	targetN  = 100000
	earlierN = 10000
)

// pageMixes are the logged-in pages of issue 25, one `jiebang load` mix each (the endpoint is named like it).
var pageMixes = []string{"team-board", "my-bids", "ent-board", "my-challenges", "expert-board", "workbench",
	"bureau-board", "dashboard", "race-board", "notifications"}

type state int

const (
	absent state = iota
	met
	missed
)

// cell is one target at one scale: the figure and whether it meets the target (absent: not run).
type cell struct {
	text string
	st   state
}

func judge(text string, ok bool) cell {
	if ok {
		return cell{text, met}
	}
	return cell{text, missed}
}

func (c cell) String() string {
	switch c.st {
	case met:
		return c.text + " — met"
	case missed:
		return c.text + " — **missed**"
	}
	if c.text == "" {
		return "not run"
	}
	return c.text
}

// target is one of the issues' targets, judged from one scale's outputs.
type target struct {
	name string
	// at is the N the target is set at; 0: every N of the run (each run must meet it).
	at   int
	eval func(r run) cell
}

// verdict judges t over the run: at its N (not run when the run has no such N), or at every N.
func (t target) verdict(b bench) cell {
	if t.at != 0 {
		r, ok := b.sqlite[t.at]
		if !ok {
			return cell{text: "not run at N = " + thousands(t.at)}
		}
		c := t.eval(r)
		if c.st == absent {
			return cell{text: "not run at N = " + thousands(t.at)}
		}
		return cell{text: "at N = " + thousands(t.at), st: c.st}
	}
	var ran, notRun []string
	for _, n := range b.ns {
		switch c := t.eval(b.sqlite[n]); c.st {
		case missed:
			return cell{text: "at N = " + thousands(n), st: missed}
		case met:
			ran = append(ran, thousands(n))
		default:
			notRun = append(notRun, thousands(n))
		}
	}
	switch {
	case len(ran) == 0:
		return cell{text: "not run"}
	case len(notRun) == 0:
		return cell{text: "at every N", st: met}
	}
	return cell{text: "at N = " + strings.Join(ran, ", ") + " (not run at N = " + strings.Join(notRun, ", ") + ")", st: met}
}

// summary is the figures of one page mix: its endpoint named like the mix, else the whole mix (the slowest p99).
func summary(r run, mix string) (tput, p99 float64, errs int64, ok bool) {
	rep, ok := r.report("jiebang-" + mix)
	if !ok {
		return 0, 0, 0, false
	}
	if e, found := endpoint(rep, mix); found {
		return e.Throughput, e.P99ms, e.Errors, true
	}
	for _, e := range rep.Endpoints {
		p99 = max(p99, e.P99ms)
	}
	return rep.Throughput, p99, rep.Errors, len(rep.Endpoints) > 0
}

func (b bench) targets() []target {
	conc := b.param("concurrency", "64")
	ts := []target{
		{fmt.Sprintf("`seed --scale %s` < 15 minutes (SQLite)", thousands(targetN)), targetN, seedUnder(15 * 60)},
		{fmt.Sprintf("`seed --scale %s` < 5 minutes (SQLite, the earlier target)", thousands(earlierN)), earlierN, seedUnder(5 * 60)},
		{"Public board list (page 3) ≥ 0.5× gin's hello-JSON req/s", targetN, versus("jiebang-list", "base-hello", "board list p3", "hello-JSON", 0.5)},
		{"Public challenge detail ≥ 0.5× gin's hello-JSON req/s", targetN, versus("jiebang-detail", "base-hello", "detail", "hello-JSON", 0.5)},
		{"Public board list (page 3) ≥ 1.0× the bare server's req/s (the earlier target)", earlierN, versus("jiebang-list", "base-list", "board list p3", "board list p3", 1.0)},
		{"Public challenge detail ≥ 0.8× the bare server's req/s (the earlier target)", earlierN, versus("jiebang-detail", "base-detail", "detail", "detail", 0.8)},
	}
	for _, m := range pageMixes {
		ts = append(ts, target{fmt.Sprintf("Page `%s` ≥ 5,000 req/s and p99 < 50 ms at %s clients, no errors", m, conc), targetN, page(m)})
	}
	ts = append(ts,
		target{"Server RSS < 500 MiB (VmHWM, the peak of the whole SQLite run)", targetN, rssUnder(500)},
		target{"Server RSS < 300 MiB (the earlier target)", earlierN, rssUnder(300)},
	)
	for _, d := range []struct{ file, name string }{{"surge-sqlite", "SQLite, its own database"}, {"surge-pg", "PostgreSQL, two servers"}} {
		ts = append(ts,
			target{"Deadline surge (" + d.name + "): zero errors", 0, surgeErrors(d.file)},
			target{"Deadline surge (" + d.name + "): zero lost writes (problems found by the check after the run)", 0, surgeLost(d.file)},
			target{"Deadline surge (" + d.name + "): every receipt honoured", 0, surgeReceipts(d.file)},
			target{"Deadline surge (" + d.name + "): p99 of `surge submit` < 2 s", 0, surgeSubmit(d.file)},
		)
	}
	ts = append(ts,
		target{fmt.Sprintf("Board, search and detail p99 < 25 ms at %s clients, no errors (the earlier target)", conc), earlierN, boardP99},
		target{"Bid submissions ≥ 500/s, no errors", earlierN, rate("jiebang-write", "bid submit", 500)},
		target{"Score submissions ≥ 500/s, no errors", earlierN, rate("jiebang-score", "score", 500)},
		target{"A 20 MiB upload does not stall reads (the slowest read is quicker than a typical upload)", earlierN, uploadNoStall},
		target{"Every acknowledged write read back (write, score, writes mixes)", 0, writesKept},
	)
	return ts
}

func seedUnder(sec float64) func(r run) cell {
	return func(r run) cell {
		s, ok := r.number("seed-seconds")
		if !ok {
			return cell{text: r.why("seed")}
		}
		return judge(fmt.Sprintf("%.0f s", s), s < sec)
	}
}

// versus compares Jiebang's req/s (name's endpoint ep) with a baseline's (base's endpoint baseEp): at least min
// times as many, with no errors.
func versus(name, base, ep, baseEp string, min float64) func(r run) cell {
	return func(r run) cell {
		h, ok1 := r.endpoint(base, baseEp)
		j, ok2 := r.endpoint(name, ep)
		if !ok1 || h.Throughput == 0 {
			return cell{text: "baseline " + r.why(base)}
		}
		if !ok2 {
			return cell{text: r.why(name)}
		}
		ratio := j.Throughput / h.Throughput
		return judge(fmt.Sprintf("%.0f / %.0f = %.2f×", j.Throughput, h.Throughput, ratio), ratio >= min && j.Errors == 0)
	}
}

func page(mix string) func(r run) cell {
	return func(r run) cell {
		tput, p99, errs, ok := summary(r, mix)
		if !ok {
			return cell{text: r.why("jiebang-" + mix)}
		}
		return judge(fmt.Sprintf("%.0f req/s, p99 %.1f ms, %d errors", tput, p99, errs), tput >= 5000 && p99 < 50 && errs == 0)
	}
}

func rssUnder(mib float64) func(r run) cell {
	return func(r run) cell {
		kib, ok := r.number("rss-kib")
		if !ok {
			return cell{text: "not run"}
		}
		return judge(fmt.Sprintf("%.0f MiB", kib/1024), kib/1024 < mib)
	}
}

// surge reads a surge report: absent (with the reason) when the surge did not run.
func surge(r run, file string) (load.Report, cell, bool) {
	rep, ok := r.report(file)
	if !ok {
		why := r.why(file)
		if s := firstLine(r.text("surge.notrun")); s != "" {
			why = "not run (" + s + ")"
		}
		return rep, cell{text: why}, false
	}
	return rep, cell{}, true
}

func surgeErrors(file string) func(r run) cell {
	return func(r run) cell {
		rep, c, ok := surge(r, file)
		if !ok {
			return c
		}
		return judge(fmt.Sprintf("%d errors in %d requests", rep.Errors, rep.Requests), rep.Errors == 0 && rep.Requests > 0)
	}
}

func surgeLost(file string) func(r run) cell {
	return func(r run) cell {
		rep, c, ok := surge(r, file)
		if !ok {
			return c
		}
		v := rep.Verify
		if v == nil {
			return judge("no check after the run", false)
		}
		return judge(fmt.Sprintf("%d lost, %d problems", v.Lost, len(v.Problems)), v.Lost == 0 && len(v.Problems) == 0)
	}
}

func surgeReceipts(file string) func(r run) cell {
	return func(r run) cell {
		rep, c, ok := surge(r, file)
		if !ok {
			return c
		}
		v := rep.Verify
		if v == nil {
			return judge("no check after the run", false)
		}
		return judge(fmt.Sprintf("%d of %d receipts", v.Checked-v.Lost, v.Checked), v.Checked > 0 && v.Lost == 0)
	}
}

func surgeSubmit(file string) func(r run) cell {
	return func(r run) cell {
		rep, c, ok := surge(r, file)
		if !ok {
			return c
		}
		e, found := endpoint(rep, "surge submit")
		if !found || e.Requests == 0 {
			return judge("no `surge submit` in the report", false)
		}
		return judge(fmt.Sprintf("p99 %.0f ms (%d submissions)", e.P99ms, e.Requests), e.P99ms < 2000)
	}
}

func boardP99(r run) cell {
	var worst float64
	var worstName string
	var errs int64
	found := false
	for _, name := range []string{"jiebang-list", "jiebang-detail", "jiebang-search", "jiebang-board"} {
		rep, ok := r.report(name)
		if !ok {
			continue
		}
		found = true
		for _, e := range rep.Endpoints {
			if e.P99ms >= worst {
				worst, worstName = e.P99ms, strings.TrimPrefix(name, "jiebang-")+" / "+e.Endpoint
			}
			errs += e.Errors
		}
	}
	if !found {
		return cell{text: "not run"}
	}
	return judge(fmt.Sprintf("worst p99 %.1f ms (%s), %d errors", worst, worstName, errs), worst < 25 && errs == 0)
}

// rate sums the endpoints of name whose name contains ep.
func rate(name, ep string, min float64) func(r run) cell {
	return func(r run) cell {
		rep, ok := r.report(name)
		if !ok {
			return cell{text: r.why(name)}
		}
		var tput float64
		var errs int64
		for _, e := range rep.Endpoints {
			if strings.Contains(e.Endpoint, ep) {
				tput += e.Throughput
				errs += e.Errors
			}
		}
		return judge(fmt.Sprintf("%.0f/s, %d errors", tput, errs), tput >= min && errs == 0)
	}
}

func uploadNoStall(r run) cell {
	up, ok := r.report("jiebang-upload")
	if !ok {
		return cell{text: r.why("jiebang-upload")}
	}
	var readMax, upP50 float64
	var upN, errs int64
	for _, e := range up.Endpoints {
		errs += e.Errors
		switch {
		case strings.Contains(e.Endpoint, "upload"):
			upP50, upN = e.P50ms, e.Requests
		case strings.Contains(e.Endpoint, "delete"): // the uploader removes its file again
		default:
			readMax = max(readMax, e.Maxms)
		}
	}
	return judge(fmt.Sprintf("%d uploads (p50 %.0f ms), slowest read %.0f ms, %d errors", upN, upP50, readMax, errs),
		upN > 0 && errs == 0 && readMax < upP50)
}

func writesKept(r run) cell {
	var checked, lost int
	found := false
	for _, name := range []string{"jiebang-write", "jiebang-score", "jiebang-writes"} {
		if rep, ok := r.report(name); ok && rep.Verify != nil {
			found = true
			checked += rep.Verify.Checked
			lost += rep.Verify.Lost + len(rep.Verify.Problems)
		}
	}
	if !found {
		return cell{text: r.why("jiebang-write")}
	}
	return judge(fmt.Sprintf("%d checked, %d lost", checked, lost), lost == 0 && checked > 0)
}

// writeTargets writes the targets' table: the figure at every N of the run and the verdict at the target's N.
func writeTargets(w io.Writer, b bench) (nMet, nMissed, nAbsent int) {
	fmt.Fprintf(w, "## Targets\n\nEach figure is judged against its target at every N of the run; the verdict is the one at the N the "+
		"target is set at (issue 25: N = %s; the earlier issues: N = %s; the surge and the lost writes: every N at which they ran). "+
		"Computed from the run's files by cmd/benchbase/report.\n\n| target |", thousands(targetN), thousands(earlierN))
	for _, n := range b.ns {
		fmt.Fprintf(w, " N = %s |", thousands(n))
	}
	fmt.Fprintf(w, " verdict |\n| --- |%s --- |\n", strings.Repeat(" --- |", len(b.ns)))
	for _, t := range b.targets() {
		fmt.Fprintf(w, "| %s |", t.name)
		for _, n := range b.ns {
			fmt.Fprintf(w, " %s |", t.eval(b.sqlite[n]))
		}
		v := t.verdict(b)
		switch v.st {
		case met:
			nMet++
		case missed:
			nMissed++
		default:
			nAbsent++
		}
		fmt.Fprintf(w, " %s |\n", v)
	}
	if ns := benchNs(b.text("audit1m.txt"), "BenchmarkAuditVerify1M"); ns > 0 {
		fmt.Fprintf(w, "\n- Audit verification of 1 million entries < 5 s (`go test ./repository -run '^$' -bench AuditVerify1M -benchtime 1x`): "+
			"%.2f s — %s.\n", ns/1e9, verdictWord(ns < 5e9))
	} else {
		fmt.Fprintf(w, "\n- Audit verification of 1 million entries < 5 s: not run.\n")
	}
	return
}

func verdictWord(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}
