package load_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"jiebang/cmd/load"
	"jiebang/repository"
	"jiebang/repository/testdb"
	"jiebang/seed"
)

// TestReadsAskForGzipAsBrowsersDo: the read steps ask for gzip (and get public details compressed) unless the run
// is told --no-gzip; every answer counts, compressed or not.
func TestReadsAskForGzipAsBrowsersDo(t *testing.T) {
	t.Parallel()
	var asked, plain, compressed atomic.Int64
	_, url := seeded(t, testdb.New(t, repository.DialectSQLite), func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Accept-Encoding") == "gzip" {
				asked.Add(1)
			} else {
				plain.Add(1)
			}
			h.ServeHTTP(w, r)
			if w.Header().Get("Content-Encoding") == "gzip" {
				compressed.Add(1)
			}
		})
	})
	for _, noGzip := range []bool{true, false} { // without first: a late request of the run with gzip would count in the next
		asked.Store(0)
		plain.Store(0)
		compressed.Store(0)
		rep, err := load.Run(context.Background(), load.Options{URLs: []string{url}, Duration: 300 * time.Millisecond,
			Concurrency: 4, Mix: "detail", Password: seed.ScalePassword, Seed: 1, NoGzip: noGzip})
		if err != nil {
			t.Fatal(err)
		}
		e := endpoint(rep, "detail")
		if e.Requests == 0 || e.Errors != 0 {
			t.Fatalf("no-gzip %v: %+v", noGzip, e)
		}
		if noGzip && (asked.Load() != 0 || compressed.Load() != 0) {
			t.Errorf("--no-gzip: %d reads asked for gzip, %d answered compressed", asked.Load(), compressed.Load())
		}
		// the set-up's reads (which decode their answers) do not ask; every step does
		if !noGzip && (asked.Load() < e.Requests || compressed.Load() < e.Requests) {
			t.Errorf("default: %d steps, %d asked for gzip, %d answered compressed", e.Requests, asked.Load(), compressed.Load())
		}
	}
}
