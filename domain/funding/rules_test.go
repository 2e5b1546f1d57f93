package funding

import (
	"errors"
	"testing"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

func testChallenge() challenge.Challenge {
	return challenge.Challenge{ID: 7, Status: challenge.StatusInProgress, GovFundingFen: 200_000_000,
		Stages: []challenge.Stage{{Name: "中期", FundingSharePct: 30}, {Name: "验收", FundingSharePct: 30}}}
}

func TestParseTranche(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in    string
		stage int
		ok    bool
	}{{"startup", 0, true}, {"final_award", 0, true}, {"stage-1", 1, true}, {"stage-12", 12, true},
		{"stage-0", 0, false}, {"stage-01", 0, false}, {"stage-", 0, false}, {"stage--1", 0, false}, {"Startup", 0, false}, {"", 0, false}} {
		stage, ok := ParseTranche(c.in)
		if stage != c.stage || ok != c.ok {
			t.Errorf("ParseTranche(%q) = %d, %v; want %d, %v", c.in, stage, ok, c.stage, c.ok)
		}
	}
}

func TestWan(t *testing.T) {
	t.Parallel()
	for fen, want := range map[int64]string{0: "0.00", 1_000_000: "1.00", 12_345_678: "12.35", -40_000_000: "-40.00", 4_999: "0.00", 5_000: "0.01"} {
		if got := Wan(fen); got != want {
			t.Errorf("Wan(%d) = %q, want %q", fen, got, want)
		}
	}
}

func code(err error) string { return domain.CodeOf(err) }

