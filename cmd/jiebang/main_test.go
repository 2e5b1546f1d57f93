package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"jiebang/cmd/app"
	"jiebang/domain"
	"jiebang/domain/audit"
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
