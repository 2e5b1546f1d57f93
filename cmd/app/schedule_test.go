package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"jiebang/domain"
	"jiebang/domain/schedule"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// syncBuffer is a log sink safe for the job goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newTestApp(t *testing.T, db *repository.DB, clk domain.Clock, log *syncBuffer) *App {
	t.Helper()
	cfg := quietConfig(t, clk)
	if log != nil {
		cfg.Logger = slog.New(slog.NewTextHandler(log, nil))
	}
	a, err := New(cfg, db)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestRunDueSurvivesFailingAndPanickingJobs: RunDue runs every job at the clock's time even when one fails or
// panics; the panic is logged with the job's name and counted, and the job runs again on the next call.
func TestRunDueSurvivesFailingAndPanickingJobs(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	var log syncBuffer
	a := newTestApp(t, testdb.New(t, repository.DialectSQLite), domain.NewFrozenClock(t0), &log)
	var panics, fails, oks atomic.Int64
	var seen time.Time
	a.AddJob(schedule.Job{Name: "explodes", Run: func(ctx context.Context, now time.Time) error {
		panics.Add(1)
		panic("kaboom")
	}})
	a.AddJob(schedule.Job{Name: "fails", Run: func(ctx context.Context, now time.Time) error {
		fails.Add(1)
		return errors.New("database away")
	}})
	a.AddJob(schedule.Job{Name: "works", Run: func(ctx context.Context, now time.Time) error {
		oks.Add(1)
		seen = now
		return nil
	}})
	for range 2 {
		err := a.RunDue(context.Background())
		if err == nil || !strings.Contains(err.Error(), "explodes panicked: kaboom") || !strings.Contains(err.Error(), "database away") {
			t.Fatalf("RunDue: %v", err)
		}
	}
	if panics.Load() != 2 || fails.Load() != 2 || oks.Load() != 2 {
		t.Fatalf("runs: panics %d, fails %d, oks %d; want 2 each", panics.Load(), fails.Load(), oks.Load())
	}
	if !seen.Equal(t0) {
		t.Errorf("job saw %v, want the clock's %v", seen, t0)
	}
	if out := log.String(); !strings.Contains(out, `msg="job panicked" job=explodes panic=kaboom`) ||
		!strings.Contains(out, `msg="job failed" job=fails`) {
		t.Errorf("log:\n%s", out)
	}
	for _, c := range []struct {
		job, outcome string
		want         float64
	}{{"explodes", "panic", 2}, {"fails", "error", 2}, {"works", "ok", 2}} {
		if got := testutil.ToFloat64(a.sched.runs.WithLabelValues(c.job, c.outcome)); got != c.want {
			t.Errorf("jiebang_job_runs_total{job=%s,outcome=%s} = %v, want %v", c.job, c.outcome, got, c.want)
		}
	}
	names := []string{}
	for _, j := range a.Jobs() {
		names = append(names, j.Name)
	}
	if got := strings.Join(names, " "); !strings.HasSuffix(got, " explodes fails works") || !strings.Contains(got, "close_bidding") {
		t.Errorf("jobs %q: the built-in jobs are registered first", got)
	}
}

// TestRunJobsTicksEachJobAndRecovers: in the server every job has its own ticker; a job that panics on every
// run keeps being run, and a job that blocks does not hold the others up.
func TestRunJobsTicksEachJobAndRecovers(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, testdb.New(t, repository.DialectSQLite), domain.SystemClock{}, nil)
	a.sched.jobs = nil // only this test's jobs
	ctx, cancel := context.WithCancel(context.Background())
	panicked := make(chan struct{}, 10)
	ran := make(chan struct{}, 10)
	a.AddJob(schedule.Job{Name: "blocks", Every: time.Millisecond, Run: func(ctx context.Context, now time.Time) error {
		<-ctx.Done()
		return ctx.Err()
	}})
	a.AddJob(schedule.Job{Name: "explodes", Every: time.Millisecond, Run: func(ctx context.Context, now time.Time) error {
		select {
		case panicked <- struct{}{}:
		default:
		}
		panic("kaboom")
	}})
	a.AddJob(schedule.Job{Name: "works", Every: time.Millisecond, Run: func(ctx context.Context, now time.Time) error {
		select {
		case ran <- struct{}{}:
		default:
		}
		return nil
	}})
	done := make(chan struct{})
	go func() { a.RunJobs(ctx); close(done) }()
	for range 3 {
		<-panicked
		<-ran
	}
	cancel()
	<-done
}

func TestAddJobRefusesDuplicateNames(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, testdb.New(t, repository.DialectSQLite), domain.SystemClock{}, nil)
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "close_bidding") {
			t.Fatalf("recover = %v", r)
		}
	}()
	a.AddJob(schedule.Job{Name: "close_bidding", Run: func(context.Context, time.Time) error { return nil }})
}
