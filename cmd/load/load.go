// Package load drives a realistic HTTP load against one or more Jiebang servers (or the bare comparison
// server) and reports throughput, latency percentiles and errors per endpoint. It is the engine of
// `jiebang load` and `make bench`. Targets must be loopback addresses: it is a measuring tool, not a way to
// load someone else's server.
package load

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Limits keep a run bounded.
const (
	MaxDuration    = 10 * time.Minute
	MaxConcurrency = 1024
	// maxSamples bounds the memory the latencies take (per endpoint).
	maxSamples = 1 << 20
	// readBufferSize is each connection's read buffer and each client's scratch buffer: a page of the board
	// (~30 KB) is read in one or two system calls instead of eight of the transport's default 4 KB.
	readBufferSize = 64 << 10
)

// Options configure a run.
type Options struct {
	URLs        []string
	Duration    time.Duration
	Concurrency int
	Mix         string
	// Password is the password of the seeded accounts (logged-in and write mixes).
	Password string
	Seed     int64
	// Progress receives a progress line every second (nil: none).
	Progress io.Writer
	// NoGzip sends the read steps without Accept-Encoding: gzip (by default they ask for it, as browsers do,
	// and read the compressed answer without decompressing it).
	NoGzip bool
}

// Check validates the options: loopback targets, bounded duration and concurrency, a known mix.
func (o *Options) Check() error {
	if len(o.URLs) == 0 {
		return fmt.Errorf("--url is required")
	}
	for i, u := range o.URLs {
		p, err := url.Parse(strings.TrimRight(u, "/"))
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return fmt.Errorf("bad --url %q", u)
		}
		host := p.Hostname()
		ip := net.ParseIP(host)
		if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return fmt.Errorf("--url %q: only loopback targets (127.0.0.1, ::1, localhost) are allowed", u)
		}
		o.URLs[i] = p.String()
	}
	if o.Duration <= 0 || o.Duration > MaxDuration {
		return fmt.Errorf("--duration must be in (0, %s]", MaxDuration)
	}
	if o.Concurrency < 1 || o.Concurrency > MaxConcurrency {
		return fmt.Errorf("--concurrency must be in [1, %d]", MaxConcurrency)
	}
	if _, ok := Mixes[o.Mix]; !ok {
		return fmt.Errorf("unknown --mix %q (known: %s)", o.Mix, strings.Join(MixNames(), ", "))
	}
	return nil
}

// endpointStats collects one endpoint's results.
type endpointStats struct {
	mu        sync.Mutex
	latencies []time.Duration
	count     int64
	errors    int64
	statuses  map[int]int64
}

// Recorder collects results per endpoint name.
type Recorder struct {
	mu    sync.Mutex
	eps   map[string]*endpointStats
	total atomic.Int64
	errs  atomic.Int64
}

func newRecorder() *Recorder { return &Recorder{eps: map[string]*endpointStats{}} }

func (r *Recorder) stats(name string) *endpointStats {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.eps[name]
	if !ok {
		s = &endpointStats{statuses: map[int]int64{}}
		r.eps[name] = s
	}
	return s
}

// record adds one request's outcome: status 0 is a transport error; 2xx/3xx (and an expected 4xx, ok) count
// as successes.
func (r *Recorder) record(name string, d time.Duration, status int, ok bool) {
	s := r.stats(name)
	s.mu.Lock()
	s.count++
	if len(s.latencies) < maxSamples {
		s.latencies = append(s.latencies, d)
	}
	s.statuses[status]++
	if !ok {
		s.errors++
	}
	s.mu.Unlock()
	r.total.Add(1)
	if !ok {
		r.errs.Add(1)
	}
}

// Client is one virtual user: an HTTP client bound to one target, with its own random source and, in the
// logged-in mixes, its token.
type Client struct {
	Base  string
	HTTP  *http.Client
	Rand  *rand.Rand
	Token string
	rec   *Recorder
	// scratch receives the answers of Get.
	scratch []byte
	// gzip: Get asks for compressed answers (Options.NoGzip unset).
	gzip bool
	// State is the mix's per-user state (e.g. the bid it resubmits).
	State any
}

// Do sends one request and records it under name; it returns the status (0 on a transport error) and body.
func (c *Client) Do(ctx context.Context, name, method, path string, body []byte, okStatus ...int) (int, []byte) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, rd)
	if err != nil {
		c.rec.record(name, 0, 0, false)
		return 0, nil
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.Send(name, req, okStatus...)
}

// ReadBack is Do for the checks after a run (GET): a server error or a broken connection is asked again, up to
// three times, so that one transient failure of a read is not reported as a lost write.
func (c *Client) ReadBack(ctx context.Context, name, path string) (int, []byte) {
	var st int
	var b []byte
	for range 3 {
		if st, b = c.Do(ctx, name, "GET", path, nil); st != 0 && st < 500 {
			break
		}
	}
	return st, b
}

