package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"jiebang/cmd/app"
	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// lockedBuffer is a log sink safe for the scheduler's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newAnchorEnv(t *testing.T, db *repository.DB) (*tamperEnv, *lockedBuffer) {
	t.Helper()
	logs := &lockedBuffer{}
	cfg := app.Config{DataDir: t.TempDir(), JWTSecret: "anchor-secret-0123456789abcdef0123", Clock: domain.NewFrozenClock(testdb.Start()),
		Logger: slog.New(slog.NewJSONHandler(logs, nil))}
	a, err := app.New(cfg, db)
	if err != nil {
		t.Fatal(err)
	}
	return &tamperEnv{a: a, cfg: cfg, clk: cfg.Clock.(*domain.ManualClock)}, logs
}

func (e *tamperEnv) logEntries(t *testing.T, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		if err := e.a.Tx.InTx(context.Background(), func(ctx context.Context) error {
			return e.a.Audit.Log(ctx, domain.System, audit.Record{Entity: audit.EntityOrg, EntityID: int64(i), Action: "verify"})
		}); err != nil {
			t.Fatal(err)
		}
	}
}

func (e *tamperEnv) checkpoint(t *testing.T, a *app.App) {
	t.Helper()
	if _, made, err := a.Audit.MakeCheckpoint(context.Background()); err != nil || !made {
		t.Fatalf("checkpoint: %v %v", made, err)
	}
}

// readyz answers GET /readyz of a.
func readyz(t *testing.T, a *app.App) map[string]any {
	t.Helper()
	api, err := a.API()
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	api.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	var m map[string]any
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &m) != nil {
		t.Fatalf("readyz: %d %s", rec.Code, rec.Body.String())
	}
	return m
}

func metric(t *testing.T, a *app.App, name string) float64 {
	t.Helper()
	mfs, err := a.Metrics.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name {
			m := mf.GetMetric()[0]
			if m.Counter != nil {
				return m.Counter.GetValue()
			}
			return m.Gauge.GetValue()
		}
	}
	t.Fatalf("no metric %s", name)
	return 0
}

// TestAuditAnchorFailureIsLoudAndVerifyReportsTheGap: an anchor that cannot be written is logged as an error,
// shown by /readyz (200, status degraded, the reason) and by the metrics, and the server goes on (the
// checkpoint is in the database); once the anchor can be written again the waiting records are written; a
// checkpoint that never reached the anchor (the server restarted before it could) is reported by
// `audit verify` as a gap.
func TestAuditAnchorFailureIsLoudAndVerifyReportsTheGap(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		e, logs := newAnchorEnv(t, db)
		anchor := e.a.AuditAnchorPath()
		e.logEntries(t, 3)
		e.checkpoint(t, e.a)
		if m := readyz(t, e.a); m["status"] != "ready" || m["audit_anchor"] != "ok" {
			t.Fatalf("readyz with a working anchor: %v", m)
		}
		if metric(t, e.a, "jiebang_audit_anchor_ok") != 1 || metric(t, e.a, "jiebang_audit_anchor_last_success_timestamp_seconds") == 0 {
			t.Fatal("metrics of a working anchor")
		}
		// The anchor's place becomes a directory: nothing can be appended (also for root).
		breakAnchor := func() {
			if err := os.Rename(anchor, anchor+".bak"); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(anchor, 0o700); err != nil {
				t.Fatal(err)
			}
		}
		mendAnchor := func() {
			if err := os.Remove(anchor); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(anchor+".bak", anchor); err != nil {
				t.Fatal(err)
			}
		}
		breakAnchor()
		e.logEntries(t, 2)
		e.checkpoint(t, e.a) // the checkpoint is made; the anchor write fails
		if !strings.Contains(logs.String(), `"level":"ERROR","msg":"AUDIT ANCHOR FAILING`) {
			t.Fatalf("no error logged: %s", logs.String())
		}
		m := readyz(t, e.a)
		if m["status"] != "degraded" || m["audit_anchor"] != "failing" || !strings.Contains(m["audit_anchor_error"].(string), anchor) ||
			m["audit_anchor_pending"].(float64) != 1 {
			t.Fatalf("readyz with a failing anchor: %v", m)
		}
		if metric(t, e.a, "jiebang_audit_anchor_errors_total") != 1 || metric(t, e.a, "jiebang_audit_anchor_ok") != 0 ||
			metric(t, e.a, "jiebang_audit_anchor_pending_records") != 1 {
			t.Fatal("metrics of a failing anchor")
		}
		if code, out := e.verify(t); code != 1 || !strings.Contains(out, "cannot be read") {
			t.Fatalf("verify while the anchor is unreadable: %d %s", code, out)
		}
		// Mended: the next checkpoint (or the scheduled attempt with nothing new) writes what waited.
		mendAnchor()
		if _, made, err := e.a.Audit.MakeCheckpoint(context.Background()); err != nil || made {
			t.Fatalf("retry: %v %v", made, err)
		}
		if m := readyz(t, e.a); m["status"] != "ready" {
			t.Fatalf("readyz after the anchor was mended: %v", m)
		}
		if code, out := e.verify(t); code != 0 || strings.Contains(out, "WARNING") {
			t.Fatalf("verify after the anchor caught up: %d %s", code, out)
		}
		// Broken again, and the server restarts before the anchor is mended: that checkpoint never reaches it.
		breakAnchor()
		e.logEntries(t, 1)
		e.checkpoint(t, e.a)
		mendAnchor()
		code, out := e.verify(t)
		if code != 0 || !strings.Contains(out, "WARNING: 1 checkpoints in the database are in no anchor given (of 6 entries)") {
			t.Fatalf("verify with a gap: %d %s", code, out)
		}
	})
}

