package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"jiebang/cmd/app"
	"jiebang/domain/audit"
)

const auditUsage = "usage: jiebang audit verify [--checkpoints FILE] [flags] | jiebang audit checkpoint [flags]"

// cmdAudit verifies the hash chain (exit 0 when intact, 1 naming the reason) or signs a checkpoint now.
func cmdAudit(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "checkpoint") {
		fmt.Fprintln(stderr, auditUsage)
		return 2
	}
	sub := args[0]
	var c app.Config
	fs := flag.NewFlagSet("audit "+sub, flag.ContinueOnError)
	commonFlags(fs, &c)
	var file string
	if sub == "verify" {
		fs.StringVar(&file, "checkpoints", "", "also check against checkpoints kept outside: a saved GET /api/v1/audit/checkpoints answer")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "jiebang audit "+sub+": "+err.Error())
		return 1
	}
	var extra []audit.Checkpoint
	if file != "" {
		var err error
		if extra, err = readCheckpoints(file); err != nil {
			return fail(err)
		}
	}
	a, err := openApp(context.Background(), c, io.Discard)
	if err != nil {
		return fail(err)
	}
	defer a.DB.Close()
	if sub == "checkpoint" {
		cp, made, err := a.Audit.MakeCheckpoint(context.Background())
		if err != nil {
			return fail(err)
		}
		if !made {
			fmt.Fprintln(stdout, "no new audit entries since the last checkpoint: nothing to sign")
			return 0
		}
		fmt.Fprintf(stdout, "signed checkpoint: %d entries, head %s, key %s\n", cp.Entries, cp.HeadHash, cp.KeyID)
		return 0
	}
	res, err := a.Audit.VerifyAgainst(context.Background(), extra)
	if err != nil {
		return fail(err)
	}
	if !res.OK {
		fmt.Fprintf(stdout, "audit chain BROKEN at entry %d (%s); %d entries checked against %d checkpoints\n",
			res.FirstBrokenID, res.Reason, res.Entries, res.Checkpoints)
		return 1
	}
	fmt.Fprintf(stdout, "audit chain ok: %d entries, consistent with %d signed checkpoints\n", res.Entries, res.Checkpoints)
	return 0
}

// readCheckpoints reads a saved GET /api/v1/audit/checkpoints answer.
func readCheckpoints(file string) ([]audit.Checkpoint, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Items []struct {
			Entries   int64     `json:"entries"`
			HeadHash  string    `json:"head_hash"`
			SignedAt  time.Time `json:"signed_at"`
			KeyID     string    `json:"key_id"`
			Signature string    `json:"signature"`
		} `json:"items"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	out := make([]audit.Checkpoint, 0, len(doc.Items))
	for _, it := range doc.Items {
		out = append(out, audit.Checkpoint{Entries: it.Entries, HeadHash: it.HeadHash, SignedAt: it.SignedAt,
			KeyID: it.KeyID, Signature: it.Signature})
	}
	return out, nil
}
