package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"jiebang/cmd/load"
)

// run is one directory of a bench run's outputs: bench-out/n<N> (SQLite at N) or bench-out/pg (PostgreSQL).
type run struct {
	dir string
	n   int
}

// present reports whether the directory exists (the scale was part of the run).
func (r run) present() bool {
	st, err := os.Stat(r.dir)
	return r.dir != "" && err == nil && st.IsDir()
}

// report reads name.json, a `jiebang load` report.
func (r run) report(name string) (load.Report, bool) {
	if r.dir == "" {
		return load.Report{}, false
	}
	b, err := os.ReadFile(filepath.Join(r.dir, name+".json"))
	if err != nil {
		return load.Report{}, false
	}
	var rep load.Report
	if json.Unmarshal(b, &rep) != nil {
		return load.Report{}, false
	}
	return rep, true
}

// endpoint finds one endpoint of name.json.
func (r run) endpoint(name, ep string) (load.EndpointReport, bool) {
	rep, ok := r.report(name)
	if !ok {
		return load.EndpointReport{}, false
	}
	return endpoint(rep, ep)
}

// text is a file's trimmed content ("" when absent).
func (r run) text(name string) string {
	if r.dir == "" {
		return ""
	}
	b, _ := os.ReadFile(filepath.Join(r.dir, name))
	return strings.TrimSpace(string(b))
}

// number is a file holding one number (ok false when absent or not a number).
func (r run) number(name string) (float64, bool) {
	v, err := strconv.ParseFloat(r.text(name), 64)
	return v, err == nil
}

// why says why name was not run: the reason the script recorded, else that no report exists.
func (r run) why(name string) string {
	if !r.present() {
		return "not run"
	}
	if s := firstLine(r.text(name + ".notrun")); s != "" {
		return "not run (" + s + ")"
	}
	return "not run"
}

func endpoint(r load.Report, name string) (load.EndpointReport, bool) {
	for _, e := range r.Endpoints {
		if e.Endpoint == name {
			return e, true
		}
	}
	return load.EndpointReport{}, false
}

// bench is the whole run: its parameters (bench-out/params), a run per N and the PostgreSQL run.
type bench struct {
	root   string
	params map[string]string
	ns     []int
	sqlite map[int]run
	pg     run
	pgN    int
}

// openBench reads the run's parameters and finds its directories. The scales are those of params (ns=…), else
// the n<N> directories found.
func openBench(root string) bench {
	b := bench{root: root, params: map[string]string{}, sqlite: map[int]run{}}
	if f, err := os.Open(filepath.Join(root, "params")); err == nil {
		s := bufio.NewScanner(f)
		for s.Scan() {
			if k, v, ok := strings.Cut(s.Text(), "="); ok {
				b.params[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
		f.Close()
	}
	for _, f := range strings.Fields(b.params["ns"]) {
		if n, err := strconv.Atoi(f); err == nil {
			b.ns = append(b.ns, n)
		}
	}
	if len(b.ns) == 0 {
		dirs, _ := filepath.Glob(filepath.Join(root, "n*"))
		for _, d := range dirs {
			if n, err := strconv.Atoi(strings.TrimPrefix(filepath.Base(d), "n")); err == nil {
				b.ns = append(b.ns, n)
			}
		}
	}
	sort.Ints(b.ns)
	for _, n := range b.ns {
		b.sqlite[n] = run{dir: filepath.Join(root, fmt.Sprintf("n%d", n)), n: n}
	}
	b.pg = run{dir: filepath.Join(root, "pg")}
	if n, ok := b.pg.number("n"); ok {
		b.pg.n, b.pgN = int(n), int(n)
	}
	return b
}

// param is a parameter of the run, or def.
func (b bench) param(k, def string) string {
	if v := b.params[k]; v != "" {
		return v
	}
	return def
}

func (b bench) text(name string) string { return run{dir: b.root}.text(name) }

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
	b, _ := os.ReadFile("/proc/meminfo")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "MemTotal:") {
			kb, _ := strconv.Atoi(strings.Fields(l)[1])
			return fmt.Sprintf("%.1f GiB", float64(kb)/1024/1024)
		}
	}
	return "?"
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

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// thousands writes n with thousands separators (100000 → 100,000).
func thousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