// TestAuditKeyRotation: a rotated key is accepted (the old key's checkpoints before the rotation, the new
// key's after); a key put in place without a rotation is refused by the anchor at start (the server keeps
// serving, degraded) and by verify.
func TestAuditKeyRotation(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		e, _ := newAnchorEnv(t, db)
		e.logEntries(t, 3)
		e.checkpoint(t, e.a)
		oldID, _ := e.a.Audit.PublicKey()
		r, err := e.a.RotateAuditKey(context.Background(), domain.System)
		if err != nil {
			t.Fatal(err)
		}
		if r.OldKeyID != oldID || r.Entries != 4 {
			t.Fatalf("rotation: %+v", r)
		}
		if _, err := os.Stat(filepath.Join(e.cfg.DataDir, "audit-key.pem.new")); !os.IsNotExist(err) {
			t.Fatalf("the new key file took the old one's place: %v", err)
		}
		// Restarted on the new key: it writes, seals and checkpoints.
		b, err := app.New(e.cfg, db)
		if err != nil {
			t.Fatal(err)
		}
		if id, _ := b.Audit.PublicKey(); id != r.NewKeyID {
			t.Fatalf("key after restart: %s, want %s", id, r.NewKeyID)
		}
		if st := b.Audit.AnchorStatus(); !st.OK {
			t.Fatalf("anchor after a rotation: %+v", st)
		}
		e.a = b
		e.logEntries(t, 2)
		e.checkpoint(t, b)
		code, out := e.verify(t)
		if code != 0 || !strings.Contains(out, "1 key rotations") || strings.Contains(out, "WARNING") {
			t.Fatalf("verify after a rotation: %d %s", code, out)
		}
		lines, _ := os.ReadFile(b.AuditAnchorPath())
		if !strings.Contains(string(lines), `"kind":"rotation"`) {
			t.Fatalf("the anchor records the rotation: %s", lines)
		}
		// A key swapped in without a rotation.
		_, priv, _ := ed25519.GenerateKey(rand.Reader)
		der, _ := x509.MarshalPKCS8PrivateKey(priv)
		if err := os.WriteFile(filepath.Join(e.cfg.DataDir, "audit-key.pem"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := app.New(e.cfg, db)
		if err != nil {
			t.Fatal(err)
		}
		if st := c.Audit.AnchorStatus(); st.OK || !strings.Contains(st.LastError, "rotate-key") {
			t.Fatalf("anchor with an unannounced key: %+v", st)
		}
		if m := readyz(t, c); m["status"] != "degraded" {
			t.Fatalf("readyz with an unannounced key: %v", m)
		}
		if code, out := e.verify(t); code != 1 || !strings.Contains(out, "a key no signed rotation announced") {
			t.Fatalf("verify with an unannounced key: %d %s", code, out)
		}
	})
}

// TestAuditRotateKeyCommand: `jiebang audit rotate-key` then `audit verify`, from the command line.
func TestAuditRotateKeyCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var out, errb bytes.Buffer
	a, err := openApp(context.Background(), app.Config{DataDir: dir, JWTSecret: "cli-test-secret-0123456789abcdef"}, &errb)
	if err != nil {
		t.Fatal(err)
	}
	(&tamperEnv{a: a}).logEntries(t, 3)
	_ = a.DB.Close()
	for _, args := range [][]string{{"audit", "checkpoint"}, {"audit", "rotate-key"}, {"audit", "verify"}} {
		out.Reset()
		if code := run(append(args, "--data-dir", dir), &out, &errb); code != 0 {
			t.Fatalf("%v: %d %s %s", args, code, out.String(), errb.String())
		}
	}
	if !strings.Contains(out.String(), "audit chain ok: 4 entries checked against 2 signed checkpoints of the database, 1 anchors and 0 other copies (4 checkpoints in all), 1 key rotations") {
		t.Fatalf("verify after rotate-key: %s", out.String())
	}
	if code := run([]string{"audit", "frobnicate"}, &out, &errb); code != 2 {
		t.Fatalf("unknown audit subcommand: %d", code)
	}
}
