// Package app wires Jiebang together: configuration, the database, repositories, domain services and the
// HTTP API. The binary and the API tests build the same App.
package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"jiebang/api"
	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
	"jiebang/domain/bid"
	"jiebang/domain/calendar"
	"jiebang/domain/call"
	"jiebang/domain/challenge"
	"jiebang/domain/credit"
	"jiebang/domain/event"
	"jiebang/domain/funding"
	"jiebang/domain/mail"
	"jiebang/domain/notify"
	"jiebang/domain/qa"
	"jiebang/domain/race"
	"jiebang/domain/review"
	"jiebang/domain/schedule"
	"jiebang/domain/settings"
	"jiebang/domain/taskbook"
	"jiebang/repository"
)

// Config is everything the binary reads from flags and the environment.
type Config struct {
	Addr        string
	DataDir     string
	DatabaseURL string
	// WALCheckpointEvery: on SQLite, the WAL is checkpointed in the background at this interval instead of
	// by the writer (repository.Options.WALCheckpointEvery); serve sets it, the command-line tools leave it zero.
	WALCheckpointEvery time.Duration
	JWTSecret          string
	// SMTPURL enables e-mail (smtp://user:pass@host:port?from=ADDR); empty: in-app notifications only.
	SMTPURL string
	// Env is "development" (default) or "production"; production refuses the test clock.
	Env string
	// TestClock enables the contract's test clock (JIEBANG_TEST_CLOCK=1).
	TestClock bool
	// TestClockStart is the first instant of the test clock (JIEBANG_TEST_CLOCK_START); zero: the real time.
	TestClockStart time.Time
	// Clock overrides the clock (tests); nil uses the system clock or the test clock.
	Clock domain.Clock
	// Seeder overrides the seed of random draws (tests: domain.FixedSeeder); nil is domain.CryptoSeeder.
	Seeder domain.Seeder
	// Limits of the process (限项), configurable per deployment.
	MaxActiveBidsPerPI  int
	MaxActiveBidsPerOrg int
	MaxPartners         int
	TrustedProxies      []string
	// JWTSecretFile names a file holding the JWT secret (--jwt-secret-file; refused together with JWTSecret).
	JWTSecretFile string
	// AuditKeyFile is the audit checkpoint signing key (PKCS#8 PEM, Ed25519); "" : audit-key.pem in the data dir.
	AuditKeyFile string
	// AuditKeyPEM is the audit key itself (JIEBANG_AUDIT_KEY holding the PEM text instead of a path); it wins
	// over AuditKeyFile.
	AuditKeyPEM string
	// RequireSharedSecrets (--require-shared-secrets) makes /readyz answer 503 while the JWT secret or the audit
	// key was generated in this server's data dir instead of coming from the environment or a named file. On
	// by itself with S3 storage (a deployment of several servers).
	RequireSharedSecrets bool
	// StorageURL is the attachment store (--storage-url): "" or file:///path for a local directory (default
	// <data-dir>/uploads), s3://bucket?endpoint=host:port&... for an S3-compatible bucket (docs/storage.md).
	StorageURL string
	// AuditAnchor is the file every signed checkpoint is also appended to, outside the database ("" :
	// audit-anchor.jsonl in the data dir; put it on another disk or write-once storage).
	AuditAnchor string
	// CheckpointEvery is how often a checkpoint of the audit chain is signed (0: DefaultCheckpointEvery).
	CheckpointEvery time.Duration
	// MetricsAddr is where /metrics is served ("" : nowhere); never the public address.
	MetricsAddr string
	// RegistrationsPerHour limits registrations per client address (0: the default, 30).
	RegistrationsPerHour int
	// HashConcurrency bounds the password hashes that run at once (0: the number of CPUs, at most 4).
	HashConcurrency int
	// Require2FA names the roles that must sign in with a second factor, comma-separated (--require-2fa,
	// JIEBANG_REQUIRE_2FA): "" is bureau,admin with Env production and none otherwise; "none" is none.
	Require2FA string
	// PasswordHash overrides the argon2id cost (zero: the production default); tests use a cheap one.
	PasswordHash account.HashParams
	Logger       *slog.Logger
	// Frontend is the built SPA (nil: placeholder).
	Frontend    fs.FS
	Placeholder []byte
}

