package app

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"jiebang/domain/schedule"
)

// scheduler runs the named jobs: each on its own ticker in the server, all of them synchronously after a
// move of the test clock (App.RunDue).
type scheduler struct {
	mu       sync.Mutex // guards jobs
	jobs     []schedule.Job
	runMu    sync.Mutex // one RunDue at a time
	runs     *prometheus.CounterVec
	duration *prometheus.HistogramVec
	last     *prometheus.GaugeVec
}

func newScheduler(reg *prometheus.Registry) *scheduler {
	s := &scheduler{
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jiebang_job_runs_total", Help: "Scheduled job runs by job and outcome (ok, error, panic).",
		}, []string{"job", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "jiebang_job_duration_seconds", Help: "Scheduled job run time by job.",
			Buckets: []float64{.001, .01, .1, .5, 1, 5, 30, 120},
		}, []string{"job"}),
		last: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "jiebang_job_last_success_timestamp_seconds", Help: "Unix time of each job's last successful run.",
		}, []string{"job"}),
	}
	reg.MustRegister(s.runs, s.duration, s.last)
	return s
}

// DefaultJobEvery is the period of a job that does not name one.
const DefaultJobEvery = 5 * time.Second

// AddJob registers a named periodic job (before Serve starts the scheduler). Names must be unique.
func (a *App) AddJob(j schedule.Job) {
	if j.Name == "" || j.Run == nil {
		panic("schedule: a job needs a name and a Run")
	}
	if j.Every <= 0 {
		j.Every = DefaultJobEvery
	}
	a.sched.mu.Lock()
	defer a.sched.mu.Unlock()
	for _, x := range a.sched.jobs {
		if x.Name == j.Name {
			panic("schedule: two jobs named " + j.Name)
		}
	}
	a.sched.jobs = append(a.sched.jobs, j)
}

// Jobs returns the registered jobs.
func (a *App) Jobs() []schedule.Job {
	a.sched.mu.Lock()
	defer a.sched.mu.Unlock()
	return append([]schedule.Job(nil), a.sched.jobs...)
}

// RunDue runs every job once, in registration order, at the clock's time (the test clock calls it after each
// advance). Every job runs even when an earlier one fails; the errors are joined.
func (a *App) RunDue(ctx context.Context) error {
	a.sched.runMu.Lock()
	defer a.sched.runMu.Unlock()
	var errs []error
	for _, j := range a.Jobs() {
		if err := a.runJob(ctx, j); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// RunJobs runs each job on its own ticker until ctx ends; a slow or failing job delays no other.
func (a *App) RunJobs(ctx context.Context) {
	var wg sync.WaitGroup
	for _, j := range a.Jobs() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(j.Every)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					_ = a.runJob(ctx, j)
				}
			}
		}()
	}
	wg.Wait()
}

// runJob runs one job with panic recovery, one log line and the metrics.
func (a *App) runJob(ctx context.Context, j schedule.Job) (err error) {
	start := time.Now()
	outcome := "ok"
	defer func() {
		if p := recover(); p != nil {
			outcome = "panic"
			err = fmt.Errorf("job %s panicked: %v", j.Name, p)
			a.Logger.Error("job panicked", "job", j.Name, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		}
		d := time.Since(start)
		a.sched.runs.WithLabelValues(j.Name, outcome).Inc()
		a.sched.duration.WithLabelValues(j.Name).Observe(d.Seconds())
		switch outcome {
		case "ok":
			a.sched.last.WithLabelValues(j.Name).SetToCurrentTime()
			a.Logger.Debug("job ran", "job", j.Name, "ms", d.Milliseconds())
		case "error":
			if ctx.Err() == nil {
				a.Logger.Error("job failed", "job", j.Name, "ms", d.Milliseconds(), "err", err)
			}
		}
	}()
	if err = j.Run(ctx, a.Clock.Now()); err != nil {
		outcome = "error"
		err = fmt.Errorf("job %s: %w", j.Name, err)
	}
	return err
}
