package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jiebang/cmd/app"
	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/repository"
)

func TestAuditVerifyCommandNamesFirstBrokenEntry(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"migrate", "up", "--data-dir", dir}, &out, &errb); code != 0 {
		t.Fatalf("migrate: %d %s", code, errb.String())
	}
	ctx := context.Background()
	a, err := openApp(ctx, app.Config{DataDir: dir, JWTSecret: "cli-test-secret-0123456789abcdef"}, &errb)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		if err := a.Tx.InTx(ctx, func(ctx context.Context) error {
			return a.Audit.Log(ctx, domain.System, audit.Record{Entity: audit.EntityOrg, EntityID: int64(i), Action: "verify"})
		}); err != nil {
			t.Fatal(err)
		}
	}
	out.Reset()
	if code := run([]string{"audit", "verify", "--data-dir", dir}, &out, &errb); code != 0 || !strings.Contains(out.String(), "ok: 3 entries") {
		t.Fatalf("intact chain: %d %q %q", code, out.String(), errb.String())
	}
	if err := a.DB.Writer.Exec("UPDATE audit_entries SET entity_id = 99 WHERE id = 2").Error; err != nil {
		t.Fatal(err)
	}
	_ = a.DB.Close()
	out.Reset()
	if code := run([]string{"audit", "verify", "--data-dir", dir}, &out, &errb); code != 1 || !strings.Contains(out.String(), "entry 2") {
		t.Fatalf("tampered chain: %d %q", code, out.String())
	}
}

func TestMigrateStatusAndUnknownCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"migrate", "status", "--data-dir", dir}, &out, &errb); code != 0 || !strings.Contains(out.String(), "00001") {
		t.Fatalf("status: %d %q %q", code, out.String(), errb.String())
	}
	if code := run([]string{"frobnicate"}, &out, &errb); code != 2 {
		t.Fatalf("unknown command exit %d", code)
	}
	if code := run([]string{"backup", "--data-dir", dir, filepath.Join(dir, "copy.db")}, &out, &errb); code != 0 {
		t.Fatalf("backup: %d %q", code, errb.String())
	}
}

// TestAuditCheckpointCommand: `audit checkpoint` signs the chain; deleting its last entries, or editing one and
// recomputing every hash after it, then fails `audit verify` with the reason, also when the checkpoints were
// deleted from the database but a copy was kept outside.
func TestAuditCheckpointCommand(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, want string
		tamper     func(t *testing.T, a *app.App)
	}{
		{"truncated", "shorter than a signed checkpoint", func(t *testing.T, a *app.App) {
			mustExec(t, a, "DELETE FROM audit_entries WHERE id > 3")
		}},
		{"recomputed", "entry 5 differs from the signed checkpoint", func(t *testing.T, a *app.App) {
			mustExec(t, a, "UPDATE audit_entries SET entity_id = 99 WHERE id = 2")
			recomputeHashes(t, a)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			var out, errb bytes.Buffer
			ctx := context.Background()
			a, err := openApp(ctx, app.Config{DataDir: dir, JWTSecret: "cli-test-secret-0123456789abcdef"}, &errb)
			if err != nil {
				t.Fatal(err)
			}
			defer a.DB.Close()
			for i := 1; i <= 5; i++ {
				if err := a.Tx.InTx(ctx, func(ctx context.Context) error {
					return a.Audit.Log(ctx, domain.System, audit.Record{Entity: audit.EntityOrg, EntityID: int64(i), Action: "verify"})
				}); err != nil {
					t.Fatal(err)
				}
			}
			if code := run([]string{"audit", "checkpoint", "--data-dir", dir}, &out, &errb); code != 0 || !strings.Contains(out.String(), "5 entries") {
				t.Fatalf("checkpoint: %d %q %q", code, out.String(), errb.String())
			}
			out.Reset()
			if code := run([]string{"audit", "checkpoint", "--data-dir", dir}, &out, &errb); code != 0 || !strings.Contains(out.String(), "nothing to sign") {
				t.Fatalf("second checkpoint: %d %q", code, out.String())
			}
			// An outside party keeps a copy of the published checkpoints.
			cps, err := a.Audit.Checkpoints(ctx)
			if err != nil {
				t.Fatal(err)
			}
			kept := filepath.Join(dir, "kept.json")
			saveCheckpoints(t, kept, cps)

			tc.tamper(t, a)
			verify := func(extra ...string) (int, string) {
				out.Reset()
				code := run(append([]string{"audit", "verify", "--data-dir", dir}, extra...), &out, &errb)
				return code, out.String()
			}
			if code, msg := verify(); code != 1 || !strings.Contains(msg, tc.want) {
				t.Fatalf("tampered chain: %d %q %q", code, msg, errb.String())
			}
			mustExec(t, a, "DELETE FROM audit_checkpoints")
			if code, msg := verify("--checkpoints", kept); code != 1 || !strings.Contains(msg, tc.want) {
				t.Fatalf("tampered chain against the kept copy: %d %q %q", code, msg, errb.String())
			}
		})
	}
}

func mustExec(t *testing.T, a *app.App, q string) {
	t.Helper()
	if err := a.DB.Writer.Exec(q).Error; err != nil {
		t.Fatal(err)
	}
}

// recomputeHashes rewrites every entry's prev_hash and hash so the chain is consistent again (what someone with
// write access to the database would do after editing an entry).
func recomputeHashes(t *testing.T, a *app.App) {
	t.Helper()
	var entries []audit.Entry
	if err := repository.NewAuditStore(a.DB).Each(context.Background(), func(e audit.Entry) error {
		entries = append(entries, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	prev := audit.GenesisHash
	for _, e := range entries {
		h := audit.ComputeHash(prev, e)
		if err := a.DB.Writer.Exec("UPDATE audit_entries SET prev_hash = ?, hash = ? WHERE id = ?", prev, h, e.ID).Error; err != nil {
			t.Fatal(err)
		}
		prev = h
	}
	if res, err := a.Audit.VerifyAgainst(context.Background(), nil); err != nil || res.Checkpoints == 0 {
		t.Fatalf("verify after recompute: %+v %v", res, err)
	}
}

func saveCheckpoints(t *testing.T, file string, cps []audit.Checkpoint) {
	t.Helper()
	type item struct {
		Entries   int64  `json:"entries"`
		HeadHash  string `json:"head_hash"`
		SignedAt  string `json:"signed_at"`
		KeyID     string `json:"key_id"`
		Signature string `json:"signature"`
	}
	var doc struct {
		Items []item `json:"items"`
	}
	for _, c := range cps {
		doc.Items = append(doc.Items, item{c.Entries, c.HeadHash, c.SignedAt.Format(time.RFC3339Nano), c.KeyID, c.Signature})
	}
	b, _ := json.Marshal(doc)
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
