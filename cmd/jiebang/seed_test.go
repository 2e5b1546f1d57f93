package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jiebang/cmd/app"
	"jiebang/domain"
	"jiebang/domain/calendar"
	"jiebang/domain/race"
)

// child runs the jiebang command args in a child process of the test binary with env added to the test's
// environment (the test-clock variables are read once per process, so each case gets its own); it returns the
// exit code and the combined output.
func child(t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(append(cleanEnv(), env...), childArgs+"="+strings.Join(args, "\x1f"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), out.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, out.String()
}

// cleanEnv is the test's environment without the variables these tests set themselves.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "JIEBANG_") {
			out = append(out, kv)
		}
	}
	return out
}

func TestTestClockStartIsCheckedBeforeAnythingRuns(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cases := []struct {
		name string
		env  []string
		code int
		says string
	}{
		{"unparsable", []string{"JIEBANG_TEST_CLOCK=1", "JIEBANG_TEST_CLOCK_START=2026-09-28 09:00"}, 2, "JIEBANG_TEST_CLOCK_START"},
		{"date only", []string{"JIEBANG_TEST_CLOCK=1", "JIEBANG_TEST_CLOCK_START=2026-09-28"}, 2, "JIEBANG_TEST_CLOCK_START"},
		{"without the test clock", []string{"JIEBANG_TEST_CLOCK_START=2026-09-28T09:00:00+08:00"}, 2, "without JIEBANG_TEST_CLOCK=1"},
		{"in production", []string{"JIEBANG_TEST_CLOCK=1", "JIEBANG_ENV=production", "JIEBANG_TEST_CLOCK_START=2026-09-28T09:00:00+08:00"}, 1, "production"},
	}
	for _, c := range cases {
		code, out := child(t, c.env, "seed", "--demo", "--data-dir", dir)
		if code != c.code || !strings.Contains(out, c.says) {
			t.Errorf("%s: exit %d, want %d naming %q:\n%s", c.name, code, c.code, c.says, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "jiebang.db")); err == nil {
		t.Errorf("a refused start opened the database")
	}
}

// TestSeedAndServeAtTestClockStart: with JIEBANG_TEST_CLOCK_START the demo is seeded as it would be on that
// morning (2026-09-28, before the National Day holiday: the notice runs over it) and the server's clock starts there.
func TestSeedAndServeAtTestClockStart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := []string{"JIEBANG_TEST_CLOCK=1", "JIEBANG_TEST_CLOCK_START=2026-09-28T09:00:00+08:00"}
	if code, out := child(t, env, "seed", "--demo", "--data-dir", dir); code != 0 {
		t.Fatalf("seed: exit %d\n%s", code, out)
	}
	start := time.Date(2026, 9, 28, 1, 0, 0, 0, time.UTC)
	a := openDir(t, dir)
	l, err := a.Race.Notices(context.Background(), race.NoticeFilter{Status: race.NoticeOpen}, domain.Page{Page: 1, PageSize: 10})
	if err != nil || len(l.Items) != 1 {
		t.Fatalf("open notices: %+v %v", l, err)
	}
	n := l.Items[0]
	// Published on Monday 28 September: 29 and 30 September count, 1–7 October are the National Day holiday,
	// Saturday 10 October is a make-up working day (2026 calendar), so the fifth working day is 10 October.
	if n.StartsAt.Sub(start) < 0 || n.StartsAt.Sub(start) > time.Minute ||
		!n.EndsAt.Equal(time.Date(2026, 10, 11, 0, 0, 0, 0, calendar.China)) {
		t.Errorf("notice %s – %s", n.StartsAt, n.EndsAt)
	}
	_ = a.DB.Close()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(append(cleanEnv(), env...), childArgs+"="+strings.Join([]string{"serve", "--addr", addr, "--data-dir", dir}, "\x1f"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	var now time.Time
	for range 600 {
		r, err := http.Get("http://" + addr + "/api/v1/test/clock")
		if err == nil {
			var body struct{ Now time.Time }
			_ = json.NewDecoder(r.Body).Decode(&body)
			_ = r.Body.Close()
			now = body.Now
			break
		}
		time.Sleep(100 * time.Millisecond) // waiting for the child server to listen
	}
	if now.Before(start) || now.Sub(start) > 5*time.Minute {
		t.Fatalf("the server's test clock reads %s, want it to start at %s\n%s", now, start, out.String())
	}
}

// TestSeedIsAllOrNothing: a seed killed part-way leaves the database empty or whole, never half (the next --if-empty
// run then loads the whole demo, or leaves the whole one); a seed into a database that holds data is refused and
// changes nothing, and with --if-empty it does nothing and succeeds. (A seed that fails part-way is tested in
// cmd/app: TestSeedFailingPartWayLeavesNothing.)
func TestSeedIsAllOrNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(cleanEnv(), childArgs+"="+strings.Join([]string{"seed", "--demo", "--data-dir", dir}, "\x1f"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill the seed once it has opened its database (it takes about a second to write the demo).
	for range 200 {
		if _, err := os.Stat(filepath.Join(dir, "jiebang.db")); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond) // waiting for the child to start
	}
	time.Sleep(300 * time.Millisecond) // the child is writing the demo now
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	a := openDir(t, dir)
	empty, err := a.DB.IsEmpty(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	v, err := a.Audit.Verify(context.Background())
	if err != nil || !v.OK || (empty && v.Entries != 0) {
		t.Fatalf("after a killed seed (empty %v): %+v %v", empty, v, err)
	}
	_ = a.DB.Close()
	if code, out := child(t, nil, "seed", "--demo", "--if-empty", "--data-dir", dir); code != 0 || (empty != strings.Contains(out, "demo data:")) {
		t.Fatalf("seed --if-empty after the kill (empty %v): exit %d\n%s", empty, code, out)
	}
	a = openDir(t, dir)
	before, err := a.Audit.Verify(context.Background())
	if err != nil || !before.OK || before.Entries == 0 {
		t.Fatalf("demo audit: %+v %v", before, err)
	}
	_ = a.DB.Close()
	if code, out := child(t, nil, "seed", "--demo", "--data-dir", dir); code != 1 || !strings.Contains(out, "already has data") {
		t.Errorf("a second seed: exit %d\n%s", code, out)
	}
	if code, out := child(t, nil, "seed", "--scale", "3", "--data-dir", dir); code != 1 || !strings.Contains(out, "already has data") {
		t.Errorf("a scale seed over the demo: exit %d\n%s", code, out)
	}
	if code, out := child(t, nil, "seed", "--demo", "--if-empty", "--data-dir", dir); code != 0 || !strings.Contains(out, "seed not loaded") {
		t.Errorf("--if-empty over the demo: exit %d\n%s", code, out)
	}
	a = openDir(t, dir)
	after, err := a.Audit.Verify(context.Background())
	if err != nil || after.Entries != before.Entries {
		t.Errorf("the refused seeds changed the database: %d entries, then %d (%v)", before.Entries, after.Entries, err)
	}
}

// openDir opens the SQLite database of a data dir in this process.
func openDir(t *testing.T, dir string) *app.App {
	t.Helper()
	c := app.Config{DataDir: dir, JWTSecret: "seed-test-secret-0123456789abcdef0123"}
	a, err := openApp(context.Background(), c, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.DB.Close() })
	return a
}
