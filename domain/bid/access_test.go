package bid_test

import (
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
)

func TestCanRead(t *testing.T) {
	ch := testChallenge()
	before := ch.BidDeadline.Add(-time.Hour)
	after := ch.BidDeadline.Add(time.Second)
	afterGrace := ch.BidDeadline.Add(domain.ArrivalGrace)
	team := domain.Actor{UserID: 1, Role: domain.RoleTeam, OrgID: 10}
	teamMate := domain.Actor{UserID: 2, Role: domain.RoleTeam, OrgID: 10}
	otherTeam := domain.Actor{UserID: 3, Role: domain.RoleTeam, OrgID: 11}
	bureau := domain.Actor{UserID: 4, Role: domain.RoleBureau}
	owner := domain.Actor{UserID: 5, Role: domain.RoleEnterprise, OrgID: ch.OrgID}
	otherEnt := domain.Actor{UserID: 6, Role: domain.RoleEnterprise, OrgID: 99}
	expert := domain.Actor{UserID: 7, Role: domain.RoleExpert, OrgID: 12}
	enterpriseSameOrgAsTeam := domain.Actor{UserID: 8, Role: domain.RoleEnterprise, OrgID: 10}
	public := domain.Actor{}

	submitted := bid.Bid{LeadOrgID: 10, Status: bid.StatusSubmitted, Version: 1}
	draft := bid.Bid{LeadOrgID: 10, Status: bid.StatusDraft}
	withdrawn := bid.Bid{LeadOrgID: 10, Status: bid.StatusWithdrawn, Version: 2}

	cases := []struct {
		name  string
		actor domain.Actor
		b     bid.Bid
		now   time.Time
		want  bool
	}{
		{"team reads its draft", team, draft, before, true},
		{"team mate reads it too", teamMate, submitted, before, true},
		{"other team never", otherTeam, submitted, after, false},
		{"bureau reads submitted before the deadline", bureau, submitted, before, true},
		{"bureau does not see a never-submitted draft", bureau, draft, after, false},
		{"bureau sees a withdrawn submitted bid", bureau, withdrawn, after, true},
		{"owner sealed before the deadline", owner, submitted, before, false},
		{"owner sealed within the arrival grace", owner, submitted, after, false},
		{"owner reads once the grace after the deadline has passed", owner, submitted, afterGrace, true},
		{"owner never sees drafts", owner, draft, afterGrace, false},
		{"owner does not see withdrawn bids", owner, withdrawn, afterGrace, false},
		{"other enterprise never", otherEnt, submitted, after, false},
		{"expert never", expert, submitted, after, false},
		{"enterprise user of the lead org is not the team", enterpriseSameOrgAsTeam, submitted, before, false},
		{"public never", public, submitted, after, false},
	}
	for _, tc := range cases {
		if got := bid.CanRead(tc.actor, tc.b, ch, tc.now); got != tc.want {
			t.Errorf("%s: got %v", tc.name, got)
		}
	}
	closed := ch
	closed.Status = challenge.StatusBiddingClosed
	if !bid.CanRead(owner, submitted, closed, before) {
		t.Error("a closed challenge unseals even before its deadline")
	}
}

func TestCheckOpen(t *testing.T) {
	ch := testChallenge()
	dl := *ch.BidDeadline
	closed := ch
	closed.Status = challenge.StatusBiddingClosed
	cancelled := ch
	cancelled.Status = challenge.StatusCancelled
	cases := []struct {
		name string
		ch   challenge.Challenge
		now  time.Time
		code string
	}{
		{"open", ch, dl.Add(-time.Nanosecond), ""},
		{"at the deadline", ch, dl, "deadline_passed"},
		{"after the deadline, not yet closed by the scheduler", ch, dl.Add(time.Minute), "deadline_passed"},
		{"closed", closed, dl.Add(time.Minute), "deadline_passed"},
		{"cancelled before the deadline", cancelled, dl.Add(-time.Hour), "challenge_not_open"},
	}
	for _, tc := range cases {
		if got := domain.CodeOf(bid.CheckOpen(tc.ch, tc.now)); got != tc.code {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.code)
		}
	}
}

