package repository

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Dialects supported.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// DB is the application's database: a single writer connection and a read pool on SQLite (so concurrent
// writes queue in Go instead of failing with SQLITE_BUSY), one pool for both on PostgreSQL.
type DB struct {
	Writer  *gorm.DB
	Reader  *gorm.DB
	Dialect string
	// Path is the SQLite file ("" on PostgreSQL).
	Path string
	// URL is the PostgreSQL URL ("" on SQLite); a second process or pool opens the same database with it.
	URL string
	// stopCheckpointer ends the background WAL checkpointer (Options.WALCheckpointEvery); nil when none runs.
	stopCheckpointer func()
}

// Options select and tune the database.
type Options struct {
	// URL is a postgres:// URL; empty means SQLite at SQLitePath.
	URL        string
	SQLitePath string
	// ReadConns is the SQLite read pool size (default 8).
	ReadConns int
	// Logger receives slow-query warnings.
	Logger *slog.Logger
	// WALCheckpointEvery (SQLite, the server): when set, the writer never checkpoints the WAL itself
	// (wal_autocheckpoint = 0); a connection of its own does, PASSIVE, at this interval. A checkpoint copies
	// pages into the database file and syncs it: done by the committing writer (SQLite's default, every
	// 1,000 pages) it held up every write queued behind it for as long as the disk took to sync, seconds
	// when uploads were being written at the same time. A passive checkpoint never blocks the writer or the
	// readers. Zero: SQLite's default (the command-line tools).
	WALCheckpointEvery time.Duration
}

// Open connects to the database selected by opts. It does not migrate.
func Open(opts Options) (*DB, error) {
	cfg := &gorm.Config{TranslateError: true, Logger: logger.Discard, NowFunc: func() time.Time { return time.Now().UTC() }}
	if opts.URL != "" {
		if !strings.HasPrefix(opts.URL, "postgres://") && !strings.HasPrefix(opts.URL, "postgresql://") {
			return nil, fmt.Errorf("database url must start with postgres:// (got %q)", redact(opts.URL))
		}
		g, err := gorm.Open(postgres.Open(opts.URL), cfg)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		sqlDB, err := g.DB()
		if err != nil {
			return nil, err
		}
		if err := registerTranslation(g); err != nil {
			return nil, err
		}
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(10)
		sqlDB.SetConnMaxLifetime(30 * time.Minute)
		return &DB{Writer: g, Reader: g, Dialect: DialectPostgres, URL: opts.URL}, nil
	}
	if opts.SQLitePath == "" {
		return nil, fmt.Errorf("no database: set a postgres url or an sqlite path")
	}
	if err := os.MkdirAll(filepath.Dir(opts.SQLitePath), 0o750); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	base := "file:" + opts.SQLitePath + "?_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=on&_synchronous=NORMAL"
	w, err := gorm.Open(sqlite.Open(base+"&_txlock=immediate"), cfg)
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	wsql, err := w.DB()
	if err != nil {
		return nil, err
	}
	wsql.SetMaxOpenConns(1)
	wsql.SetMaxIdleConns(1)
	wsql.SetConnMaxLifetime(0)
	if err := w.Exec("PRAGMA journal_size_limit = 67108864").Error; err != nil {
		return nil, err
	}
	// The database holds password hashes and sealed bids: readable by the service account only.
	if err := os.Chmod(opts.SQLitePath, 0o600); err != nil {
		return nil, fmt.Errorf("restrict database file: %w", err)
	}
	n := opts.ReadConns
	if n <= 0 {
		n = 8
	}
	r, err := gorm.Open(sqlite.Open(base+"&_query_only=1"), cfg)
	if err != nil {
		return nil, fmt.Errorf("open sqlite readers: %w", err)
	}
	rsql, err := r.DB()
	if err != nil {
		return nil, err
	}
	rsql.SetMaxOpenConns(n)
	rsql.SetMaxIdleConns(n)
	for _, g := range []*gorm.DB{w, r} {
		if err := registerTranslation(g); err != nil {
			return nil, err
		}
	}
	db := &DB{Writer: w, Reader: r, Dialect: DialectSQLite, Path: opts.SQLitePath}
	if opts.WALCheckpointEvery > 0 {
		if err := db.startCheckpointer(base, cfg, opts.WALCheckpointEvery, opts.Logger); err != nil {
			_ = db.Close()
			return nil, err
		}
	}
	return db, nil
}

// startCheckpointer turns the writer's own checkpoints off and checkpoints the WAL from a connection of its
// own every interval (Options.WALCheckpointEvery) until Close.
func (d *DB) startCheckpointer(dsn string, cfg *gorm.Config, every time.Duration, log *slog.Logger) error {
	if err := d.Writer.Exec("PRAGMA wal_autocheckpoint = 0").Error; err != nil {
		return fmt.Errorf("sqlite: wal_autocheckpoint: %w", err)
	}
	g, err := gorm.Open(sqlite.Open(dsn), cfg)
	if err != nil {
		return fmt.Errorf("open sqlite checkpointer: %w", err)
	}
	cp, err := g.DB()
	if err != nil {
		return err
	}
	cp.SetMaxOpenConns(1)
	cp.SetMaxIdleConns(1)
	cp.SetConnMaxLifetime(0)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if _, err := cp.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)"); err != nil && ctx.Err() == nil && log != nil {
					log.Warn("wal checkpoint failed", "err", err)
				}
			}
		}
	}()
	d.stopCheckpointer = func() {
		cancel()
		<-done
		// a last checkpoint, so the WAL left behind is short
		_, _ = cp.Exec("PRAGMA wal_checkpoint(PASSIVE)")
		_ = cp.Close()
	}
	return nil
}

// Close closes both pools.
func (d *DB) Close() error {
	if d.stopCheckpointer != nil {
		d.stopCheckpointer()
		d.stopCheckpointer = nil
	}
	var first error
	for _, g := range []*gorm.DB{d.Reader, d.Writer} {
		if s, err := g.DB(); err == nil {
			if err := s.Close(); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}

// SQL returns the writer's *sql.DB (migrations, backups, stats).
func (d *DB) SQL() *sql.DB {
	s, _ := d.Writer.DB()
	return s
}

// Ping checks that the database answers (readiness).
func (d *DB) Ping(ctx context.Context) error {
	s, err := d.Reader.DB()
	if err != nil {
		return err
	}
	return s.PingContext(ctx)
}

// Backup writes a consistent copy of the database to file while the server runs (VACUUM INTO on SQLite).
func (d *DB) Backup(ctx context.Context, file string) error {
	if d.Dialect != DialectSQLite {
		return fmt.Errorf("backup of PostgreSQL: use pg_dump")
	}
	if _, err := os.Stat(file); err == nil {
		return fmt.Errorf("%s already exists", file)
	}
	return d.Writer.WithContext(ctx).Exec("VACUUM INTO ?", file).Error
}

func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "<unparsable>"
	}
	return p.Redacted()
}

// IsEmpty reports whether no user account exists yet (the demo seed only fills an empty database). Inside a
// transaction (ctx carries one) it reads there, so a seed checks and fills in the same transaction.
func (d *DB) IsEmpty(ctx context.Context) (bool, error) {
	var n int64
	if err := d.conn(ctx).Table("users").Count(&n).Error; err != nil {
		return false, err
	}
	return n == 0, nil
}
