package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"jiebang/cmd/app"
)

func cmdBackup(args []string, stdout, stderr io.Writer) error {
	var c app.Config
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	commonFlags(fs, &c)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("usage: jiebang backup FILE")
	}
	c.Defaults()
	db, err := app.OpenDB(c)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(context.Background(), pos[0]); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "backup written to "+pos[0])
	return nil
}
