package load_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"jiebang/cmd/app"
	"jiebang/cmd/load"
	"jiebang/repository"
	"jiebang/repository/testdb"
	"jiebang/seed"
)

// surgeSeeded is an application with the test clock (started at the top of the suite's starting hour, so the
// surge deadline is an hour away whatever the start) on db with a small scale seed and a few surge teams,
// served over loopback HTTP through wrap (nil: as is).
func surgeSeeded(t *testing.T, db *repository.DB, teams int, wrap func(http.Handler) http.Handler) string {
	t.Helper()
	cfg := app.Config{DataDir: t.TempDir(), JWTSecret: "test-secret-0123456789abcdef0123456789", PasswordHash: cheapHash,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Placeholder: []byte("<html>placeholder</html>"),
		TestClock: true, TestClockStart: testdb.Start().Truncate(time.Hour)}
	a, err := app.New(cfg, db)
	if err != nil {
		t.Fatal(err)
	}
	s := seed.Services{Tx: a.Tx, Clock: a.Clock, DB: a.DB, PasswordHash: a.Cfg.PasswordHash, Audit: a.Audit}
	if _, err := seed.Scale(context.Background(), s, seed.ScaleOptions{N: 20, Seed: 5, SurgeTeams: teams}); err != nil {
		t.Fatal(err)
	}
	api, err := a.API()
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = api.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// smallSurge makes the surge tiny: 6 teams (one late), 64 KiB attachments, a 3-second window.
func smallSurge(t *testing.T) {
	old := []any{load.SurgeTeams, load.SurgeAttachmentBytes, load.SurgeWindow, load.SurgeMargin, load.SurgeLateBy, load.SurgeDrain}
	load.SurgeTeams, load.SurgeAttachmentBytes = 6, 64<<10
	load.SurgeWindow, load.SurgeMargin, load.SurgeLateBy, load.SurgeDrain = 3*time.Second, time.Second, 500*time.Millisecond, time.Second
	t.Cleanup(func() {
		load.SurgeTeams, load.SurgeAttachmentBytes = old[0].(int), old[1].(int)
		load.SurgeWindow, load.SurgeMargin, load.SurgeLateBy, load.SurgeDrain = old[2].(time.Duration), old[3].(time.Duration),
			old[4].(time.Duration), old[5].(time.Duration)
	})
}

func surgeRun(t *testing.T, url string) (load.Report, error) {
	return load.Run(context.Background(), load.Options{URLs: []string{url}, Duration: 6 * time.Second, Concurrency: 4,
		Mix: "surge", Password: seed.ScalePassword, Seed: 1})
}

// TestSurgeMix: every surge team uploads and submits in the window before the deadline on the server's test clock
// and is read back as acknowledged; the late team is refused with deadline_passed and nothing of its submission
// is stored; the board is read meanwhile; a second run on the same database is refused (the bids are submitted).
// Not parallel: it sets the surge's size.
func TestSurgeMix(t *testing.T) {
	smallSurge(t)
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		url := surgeSeeded(t, db, 6, nil)
		rep, err := surgeRun(t, url)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Errors != 0 {
			t.Fatalf("%d errors: %+v", rep.Errors, rep.Endpoints)
		}
		if v := rep.Verify; v == nil || v.Lost != 0 || v.Checked != 6 || len(v.Notes) == 0 {
			t.Fatalf("verification %+v", v)
		}
		if e := endpoint(rep, "surge upload"); e.Requests != 6 || e.Statuses["201"] != 6 {
			t.Fatalf("uploads: %+v", e)
		}
		if e := endpoint(rep, "surge submit"); e.Requests != 5 || e.Statuses["200"] != 5 {
			t.Fatalf("submissions: %+v", e)
		}
		if e := endpoint(rep, "surge late submit"); e.Requests != 1 || e.Statuses["409"] != 1 {
			t.Fatalf("late submissions: %+v", e)
		}
		if endpoint(rep, "surge board").Requests+endpoint(rep, "surge detail").Requests == 0 {
			t.Fatalf("no reads: %+v", rep.Endpoints)
		}
		if !strings.Contains(strings.Join(rep.Verify.Notes, "\n"), "1 of 1 late submissions refused") {
			t.Fatalf("notes: %q", rep.Verify.Notes)
		}
		if _, err := surgeRun(t, url); err == nil || !strings.Contains(err.Error(), "surge") {
			t.Fatalf("second run: %v", err)
		}
	})
}

// TestSurgeVerificationFindsLostSubmissions: a server that answers every submission with a receipt without
// storing it is caught: the in-time ones are not stored, the late one was "accepted".
func TestSurgeVerificationFindsLostSubmissions(t *testing.T) {
	smallSurge(t)
	lie := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == "POST" && strings.HasSuffix(r.URL.Path, "/submit") {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"status":"submitted","version":1,"receipt":{"submitted_at":"2000-01-01T00:00:00Z","digest":"x","version":1}}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	url := surgeSeeded(t, testdb.New(t, repository.DialectSQLite), 6, lie)
	rep, err := surgeRun(t, url)
	if err != nil {
		t.Fatal(err)
	}
	v := rep.Verify
	if v == nil || v.Lost != 6 || v.Err() == nil || !strings.Contains(strings.Join(v.Problems, "\n"), "after the deadline was accepted") {
		t.Fatalf("verification %+v", v)
	}
}

// TestSurgeNeedsTheTestClock: a server without the test clock is refused before anything is written.
func TestSurgeNeedsTheTestClock(t *testing.T) {
	t.Parallel()
	_, url := seeded(t, testdb.New(t, repository.DialectSQLite), nil)
	_, err := run(t, url, "surge", 4, 80*time.Second)
	if err == nil || !strings.Contains(err.Error(), "JIEBANG_TEST_CLOCK=1") {
		t.Fatalf("%v", err)
	}
}
