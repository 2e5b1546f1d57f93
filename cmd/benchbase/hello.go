package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"jiebang/cmd/load"
)

// HelloMix is the load mix of the hello-JSON baseline; its one endpoint is named like the mix.
const HelloMix = "hello-JSON"

// hello answers gin's hello-JSON: a small constant JSON object, no database, no middleware.
func hello(c *gin.Context) {
	c.JSON(200, gin.H{"message": "hello", "ok": true})
}

// helloStep sends one GET /hello.
func helloStep(ctx context.Context, _ any, c *load.Client) {
	c.Get(ctx, HelloMix, "/hello")
}

// runLoad is `benchbase load --url URL --duration D --concurrency C --json FILE`: the hello-JSON route
// driven by the load package (the same clients, transport, recording and report as `jiebang load`), so the
// baseline and Jiebang's figures come from one measuring engine.
func runLoad(args []string) int {
	o := load.Options{Mix: HelloMix, Progress: os.Stderr, Seed: 1}
	var urls, jsonOut string
	fs := flag.NewFlagSet("benchbase load", flag.ContinueOnError)
	fs.StringVar(&urls, "url", "", "benchbase's base URL(s), comma-separated (loopback only)")
	fs.DurationVar(&o.Duration, "duration", 30*time.Second, "how long to drive the load (at most 10m)")
	fs.IntVar(&o.Concurrency, "concurrency", 64, "concurrent clients")
	fs.StringVar(&jsonOut, "json", "", "also write the report as JSON to this file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	for _, u := range strings.Split(urls, ",") {
		if u = strings.TrimSpace(u); u != "" {
			o.URLs = append(o.URLs, u)
		}
	}
	load.Mixes[HelloMix] = load.Mix{Desc: "gin's hello-JSON (benchbase GET /hello)",
		Setup: func(context.Context, load.Options, []*load.Client) (any, error) { return nil, nil }, Step: helloStep}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := load.Run(ctx, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchbase load: "+err.Error())
		return 1
	}
	rep.Table(os.Stdout)
	if jsonOut != "" {
		b, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.WriteFile(jsonOut, append(b, '\n'), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "benchbase load: "+err.Error())
			return 1
		}
	}
	return 0
}