// TestCheckOpenAt: a change counts as of its arrival if it is recorded before the deadline plus the grace.
func TestCheckOpenAt(t *testing.T) {
	ch := testChallenge()
	dl := *ch.BidDeadline
	cancelled := ch
	cancelled.Status = challenge.StatusCancelled
	cases := []struct {
		name              string
		ch                challenge.Challenge
		arrived, recorded time.Time
		code              string
	}{
		{"arrived and recorded before the deadline", ch, dl.Add(-time.Minute), dl.Add(-time.Second), ""},
		{"arrived before, recorded within the grace", ch, dl.Add(-time.Second), dl.Add(domain.ArrivalGrace - time.Nanosecond), ""},
		{"arrived before, recorded at the end of the grace", ch, dl.Add(-time.Second), dl.Add(domain.ArrivalGrace), "deadline_passed"},
		{"arrived at the deadline", ch, dl, dl.Add(time.Second), "deadline_passed"},
		{"arrived before, cancelled meanwhile", cancelled, dl.Add(-time.Second), dl.Add(time.Second), "challenge_not_open"},
	}
	for _, tc := range cases {
		if got := domain.CodeOf(bid.CheckOpenAt(tc.ch, tc.arrived, tc.recorded)); got != tc.code {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.code)
		}
	}
}

func TestEligibilityRules(t *testing.T) {
	if err := (bid.EligibilityInput{Eligible: false}).Validate(); fieldsOf(err)["reason"] != "required" {
		t.Errorf("ineligible without a reason: %v", err)
	}
	if err := (bid.EligibilityInput{Eligible: true}).Validate(); err != nil {
		t.Errorf("eligible without a reason: %v", err)
	}
	for st, code := range map[challenge.Status]string{challenge.StatusPublished: "bidding_not_closed",
		challenge.StatusBiddingClosed: "", challenge.StatusReviewing: "eligibility_closed"} {
		ch := testChallenge()
		ch.Status = st
		if got := domain.CodeOf(bid.CheckEligibilityWindow(ch)); got != code {
			t.Errorf("%s: got %q, want %q", st, got, code)
		}
	}
}

func TestPrecheck(t *testing.T) {
	ch := testChallenge()
	lead := account.Org{ID: 10, Name: "浙江大学", CreditCode: code(1), CreditStatus: account.CreditGood, Verified: true}
	base := func() bid.PrecheckFacts {
		return bid.PrecheckFacts{Challenge: ch, Content: completeContent(), Lead: lead, Partners: map[string]account.Org{},
			PosterCreditCode: code(70), ActiveByPI: 1, ActiveByOrg: 1, MaxActivePI: 1, MaxActiveOrg: 3, MaxPartners: 4}
	}
	cases := []struct {
		name   string
		mutate func(f *bid.PrecheckFacts)
		failed []string
	}{
		{"all good", func(f *bid.PrecheckFacts) {}, nil},
		{"lead warned", func(f *bid.PrecheckFacts) { f.Lead.CreditStatus = account.CreditWarned }, []string{bid.CheckCreditStatus}},
		{"known partner barred", func(f *bid.PrecheckFacts) {
			f.Partners[code(2)] = account.Org{Name: "杭州精工", CreditStatus: account.CreditBarred}
		}, []string{bid.CheckCreditStatus}},
		{"PI over the limit", func(f *bid.PrecheckFacts) { f.ActiveByPI = 2 }, []string{bid.CheckPILimit}},
		{"org over the limit", func(f *bid.PrecheckFacts) { f.ActiveByOrg = 4 }, []string{bid.CheckOrgLimit}},
		{"incomplete", func(f *bid.PrecheckFacts) { f.Content.Approach = "" }, []string{bid.CheckCompleteness}},
		{"over the cap", func(f *bid.PrecheckFacts) { f.Content.Budget[0].AmountFen = 9_000_000_00 },
			[]string{bid.CheckCompleteness, bid.CheckBudgetCap}},
		{"partner is the poster", func(f *bid.PrecheckFacts) { f.Content.Partners[0].CreditCode = code(70) },
			[]string{bid.CheckRelatedParty}},
		{"lead is the poster", func(f *bid.PrecheckFacts) { f.Lead.ID = ch.OrgID }, []string{bid.CheckRelatedParty}},
	}
	for _, tc := range cases {
		f := base()
		tc.mutate(&f)
		pc := bid.RunPrecheck(f)
		if len(pc.Checks) != 6 {
			t.Fatalf("%s: want 6 checks, got %d", tc.name, len(pc.Checks))
		}
		var failed []string
		for _, c := range pc.Checks {
			if c.Zh == "" || c.En == "" {
				t.Errorf("%s: check %s has no message", tc.name, c.Code)
			}
			if !c.OK {
				failed = append(failed, c.Code)
			}
		}
		if pc.OK != (len(failed) == 0) || len(failed) != len(tc.failed) {
			t.Errorf("%s: failed %v, want %v", tc.name, failed, tc.failed)
			continue
		}
		for i := range failed {
			if failed[i] != tc.failed[i] {
				t.Errorf("%s: failed %v, want %v", tc.name, failed, tc.failed)
			}
		}
	}
}