func TestCheckDecisionFormat(t *testing.T) {
	t.Parallel()
	ch := testChallenge()
	ok := DecisionInput{RacerID: 1, Tranche: "startup", Source: SourceGovernment, AmountFen: 100}
	for _, c := range []struct {
		name string
		mod  func(*DecisionInput)
		want string
	}{
		{"valid", func(*DecisionInput) {}, ""},
		{"no racer", func(in *DecisionInput) { in.RacerID = 0 }, "racer_required"},
		{"unknown tranche", func(in *DecisionInput) { in.Tranche = "bonus" }, "unknown_tranche"},
		{"stage beyond the plan", func(in *DecisionInput) { in.Tranche = "stage-3" }, "unknown_stage"},
		{"unknown source", func(in *DecisionInput) { in.Source = "bank" }, "unknown_source"},
		{"zero", func(in *DecisionInput) { in.AmountFen = 0 }, "amount_not_positive"},
		{"negative", func(in *DecisionInput) { in.AmountFen = -5 }, "amount_not_positive"},
		{"huge", func(in *DecisionInput) { in.AmountFen = MaxAmountFen + 1 }, "amount_too_large"},
	} {
		in := ok
		c.mod(&in)
		err := CheckDecisionFormat(in, ch)
		if code(err) != c.want {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
		if err != nil && !errors.Is(err, domain.ErrUnprocessable) {
			t.Errorf("%s: want 422 kind, got %v", c.name, err)
		}
	}
	if NormalizeDecision(DecisionInput{}).Source != SourceGovernment {
		t.Error("source must default to government")
	}
}

func TestCheckDecisionInvariants(t *testing.T) {
	t.Parallel()
	base := func() DecisionState {
		return DecisionState{Challenge: testChallenge(),
			Totals:       Totals{BySource: map[Source]Figures{SourceGovernment: {DecidedFen: 150_000_000}}},
			Racer:        Racer{ID: 1, ChallengeID: 7, Status: RacerRacing},
			RacerFigures: map[Source]Figures{}, RacerGov: map[string]int64{"startup": 10_000_000}, RatioPct: 100}
	}
	in := DecisionInput{RacerID: 1, Tranche: "startup", Source: SourceGovernment, AmountFen: 50_000_000}
	for _, c := range []struct {
		name string
		st   func(*DecisionState)
		in   func(*DecisionInput)
		want string
	}{
		{"exactly the cap", nil, nil, ""},
		{"one fen over the cap", nil, func(in *DecisionInput) { in.AmountFen++ }, "over_cap"},
		{"enterprise funds ignore the cap", nil, func(in *DecisionInput) { in.AmountFen = 900_000_000; in.Source = SourceEnterprise }, ""},
		{"other challenge's racer", func(s *DecisionState) { s.Racer.ChallengeID = 8 }, nil, "racer_other_challenge"},
		{"eliminated", func(s *DecisionState) { s.Racer.Status = RacerEliminated }, nil, "racer_eliminated"},
		{"eliminated, even self funds", func(s *DecisionState) { s.Racer.Status = RacerEliminated }, func(in *DecisionInput) { in.Source = SourceSelf }, "racer_eliminated"},
		{"re-admitted", func(s *DecisionState) { s.Racer.Status = RacerRacing; s.Racer.Readmitted = true }, nil, ""},
		{"stage before its decision", nil, func(in *DecisionInput) { in.Tranche = "stage-1"; in.AmountFen = 1 }, "stage_not_decided"},
		{"stage without co-funding", func(s *DecisionState) { s.StageDecided = true }, func(in *DecisionInput) { in.Tranche = "stage-1"; in.AmountFen = 20_000_000 }, "cofunding_missing"},
		{"stage with co-funding 1:1", func(s *DecisionState) {
			s.StageDecided = true
			s.RacerFigures[SourceEnterprise] = Figures{DecidedFen: 30_000_000}
		}, func(in *DecisionInput) { in.Tranche = "stage-1"; in.AmountFen = 20_000_000 }, ""},
		{"stage co-funding one fen short", func(s *DecisionState) {
			s.StageDecided = true
			s.RacerFigures[SourceEnterprise] = Figures{DecidedFen: 29_999_999}
		}, func(in *DecisionInput) { in.Tranche = "stage-1"; in.AmountFen = 20_000_000 }, "cofunding_missing"},
		{"stage-2 counts earlier stages, not later ones", func(s *DecisionState) {
			s.StageDecided = true
			s.RacerGov["stage-1"] = 5_000_000
			s.RacerGov["final_award"] = 99_000_000
			s.RacerFigures[SourceEnterprise] = Figures{DecidedFen: 16_000_000}
		}, func(in *DecisionInput) { in.Tranche = "stage-2"; in.AmountFen = 1_000_000 }, ""},
		{"ratio 2:1", func(s *DecisionState) {
			s.StageDecided, s.RatioPct = true, 200
			s.RacerFigures[SourceEnterprise] = Figures{DecidedFen: 30_000_000}
		}, func(in *DecisionInput) { in.Tranche = "stage-1"; in.AmountFen = 5_000_001 }, "cofunding_missing"},
		{"enterprise stage record needs no co-funding", func(s *DecisionState) { s.StageDecided = true },
			func(in *DecisionInput) { in.Tranche = "stage-1"; in.Source = SourceEnterprise }, ""},
	} {
		st, x := base(), in
		if c.st != nil {
			c.st(&st)
		}
		if c.in != nil {
			c.in(&x)
		}
		err := CheckDecision(st, x)
		if code(err) != c.want {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
	// The over-cap refusal carries the figures.
	st, x := base(), in
	x.AmountFen = 60_000_000
	var de *domain.Error
	if !errors.As(CheckDecision(st, x), &de) || !errors.Is(de, domain.ErrConflict) {
		t.Fatal("want a 409 domain error")
	}
	if de.Details["cap_fen"] != int64(200_000_000) || de.Details["decided_fen"] != int64(150_000_000) ||
		de.Details["requested_fen"] != int64(60_000_000) || de.Details["available_fen"] != int64(50_000_000) {
		t.Errorf("details = %v", de.Details)
	}
	if de.Zh != "超出政府资助上限：上限 200.00 万元，已决定 150.00 万元，本次 60.00 万元，尚可决定 50.00 万元" {
		t.Errorf("zh = %q", de.Zh)
	}
}

func TestCheckReversal(t *testing.T) {
	t.Parallel()
	rid := int64(3)
	orig := Decision{ID: 2, ChallengeID: 7, RacerID: 1, Source: SourceGovernment, AmountFen: 100}
	figs := map[Source]Figures{SourceGovernment: {DecidedFen: 300, DisbursedFen: 150}}
	for _, c := range []struct {
		name string
		mod  func(*Decision)
		paid int64
		figs map[Source]Figures
		want string
	}{
		{"ok", nil, 0, figs, ""},
		{"other challenge", func(d *Decision) { d.ChallengeID = 8 }, 0, figs, "reversal_other_challenge"},
		{"of a reversal", func(d *Decision) { d.ReversesID = &rid; d.AmountFen = -100 }, 0, figs, "reversal_of_reversal"},
		{"twice", func(d *Decision) { d.ReversedByID = &rid }, 0, figs, "already_reversed"},
		{"paid against it", nil, 1, figs, "decision_disbursed"},
		{"below disbursed", nil, 0, map[Source]Figures{SourceGovernment: {DecidedFen: 300, DisbursedFen: 201}}, "below_disbursed"},
	} {
		d := orig
		if c.mod != nil {
			c.mod(&d)
		}
		if got := code(CheckReversal(7, d, c.paid, c.figs)); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestCheckDisbursement(t *testing.T) {
	t.Parallel()
	ok := DisbursementInput{RacerID: 1, DecisionID: 2, AmountFen: 50, PaidOn: "2026-11-20", Reference: "拨字〔2026〕1号"}
	for _, c := range []struct {
		name string
		mod  func(*DisbursementInput)
		want string
	}{
		{"ok", nil, ""},
		{"no decision", func(in *DisbursementInput) { in.DecisionID = 0 }, "decision_required"},
		{"zero", func(in *DisbursementInput) { in.AmountFen = 0 }, "amount_not_positive"},
		{"bad date", func(in *DisbursementInput) { in.PaidOn = "2026-13-01" }, "paid_on_invalid"},
		{"no reference", func(in *DisbursementInput) { in.Reference = " " }, "reference_required"},
	} {
		in := ok
		if c.mod != nil {
			c.mod(&in)
		}
		if got := code(CheckDisbursementFormat(in)); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	rid := int64(9)
	d := Decision{ID: 2, ChallengeID: 7, RacerID: 1, Source: SourceGovernment, AmountFen: 100}
	figs := map[Source]Figures{SourceGovernment: {DecidedFen: 100, DisbursedFen: 40}}
	for _, c := range []struct {
		name string
		d    func(*Decision)
		in   DisbursementInput
		paid int64
		want string
	}{
		{"ok", nil, DisbursementInput{RacerID: 1, AmountFen: 60}, 40, ""},
		{"over the decision", nil, DisbursementInput{RacerID: 1, AmountFen: 61}, 40, "over_decided"},
		{"other racer", nil, DisbursementInput{RacerID: 5, AmountFen: 1}, 0, "decision_other_racer"},
		{"other challenge", func(d *Decision) { d.ChallengeID = 8 }, DisbursementInput{AmountFen: 1}, 0, "decision_other_challenge"},
		{"reversed", func(d *Decision) { d.ReversedByID = &rid }, DisbursementInput{AmountFen: 1}, 0, "decision_reversed"},
	} {
		x := d
		if c.d != nil {
			c.d(&x)
		}
		if got := code(CheckDisbursement(7, c.in, x, c.paid, figs)); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestDefaultSplit(t *testing.T) {
	t.Parallel()
	racers := []Racer{{ID: 3, Status: RacerWinner}, {ID: 1, Status: RacerEliminated}, {ID: 2, Status: RacerFinished}}
	p := DefaultSplit(ProposalInput{CapFen: 100_000_001, StartupPct: 20, StageSharePct: []int{30, 30},
		Racers: racers, Outcomes: []StageOutcome{{Decided: true, Advanced: []int64{2, 3}}, {}},
		Decided: map[int64]map[string]int64{1: {"startup": 5}}})
	sum := map[string]int64{}
	var total int64
	for _, l := range p.Lines {
		sum[l.Tranche] += l.AmountFen
		total += l.AmountFen
	}
	if total != 100_000_001 {
		t.Errorf("lines add up to %d, want the cap", total)
	}
	if sum["startup"] != 20_000_000 || sum["stage-1"] != 30_000_000 || sum["stage-2"] != 30_000_000 || sum["final_award"] != 20_000_001 {
		t.Errorf("per tranche = %v", sum)
	}
	want := []ProposalLine{
		{RacerID: 1, Tranche: "startup", AmountFen: 6_666_667, DecidedFen: 5},
		{RacerID: 2, Tranche: "startup", AmountFen: 6_666_667},
		{RacerID: 3, Tranche: "startup", AmountFen: 6_666_666},
		{RacerID: 2, Tranche: "stage-1", AmountFen: 15_000_000},
		{RacerID: 3, Tranche: "stage-1", AmountFen: 15_000_000},
		{RacerID: 2, Tranche: "stage-2", AmountFen: 15_000_000, Provisional: true},
		{RacerID: 3, Tranche: "stage-2", AmountFen: 15_000_000, Provisional: true},
		{RacerID: 3, Tranche: "final_award", AmountFen: 20_000_001},
	}
	if len(p.Lines) != len(want) {
		t.Fatalf("lines = %+v", p.Lines)
	}
	for i := range want {
		if p.Lines[i] != want[i] {
			t.Errorf("line %d = %+v, want %+v", i, p.Lines[i], want[i])
		}
	}
}
