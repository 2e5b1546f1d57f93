package main

import (
	"math"
	"net/http"
	"net/http/httptest"
	"runtime/debug"
	"strings"
	"testing"
)

// TestApplyMemoryLimit: serve's default soft memory limit applies unless GOMEMLIMIT is set or the flag is 0.
func TestApplyMemoryLimit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	debug.SetMemoryLimit(math.MaxInt64)
	if got := applyMemoryLimit(200, ""); got != 200<<20 || debug.SetMemoryLimit(-1) != 200<<20 {
		t.Errorf("flag 200: limit %d, runtime %d", got, debug.SetMemoryLimit(-1))
	}
	debug.SetMemoryLimit(math.MaxInt64)
	if got := applyMemoryLimit(200, "1GiB"); got != math.MaxInt64 {
		t.Errorf("GOMEMLIMIT set: the flag changed the limit to %d", got)
	}
	if got := applyMemoryLimit(0, ""); got != math.MaxInt64 {
		t.Errorf("flag 0: limit %d, want none", got)
	}
}

// TestMetricsAddressServesTheProfiler: the metrics address serves /metrics and the profiler's index.
func TestMetricsAddressServesTheProfiler(t *testing.T) {
	t.Parallel()
	mux := metricsMux(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("metrics")) }))
	for path, want := range map[string]string{"/metrics": "metrics", "/debug/pprof/": "goroutine"} {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), want) {
			t.Errorf("%s: %d %.200s", path, w.Code, w.Body.String())
		}
	}
}