// App is a wired application.
type App struct {
	Cfg       Config
	DB        *repository.DB
	Tx        domain.TxManager
	Clock     domain.Clock
	TestClock *domain.ManualClock
	Logger    *slog.Logger
	Metrics   *prometheus.Registry

	Audit      *audit.Service
	Accounts   *account.Service
	Challenges *challenge.Service
	Bids       *bid.Service
	Reviews    *review.Service
	Calendar   *calendar.Service
	Race       *race.Service
	Funding    *funding.Service
	// Taskbook is the task books' versions, signatures and change requests (任务书签署, 项目变更).
	Taskbook *taskbook.Service
	Credit   *credit.Service
	Settings *settings.Service
	// QA is questions and answers (答疑), follows and amendments that may move the deadline.
	QA *qa.Service
	// Calls are the calls for needs (申报批次) and their rules.
	Calls *call.Service
	// Mail is the users' e-mail settings and the undelivered list; MailWorker delivers the outbox (nil
	// without --smtp-url).
	Mail       *mail.Service
	MailWorker *mail.Worker

	// Events carries one area's changes to the handlers of another, inside the emitter's transaction.
	Events *event.Bus
	// Notify writes in-app notifications in the caller's transaction.
	Notify *notify.Service
	// Claims makes a scheduled job's effect happen once across servers.
	Claims schedule.Claims
	// Seeder seeds random draws (crypto in production; Config.Seeder in tests).
	Seeder domain.Seeder
	// Blobs is the attachment store (local directory or S3 bucket), shared by every kind of attachment.
	Blobs repository.BlobStore

	sched       *scheduler
	storagePing func(context.Context) error
	// localSecrets names the shared secrets that came from this server's data dir (generated there).
	localSecrets []string
}

