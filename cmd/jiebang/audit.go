package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"jiebang/cmd/app"
)

// cmdAudit verifies the hash chain: exit 0 when intact, 1 naming the first broken entry.
func cmdAudit(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(stderr, "usage: jiebang audit verify [flags]")
		return 2
	}
	var c app.Config
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	commonFlags(fs, &c)
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	a, err := openApp(context.Background(), c, io.Discard)
	if err != nil {
		fmt.Fprintln(stderr, "jiebang audit verify: "+err.Error())
		return 1
	}
	defer a.DB.Close()
	res, err := a.Audit.Verify(context.Background())
	if err != nil {
		fmt.Fprintln(stderr, "jiebang audit verify: "+err.Error())
		return 1
	}
	if !res.OK {
		fmt.Fprintf(stdout, "audit chain BROKEN at entry %d (%s); %d entries checked\n", res.FirstBrokenID, res.Reason, res.Entries)
		return 1
	}
	fmt.Fprintf(stdout, "audit chain ok: %d entries\n", res.Entries)
	return 0
}
