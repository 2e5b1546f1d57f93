package funding

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	"jiebang/domain/audit"
)

// The ledger's rows are append-only by trigger, but whoever can write the database can drop a trigger, change
// an amount, add a row or edit the running totals. Every ledger change is also an audit entry (decide,
// reverse, disburse) whose content the hash chain, the seals and the signed checkpoints protect, so the
// ledger can be recomputed from the audit trail and compared with the tables: Reconcile names every row that
// differs.

// LedgerReader reads the whole ledger for Reconcile.
type LedgerReader interface {
	AllDecisions(ctx context.Context) ([]Decision, error)
	AllDisbursements(ctx context.Context) ([]Disbursement, error)
	// AllTotals returns every challenge's running totals.
	AllTotals(ctx context.Context) ([]Totals, error)
	// AllRacerFigures returns every racer's running totals per source.
	AllRacerFigures(ctx context.Context) (map[int64]map[Source]Figures, error)
}

// LedgerAudit collects the funding entries of the audit trail while the chain is verified (pass Observe to
// audit.VerifyOptions), for Reconcile.
type LedgerAudit struct{ entries []audit.Entry }

// Observe keeps e when it records a ledger change.
func (l *LedgerAudit) Observe(e audit.Entry) {
	if e.Entity == audit.EntityFundingDecision {
		l.entries = append(l.entries, e)
	}
}

// Mismatch is a ledger row that differs from the audit trail.
type Mismatch struct {
	// Table and RowID name the row (RowID is the challenge for funding_totals, the racer for
	// funding_racer_totals).
	Table string
	RowID int64
	Msg   string
}

// String is the mismatch as one line.
func (m Mismatch) String() string { return fmt.Sprintf("%s %d: %s", m.Table, m.RowID, m.Msg) }

// audited is one ledger record as its audit entry describes it.
type audited struct {
	entryID int64
	fields  map[string]json.RawMessage
}

