package app

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"jiebang/domain"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

func testKeyPEM(t *testing.T) string {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// The JWT secret from a named file and the audit key from the environment (JIEBANG_AUDIT_KEY holding the PEM):
// nothing is generated in the data dir, and a deployment that requires shared secrets finds none missing.
func TestSharedSecretsFromFileAndEnvironment(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	secretFile := filepath.Join(dir, "jwt.txt")
	if err := os.WriteFile(secretFile, []byte("a-shared-secret-of-at-least-32-characters\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	cfg := Config{DataDir: data, JWTSecretFile: secretFile, AuditKeyFile: testKeyPEM(t), RequireSharedSecrets: true,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: domain.NewFrozenClock(testdb.Start())}
	a, err := New(cfg, testdb.New(t, repository.DialectSQLite))
	if err != nil {
		t.Fatal(err)
	}
	if a.Cfg.AuditKeyPEM == "" || a.Cfg.AuditKeyFile != "" {
		t.Fatal("a PEM given as JIEBANG_AUDIT_KEY is taken as the key itself")
	}
	if s, err := a.jwtSecret(); err != nil || string(s) != "a-shared-secret-of-at-least-32-characters" {
		t.Fatalf("secret from the file: %q %v", s, err)
	}
	if m := a.MissingSecrets(); len(m) != 0 {
		t.Fatalf("missing: %v", m)
	}
	for _, f := range []string{jwtSecretFile, auditKeyFile} {
		if _, err := os.Stat(filepath.Join(data, f)); err == nil {
			t.Fatalf("%s was generated in the data dir", f)
		}
	}
	if _, err := a.RotateAuditKey(context.Background(), domain.Actor{}); err == nil {
		t.Fatal("rotating a key that came from the environment must be refused")
	}

	// Generated ones are named when the deployment requires shared secrets, and not otherwise.
	gen := Config{DataDir: filepath.Join(dir, "other"), Logger: cfg.Logger, Clock: cfg.Clock}
	b, err := New(gen, testdb.New(t, repository.DialectSQLite))
	if err != nil {
		t.Fatal(err)
	}
	if m := b.MissingSecrets(); len(m) != 0 {
		t.Fatalf("a single server needs nothing shared: %v", m)
	}
	b.Cfg.RequireSharedSecrets = true
	if m := b.MissingSecrets(); !slices.Equal(m, []string{"jwt_secret", "audit_key"}) {
		t.Fatalf("missing: %v", m)
	}

	both := Config{JWTSecret: "x", JWTSecretFile: secretFile}
	both.Defaults()
	if err := both.Validate(); err == nil {
		t.Fatal("--jwt-secret and --jwt-secret-file together must be refused")
	}
	short := filepath.Join(dir, "short")
	_ = os.WriteFile(short, []byte("tiny"), 0o600)
	if _, err := New(Config{DataDir: data, JWTSecretFile: short, Logger: cfg.Logger}, testdb.New(t, repository.DialectSQLite)); err == nil {
		t.Fatal("a short secret file must be refused")
	}
}
