// Command jiebang is the Jiebang (揭榜) platform: one binary with the subcommands serve, migrate, user, seed,
// audit and backup. Every flag also has a JIEBANG_* environment variable.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"jiebang/cmd/app"
	"jiebang/frontend"
)

const usage = `jiebang — 揭榜挂帅 / 赛马 platform

Usage:
  jiebang serve                      run the server (migrations applied at start)
  jiebang migrate [up|down|status]   manage the schema
  jiebang user create --email E --password P --name N --role bureau|admin
  jiebang user set-password --email E --password P   reset a password (ends the user's sessions)
  jiebang user reset-2fa --email E                     remove a user's second factor (lost authenticator)
  jiebang seed --demo                fill an empty database with a demo
  jiebang seed --scale N [--seed S]  fill an empty database with a programme of N challenges: bids, reviews, races,
                                     funding and audit (load tests)
  jiebang load --url U[,U] [--duration 30s --concurrency 64 --mix M] [--json F]   (the mixes: jiebang load --help)
                                     drive a load against loopback servers; throughput and latency per endpoint
  jiebang audit verify [--against URL] [--also-anchor FILE] [--checkpoints FILE]
                                     verify the audit chain against its signed checkpoints, the anchor, other
                                     copies, and the funding ledger against the audit trail (exit 1 when not)
  jiebang audit checkpoint           sign a checkpoint of the audit chain now
  jiebang audit rotate-key           replace the checkpoint key (signed by the old one; stop other servers first)
  jiebang backup FILE                consistent online copy of the SQLite database
  jiebang storage init               create the bucket of --storage-url when missing, and check it answers
  jiebang storage migrate --to URL [--from URL]
                                     copy the stored attachments to another store (s3://...), checking each SHA-256
  jiebang storage verify             check that every attachment a row names is stored with its SHA-256

Common flags (and environment variables):
  --addr          JIEBANG_ADDR          listen address (default 127.0.0.1:8080)
  --data-dir      JIEBANG_DATA_DIR      data directory (default ./data)
  --database-url  JIEBANG_DATABASE_URL  postgres://... (empty: SQLite in the data dir)
  --jwt-secret    JIEBANG_JWT_SECRET    token signing secret (empty: generated once, kept in the data dir)
  --smtp-url      JIEBANG_SMTP_URL      smtp://user:pass@host:port?from=ADDR (empty: no e-mail)
  --env           JIEBANG_ENV           development (default) or production
  --register-limit JIEBANG_REGISTER_LIMIT registrations per client address per hour (default 30)
  --require-2fa   JIEBANG_REQUIRE_2FA   roles that must sign in with a second factor (TOTP), e.g. bureau,admin, or none
                                        (default: bureau,admin with --env production, none otherwise)
  --metrics-addr  JIEBANG_METRICS_ADDR  serve: address of /metrics (default: not served)
  --jwt-secret-file JIEBANG_JWT_SECRET_FILE file holding the token signing secret (instead of --jwt-secret)
  --audit-key     JIEBANG_AUDIT_KEY     audit checkpoint key file, or the PEM text itself (default: audit-key.pem
                                        in the data dir); --audit-key-file / JIEBANG_AUDIT_KEY_FILE say the same
  --storage-url   JIEBANG_STORAGE_URL   attachment store: s3://bucket?endpoint=host:port&region=R&secure=false
                                        (credentials: JIEBANG_S3_ACCESS_KEY/JIEBANG_S3_SECRET_KEY or AWS_*), or
                                        file:///dir (default: uploads in the data dir); see docs/storage.md
  --require-shared-secrets JIEBANG_REQUIRE_SHARED_SECRETS=1  /readyz fails while the JWT secret or audit key
                                        was generated in the data dir (on by itself with s3 storage)
  --audit-anchor  JIEBANG_AUDIT_ANCHOR  append-only copy of every checkpoint, outside the database (default:
                                        audit-anchor.jsonl in the data dir; put it on another disk)
JIEBANG_TEST_CLOCK=1 enables the test clock (refused with JIEBANG_ENV=production);
JIEBANG_TEST_CLOCK_START=<RFC 3339 instant> starts it at that instant instead of the real time (serve and seed).
`

// testClockStart is JIEBANG_TEST_CLOCK_START, parsed once by run (zero when unset).
var testClockStart time.Time

