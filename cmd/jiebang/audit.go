package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"jiebang/cmd/app"
	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/funding"
	"jiebang/repository"
)

const auditUsage = `usage: jiebang audit verify [--against URL]... [--also-anchor FILE]... [--checkpoints FILE] [flags]
       jiebang audit checkpoint [flags]
       jiebang audit rotate-key [flags]`

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// verifyOptions are the outside copies `audit verify` checks the chain against, besides the database's own
// checkpoints and this server's anchor.
type verifyOptions struct {
	against     []string
	alsoAnchors []string
	saved       string
	client      *http.Client
}

// cmdAudit verifies the audit trail (exit 0 when intact, 1 naming every disagreement), signs a checkpoint now,
// or rotates the checkpoint key.
func cmdAudit(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "checkpoint" && args[0] != "rotate-key") {
		fmt.Fprintln(stderr, auditUsage)
		return 2
	}
	sub := args[0]
	var c app.Config
	fs := flag.NewFlagSet("audit "+sub, flag.ContinueOnError)
	commonFlags(fs, &c)
	var opt verifyOptions
	if sub == "verify" {
		fs.Var((*stringList)(&opt.against), "against", "also check against the public checkpoints of another copy: its base URL "+
			"(https://host) or its GET /api/v1/audit/checkpoints URL (repeatable)")
		fs.Var((*stringList)(&opt.alsoAnchors), "also-anchor", "also check against another server's anchor file (repeatable)")
		fs.StringVar(&opt.saved, "checkpoints", "", "also check against checkpoints kept outside: a saved GET /api/v1/audit/checkpoints answer")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "jiebang audit "+sub+": "+err.Error())
		return 1
	}
	ctx := context.Background()
	a, err := openApp(ctx, c, io.Discard)
	if err != nil {
		return fail(err)
	}
	defer a.DB.Close()
	switch sub {
	case "checkpoint":
		cp, made, err := a.Audit.MakeCheckpoint(ctx)
		if err != nil {
			return fail(err)
		}
		st := a.Audit.AnchorStatus()
		if !st.OK {
			fmt.Fprintf(stderr, "jiebang audit checkpoint: WARNING: the anchor was not written: %s\n", st.LastError)
		}
		if !made {
			fmt.Fprintln(stdout, "no new audit entries since the last checkpoint: nothing to sign")
			return 0
		}
		fmt.Fprintf(stdout, "signed checkpoint: %d entries, head %s, key %s, anchor %s\n", cp.Entries, cp.HeadHash, cp.KeyID, a.AuditAnchorPath())
		return 0
	case "rotate-key":
		r, err := a.RotateAuditKey(ctx, domain.System)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "audit key rotated: %s → %s after entry %d (signed by the old key, recorded in the chain and in %s); "+
			"give every server the new key file before it starts\n", r.OldKeyID, r.NewKeyID, r.Entries, a.AuditAnchorPath())
		if st := a.Audit.AnchorStatus(); !st.OK {
			fmt.Fprintf(stderr, "jiebang audit rotate-key: WARNING: the anchor was not written: %s\n", st.LastError)
			return 1
		}
		return 0
	}
	return runVerify(ctx, a, opt, stdout, stderr)
}