// Send sends a prepared request (the client adds its token) and records it under name; it returns the status
// (0 on a transport error) and body. A request cut off by the end of the run is not counted.
func (c *Client) Send(name string, req *http.Request, okStatus ...int) (int, []byte) {
	return c.send(name, req, true, okStatus...)
}

// Get is a GET whose answer only counts (the read steps of the mixes): the body is read to its end into the
// client's own buffer and dropped, so the generator neither allocates nor collects a copy of every answer. On
// one machine it shares the cores with the server, and what it spends per byte read is taken from the server.
func (c *Client) Get(ctx context.Context, name, path string) int {
	req, err := http.NewRequestWithContext(ctx, "GET", c.Base+path, nil)
	if err != nil {
		c.rec.record(name, 0, 0, false)
		return 0
	}
	if c.gzip {
		// set by hand, so the transport leaves the answer compressed: the generator only counts it
		req.Header.Set("Accept-Encoding", "gzip")
	}
	st, _ := c.send(name, req, false)
	return st
}

// drain reads r to its end into the client's scratch buffer.
func (c *Client) drain(r io.Reader) {
	if c.scratch == nil {
		c.scratch = make([]byte, readBufferSize)
	}
	for {
		if _, err := r.Read(c.scratch); err != nil {
			return
		}
	}
}

func (c *Client) send(name string, req *http.Request, keep bool, okStatus ...int) (int, []byte) {
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	start := time.Now()
	resp, err := c.HTTP.Do(req)
	if err != nil {
		if req.Context().Err() != nil { // the run ended while the request was in flight: not counted
			return 0, nil
		}
		c.rec.record(name, time.Since(start), 0, false)
		return 0, nil
	}
	var b []byte
	if keep {
		b, _ = io.ReadAll(resp.Body)
	} else {
		c.drain(resp.Body)
	}
	_ = resp.Body.Close()
	d := time.Since(start)
	if req.Context().Err() != nil { // the run ended while the answer was read: not counted either
		return 0, nil
	}
	ok := resp.StatusCode < 400
	for _, s := range okStatus {
		if resp.StatusCode == s {
			ok = true
		}
	}
	c.rec.record(name, d, resp.StatusCode, ok)
	return resp.StatusCode, b
}

// Run drives the mix against the targets for the duration and returns the report.
func Run(ctx context.Context, o Options) (Report, error) {
	if err := o.Check(); err != nil {
		return Report{}, err
	}
	mix := Mixes[o.Mix]
	tr := &http.Transport{MaxIdleConns: o.Concurrency * 2, MaxIdleConnsPerHost: o.Concurrency * 2,
		IdleConnTimeout: 90 * time.Second, DisableCompression: true, ReadBufferSize: readBufferSize}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	setupRec := newRecorder()
	var clients []*Client
	for i := range o.Concurrency {
		clients = append(clients, &Client{Base: o.URLs[i%len(o.URLs)], HTTP: hc,
			Rand: rand.New(rand.NewPCG(uint64(o.Seed), uint64(i))), rec: setupRec, gzip: !o.NoGzip})
	}
	env, err := mix.Setup(ctx, o, clients)
	if err != nil {
		return Report{}, fmt.Errorf("mix %s setup: %w", o.Mix, err)
	}
	rec := newRecorder()
	for _, c := range clients {
		c.rec = rec
	}
	runCtx, cancel := context.WithTimeout(ctx, o.Duration)
	defer cancel()
	start := time.Now()
	stop := make(chan struct{})
	go progressLine(o.Progress, rec, start, o.Duration, stop)
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for runCtx.Err() == nil {
				mix.Step(runCtx, env, c)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stop)
	rep := buildReport(o, rec, elapsed)
	if mix.Verify != nil {
		for _, c := range clients {
			c.rec = setupRec
		}
		v := mix.Verify(ctx, env, clients)
		rep.Verify = &v
	}
	return rep, nil
}

func progressLine(w io.Writer, rec *Recorder, start time.Time, total time.Duration, stop chan struct{}) {
	if w == nil {
		return
	}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-stop:
			fmt.Fprintln(w)
			return
		case <-t.C:
			el := time.Since(start)
			n := rec.total.Load()
			fmt.Fprintf(w, "\r%5.1fs/%s  requests %d  %.0f req/s  errors %d   ", el.Seconds(), total, n,
				float64(n)/el.Seconds(), rec.errs.Load())
		}
	}
}

// EndpointReport is one endpoint's figures.
type EndpointReport struct {
	Endpoint   string           `json:"endpoint"`
	Requests   int64            `json:"requests"`
	Errors     int64            `json:"errors"`
	Throughput float64          `json:"throughput_per_s"`
	P50ms      float64          `json:"p50_ms"`
	P95ms      float64          `json:"p95_ms"`
	P99ms      float64          `json:"p99_ms"`
	Maxms      float64          `json:"max_ms"`
	Statuses   map[string]int64 `json:"statuses"`
}

