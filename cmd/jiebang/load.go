package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"jiebang/cmd/load"
	"jiebang/seed"
)

func cmdLoad(args []string, stdout, stderr io.Writer) error {
	var urls, jsonOut string
	o := load.Options{Progress: stderr}
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.StringVar(&urls, "url", "", "target base URL(s), comma-separated (loopback only); clients are spread over them")
	fs.DurationVar(&o.Duration, "duration", 30*time.Second, "how long to drive the load (at most 10m)")
	fs.IntVar(&o.Concurrency, "concurrency", 64, "concurrent clients (at most 1024)")
	fs.StringVar(&o.Mix, "mix", "board", "workload: "+strings.Join(load.MixNames(), ", "))
	fs.StringVar(&o.Password, "password", seed.ScalePassword, "password of the seeded accounts (seed --scale)")
	fs.Int64Var(&o.Seed, "seed", 1, "random seed of the clients")
	fs.StringVar(&jsonOut, "json", "", "also write the report as JSON to this file (- for stdout)")
	fs.BoolVar(&o.NoGzip, "no-gzip", false, "read without Accept-Encoding: gzip (by default the reads ask for it, as browsers do)")
	fs.IntVar(&load.SurgeTeams, "surge-teams", load.SurgeTeams, "surge mix: the teams that submit (surge1..N of seed --scale)")
	fs.IntVar(&load.SurgeAttachmentBytes, "surge-bytes", load.SurgeAttachmentBytes, "surge mix: the size of each team's attachment")
	if pos, err := parseArgs(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return fmt.Errorf("unexpected argument %q", pos[0])
	}
	for _, u := range strings.Split(urls, ",") {
		if u = strings.TrimSpace(u); u != "" {
			o.URLs = append(o.URLs, u)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// JIEBANG_LOAD_CPUPROFILE=file writes a CPU profile of the load generator itself (go tool pprof bin/jiebang
	// file): on one machine the generator shares the cores with the server, so its own cost shows in the figures.
	stopProfile, err := cpuProfile(os.Getenv("JIEBANG_LOAD_CPUPROFILE"))
	if err != nil {
		return err
	}
	defer stopProfile()
	rep, err := load.Run(ctx, o)
	if err != nil {
		return err
	}
	rep.Table(stdout)
	if err := writeJSON(rep, jsonOut, stdout); err != nil {
		return err
	}
	// A lost write fails the command (and make bench), after the report is written.
	return rep.Verify.Err()
}

// writeJSON writes the report as JSON to the file named (- for stdout; "" for nowhere).
func writeJSON(rep load.Report, name string, stdout io.Writer) error {
	if name == "" {
		return nil
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if name == "-" {
		_, err = fmt.Fprintln(stdout, string(b))
		return err
	}
	return os.WriteFile(name, append(b, '\n'), 0o644)
}
