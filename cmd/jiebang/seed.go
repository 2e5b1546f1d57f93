package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"jiebang/cmd/app"
)

func cmdSeed(args []string, stdout, stderr io.Writer) error {
	var c app.Config
	demo, ifEmpty := false, false
	scale, seed := 0, int64(1)
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	commonFlags(fs, &c)
	fs.BoolVar(&demo, "demo", false, "fill an empty database with a realistic demo")
	fs.BoolVar(&ifEmpty, "if-empty", false, "do nothing (and succeed) when the database already has data")
	fs.IntVar(&scale, "scale", 0, "fill an empty database with a programme of N challenges (load tests)")
	fs.Int64Var(&seed, "seed", 1, "random seed of --scale (the same seed gives the same data)")
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
		summary, err = a.SeedScale(ctx, app.ScaleOptions{N: scale, Seed: seed, Progress: stderr})
	} else {
		summary, err = a.SeedDemo(ctx)
	}
	if errors.Is(err, app.ErrNotEmpty) && ifEmpty {
		// Another process filled the database between the check above and the seed's own check.
		fmt.Fprintln(stdout, "database already has data: seed not loaded")
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, summary)
	return nil
}
