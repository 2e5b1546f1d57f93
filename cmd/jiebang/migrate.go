package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"jiebang/cmd/app"
)

func cmdMigrate(args []string, stdout, stderr io.Writer) error {
	var c app.Config
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	commonFlags(fs, &c)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	action := "up"
	if len(pos) > 0 {
		action = pos[0]
	}
	c.Defaults()
	db, err := app.OpenDB(c)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	switch action {
	case "up":
		if err := db.MigrateUp(ctx); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "migrations applied")
	case "down":
		if err := db.MigrateDown(ctx); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "rolled back one migration")
	case "status":
		st, err := db.MigrationStatus(ctx)
		if err != nil {
			return err
		}
		for _, s := range st {
			applied := "pending"
			if s.State == "applied" {
				applied = "applied " + s.AppliedAt.Format("2006-01-02 15:04:05")
			}
			fmt.Fprintf(stdout, "%05d  %-40s %s\n", s.Source.Version, s.Source.Path, applied)
		}
	default:
		return fmt.Errorf("unknown migrate action %q (up, down, status)", action)
	}
	return nil
}
