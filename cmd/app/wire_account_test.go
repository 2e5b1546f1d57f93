package app

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
)

func TestJWTSecret(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := &App{Cfg: Config{DataDir: filepath.Join(dir, "data")}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	s1, err := a.jwtSecret()
	if err != nil || len(s1) < 32 {
		t.Fatalf("generate: %q %v", s1, err)
	}
	fi, err := os.Stat(filepath.Join(dir, "data", jwtSecretFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("secret file: %v %v", fi, err)
	}
	s2, err := a.jwtSecret()
	if err != nil || string(s2) != string(s1) {
		t.Fatalf("a restart reuses the secret: %q %v", s2, err)
	}
	a.Cfg.JWTSecret = "configured-secret-configured-secret"
	if s, err := a.jwtSecret(); err != nil || string(s) != a.Cfg.JWTSecret {
		t.Fatalf("configured secret: %q %v", s, err)
	}
	a.Cfg.JWTSecret = "short"
	if _, err := a.jwtSecret(); err == nil {
		t.Fatal("a short secret must be refused")
	}
	if err := os.WriteFile(filepath.Join(dir, "data", jwtSecretFile), []byte("tiny\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a.Cfg.JWTSecret = ""
	if _, err := a.jwtSecret(); err == nil {
		t.Fatal("a truncated secret file must be refused")
	}
}
