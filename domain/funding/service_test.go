package funding

import (
	"context"
	"sync"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
	"jiebang/domain/event"
)

type fixture struct {
	svc    *Service
	store  *memStore
	audit  *memAudit
	notes  *memNotifier
	racers *fakeRacers
	bureau domain.Actor
}

func newFixture() *fixture {
	ch := testChallenge()
	ch.OrgID = 50
	other := testChallenge()
	other.ID = 8
	draft := testChallenge()
	draft.ID, draft.Status = 9, challenge.StatusNotice
	f := &fixture{store: &memStore{}, audit: &memAudit{}, notes: &memNotifier{},
		racers: &fakeRacers{racers: map[int64]Racer{
			1: {ID: 1, ChallengeID: 7, OrgID: 11, Status: RacerRacing},
			2: {ID: 2, ChallengeID: 7, OrgID: 12, Status: RacerRacing},
			3: {ID: 3, ChallengeID: 7, OrgID: 13, Status: RacerRacing},
			4: {ID: 4, ChallengeID: 7, OrgID: 14, Status: RacerEliminated},
			5: {ID: 5, ChallengeID: 8, OrgID: 15, Status: RacerRacing},
		}, decided: map[int]StageOutcome{}},
		bureau: domain.Actor{UserID: 100, Name: "王处长", Role: domain.RoleBureau}}
	clk := domain.NewFrozenClock(time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC))
	bus := event.NewBus()
	f.svc = NewService(Config{}, Deps{Store: f.store, Racers: f.racers,
		Challenges: fakeChallenges{7: ch, 8: other, 9: draft}, Tx: serialTx{mu: &sync.Mutex{}},
		Audit: audit.NewService(f.audit, clk), Clock: clk, Events: bus})
	Register(bus, f.notes)
	return f
}

func (f *fixture) decide(t *testing.T, cid int64, in DecisionInput, want string) Decision {
	t.Helper()
	d, err := f.svc.Decide(context.Background(), f.bureau, cid, in)
	if got := domain.CodeOf(err); got != want {
		t.Fatalf("decide %+v: got %v, want %q", in, err, want)
	}
	return d
}

func TestDecideAndReverse(t *testing.T) {
	t.Parallel()
	f := newFixture()
	ctx := context.Background()
	for _, r := range []int64{1, 2, 3} {
		d := f.decide(t, 7, DecisionInput{RacerID: r, Tranche: "startup", AmountFen: 40_000_000, Basis: "立项决定"}, "")
		if d.Source != SourceGovernment || d.DecidedBy != 100 || d.ID == 0 {
			t.Fatalf("decision = %+v", d)
		}
	}
	dup := f.decide(t, 7, DecisionInput{RacerID: 3, Tranche: "startup", AmountFen: 40_000_000}, "")
	f.decide(t, 7, DecisionInput{RacerID: 1, Tranche: "startup", AmountFen: 40_000_001}, "over_cap")
	f.decide(t, 7, DecisionInput{RacerID: 4, Tranche: "startup", AmountFen: 1}, "racer_eliminated")
	f.decide(t, 7, DecisionInput{RacerID: 5, Tranche: "startup", AmountFen: 1}, "racer_other_challenge")
	f.decide(t, 7, DecisionInput{RacerID: 99, Tranche: "startup", AmountFen: 1}, "racer_other_challenge")
	f.decide(t, 9, DecisionInput{RacerID: 1, Tranche: "startup", AmountFen: 1}, "funding_not_open")
	f.decide(t, 7, DecisionInput{ReversesID: &dup.ID}, "reason_required")
	f.decide(t, 7, DecisionInput{ReversesID: &dup.ID, Note: "重复录入", AmountFen: 5}, "reversal_amount")
	rev := f.decide(t, 7, DecisionInput{ReversesID: &dup.ID, Note: "重复录入"}, "")
	if rev.AmountFen != -40_000_000 || rev.RacerID != 3 || rev.Tranche != "startup" || *rev.ReversesID != dup.ID {
		t.Fatalf("reversal = %+v", rev)
	}
	f.decide(t, 7, DecisionInput{ReversesID: &dup.ID, Note: "again"}, "already_reversed")
	f.decide(t, 7, DecisionInput{ReversesID: &rev.ID, Note: "undo"}, "reversal_of_reversal")
	other := f.decide(t, 8, DecisionInput{RacerID: 5, Tranche: "startup", AmountFen: 1}, "")
	f.decide(t, 7, DecisionInput{ReversesID: &other.ID, Note: "wrong"}, "reversal_other_challenge")
	missing := int64(999)
	f.decide(t, 7, DecisionInput{ReversesID: &missing, Note: "x"}, "reversal_not_found")
	// The reversal freed the room again: exactly the cap.
	f.decide(t, 7, DecisionInput{RacerID: 1, Tranche: "startup", AmountFen: 80_000_000}, "")
	f.decide(t, 7, DecisionInput{RacerID: 1, Tranche: "startup", AmountFen: 1}, "over_cap")
	tot, _ := f.store.Totals(ctx, 7)
	if tot.Gov().DecidedFen != 200_000_000 {
		t.Errorf("gov decided = %d", tot.Gov().DecidedFen)
	}
	if _, err := f.svc.Decide(ctx, domain.Actor{UserID: 5, Role: domain.RoleEnterprise, OrgID: 50}, 7,
		DecisionInput{RacerID: 1, Tranche: "startup", AmountFen: 1}); domain.CodeOf(err) != "forbidden" {
		t.Errorf("enterprise decide: %v", err)
	}
	actions := map[string]int{}
	for _, e := range f.audit.entries {
		if e.Entity != audit.EntityFundingDecision {
			t.Errorf("audit entity %q", e.Entity)
		}
		actions[e.Action]++
	}
	if actions["decide"] != 6 || actions["reverse"] != 1 {
		t.Errorf("audit actions = %v", actions)
	}
	if len(f.notes.got) != 7 || f.notes.got[0].OrgID != 11 || f.notes.got[4].Kind != "funding.reversed" {
		t.Errorf("notifications = %+v", f.notes.got)
	}
}

