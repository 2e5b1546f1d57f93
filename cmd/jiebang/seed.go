package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"

	"jiebang/cmd/app"
	"jiebang/domain"
	"jiebang/repository"
	"jiebang/seed"
)

func cmdSeed(args []string, stdout, stderr io.Writer) error {
	var c app.Config
	demo, ifEmpty := false, false
	scale, seedValue, surge := 0, int64(1), seed.ScaleSurgeTeams
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	commonFlags(fs, &c)
	fs.BoolVar(&demo, "demo", false, "fill an empty database with a realistic demo")
	fs.BoolVar(&ifEmpty, "if-empty", false, "do nothing (and succeed) when the database already has data")
	fs.IntVar(&scale, "scale", 0, "fill an empty database with a programme of N challenges (load tests)")
	fs.Int64Var(&seedValue, "seed", 1, "random seed of --scale (the same seed gives the same data)")
	fs.IntVar(&surge, "surge-teams", seed.ScaleSurgeTeams, "with --scale: the surge teams (and surge challenges) of the load command's surge mix; 0: none")
	if pos, err := parseArgs(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return fmt.Errorf("unexpected argument %q", pos[0])
	}
	if demo == (scale > 0) {
		return fmt.Errorf("usage: jiebang seed --demo | --scale N [--seed S]")
	}
	ctx := context.Background()
	a, err := openApp(ctx, c, io.Discard)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	empty, err := a.DB.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if !empty && ifEmpty {
		fmt.Fprintln(stdout, "database already has data: seed not loaded")
		return nil
	}
	var summary string
	if scale > 0 {
		// JIEBANG_SEED_CPUPROFILE=file writes a CPU profile of the scale seed (go tool pprof bin/jiebang file).
		stopProfile, perr := cpuProfile(os.Getenv("JIEBANG_SEED_CPUPROFILE"))
		if perr != nil {
			return perr
		}
		defer stopProfile()
		summary, err = seed.Scale(ctx, seedServices(a), seed.ScaleOptions{N: scale, Seed: seedValue, Progress: stderr, SurgeTeams: surge})
	} else {
		summary, err = seed.Demo(ctx, seedServices(a), seedFactory(a.Cfg, a.DB))
	}
	if errors.Is(err, seed.ErrNotEmpty) && ifEmpty {
		// Another process filled the database between the check above and the seed's own check.
		fmt.Fprintln(stdout, "database already has data: seed not loaded")
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, summary)
	if scale > 0 && surge > 0 {
		fmt.Fprintf(stdout, "  surge1..surge%d@scale.jiebang.cn: teams without bids and %d surge challenges closing %s after the seed's hour (jiebang load --mix surge)\n",
			surge, seed.ScaleSurgeChallenges, seed.ScaleSurgeDeadline)
	}
	if demo {
		fmt.Fprintln(stdout, mfaSummary(a.Accounts.MFARequiredRoles()))
	}
	return nil
}

// mfaSummary tells the demo's user which roles must sign in with a second factor (--require-2fa).
func mfaSummary(roles []domain.Role) string {
	if len(roles) == 0 {
		return "双因素认证 / two-factor sign-in: not required (--require-2fa; with --env production bureau and admin " +
			"must enrol an authenticator app at their first login); anyone may turn it on under 安全设置"
	}
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return "双因素认证 / two-factor sign-in: required for " + strings.Join(names, ", ") +
		" (--require-2fa): they enrol an authenticator app (TOTP) at their first login"
}

// seedServices are the seed's view of a: its domain services, transactions, clock and database.
func seedServices(a *app.App) seed.Services {
	return seed.Services{Accounts: a.Accounts, Challenges: a.Challenges, Calls: a.Calls, Bids: a.Bids, Reviews: a.Reviews,
		Calendar: a.Calendar, Race: a.Race, Funding: a.Funding, Credit: a.Credit, Settings: a.Settings, Notify: a.Notify, Taskbook: a.Taskbook,
		QA:    a.QA,
		Audit: a.Audit, Tx: a.Tx, Clock: a.Clock, DB: a.DB, PasswordHash: a.Cfg.PasswordHash}
}

// seedFactory wires the application of cfg on another clock over db: the demo tells its history on services
// whose clock starts in the past, sharing the seed's transaction (carried in ctx).
func seedFactory(cfg app.Config, db *repository.DB) seed.Factory {
	return func(clock domain.Clock) (seed.Services, error) {
		c := cfg
		c.Clock = clock
		a, err := app.New(c, db)
		if err != nil {
			return seed.Services{}, err
		}
		return seedServices(a), nil
	}
}

// cpuProfile starts a CPU profile written to path (go tool pprof bin/jiebang path) and returns what stops it;
// with no path it does nothing.
func cpuProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}, nil
}
