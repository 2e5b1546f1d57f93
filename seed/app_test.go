package seed

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"jiebang/cmd/app"
	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// testApp is a wired application and the seed run on it: the services at its clock, and a factory that wires
// the same configuration on a story clock over the same database (what cmd/jiebang gives the seed).
type testApp struct {
	*app.App
}

// newTestApp wires an application for the seed tests.
func newTestApp(cfg app.Config, db *repository.DB) (*testApp, error) {
	a, err := app.New(cfg, db)
	if err != nil {
		return nil, err
	}
	return &testApp{App: a}, nil
}

// servicesOf are the seed's view of an application.
func servicesOf(a *app.App) Services {
	return Services{Accounts: a.Accounts, Challenges: a.Challenges, Calls: a.Calls, Bids: a.Bids, Reviews: a.Reviews, Calendar: a.Calendar,
		Race: a.Race, Funding: a.Funding, Credit: a.Credit, Settings: a.Settings, Notify: a.Notify, Audit: a.Audit, Taskbook: a.Taskbook,
		QA: a.QA,
		Tx: a.Tx, Clock: a.Clock, DB: a.DB, PasswordHash: a.Cfg.PasswordHash}
}

func (a *testApp) services() Services { return servicesOf(a.App) }

// story wires the application's configuration on clock.
func (a *testApp) story(clock domain.Clock) (Services, error) {
	cfg := a.Cfg
	cfg.Clock = clock
	b, err := app.New(cfg, a.DB)
	if err != nil {
		return Services{}, err
	}
	return servicesOf(b), nil
}

func (a *testApp) demo() *demo { return &demo{Services: a.services(), story: a.story} }

func (a *testApp) SeedDemo(ctx context.Context) (string, error) {
	return Demo(ctx, a.services(), a.story)
}

func (a *testApp) seedDemo(ctx context.Context) (DemoAccounts, string, error) {
	return seedDemo(ctx, a.services(), a.story)
}

func (a *testApp) seedScale(ctx context.Context, opts ScaleOptions) (ScaleCounts, string, error) {
	return seedScale(ctx, a.services(), opts)
}

func (a *testApp) seedAccounts(ctx context.Context) (DemoAccounts, error) {
	return a.demo().seedAccounts(ctx)
}

func (a *testApp) seedChallenges(ctx context.Context, d DemoAccounts) (DemoChallenges, error) {
	return a.demo().seedChallenges(ctx, d)
}

func (a *testApp) seedBids(ctx context.Context, d DemoAccounts, c DemoChallenges) (DemoBids, error) {
	return a.demo().seedBids(ctx, d, c)
}

func (a *testApp) seedReviews(ctx context.Context, d DemoAccounts, c DemoChallenges) (DemoReviews, error) {
	return a.demo().seedReviews(ctx, d, c)
}

func quietConfig(t *testing.T, clk domain.Clock) app.Config {
	if clk == nil {
		clk = domain.NewFrozenClock(testStart(t))
	}
	return app.Config{DataDir: t.TempDir(), JWTSecret: "test-secret-0123456789abcdef0123456789", Clock: clk,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PasswordHash: cheapTestHash}
}

// cheapTestHash keeps argon2id cheap in tests (the demo hashes 15 passwords per seed).
var cheapTestHash = account.HashParams{MemoryKiB: 64, Time: 1, Threads: 1}

// testStart is where the tests' clocks start (testdb.Start: a fixed instant, or JIEBANG_TEST_CLOCK_START).
func testStart(testing.TB) time.Time { return testdb.Start() }
