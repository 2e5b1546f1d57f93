package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jiebang/cmd/app"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

func sumOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// storage migrate copies the uploads directory to the bucket, checks every digest, names a corrupted file (and
// does not copy it), and a second run copies nothing again.
func TestStorageMigrateCopiesAndVerifies(t *testing.T) {
	checkMigrate(t, testdb.NewFakeS3(t).URL("prod"))
}

// TestRealS3StorageMigrate is TestStorageMigrateCopiesAndVerifies against a real S3 server (JIEBANG_TEST_S3_URL;
// skips otherwise), followed by storage verify on the bucket.
func TestRealS3StorageMigrate(t *testing.T) {
	to := testdb.RealS3URL(t)
	dir := checkMigrate(t, to)
	var out, errb bytes.Buffer
	if code := run([]string{"migrate", "up", "--data-dir", dir}, &out, &errb); code != 0 {
		t.Fatalf("migrate: %s", errb.String())
	}
	out.Reset()
	// No row names the copied files: nothing to verify, the four counted as named by no row.
	if code := run([]string{"storage", "verify", "--data-dir", dir, "--storage-url", to}, &out, &errb); code != 0 ||
		!strings.Contains(out.String(), "0 files: 0 verified, 0 missing, 0 corrupted; 4 stored files named by no row") {
		t.Fatalf("verify: %d %s %s", code, out.String(), errb.String())
	}
	t.Log(out.String())
}

// checkMigrate runs the migration of a data dir's uploads to the bucket to (twice, with a corrupted file
// restored in between) and returns the data dir.
func checkMigrate(t *testing.T, to string) string {
	t.Helper()
	dir := t.TempDir()
	local, err := repository.NewFileBlobs(filepath.Join(dir, "uploads"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var good []string
	for _, s := range []string{"方案一", "方案二", "预算表"} {
		b := bytes.Repeat([]byte(s), 1000)
		if err := local.Put(ctx, sumOf(b), bytes.NewReader(b), int64(len(b))); err != nil {
			t.Fatal(err)
		}
		good = append(good, sumOf(b))
	}
	// A file whose bytes changed on disk since it was stored.
	bad := sumOf([]byte("original"))
	if err := os.MkdirAll(filepath.Join(dir, "uploads", bad[:2]), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "uploads", bad[:2], bad), []byte("bit rot"), 0o640); err != nil {
		t.Fatal(err)
	}
	args := []string{"storage", "migrate", "--data-dir", dir, "--to", to}
	var out, errb bytes.Buffer
	if code := run(args, &out, &errb); code != 1 {
		t.Fatalf("exit %d (want 1: a corrupted file): %s %s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "4 files: 3 copied and verified, 0 already there, 1 corrupted in the source, 0 failed") ||
		!strings.Contains(out.String(), "CORRUPTED "+bad) {
		t.Fatalf("report: %s", out.String())
	}
	bucket, err := repository.OpenBlobStore(to, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range good {
		if got, _, err := repository.HashBlob(ctx, bucket, s); err != nil || got != s {
			t.Fatalf("%s in the bucket: %s %v", s, got, err)
		}
	}
	if _, err := bucket.Stat(ctx, bad); err == nil {
		t.Fatal("the corrupted file was copied")
	}
	// Fixed by hand (restored from a backup), the run is repeated: only that file is copied.
	if err := os.WriteFile(filepath.Join(dir, "uploads", bad[:2], bad), []byte("original"), 0o640); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code := run(args, &out, &errb); code != 0 ||
		!strings.Contains(out.String(), "4 files: 1 copied and verified, 3 already there, 0 corrupted in the source, 0 failed") {
		t.Fatalf("second run: %d %s %s", code, out.String(), errb.String())
	}
	out.Reset()
	if code := run([]string{"storage", "migrate", "--data-dir", dir}, &out, &errb); code != 2 {
		t.Fatalf("no destination: %d", code)
	}
	if code := run([]string{"storage", "frobnicate"}, &out, &errb); code != 2 {
		t.Fatalf("unknown subcommand: %d", code)
	}
	return dir
}

// storage verify checks every digest the database names against the store.
func TestStorageVerifyNamesMissingFiles(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"migrate", "up", "--data-dir", dir}, &out, &errb); code != 0 {
		t.Fatalf("migrate: %s", errb.String())
	}
	out.Reset()
	if code := run([]string{"storage", "verify", "--data-dir", dir}, &out, &errb); code != 0 ||
		!strings.Contains(out.String(), "0 files: 0 verified, 0 missing, 0 corrupted") {
		t.Fatalf("empty verify: %d %s %s", code, out.String(), errb.String())
	}
}

// storage init creates a missing bucket and checks it answers.
func TestStorageInitCreatesTheBucket(t *testing.T) {
	fake := testdb.NewFakeS3(t)
	url := strings.Replace(fake.URL(""), "s3://jiebang", "s3://new-bucket", 1)
	var out, errb bytes.Buffer
	if code := run([]string{"storage", "init", "--data-dir", t.TempDir(), "--storage-url", url}, &out, &errb); code != 0 ||
		!strings.Contains(out.String(), "created the bucket") || !strings.Contains(out.String(), ": ok") {
		t.Fatalf("init: %d %s %s", code, out.String(), errb.String())
	}
	out.Reset()
	if code := run([]string{"storage", "init", "--data-dir", t.TempDir(), "--storage-url", url}, &out, &errb); code != 0 ||
		strings.Contains(out.String(), "created") {
		t.Fatalf("init again: %d %s %s", code, out.String(), errb.String())
	}
}

// The flags and variables of the store and the shared secrets reach the configuration: JIEBANG_AUDIT_KEY may
// hold the PEM itself, --audit-key-file says the same as --audit-key.
func TestStorageAndSecretFlags(t *testing.T) {
	t.Setenv("JIEBANG_STORAGE_URL", "s3://b?endpoint=127.0.0.1:1&secure=false")
	t.Setenv("JIEBANG_AUDIT_KEY", "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n")
	t.Setenv("JIEBANG_JWT_SECRET_FILE", "/run/secrets/jwt")
	t.Setenv("JIEBANG_REQUIRE_SHARED_SECRETS", "1")
	var c app.Config
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	commonFlags(fs, &c)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	c.Defaults()
	if c.StorageURL != "s3://b?endpoint=127.0.0.1:1&secure=false" || c.AuditKeyFile != "" || !strings.HasPrefix(c.AuditKeyPEM, "-----BEGIN") ||
		c.JWTSecretFile != "/run/secrets/jwt" || !c.RequireSharedSecrets || !c.SharedSecretsRequired() {
		t.Fatalf("config: %+v", c)
	}
	t.Setenv("JIEBANG_AUDIT_KEY", "")
	t.Setenv("JIEBANG_REQUIRE_SHARED_SECRETS", "")
	var d app.Config
	fs = flag.NewFlagSet("y", flag.ContinueOnError)
	commonFlags(fs, &d)
	if err := fs.Parse([]string{"--audit-key-file", "/keys/audit.pem", "--storage-url", ""}); err != nil {
		t.Fatal(err)
	}
	d.Defaults()
	if d.AuditKeyFile != "/keys/audit.pem" || d.AuditKeyPEM != "" || d.SharedSecretsRequired() {
		t.Fatalf("config: %+v", d)
	}
}
