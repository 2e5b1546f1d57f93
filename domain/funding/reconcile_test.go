package funding

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"jiebang/domain/audit"
)

type memLedger struct {
	decs   []Decision
	pays   []Disbursement
	totals []Totals
	racers map[int64]map[Source]Figures
}

func (m *memLedger) AllDecisions(context.Context) ([]Decision, error)         { return m.decs, nil }
func (m *memLedger) AllDisbursements(context.Context) ([]Disbursement, error) { return m.pays, nil }
func (m *memLedger) AllTotals(context.Context) ([]Totals, error)              { return m.totals, nil }
func (m *memLedger) AllRacerFigures(context.Context) (map[int64]map[Source]Figures, error) {
	return m.racers, nil
}

// TestReconcileNamesEveryRowThatDiffers: the ledger recomputed from the audit entries agrees with untouched
// tables, and each direct edit is named with its table, row and field.
func TestReconcileNamesEveryRowThatDiffers(t *testing.T) {
	t.Parallel()
	entry := func(id, entity int64, action string, after any) audit.Entry {
		b, _ := json.Marshal(after)
		return audit.Entry{ID: id, Entity: audit.EntityFundingDecision, EntityID: entity, Action: action, After: string(b)}
	}
	d1 := Decision{ID: 1, ChallengeID: 7, RacerID: 3, Tranche: TrancheStartup, Source: SourceGovernment, AmountFen: 500_000_00, Basis: "任务书"}
	rev := int64(1)
	d2 := Decision{ID: 2, ChallengeID: 7, RacerID: 3, Tranche: TrancheStartup, Source: SourceGovernment, AmountFen: -500_000_00,
		Basis: "更正", Note: "录错", ReversesID: &rev}
	d3 := Decision{ID: 3, ChallengeID: 7, RacerID: 3, Tranche: TrancheStartup, Source: SourceGovernment, AmountFen: 400_000_00, Basis: "任务书"}
	p1 := Disbursement{ID: 1, ChallengeID: 7, RacerID: 3, DecisionID: 3, Source: SourceGovernment, AmountFen: 100_000_00, PaidOn: "2026-11-02", Reference: "财拨1号"}
	entries := []audit.Entry{
		entry(10, 1, "decide", decisionSummary(d1)),
		entry(11, 2, "reverse", decisionSummary(d2)),
		entry(12, 3, "decide", decisionSummary(d3)),
		entry(13, 3, "disburse", map[string]any{"disbursement_id": 1, "racer_id": 3, "source": "government", "amount_fen": 100_000_00,
			"paid_on": "2026-11-02", "reference": "财拨1号"}),
		{ID: 14, Entity: audit.EntityOrg, Action: "verify"},
	}
	fresh := func() *memLedger {
		return &memLedger{decs: []Decision{d1, d2, d3}, pays: []Disbursement{p1},
			totals: []Totals{{ChallengeID: 7, Records: 3, BySource: map[Source]Figures{SourceGovernment: {DecidedFen: 400_000_00, DisbursedFen: 100_000_00}}}},
			racers: map[int64]map[Source]Figures{3: {SourceGovernment: {DecidedFen: 400_000_00, DisbursedFen: 100_000_00}}}}
	}
	cases := []struct {
		name   string
		tamper func(m *memLedger)
		want   []string
	}{
		{"untouched", func(*memLedger) {}, nil},
		{"amount changed", func(m *memLedger) { m.decs[2].AmountFen = 450_000_00 }, []string{
			"funding_decisions 3: amount_fen is 45000000 in the database, 40000000 in audit entry 12"}},
		{"amount and totals changed", func(m *memLedger) {
			m.decs[2].AmountFen = 450_000_00
			m.totals[0].BySource[SourceGovernment] = Figures{DecidedFen: 450_000_00, DisbursedFen: 100_000_00}
		}, []string{
			"funding_decisions 3: amount_fen is 45000000 in the database, 40000000 in audit entry 12",
			"funding_totals 7: government decided 45000000 / disbursed 10000000 fen in the table, 40000000 / 10000000 recomputed"}},
		{"payment changed", func(m *memLedger) { m.pays[0].Reference = "改" }, []string{`funding_disbursements 1: reference is "改" in the database`}},
		{"row added", func(m *memLedger) {
			m.decs = append(m.decs, Decision{ID: 4, ChallengeID: 7, RacerID: 3, Source: SourceSelf, AmountFen: 1})
			m.totals[0].Records = 4
		}, []string{"funding_decisions 4: has no audit entry", "funding_totals 7: records is 4 in the table, 3 recomputed"}},
		{"row deleted", func(m *memLedger) { m.pays = nil }, []string{"funding_disbursements 1: recorded by audit entry 13 but missing"}},
		{"reversal unlinked", func(m *memLedger) { m.decs[1].ReversesID = nil }, []string{"funding_decisions 2: reverses_id is null"}},
		{"totals edited", func(m *memLedger) { m.totals[0].Records = 2 }, []string{"funding_totals 7: records is 2 in the table, 3 recomputed"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := fresh()
			m.decs = append([]Decision(nil), m.decs...)
			m.pays = append([]Disbursement(nil), m.pays...)
			tc.tamper(m)
			l := &LedgerAudit{}
			for _, e := range entries {
				l.Observe(e)
			}
			got, err := Reconcile(context.Background(), l, m)
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, g := range got {
				lines = append(lines, g.String())
			}
			all := strings.Join(lines, "\n")
			if len(tc.want) == 0 && len(got) != 0 {
				t.Fatalf("untouched ledger: %s", all)
			}
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("want %q in:\n%s", w, all)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("want %d mismatches, got:\n%s", len(tc.want), all)
			}
		})
	}
}