// Report is a run's result.
type Report struct {
	URLs        []string         `json:"urls"`
	Mix         string           `json:"mix"`
	Concurrency int              `json:"concurrency"`
	Seconds     float64          `json:"seconds"`
	Requests    int64            `json:"requests"`
	Errors      int64            `json:"errors"`
	Throughput  float64          `json:"throughput_per_s"`
	Endpoints   []EndpointReport `json:"endpoints"`
	// Verify is the check, after the run, that every write answered 2xx is stored (write mixes only).
	Verify *Verification `json:"verify,omitempty"`
}

// Verification is what the check after a write run found: how many acknowledged writes it read back and how
// many were not stored as acknowledged (lost), with the first few problems.
type Verification struct {
	Checked  int      `json:"checked"`
	Lost     int      `json:"lost"`
	Problems []string `json:"problems,omitempty"`
	// Notes say what the check found besides losses (e.g. the surge mix's submissions and refusals).
	Notes []string `json:"notes,omitempty"`
}

// maxProblems bounds the problems a verification lists.
const maxProblems = 10

// check counts one acknowledged write read back: problem is "" when it is stored as acknowledged.
func (v *Verification) check(problem string) {
	v.Checked++
	if problem == "" {
		return
	}
	v.Lost++
	if len(v.Problems) < maxProblems {
		v.Problems = append(v.Problems, problem)
	}
}

// Err is an error when writes were lost (nil for a run without a verification).
func (v *Verification) Err() error {
	if v == nil || v.Lost == 0 {
		return nil
	}
	return fmt.Errorf("%d of %d acknowledged writes read back were not stored as acknowledged", v.Lost, v.Checked)
}

// merge adds another verification's counts.
func (v *Verification) merge(w Verification) {
	v.Checked += w.Checked
	v.Lost += w.Lost
	for _, p := range w.Problems {
		if len(v.Problems) < maxProblems {
			v.Problems = append(v.Problems, p)
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func buildReport(o Options, rec *Recorder, elapsed time.Duration) Report {
	r := Report{URLs: o.URLs, Mix: o.Mix, Concurrency: o.Concurrency, Seconds: elapsed.Seconds()}
	for name, s := range rec.eps {
		sort.Slice(s.latencies, func(i, j int) bool { return s.latencies[i] < s.latencies[j] })
		e := EndpointReport{Endpoint: name, Requests: s.count, Errors: s.errors,
			Throughput: float64(s.count) / elapsed.Seconds(), P50ms: ms(percentile(s.latencies, 0.50)),
			P95ms: ms(percentile(s.latencies, 0.95)), P99ms: ms(percentile(s.latencies, 0.99)),
			Statuses: map[string]int64{}}
		if n := len(s.latencies); n > 0 {
			e.Maxms = ms(s.latencies[n-1])
		}
		for st, n := range s.statuses {
			e.Statuses[fmt.Sprint(st)] = n
		}
		r.Endpoints = append(r.Endpoints, e)
		r.Requests += s.count
		r.Errors += s.errors
	}
	sort.Slice(r.Endpoints, func(i, j int) bool { return r.Endpoints[i].Endpoint < r.Endpoints[j].Endpoint })
	r.Throughput = float64(r.Requests) / elapsed.Seconds()
	return r
}

// Table writes the report as a text table.
func (r Report) Table(w io.Writer) {
	fmt.Fprintf(w, "mix %s, %d clients, %.1fs against %s: %d requests, %.0f req/s, %d errors\n", r.Mix, r.Concurrency,
		r.Seconds, strings.Join(r.URLs, ","), r.Requests, r.Throughput, r.Errors)
	fmt.Fprintf(w, "%-22s %9s %9s %8s %8s %8s %8s %7s  %s\n", "endpoint", "requests", "req/s", "p50 ms", "p95 ms",
		"p99 ms", "max ms", "errors", "statuses")
	for _, e := range r.Endpoints {
		var sts []string
		for k, v := range e.Statuses {
			sts = append(sts, fmt.Sprintf("%s:%d", k, v))
		}
		sort.Strings(sts)
		fmt.Fprintf(w, "%-22s %9d %9.0f %8.2f %8.2f %8.2f %8.2f %7d  %s\n", e.Endpoint, e.Requests, e.Throughput,
			e.P50ms, e.P95ms, e.P99ms, e.Maxms, e.Errors, strings.Join(sts, " "))
	}
	if v := r.Verify; v != nil {
		fmt.Fprintf(w, "verified after the run: %d acknowledged writes read back, %d lost\n", v.Checked, v.Lost)
		for _, p := range v.Problems {
			fmt.Fprintf(w, "  lost: %s\n", p)
		}
		for _, n := range v.Notes {
			fmt.Fprintf(w, "  %s\n", n)
		}
	}
}