// parseTestClockStart reads JIEBANG_TEST_CLOCK_START: empty is none; otherwise an RFC 3339 instant, accepted only
// together with JIEBANG_TEST_CLOCK=1.
func parseTestClockStart(v string, testClock bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("JIEBANG_TEST_CLOCK_START=%q is not an RFC 3339 instant (e.g. 2026-09-28T09:00:00+08:00)", v)
	}
	if !testClock {
		return time.Time{}, errors.New("JIEBANG_TEST_CLOCK_START is refused without JIEBANG_TEST_CLOCK=1")
	}
	return t, nil
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	cmd, rest := args[0], args[1:]
	start, err := parseTestClockStart(os.Getenv("JIEBANG_TEST_CLOCK_START"), os.Getenv("JIEBANG_TEST_CLOCK") == "1")
	if err != nil {
		fmt.Fprintln(stderr, "jiebang: "+err.Error())
		return 2
	}
	testClockStart = start
	switch cmd {
	case "serve":
		err = cmdServe(rest, stderr)
	case "migrate":
		err = cmdMigrate(rest, stdout, stderr)
	case "user":
		err = cmdUser(rest, stdout, stderr)
	case "seed":
		err = cmdSeed(rest, stdout, stderr)
	case "load":
		err = cmdLoad(rest, stdout, stderr)
	case "audit":
		return cmdAudit(rest, stdout, stderr)
	case "backup":
		err = cmdBackup(rest, stdout, stderr)
	case "storage":
		return cmdStorage(rest, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "jiebang "+cmd+": "+err.Error())
		return 1
	}
	return 0
}

// commonFlags registers the database and server flags shared by every subcommand, defaulting from the
// environment.
func commonFlags(fs *flag.FlagSet, c *app.Config) {
	fs.StringVar(&c.Addr, "addr", env("JIEBANG_ADDR", "127.0.0.1:8080"), "listen address")
	fs.StringVar(&c.DataDir, "data-dir", env("JIEBANG_DATA_DIR", "./data"), "data directory (SQLite file, uploads, signing key)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("JIEBANG_DATABASE_URL", ""), "postgres:// URL (empty: SQLite in the data dir)")
	fs.StringVar(&c.JWTSecret, "jwt-secret", env("JIEBANG_JWT_SECRET", ""), "access-token signing secret (empty: generated once in the data dir)")
	fs.StringVar(&c.SMTPURL, "smtp-url", env("JIEBANG_SMTP_URL", ""), "smtp://user:pass@host:port?from=ADDR: also send notifications by e-mail (empty: none)")
	fs.StringVar(&c.Env, "env", env("JIEBANG_ENV", "development"), "development or production")
	fs.StringVar(&c.JWTSecretFile, "jwt-secret-file", env("JIEBANG_JWT_SECRET_FILE", ""), "file holding the access-token signing secret (instead of --jwt-secret)")
	fs.StringVar(&c.AuditKeyFile, "audit-key", env("JIEBANG_AUDIT_KEY", ""),
		"audit checkpoint signing key file, Ed25519 PKCS#8 PEM, or the PEM text itself (empty: audit-key.pem in the data dir, generated once)")
	fs.StringVar(&c.AuditKeyFile, "audit-key-file", env("JIEBANG_AUDIT_KEY_FILE", env("JIEBANG_AUDIT_KEY", "")), "the same as --audit-key")
	fs.StringVar(&c.StorageURL, "storage-url", env("JIEBANG_STORAGE_URL", ""),
		"attachment store: s3://bucket?endpoint=host:port&region=R&secure=false (credentials from JIEBANG_S3_ACCESS_KEY/JIEBANG_S3_SECRET_KEY or AWS_*), file:///dir (empty: uploads in the data dir)")
	fs.BoolVar(&c.RequireSharedSecrets, "require-shared-secrets", envBool("JIEBANG_REQUIRE_SHARED_SECRETS"),
		"/readyz fails while the JWT secret or the audit key was generated in the data dir (on by itself with s3 storage)")
	fs.StringVar(&c.Require2FA, "require-2fa", env("JIEBANG_REQUIRE_2FA", ""),
		"roles that must sign in with a second factor, e.g. bureau,admin; none (empty: bureau,admin with --env production, none otherwise)")
	fs.StringVar(&c.AuditAnchor, "audit-anchor", env("JIEBANG_AUDIT_ANCHOR", ""),
		"file every signed audit checkpoint is appended to, outside the database (empty: audit-anchor.jsonl in the data dir)")
	fs.IntVar(&c.RegistrationsPerHour, "register-limit", envInt("JIEBANG_REGISTER_LIMIT", 30), "registrations per client address per hour")
	c.TestClock = os.Getenv("JIEBANG_TEST_CLOCK") == "1"
	c.TestClockStart = testClockStart
	if tp := env("JIEBANG_TRUSTED_PROXIES", ""); tp != "" {
		c.TrustedProxies = strings.Split(tp, ",")
	}
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// envBool is true when the variable is 1, true, yes or on.
func envBool(name string) bool {
	switch strings.ToLower(os.Getenv(name)) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

// envInt is env for a number; a value that is not one is ignored (the flag's own parsing reports bad flags).
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// openApp opens and migrates the database and wires the application.
func openApp(ctx context.Context, c app.Config, stderr io.Writer) (*app.App, error) {
	c.Logger = newLogger(stderr)
	c.Defaults()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if dist, ok := frontend.Dist(); ok {
		c.Frontend = dist
	}
	c.Placeholder = frontend.Placeholder
	db, err := app.OpenDB(c)
	if err != nil {
		return nil, err
	}
	if err := db.MigrateUp(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	a, err := app.New(c, db)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	return a, nil
}

// parseArgs parses flags that may come before or after positional arguments (`migrate status --data-dir X`)
// and returns the positional ones.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
