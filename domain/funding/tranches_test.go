package funding

import "testing"

// TestHold: each tranche's condition, in order of precedence, without a database.
func TestHold(t *testing.T) {
	signed := TrancheFacts{TaskbookSigned: true, StageDecided: true, RatioPct: 100}
	with := func(f TrancheFacts, tranche string, edit func(*TrancheFacts)) TrancheFacts {
		f.Tranche = tranche
		if edit != nil {
			edit(&f)
		}
		return f
	}
	cases := []struct {
		name string
		f    TrancheFacts
		want string
	}{
		{"startup signed", with(signed, TrancheStartup, nil), ""},
		{"startup unsigned", with(signed, TrancheStartup, func(f *TrancheFacts) { f.TaskbookSigned = false }), HoldTaskbookUnsigned},
		{"startup of a terminated racer", with(signed, TrancheStartup, func(f *TrancheFacts) { f.Ending = &Ending{Kind: EndTerminate} }), HoldTerminated},
		{"stage of a revoked racer", with(signed, "stage-1", func(f *TrancheFacts) { f.Ending = &Ending{Kind: EndRevoke} }), HoldRevoked},
		{"stage undecided", with(signed, "stage-2", func(f *TrancheFacts) { f.StageDecided = false }), HoldStageNotDecided},
		{"stage without co-funding", with(signed, "stage-1", func(f *TrancheFacts) { f.GovThroughFen, f.EnterpriseFen = 100, 99 }), HoldCofundingMissing},
		{"stage with co-funding", with(signed, "stage-1", func(f *TrancheFacts) { f.GovThroughFen, f.EnterpriseFen = 100, 100 }), ""},
		{"half ratio", with(signed, "stage-1", func(f *TrancheFacts) { f.GovThroughFen, f.EnterpriseFen, f.RatioPct = 100, 50, 50 }), ""},
		{"stage under rectification", with(signed, "stage-1", func(f *TrancheFacts) { f.Rectifying = true }), HoldRectificationPending},
		{"final award before acceptance", with(signed, TrancheFinalAward, nil), HoldNotAccepted},
		{"final award accepted", with(signed, TrancheFinalAward, func(f *TrancheFacts) { f.Accepted = true }), ""},
		{"final award under rectification", with(signed, TrancheFinalAward, func(f *TrancheFacts) { f.Accepted, f.Rectifying = true, true }), HoldRectificationPending},
	}
	for _, c := range cases {
		if got, _ := Hold(c.f); got != c.want {
			t.Errorf("%s: hold %q, want %q", c.name, got, c.want)
		}
	}
	if _, d := Hold(with(signed, "stage-1", func(f *TrancheFacts) { f.GovThroughFen, f.EnterpriseFen = 300, 100 })); d["due_fen"] != int64(300) || d["received_fen"] != int64(100) {
		t.Errorf("co-funding details: %v", d)
	}
}

func TestStateOf(t *testing.T) {
	for _, c := range []struct {
		decided, disbursed int64
		hold, want         string
	}{
		{0, 0, "", StateToDecide}, {10, 0, "", StateDue}, {10, 4, "", StateDue}, {10, 10, "", StatePaid},
		{10, 4, HoldTerminated, StateHeld}, {10, 10, HoldTerminated, StatePaid}, {0, 0, HoldStageNotDecided, StateHeld},
	} {
		if got := StateOf(c.decided, c.disbursed, c.hold); got != c.want {
			t.Errorf("StateOf(%d, %d, %q) = %q, want %q", c.decided, c.disbursed, c.hold, got, c.want)
		}
	}
}

// TestRefunds: a termination asks back the disbursed minus the accepted expenses, a revocation all of it;
// later adjustments never take the refund due below what was received.
func TestRefunds(t *testing.T) {
	if got := RefundTarget(EndTerminate, 100, 30); got != 70 {
		t.Errorf("termination target %d", got)
	}
	if got := RefundTarget(EndTerminate, 100, 130); got != 0 {
		t.Errorf("expenses over disbursed: %d", got)
	}
	if got := RefundTarget(EndRevoke, 100, 30); got != 100 {
		t.Errorf("revocation target %d", got)
	}
	if got := RefundAdjustment(RefundFigures{}, 70); got != 70 {
		t.Errorf("first due %d", got)
	}
	if got := RefundAdjustment(RefundFigures{DueFen: 70}, 50); got != -20 {
		t.Errorf("expenses accepted later: %d", got)
	}
	if got := RefundAdjustment(RefundFigures{DueFen: 70, ReceivedFen: 60}, 50); got != -10 {
		t.Errorf("never below received: %d", got)
	}
	if f := (RefundFigures{DueFen: 70, ReceivedFen: 60}); f.Outstanding() != 10 {
		t.Errorf("outstanding %d", f.Outstanding())
	}
	if f := refundFigures([]Refund{{Kind: RefundDue, AmountFen: 70}, {Kind: RefundDue, AmountFen: -20}, {Kind: RefundReceived, AmountFen: 30}}); f.DueFen != 50 || f.ReceivedFen != 30 {
		t.Errorf("figures %+v", f)
	}
}
