package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"jiebang/cmd/app"
)

func cmdSeed(args []string, stdout, stderr io.Writer) error {
	var c app.Config
	demo := false
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	commonFlags(fs, &c)
	fs.BoolVar(&demo, "demo", false, "fill an empty database with a realistic demo")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !demo {
		return fmt.Errorf("usage: jiebang seed --demo")
	}
	ctx := context.Background()
	a, err := openApp(ctx, c, io.Discard)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	summary, err := a.SeedDemo(ctx)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, summary)
	return nil
}