func TestStageTrancheAndDisbursement(t *testing.T) {
	t.Parallel()
	f := newFixture()
	ctx := context.Background()
	start := f.decide(t, 7, DecisionInput{RacerID: 1, Tranche: "startup", AmountFen: 10_000_000}, "")
	f.decide(t, 7, DecisionInput{RacerID: 1, Tranche: "stage-1", AmountFen: 10_000_000}, "stage_not_decided")
	f.racers.decided[1] = StageOutcome{Decided: true, Advanced: []int64{1, 2}}
	f.decide(t, 7, DecisionInput{RacerID: 1, Tranche: "stage-1", AmountFen: 10_000_000}, "cofunding_missing")
	f.decide(t, 7, DecisionInput{RacerID: 1, Tranche: "startup", Source: SourceEnterprise, AmountFen: 20_000_000, Basis: "到账凭证"}, "")
	f.decide(t, 7, DecisionInput{RacerID: 1, Tranche: "stage-1", AmountFen: 10_000_000}, "")

	pay := func(in DisbursementInput, want string) {
		t.Helper()
		in.PaidOn, in.Reference = "2026-11-20", "国库拨付 001"
		_, err := f.svc.Disburse(ctx, f.bureau, 7, in)
		if got := domain.CodeOf(err); got != want {
			t.Fatalf("disburse %+v: got %v, want %q", in, err, want)
		}
	}
	pay(DisbursementInput{RacerID: 1, DecisionID: start.ID, AmountFen: 6_000_000}, "")
	pay(DisbursementInput{RacerID: 1, DecisionID: start.ID, AmountFen: 4_000_001}, "over_decided")
	pay(DisbursementInput{RacerID: 2, DecisionID: start.ID, AmountFen: 1}, "decision_other_racer")
	f.decide(t, 7, DecisionInput{ReversesID: &start.ID, Note: "错误"}, "decision_disbursed")
	pay(DisbursementInput{RacerID: 1, DecisionID: start.ID, AmountFen: 4_000_000}, "")

	l, err := f.svc.Ledger(ctx, f.bureau, 7)
	if err != nil {
		t.Fatal(err)
	}
	if l.Gov.DecidedFen != 20_000_000 || l.Gov.DisbursedFen != 10_000_000 || l.BySource[SourceEnterprise].DecidedFen != 20_000_000 ||
		len(l.Decisions) != 3 || len(l.Disbursements) != 2 || len(l.Racers) != 4 || l.OwnOnly {
		t.Errorf("ledger = %+v", l)
	}
	// Visibility: the owner enterprise sees everything, a racer its own records, anyone else nothing.
	if l, err := f.svc.Ledger(ctx, domain.Actor{UserID: 2, Role: domain.RoleEnterprise, OrgID: 50}, 7); err != nil || l.OwnOnly || len(l.Decisions) != 3 {
		t.Errorf("owner: %v %+v", err, l)
	}
	if l, err := f.svc.Ledger(ctx, domain.Actor{UserID: 3, Role: domain.RoleTeam, OrgID: 12}, 7); err != nil || !l.OwnOnly || len(l.Decisions) != 0 || len(l.Racers) != 1 {
		t.Errorf("racer 2: %v %+v", err, l)
	}
	for _, a := range []domain.Actor{{}, {UserID: 4, Role: domain.RoleTeam, OrgID: 77}, {UserID: 5, Role: domain.RoleEnterprise, OrgID: 51}} {
		if _, err := f.svc.Ledger(ctx, a, 7); domain.CodeOf(err) != "not_found" {
			t.Errorf("%+v: %v", a, err)
		}
	}
	if _, err := f.svc.CanExport(ctx, domain.Actor{UserID: 3, Role: domain.RoleTeam, OrgID: 11}, 7); domain.CodeOf(err) != "not_found" {
		t.Errorf("racer export: %v", err)
	}
	// Public totals only once finished.
	if m, _ := f.svc.PublicTotals(ctx, []int64{7}); len(m) != 0 {
		t.Errorf("public totals of a running challenge: %v", m)
	}
}

func TestParallelDecisionsNeverPassTheCap(t *testing.T) {
	t.Parallel()
	f := newFixture()
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.svc.Decide(context.Background(), f.bureau, 7, DecisionInput{RacerID: int64(i%3 + 1), Tranche: "startup", AmountFen: 7_000_000})
			if err == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	tot, _ := f.store.Totals(context.Background(), 7)
	if ok != 28 || tot.Gov().DecidedFen != 196_000_000 {
		t.Errorf("accepted %d, decided %d", ok, tot.Gov().DecidedFen)
	}
}

func TestProposalService(t *testing.T) {
	t.Parallel()
	f := newFixture()
	p, err := f.svc.Proposal(context.Background(), f.bureau, 7)
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, l := range p.Lines {
		sum += l.AmountFen
	}
	if p.CapFen != 200_000_000 || sum != 200_000_000 || p.Lines[0].AmountFen != 10_000_000 {
		t.Errorf("proposal = %+v", p)
	}
	if _, err := f.svc.Proposal(context.Background(), domain.Actor{UserID: 1, Role: domain.RoleTeam, OrgID: 11}, 7); domain.CodeOf(err) != "forbidden" {
		t.Errorf("team proposal: %v", err)
	}
}
