// Package testdb gives each test a fresh, migrated database: an SQLite file in t.TempDir(), and, when
// JIEBANG_TEST_POSTGRES_DSN is set, a fresh PostgreSQL schema on that server.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"jiebang/repository"
)

// PostgresDSN is the environment variable naming the PostgreSQL server for the second suite.
const PostgresDSN = "JIEBANG_TEST_POSTGRES_DSN"

// Dialects returns the dialects to run: always sqlite, postgres too when configured.
func Dialects() []string {
	if os.Getenv(PostgresDSN) != "" {
		return []string{repository.DialectSQLite, repository.DialectPostgres}
	}
	return []string{repository.DialectSQLite}
}

// Each runs fn as a parallel subtest once per dialect, each with a fresh migrated database.
func Each(t *testing.T, fn func(t *testing.T, db *repository.DB)) {
	t.Helper()
	for _, d := range Dialects() {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, New(t, d))
		})
	}
}

// New returns a fresh migrated database of the dialect, closed when the test ends.
func New(t testing.TB, dialect string) *repository.DB {
	t.Helper()
	var opts repository.Options
	switch dialect {
	case repository.DialectSQLite:
		opts.SQLitePath = filepath.Join(t.TempDir(), "test.db")
	case repository.DialectPostgres:
		opts.URL = freshSchema(t)
	default:
		t.Fatalf("unknown dialect %q", dialect)
	}
	db, err := repository.Open(opts)
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := db.MigrateUp(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", dialect, err)
	}
	return db
}

// freshSchema creates a schema named for the test on the configured server and returns a URL whose
// search_path points at it; the schema is dropped when the test ends.
func freshSchema(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(PostgresDSN)
	if dsn == "" {
		t.Skip("PostgreSQL suite not configured")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := gorm.Open(postgres.Open(dsn), &gorm.Config{})
	if err != nil {
		t.Fatalf("connect postgres: %v", err)
	}
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		_ = admin.Exec("DROP SCHEMA " + schema + " CASCADE").Error
		if s, err := admin.DB(); err == nil {
			_ = s.Close()
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresDSN, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	s := u.String()
	if !strings.HasPrefix(s, "postgres") {
		t.Fatalf("%s must be a postgres:// url", PostgresDSN)
	}
	return s
}