// runVerify checks the chain against the database's checkpoints, this server's anchor, the anchors and
// copies opt names, and recomputes the funding ledger from the audit entries. It prints every disagreement
// and returns the exit status.
func runVerify(ctx context.Context, a *app.App, opt verifyOptions, stdout, stderr io.Writer) int {
	vo := audit.VerifyOptions{Anchors: []audit.AnchorSource{audit.ReadAnchor(repository.NewAuditAnchorFile(a.AuditAnchorPath()))}}
	for _, f := range opt.alsoAnchors {
		vo.Anchors = append(vo.Anchors, audit.ReadAnchor(repository.NewAuditAnchorFile(f)))
	}
	if opt.saved != "" {
		cps, err := readCheckpoints(opt.saved)
		if err != nil {
			fmt.Fprintln(stderr, "jiebang audit verify: "+err.Error())
			return 1
		}
		vo.Against = append(vo.Against, audit.CheckpointSource{Name: opt.saved, Checkpoints: cps})
	}
	for _, u := range opt.against {
		cps, err := fetchCheckpoints(ctx, opt.client, u)
		if err != nil {
			fmt.Fprintln(stderr, "jiebang audit verify: --against "+u+": "+err.Error())
			return 1
		}
		vo.Against = append(vo.Against, audit.CheckpointSource{Name: u, Checkpoints: cps})
	}
	ledger := &funding.LedgerAudit{}
	vo.Observe = ledger.Observe
	res, err := a.Audit.VerifyWith(ctx, vo)
	if err != nil {
		fmt.Fprintln(stderr, "jiebang audit verify: "+err.Error())
		return 1
	}
	var mismatches []funding.Mismatch
	if res.OK {
		if mismatches, err = funding.Reconcile(ctx, ledger, repository.NewFundingStore(a.DB)); err != nil {
			fmt.Fprintln(stderr, "jiebang audit verify: "+err.Error())
			return 1
		}
	}
	what := fmt.Sprintf("%d entries checked against %d signed checkpoints of the database, %d anchors and %d other copies "+
		"(%d checkpoints in all), %d key rotations", res.Entries, res.DatabaseCheckpoints, res.Anchors, len(vo.Against),
		res.Checkpoints, res.Rotations)
	code := 0
	switch {
	case !res.OK:
		if res.FirstBrokenID > 0 {
			fmt.Fprintf(stdout, "audit chain BROKEN at entry %d (%s); %s\n", res.FirstBrokenID, res.Reason, what)
		} else {
			fmt.Fprintf(stdout, "audit chain BROKEN (%s); %s\n", res.Reason, what)
		}
		for _, p := range res.Problems[1:] {
			fmt.Fprintf(stdout, "  also: %s\n", p.Msg)
		}
		code = 1
	case len(mismatches) > 0:
		fmt.Fprintf(stdout, "audit chain ok: %s; but the funding ledger DIFFERS from the audit trail in %d rows:\n", what, len(mismatches))
		for _, m := range mismatches {
			fmt.Fprintf(stdout, "  %s\n", m)
		}
		code = 1
	default:
		fmt.Fprintf(stdout, "audit chain ok: %s; funding ledger agrees with the audit trail\n", what)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stdout, "WARNING: %s\n", w)
	}
	return code
}

// fetchCheckpoints reads another copy's public checkpoint list.
func fetchCheckpoints(ctx context.Context, client *http.Client, raw string) ([]audit.Checkpoint, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("not an http(s) URL")
	}
	if !strings.HasSuffix(u.Path, "/audit/checkpoints") {
		u.Path = strings.TrimSuffix(u.Path, "/") + "/api/v1/audit/checkpoints"
	}
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return nil, err
	}
	return parseCheckpoints(u.String(), b)
}

// readCheckpoints reads a saved GET /api/v1/audit/checkpoints answer.
func readCheckpoints(file string) ([]audit.Checkpoint, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return parseCheckpoints(file, b)
}

func parseCheckpoints(name string, b []byte) ([]audit.Checkpoint, error) {
	var doc struct {
		Items *[]struct {
			Entries   int64     `json:"entries"`
			HeadHash  string    `json:"head_hash"`
			SignedAt  time.Time `json:"signed_at"`
			KeyID     string    `json:"key_id"`
			Signature string    `json:"signature"`
		} `json:"items"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if doc.Items == nil {
		return nil, fmt.Errorf("%s: not a checkpoint list (no items)", name)
	}
	out := make([]audit.Checkpoint, 0, len(*doc.Items))
	for _, it := range *doc.Items {
		out = append(out, audit.Checkpoint{Entries: it.Entries, HeadHash: it.HeadHash, SignedAt: it.SignedAt,
			KeyID: it.KeyID, Signature: it.Signature})
	}
	return out, nil
}
