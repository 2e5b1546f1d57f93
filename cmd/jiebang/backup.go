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
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: jiebang backup FILE")
	}
	c.Defaults()
	db, err := app.OpenDB(c)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(context.Background(), fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "backup written to "+fs.Arg(0))
	return nil
}