// Defaults fills unset configuration.
func (c *Config) Defaults() {
	if c.Addr == "" {
		c.Addr = "127.0.0.1:8080"
	}
	if c.DataDir == "" {
		c.DataDir = "./data"
	}
	if c.Env == "" {
		c.Env = "development"
	}
	if c.MaxActiveBidsPerPI <= 0 {
		c.MaxActiveBidsPerPI = 1
	}
	if c.MaxActiveBidsPerOrg <= 0 {
		c.MaxActiveBidsPerOrg = 3
	}
	if c.MaxPartners <= 0 {
		c.MaxPartners = 4
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if strings.HasPrefix(strings.TrimSpace(c.AuditKeyFile), "-----BEGIN") {
		// JIEBANG_AUDIT_KEY may hold the key itself (a secret store's environment variable) instead of a path.
		c.AuditKeyPEM, c.AuditKeyFile = c.AuditKeyFile, ""
	}
}

// Validate refuses dangerous combinations.
func (c *Config) Validate() error {
	if c.Env != "development" && c.Env != "production" {
		return fmt.Errorf("JIEBANG_ENV must be development or production, not %q", c.Env)
	}
	if c.MetricsAddr != "" && c.MetricsAddr == c.Addr {
		return errors.New("--metrics-addr must differ from --addr: metrics are never served on the public address")
	}
	if c.TestClock && c.Env == "production" {
		return errors.New("JIEBANG_TEST_CLOCK=1 is refused together with JIEBANG_ENV=production")
	}
	if !c.TestClockStart.IsZero() && !c.TestClock {
		return errors.New("JIEBANG_TEST_CLOCK_START is refused without JIEBANG_TEST_CLOCK=1")
	}
	if c.SMTPURL != "" {
		if _, err := parseSMTPURL(c.SMTPURL); err != nil {
			return err
		}
	}
	if _, err := c.MFARoles(); err != nil {
		return err
	}
	if c.JWTSecret != "" && c.JWTSecretFile != "" {
		return errors.New("set either --jwt-secret (JIEBANG_JWT_SECRET) or --jwt-secret-file (JIEBANG_JWT_SECRET_FILE), not both")
	}
	return nil
}

// SharedSecretsRequired says whether this server must get its JWT secret and audit key from outside its data
// dir (--require-shared-secrets, or S3 storage).
func (c *Config) SharedSecretsRequired() bool {
	return c.RequireSharedSecrets || repository.IsRemoteStorage(c.StorageURL)
}

// MFARoles are the roles that must sign in with a second factor (Require2FA, or its default for Env).
func (c *Config) MFARoles() ([]domain.Role, error) {
	v := strings.TrimSpace(c.Require2FA)
	switch {
	case v == "" && c.Env == "production":
		return []domain.Role{domain.RoleBureau, domain.RoleAdmin}, nil
	case v == "" || v == "none":
		return nil, nil
	}
	var out []domain.Role
	for _, r := range strings.Split(v, ",") {
		role := domain.Role(strings.TrimSpace(r))
		if !role.Valid() {
			return nil, fmt.Errorf("--require-2fa: unknown role %q (roles: enterprise, team, expert, bureau, admin; or none)", r)
		}
		if !slices.Contains(out, role) {
			out = append(out, role)
		}
	}
	return out, nil
}

// OpenDB opens (but does not migrate) the configured database.
func OpenDB(c Config) (*repository.DB, error) {
	opts := repository.Options{URL: c.DatabaseURL, Logger: c.Logger, WALCheckpointEvery: c.WALCheckpointEvery}
	if c.DatabaseURL == "" {
		opts.SQLitePath = filepath.Join(c.DataDir, "jiebang.db")
	}
	return repository.Open(opts)
}

// New wires every service over an opened, migrated database.
func New(c Config, db *repository.DB) (*App, error) {
	c.Defaults()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	a := &App{Cfg: c, DB: db, Tx: repository.NewTxManager(db), Logger: c.Logger, Metrics: prometheus.NewRegistry()}
	switch {
	case c.Clock != nil:
		a.Clock = c.Clock
		if mc, ok := c.Clock.(*domain.ManualClock); ok && c.TestClock {
			a.TestClock = mc
		}
	case c.TestClock && !c.TestClockStart.IsZero():
		a.TestClock = domain.NewStartedClock(c.TestClockStart)
		a.Clock = a.TestClock
	case c.TestClock:
		a.TestClock = domain.NewOffsetClock()
		a.Clock = a.TestClock
	default:
		a.Clock = domain.SystemClock{}
	}
	a.Metrics.MustRegister(collectors.NewDBStatsCollector(db.SQL(), "writer"))
	a.sched = newScheduler(a.Metrics)
	a.Seeder = c.Seeder
	if a.Seeder == nil {
		a.Seeder = domain.CryptoSeeder{}
	}
	a.Events = event.NewBus()
	a.Claims = repository.NewClaimStore(db)
	a.Notify = notify.NewService(a.notifyStore(), a.Tx, a.Clock)
	a.Audit = audit.NewService(repository.NewAuditStore(db), a.Clock)
	a.wireSettings()
	if err := a.wireStorage(); err != nil {
		return nil, err
	}
	if err := a.wireAccounts(); err != nil {
		return nil, err
	}
	if err := a.wireChallenges(); err != nil {
		return nil, err
	}
	a.wireCalls()
	if err := a.wireBids(); err != nil {
		return nil, err
	}
	a.wireReviews()
	a.wireCredit()
	if err := a.wireRace(); err != nil {
		return nil, err
	}
	a.wireFunding()
	a.wireTaskbook()
	a.wireQA()
	a.useSettings()
	a.wireNotify()
	a.wireCalendar()
	a.wireMail()
	if err := a.wireAudit(); err != nil {
		return nil, err
	}
	return a, nil
}

// API builds the HTTP application.
func (a *App) API() (*api.API, error) {
	return api.New(api.Deps{
		Logger: a.Logger, Clock: a.Clock, TestClock: a.TestClock, RunDue: a.RunDue, Ready: a.DB.Ping,
		Auth: a.authenticator(), Audit: a.Audit, AuditRegister: audit.NewRegister(repository.NewAuditStore(a.DB)), Accounts: a.Accounts, Challenges: a.Challenges, Bids: a.Bids,
		Reviews: a.Reviews, Calendar: a.Calendar, Race: a.Race, Funding: a.Funding, Credit: a.Credit,
		Settings: a.Settings, Notify: a.Notify, Mail: a.Mail, Taskbook: a.Taskbook, QA: a.QA, Calls: a.Calls,
		Metrics: a.Metrics, TrustedProxies: a.Cfg.TrustedProxies, Frontend: a.Cfg.Frontend, Placeholder: a.Cfg.Placeholder,
		StorageReady: a.storagePing, Storage: a.StorageKind(), MissingSecrets: a.MissingSecrets,
	})
}

// MissingSecrets names the shared secrets this server generated or read in its own data dir although the
// deployment requires them shared (empty when not required).
func (a *App) MissingSecrets() []string {
	if !a.Cfg.SharedSecretsRequired() {
		return nil
	}
	return append([]string(nil), a.localSecrets...)
}

// ensureDir creates the data dir with private permissions.
func ensureDir(dir string) error { return os.MkdirAll(dir, 0o750) }
