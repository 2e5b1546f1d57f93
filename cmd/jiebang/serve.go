package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"jiebang/cmd/app"
)

func cmdServe(args []string, stderr io.Writer) error {
	var c app.Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	commonFlags(fs, &c)
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("JIEBANG_METRICS_ADDR", ""),
		"address serving /metrics, e.g. 127.0.0.1:9090 (empty: not served; never the public address)")
	memLimit := fs.Int("memory-limit-mib", envInt("JIEBANG_MEMORY_LIMIT_MIB", defaultMemoryLimitMiB),
		"soft limit of the Go heap in MiB: the collector works harder near it instead of growing (0: none; GOMEMLIMIT, when set, wins)")
	fs.IntVar(&c.HashConcurrency, "hash-concurrency", envInt("JIEBANG_HASH_CONCURRENCY", 0),
		"password hashes (argon2id, 19 MiB each) run at once; more logins queue (0: the number of CPUs, at most 4)")
	if pos, err := parseArgs(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return fmt.Errorf("unexpected argument %q", pos[0])
	}
	applyMemoryLimit(*memLimit, os.Getenv("GOMEMLIMIT"))
	c.WALCheckpointEvery = time.Second
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	started := time.Now()
	a, err := openApp(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	log := a.Logger
	if a.Cfg.StorageURL != "" {
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		if err := a.Blobs.Ping(pctx); err != nil {
			log.Error("the attachment store does not answer: uploads and downloads answer 503 storage_unavailable until it does",
				"store", a.Blobs.Describe(), "err", err)
		}
		cancel()
	}
	if missing := a.MissingSecrets(); len(missing) > 0 {
		log.Error("this server generated shared secrets in its data dir: /readyz answers 503 until they come from the "+
			"environment or named files (docs/storage.md)", "missing", missing)
	}
	if a.TestClock != nil {
		log.Warn("!!! TEST CLOCK ENABLED: POST /api/v1/test/clock moves time for the whole server. Never use in production. !!!")
	}
	h, err := a.API()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", a.Cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
	if a.Cfg.MetricsAddr != "" {
		msrv, err := serveMetrics(a.Cfg.MetricsAddr, h.MetricsHandler())
		if err != nil {
			return err
		}
		defer msrv.Close()
		log.Info("metrics serving", "addr", "http://"+a.Cfg.MetricsAddr+"/metrics")
	}
	// The App's named jobs, each on its own ticker (closing bidding at the deadline and the rest); they are
	// compare-and-set or claimed, so several servers on one PostgreSQL never double-act. The SQLite WAL is
	// kept short by the database's background checkpointer (WALCheckpointEvery) and its journal_size_limit.
	go a.RunJobs(ctx)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("jiebang serving", "addr", "http://"+ln.Addr().String(), "database", a.DB.Dialect, "storage", a.Blobs.Describe(),
		"frontend_built", a.Cfg.Frontend != nil, "startup_ms", time.Since(started).Milliseconds())
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
		log.Info("shutting down: finishing in-flight requests")
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			return err
		}
	}
	log.Info("stopped")
	return nil
}

// metricsMux routes the metrics address: /metrics (h) and the profiler's pages.
func metricsMux(h http.Handler) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h)
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return mux
}

// defaultMemoryLimitMiB keeps the server's resident memory under 300 MiB: the Go heap (caches of the board and
// details, transient argon2id buffers of logins) stays near this; SQLite's page caches and the binary come on top.
const defaultMemoryLimitMiB = 200

// applyMemoryLimit sets the Go runtime's soft memory limit to mib MiB unless the GOMEMLIMIT environment variable
// already set one (goenv is its value) or mib is 0; it returns the limit now in force (math.MaxInt64: none).
func applyMemoryLimit(mib int, goenv string) int64 {
	if goenv != "" || mib <= 0 {
		return debug.SetMemoryLimit(-1)
	}
	limit := int64(mib) << 20
	debug.SetMemoryLimit(limit)
	return limit
}

// serveMetrics serves /metrics and the Go profiler (/debug/pprof/) on their own address, never the public one:
// a profile names the code and can cost CPU while it is taken.
func serveMetrics(addr string, h http.Handler) (*http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics address: %w", err)
	}
	srv := &http.Server{Handler: metricsMux(h), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return srv, nil
}