// Reconcile recomputes the ledger from the audit entries l collected and compares it with the tables: every
// decision and disbursement must have exactly one audit entry, agree with it on every field the entry records,
// and the running totals must be the sums of the rows.
func Reconcile(ctx context.Context, l *LedgerAudit, r LedgerReader) ([]Mismatch, error) {
	var out []Mismatch
	bad := func(table string, id int64, format string, args ...any) {
		out = append(out, Mismatch{Table: table, RowID: id, Msg: fmt.Sprintf(format, args...)})
	}
	decs, pays := map[int64][]audited{}, map[int64][]audited{}
	for _, e := range l.entries {
		fields := map[string]json.RawMessage{}
		if err := json.Unmarshal([]byte(e.After), &fields); err != nil {
			bad("audit_entries", e.ID, "a funding entry whose content cannot be read: %v", err)
			continue
		}
		switch e.Action {
		case "decide", "reverse":
			decs[e.EntityID] = append(decs[e.EntityID], audited{entryID: e.ID, fields: fields})
		case "disburse":
			id, ok := intField(fields, "disbursement_id")
			if !ok {
				bad("audit_entries", e.ID, "a disbursement entry without its disbursement_id")
				continue
			}
			fields["decision_id"] = json.RawMessage(strconv.FormatInt(e.EntityID, 10))
			pays[id] = append(pays[id], audited{entryID: e.ID, fields: fields})
		}
	}
	rows, err := r.AllDecisions(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	// The ledger as the audit trail has it: each row with an audit entry, its figures taken from the entry.
	type figure struct {
		challenge, racer, amount int64
		source                   Source
	}
	var auditedDecs, auditedPays []figure
	for _, d := range rows {
		seen[d.ID] = true
		got := map[string]any{"challenge_id": d.ChallengeID, "racer_id": d.RacerID, "tranche": d.Tranche,
			"source": string(d.Source), "amount_fen": d.AmountFen, "basis": d.Basis, "note": d.Note}
		if d.ReversesID != nil {
			got["reverses_id"] = *d.ReversesID
		}
		if f := compare(bad, "funding_decisions", d.ID, got, decs[d.ID], fmt.Sprintf("challenge %d, racer %d, %s 万元", d.ChallengeID, d.RacerID, Wan(d.AmountFen))); f != nil {
			x := figure{challenge: d.ChallengeID, racer: d.RacerID, amount: d.AmountFen, source: d.Source}
			if n, ok := intField(f, "challenge_id"); ok {
				x.challenge = n
			}
			overlay(f, &x.racer, &x.source, &x.amount)
			auditedDecs = append(auditedDecs, x)
		}
	}
	// byDecision is each decision's figure as audited (rows and audit-only records), for the payments.
	byDecision := map[int64]figure{}
	for _, d := range rows {
		byDecision[d.ID] = figure{challenge: d.ChallengeID, racer: d.RacerID, amount: d.AmountFen, source: d.Source}
	}
	for _, id := range sortedKeys(decs) {
		if !seen[id] {
			e := decs[id][0]
			bad("funding_decisions", id, "recorded by audit entry %d but missing from the database", e.entryID)
			// Deleted: it still counts in the ledger the audit trail has, when the entry says where it belongs.
			if ch, ok := intField(e.fields, "challenge_id"); ok {
				x := figure{challenge: ch}
				overlay(e.fields, &x.racer, &x.source, &x.amount)
				auditedDecs = append(auditedDecs, x)
				byDecision[id] = x
			}
		}
	}
	prows, err := r.AllDisbursements(ctx)
	if err != nil {
		return nil, err
	}
	seen = map[int64]bool{}
	for _, p := range prows {
		seen[p.ID] = true
		got := map[string]any{"decision_id": p.DecisionID, "racer_id": p.RacerID, "source": string(p.Source),
			"amount_fen": p.AmountFen, "paid_on": p.PaidOn, "reference": p.Reference}
		if f := compare(bad, "funding_disbursements", p.ID, got, pays[p.ID], fmt.Sprintf("decision %d, %s 万元", p.DecisionID, Wan(p.AmountFen))); f != nil {
			x := figure{challenge: p.ChallengeID, racer: p.RacerID, amount: p.AmountFen, source: p.Source}
			overlay(f, &x.racer, &x.source, &x.amount)
			auditedPays = append(auditedPays, x)
		}
	}
	for _, id := range sortedKeys(pays) {
		if !seen[id] {
			e := pays[id][0]
			bad("funding_disbursements", id, "recorded by audit entry %d but missing from the database", e.entryID)
			decID, _ := intField(e.fields, "decision_id")
			if d, ok := byDecision[decID]; ok {
				x := figure{challenge: d.challenge, racer: d.racer, source: d.source}
				overlay(e.fields, &x.racer, &x.source, &x.amount)
				auditedPays = append(auditedPays, x)
			}
		}
	}
	// The running totals are recomputed from the ledger as the audit trail has it.
	want := map[int64]*Totals{}
	racers := map[int64]map[Source]Figures{}
	tot := func(ch int64) *Totals {
		if want[ch] == nil {
			want[ch] = &Totals{ChallengeID: ch, BySource: map[Source]Figures{}}
		}
		return want[ch]
	}
	racer := func(id int64, s Source, fn func(*Figures)) {
		if racers[id] == nil {
			racers[id] = map[Source]Figures{}
		}
		f := racers[id][s]
		fn(&f)
		racers[id][s] = f
	}
	for _, d := range auditedDecs {
		t := tot(d.challenge)
		f := t.BySource[d.source]
		f.DecidedFen += d.amount
		t.BySource[d.source] = f
		t.Records++
		racer(d.racer, d.source, func(f *Figures) { f.DecidedFen += d.amount })
	}
	for _, p := range auditedPays {
		t := tot(p.challenge)
		f := t.BySource[p.source]
		f.DisbursedFen += p.amount
		t.BySource[p.source] = f
		racer(p.racer, p.source, func(f *Figures) { f.DisbursedFen += p.amount })
	}
	stored, err := r.AllTotals(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range stored {
		w := tot(t.ChallengeID)
		if t.Records != w.Records {
			bad("funding_totals", t.ChallengeID, "records is %d in the table, %d recomputed", t.Records, w.Records)
		}
		for _, s := range Sources {
			if g, x := t.BySource[s], w.BySource[s]; g != x {
				bad("funding_totals", t.ChallengeID, "%s decided %d / disbursed %d fen in the table, %d / %d recomputed",
					s, g.DecidedFen, g.DisbursedFen, x.DecidedFen, x.DisbursedFen)
			}
		}
		delete(want, t.ChallengeID)
	}
	for _, ch := range sortedKeys(want) {
		if want[ch].Records > 0 {
			bad("funding_totals", ch, "the challenge has %d ledger records but no running totals", want[ch].Records)
		}
	}
	storedRacers, err := r.AllRacerFigures(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range sortedKeys(storedRacers) {
		for _, s := range Sources {
			g, x := storedRacers[id][s], racers[id][s]
			if g != x {
				bad("funding_racer_totals", id, "%s decided %d / disbursed %d fen in the table, %d / %d recomputed",
					s, g.DecidedFen, g.DisbursedFen, x.DecidedFen, x.DisbursedFen)
			}
		}
		delete(racers, id)
	}
	for _, id := range sortedKeys(racers) {
		bad("funding_racer_totals", id, "the racer has ledger records but no running totals")
	}
	return out, nil
}

// compare checks one row against its audit entries: exactly one, agreeing on every field it records. It
// returns that entry's fields (nil when there is not exactly one).
func compare(bad func(string, int64, string, ...any), table string, id int64, got map[string]any, entries []audited, what string) map[string]json.RawMessage {
	switch len(entries) {
	case 0:
		bad(table, id, "has no audit entry (%s): written outside the platform", what)
		return nil
	case 1:
	default:
		bad(table, id, "has %d audit entries (%d and %d): one was added outside the platform", len(entries), entries[0].entryID, entries[1].entryID)
		return nil
	}
	e := entries[0]
	keys := make([]string, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		raw, ok := e.fields[k]
		if !ok {
			continue // older entries record fewer fields
		}
		want, _ := json.Marshal(got[k])
		if !bytes.Equal(bytes.TrimSpace(raw), want) {
			bad(table, id, "%s is %s in the database, %s in audit entry %d", k, want, raw, e.entryID)
		}
	}
	if _, ok := e.fields["reverses_id"]; ok && got["reverses_id"] == nil {
		bad(table, id, "reverses_id is null in the database, %s in audit entry %d", e.fields["reverses_id"], e.entryID)
	}
	return e.fields
}

// overlay overlays a row's figures with what its audit entry records (the entry is what the chain protects).
func overlay(fields map[string]json.RawMessage, racer *int64, source *Source, amount *int64) {
	if n, ok := intField(fields, "racer_id"); ok {
		*racer = n
	}
	if n, ok := intField(fields, "amount_fen"); ok {
		*amount = n
	}
	var src string
	if raw, ok := fields["source"]; ok && json.Unmarshal(raw, &src) == nil {
		*source = Source(src)
	}
}

func intField(m map[string]json.RawMessage, k string) (int64, bool) {
	raw, ok := m[k]
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(string(bytes.TrimSpace(raw)), 10, 64)
	return n, err == nil
}

func sortedKeys[V any](m map[int64]V) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
