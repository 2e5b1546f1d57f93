package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"jiebang/repository/testdb"
)

// childArgs, when set, makes the test binary run the jiebang command it names (fields separated by \x1f):
// the resilience tests start servers as child processes they can SIGKILL.
const childArgs = "JIEBANG_TEST_CHILD_ARGS"

func TestMain(m *testing.M) {
	if a := os.Getenv(childArgs); a != "" {
		os.Exit(run(strings.Split(a, "\x1f"), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// target is a database for the resilience tests: a data dir, and a PostgreSQL URL when testing PostgreSQL.
type target struct {
	name, dir, url string
}

func (tg target) flags() []string {
	f := []string{"--data-dir", tg.dir, "--jwt-secret", "resilience-test-secret-0123456789abcdef"}
	if tg.url != "" {
		f = append(f, "--database-url", tg.url)
	}
	return f
}

// eachTarget runs fn on SQLite and, with JIEBANG_TEST_POSTGRES_DSN, on a fresh PostgreSQL schema; the
// database is seeded with a small scale programme.
func eachTarget(t *testing.T, fn func(t *testing.T, tg target)) {
	for _, d := range testdb.Dialects() {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			tg := target{name: d, dir: t.TempDir()}
			if d == "postgres" {
				tg.url = testdb.New(t, d).URL
			}
			var out, errb bytes.Buffer
			if code := run(append([]string{"seed", "--scale", "10", "--seed", "5"}, tg.flags()...), &out, &errb); code != 0 {
				t.Fatalf("seed: %s", errb.String())
			}
			fn(t, tg)
		})
	}
}

// server is a jiebang serve child process.
type server struct {
	cmd  *exec.Cmd
	base string
	out  *bytes.Buffer
	done chan error
}

func startServer(t *testing.T, tg target) *server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	args := append([]string{"serve", "--addr", addr}, tg.flags()...)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childArgs+"="+strings.Join(args, "\x1f"))
	s := &server{cmd: cmd, base: "http://" + addr, out: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = s.out, s.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	for range 600 { // up to about a minute for a loaded machine
		select {
		case err := <-s.done:
			t.Fatalf("server exited at start: %v\n%s", err, s.out.String())
		default:
		}
		if r, err := http.Get(s.base + "/readyz"); err == nil {
			_ = r.Body.Close()
			if r.StatusCode == 200 {
				return s
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("server did not become ready:\n%s", s.out.String())
	return nil
}

// call sends one JSON request; status 0 is a transport error.
func call(c *http.Client, method, url, token string, body any) (int, map[string]any) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

// writer is one team resubmitting its bid.
type writer struct {
	token string
	bidID int64
	acked []string // digests of the acknowledged submissions, in version order
}

// prepareWriters logs n load accounts in and gives each a draft bid on an open challenge.
func prepareWriters(t *testing.T, base string, n int) []*writer {
	t.Helper()
	c := &http.Client{Timeout: 30 * time.Second}
	st, l := call(c, "GET", base+"/api/v1/challenges?status=published&page_size=100", "", nil)
	if st != 200 {
		t.Fatalf("board: %d", st)
	}
	var chID float64
	var kpis []string
	stages := 0
	for _, it := range l["items"].([]any) {
		m := it.(map[string]any)
		if dl, _ := time.Parse(time.RFC3339, fmt.Sprint(m["bid_deadline"])); dl.After(time.Now().Add(time.Hour)) {
			chID = m["id"].(float64)
			for _, k := range m["kpis"].([]any) {
				kpis = append(kpis, k.(map[string]any)["name"].(string))
			}
			stages = len(m["stages"].([]any))
			break
		}
	}
	if chID == 0 {
		t.Fatal("no open challenge in the seeded data")
	}
	var ws []*writer
	for i := range n {
		st, m := call(c, "POST", base+"/api/v1/auth/login", "", map[string]any{"email": fmt.Sprintf("load%d@scale.jiebang.cn", i+1), "password": "Scale-pass-2026"})
		if st != 200 {
			t.Fatalf("login: %d %v", st, m)
		}
		w := &writer{token: m["access_token"].(string)}
		var plan []any
		for s := 1; s <= stages; s++ {
			tg := map[string]any{}
			for _, k := range kpis {
				tg[k] = 100
			}
			plan = append(plan, map[string]any{"stage": s, "kpi_targets": tg, "deliverables": "报告"})
		}
		st, m = call(c, "POST", fmt.Sprintf("%s/api/v1/challenges/%d/bids", base, int64(chID)), w.token, map[string]any{
			"pi": map[string]any{"name": "韧性测试", "email": fmt.Sprintf("crash%d@scale.jiebang.cn", i)}, "approach": "初稿",
			"members": []any{map[string]any{"name": "成员", "role": "试验"}}, "plan": plan,
			"budget":            []any{map[string]any{"item": "设备费", "amount_fen": 1000000}},
			"commitment_signed": true, "integrity_pledge_signed": true})
		if st != 201 {
			t.Fatalf("create bid: %d %v", st, m)
		}
		w.bidID = int64(m["id"].(float64))
		ws = append(ws, w)
	}
	return ws
}

// writeUntil makes every writer edit and resubmit its bid until stop is closed or the server stops
// answering; it records the digest of every acknowledged (2xx) submission. It calls tick after each ack.
func writeUntil(base string, ws []*writer, stop chan struct{}, tick func()) {
	var wg sync.WaitGroup
	for _, w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &http.Client{Timeout: 30 * time.Second}
			for n := 1; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				st, _ := call(c, "PATCH", fmt.Sprintf("%s/api/v1/bids/%d", base, w.bidID), w.token, map[string]any{"approach": fmt.Sprintf("第 %d 稿", n)})
				if st == 0 {
					return
				}
				st, m := call(c, "POST", fmt.Sprintf("%s/api/v1/bids/%d/submit", base, w.bidID), w.token, nil)
				if st == 0 {
					return
				}
				if st >= 200 && st < 300 {
					w.acked = append(w.acked, digestOf(m))
					tick()
				}
			}
		}()
	}
	wg.Wait()
}

func digestOf(m map[string]any) string {
	if r, ok := m["receipt"].(map[string]any); ok {
		return fmt.Sprint(r["digest"])
	}
	return fmt.Sprint(m["digest"])
}

// storedDigests returns the digests of a bid's stored versions, in version order.
func storedDigests(t *testing.T, base string, w *writer) []string {
	t.Helper()
	st, m := call(&http.Client{Timeout: 30 * time.Second}, "GET", fmt.Sprintf("%s/api/v1/bids/%d/versions", base, w.bidID), w.token, nil)
	if st != 200 {
		t.Fatalf("versions of bid %d: %d %v", w.bidID, st, m)
	}
	var out []string
	items, _ := m["items"].([]any)
	sort.SliceStable(items, func(i, j int) bool {
		return items[i].(map[string]any)["version"].(float64) < items[j].(map[string]any)["version"].(float64)
	})
	for _, it := range items {
		out = append(out, fmt.Sprint(it.(map[string]any)["digest"]))
	}
	return out
}

// checkAcked: every acknowledged submission is stored (exactly, when the server stopped gracefully) with
// its digest, and the bid's current version is the latest stored one (nothing half-written).
func checkAcked(t *testing.T, base string, ws []*writer, exact bool) {
	t.Helper()
	total := 0
	for _, w := range ws {
		got := storedDigests(t, base, w)
		total += len(w.acked)
		if len(got) < len(w.acked) || (exact && len(got) != len(w.acked)) {
			t.Fatalf("bid %d: %d submissions acknowledged, %d stored", w.bidID, len(w.acked), len(got))
		}
		for i, d := range w.acked {
			if got[i] != d {
				t.Fatalf("bid %d version %d: acknowledged digest %s, stored %s", w.bidID, i+1, d, got[i])
			}
		}
		st, m := call(&http.Client{}, "GET", fmt.Sprintf("%s/api/v1/bids/%d", base, w.bidID), w.token, nil)
		if st != 200 || int(m["version"].(float64)) != len(got) {
			t.Fatalf("bid %d: current version %v, %d versions stored", w.bidID, m["version"], len(got))
		}
	}
	if total == 0 {
		t.Fatal("no submission was acknowledged")
	}
}

func verifyAudit(t *testing.T, tg target) {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(append([]string{"audit", "verify"}, tg.flags()...), &out, &errb); code != 0 {
		t.Fatalf("audit verify: %s %s", out.String(), errb.String())
	}
}

// TestSIGKILLKeepsAcknowledgedWrites kills the server with SIGKILL while teams resubmit bids, restarts it and
// finds every acknowledged submission stored with its digest, no bid half-written and the audit chain intact.
func TestSIGKILLKeepsAcknowledgedWrites(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, tg target) {
		s := startServer(t, tg)
		ws := prepareWriters(t, s.base, 6)
		stop := make(chan struct{})
		var mu sync.Mutex
		acks, killed := 0, false
		writeUntil(s.base, ws, stop, func() {
			mu.Lock()
			defer mu.Unlock()
			if acks++; acks == 30 && !killed {
				killed = true
				_ = s.cmd.Process.Signal(syscall.SIGKILL)
			}
		})
		<-s.done
		verifyAudit(t, tg)
		s2 := startServer(t, tg)
		checkAcked(t, s2.base, ws, false)
		_ = s2.cmd.Process.Signal(syscall.SIGTERM)
		<-s2.done
	})
}

// TestGracefulShutdownLosesNoAcceptedRequest stops the server with SIGTERM under a write load: it exits 0,
// and exactly the acknowledged submissions are stored (a submission the server accepted was answered).
func TestGracefulShutdownLosesNoAcceptedRequest(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, tg target) {
		s := startServer(t, tg)
		ws := prepareWriters(t, s.base, 6)
		stop := make(chan struct{})
		var mu sync.Mutex
		acks, sent := 0, false
		writeUntil(s.base, ws, stop, func() {
			mu.Lock()
			defer mu.Unlock()
			if acks++; acks == 30 && !sent {
				sent = true
				_ = s.cmd.Process.Signal(syscall.SIGTERM)
			}
		})
		if err := <-s.done; err != nil {
			t.Fatalf("graceful shutdown: %v\n%s", err, s.out.String())
		}
		verifyAudit(t, tg)
		s2 := startServer(t, tg)
		checkAcked(t, s2.base, ws, true)
		_ = s2.cmd.Process.Signal(syscall.SIGTERM)
		<-s2.done
	})
}

// TestBackupDuringLoadStartsAndVerifies takes `jiebang backup` while teams resubmit bids (SQLite: PostgreSQL
// is backed up with pg_dump); the copy passes audit verify and a server starts on it.
func TestBackupDuringLoadStartsAndVerifies(t *testing.T) {
	t.Parallel()
	tg := target{name: "sqlite", dir: t.TempDir()}
	var out, errb bytes.Buffer
	if code := run(append([]string{"seed", "--scale", "10", "--seed", "5"}, tg.flags()...), &out, &errb); code != 0 {
		t.Fatalf("seed: %s", errb.String())
	}
	s := startServer(t, tg)
	ws := prepareWriters(t, s.base, 4)
	stop := make(chan struct{})
	copyDir := t.TempDir()
	var once sync.Once
	var mu sync.Mutex
	acks := 0
	var backupErr error
	writeUntil(s.base, ws, stop, func() {
		mu.Lock()
		acks++
		n := acks
		mu.Unlock()
		if n == 10 {
			once.Do(func() {
				go func() {
					var o, e bytes.Buffer
					if code := run(append([]string{"backup", filepath.Join(copyDir, "jiebang.db")}, tg.flags()...), &o, &e); code != 0 {
						backupErr = fmt.Errorf("backup: %s", e.String())
					}
					close(stop)
				}()
			})
		}
	})
	if backupErr != nil {
		t.Fatal(backupErr)
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	<-s.done
	cp := target{name: "copy", dir: copyDir}
	// The audit key is kept apart from the database's backups and restored with it.
	key, err := os.ReadFile(filepath.Join(tg.dir, "audit-key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(copyDir, "audit-key.pem"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	verifyAudit(t, cp)
	s2 := startServer(t, cp)
	if st, _ := call(&http.Client{}, "GET", s2.base+"/api/v1/challenges", "", nil); st != 200 {
		t.Fatalf("board on the copy: %d", st)
	}
	_ = s2.cmd.Process.Signal(syscall.SIGTERM)
	<-s2.done
}
