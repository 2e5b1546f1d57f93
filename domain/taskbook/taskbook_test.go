package taskbook

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
	"jiebang/domain/race"
)

func sampleContent() Content {
	due := time.Date(2026, 6, 30, 16, 0, 0, 0, time.UTC)
	return Content{Version: 1, RacerID: 3, ChallengeID: 7, Title: "高温阀门", LeadOrg: Party{OrgName: "甲大学", CreditCode: "X1"},
		PI: PIInfo{Name: "张三", Email: "z@example.cn"}, Partners: []Party{{OrgName: "乙公司", CreditCode: "X2"}},
		KPIs:   []race.TaskKPI{{Name: "寿命", Target: 1000, Unit: "h", Comparison: ">="}},
		Stages: []race.TaskStage{{Stage: 1, Name: "样机", DueAt: due, KPITargets: map[string]float64{"b": 2, "a": 1}}},
		Budget: []race.TaskBudget{{Item: "设备", AmountFen: 100}, {Item: "材料", AmountFen: 200}}, BudgetFen: 300,
		StartOn: "2026-01-01", EndOn: "2026-12-31"}
}

func TestDigestIsStable(t *testing.T) {
	a := sampleContent()
	b := sampleContent()
	// The same content in another zone and with the map built in another order encodes the same.
	b.Stages[0].DueAt = b.Stages[0].DueAt.In(time.FixedZone("CST", 8*3600))
	b.Stages[0].KPITargets = map[string]float64{"a": 1, "b": 2}
	if a.Digest() != b.Digest() {
		t.Fatalf("digests differ:\n%s\n%s", a.Canonical(), b.Canonical())
	}
	// Stored and read back (the store keeps the canonical bytes), the content encodes to the same bytes.
	var back Content
	if err := json.Unmarshal(a.Canonical(), &back); err != nil {
		t.Fatal(err)
	}
	if string(back.Canonical()) != string(a.Canonical()) {
		t.Fatalf("round trip changed the encoding:\n%s\n%s", a.Canonical(), back.Canonical())
	}
	c := sampleContent()
	c.Budget[0].AmountFen = 101
	if c.Digest() == a.Digest() {
		t.Fatal("a changed amount kept the digest")
	}
	if len(a.Digest()) != 64 {
		t.Fatalf("digest %q is not hex SHA-256", a.Digest())
	}
}

func TestSlotsInOrder(t *testing.T) {
	c := sampleContent()
	c.Partners = append(c.Partners, Party{OrgName: "丙所"})
	var keys []string
	for _, s := range Slots(c) {
		keys = append(keys, s.Key)
	}
	want := []string{"pi", "lead", "partner-1", "partner-2", "owner", "bureau"}
	if len(keys) != len(want) {
		t.Fatalf("slots %v, want %v", keys, want)
	}
	for i := range want {
		if keys[i] != want[i] {
			t.Fatalf("slots %v, want %v", keys, want)
		}
	}
}

func TestSignerFor(t *testing.T) {
	f := SignerFacts{LeadOrgID: 10, PIUserID: 0, LeadAdminID: 11, PartnerOrgIDs: []int64{20, 0}, PartnerAdmins: []int64{21, 0},
		OwnerOrgID: 30, OwnerAdminID: 31}
	c := sampleContent()
	c.Partners = append(c.Partners, Party{OrgName: "丙所"})
	slots := Slots(c)
	team := func(id, org int64) domain.Actor { return domain.Actor{UserID: id, Role: domain.RoleTeam, OrgID: org} }
	cases := []struct {
		slot  int
		actor domain.Actor
		may   bool
	}{
		{0, team(12, 10), true},  // no PI account: any team user of the lead org
		{0, team(22, 20), false}, // not the lead org
		{1, team(11, 10), true},  // the lead org's administrator
		{1, team(12, 10), false},
		{2, team(21, 20), true}, // the partner's administrator
		{2, team(11, 10), false},
		{3, team(11, 10), true}, // a partner not on the platform: the lead's administrator on its behalf
		{4, domain.Actor{UserID: 31, Role: domain.RoleEnterprise, OrgID: 30}, true},
		{4, domain.Actor{UserID: 32, Role: domain.RoleEnterprise, OrgID: 30}, false},
		{5, domain.Actor{UserID: 40, Role: domain.RoleBureau}, true},
		{5, domain.Actor{UserID: 41, Role: domain.RoleAdmin}, false},
	}
	for _, tc := range cases {
		if got := SignerFor(slots[tc.slot], f).May(tc.actor); got != tc.may {
			t.Errorf("slot %s actor %+v: may %v, want %v", slots[tc.slot].Key, tc.actor, got, tc.may)
		}
	}
	if !SignerFor(slots[3], f).OnBehalf {
		t.Error("the lead's signature for an absent partner is not marked on behalf")
	}
	f.PIUserID = 13
	if SignerFor(slots[0], f).May(team(12, 10)) || !SignerFor(slots[0], f).May(team(13, 10)) {
		t.Error("with a PI account only the PI signs the PI's slot")
	}
}

func TestCheckTurn(t *testing.T) {
	c := sampleContent()
	v := Version{ID: 1, Number: 2, Content: c, Digest: c.Digest(), Signed: 1}
	f := SignerFacts{LeadOrgID: 10, PIUserID: 12, LeadAdminID: 11, PartnerOrgIDs: []int64{20}, PartnerAdmins: []int64{21}, OwnerOrgID: 30}
	var signers []Signer
	for _, s := range Slots(c) {
		signers = append(signers, SignerFor(s, f))
	}
	lead := domain.Actor{UserID: 11, Role: domain.RoleTeam, OrgID: 10}
	pi := domain.Actor{UserID: 12, Role: domain.RoleTeam, OrgID: 10}
	signed := []Signature{{Slot: "pi", UserID: 12}}
	if sl, _, err := CheckTurn(v, SignInput{Version: 2, Digest: v.Digest}, lead, signers, signed); err != nil || sl.Key != "lead" {
		t.Fatalf("lead's turn: %v %v", sl, err)
	}
	codeOf := func(in SignInput, a domain.Actor) string {
		_, _, err := CheckTurn(v, in, a, signers, signed)
		return domain.CodeOf(err)
	}
	if got := codeOf(SignInput{Version: 1}, lead); got != "taskbook_changed" {
		t.Errorf("outdated version: %s", got)
	}
	if got := codeOf(SignInput{Version: 2, Digest: "00"}, lead); got != "taskbook_changed" {
		t.Errorf("other digest: %s", got)
	}
	if got := codeOf(SignInput{Version: 2}, pi); got != "already_signed" {
		t.Errorf("PI again: %s", got)
	}
	if got := codeOf(SignInput{Version: 2}, domain.Actor{UserID: 40, Role: domain.RoleBureau}); got != "not_your_turn" {
		t.Errorf("bureau early: %s", got)
	}
	v.Signed = len(Slots(c))
	if got := codeOf(SignInput{Version: 2}, lead); got != "taskbook_signed" {
		t.Errorf("complete: %s", got)
	}
	if !v.Complete() {
		t.Error("not complete")
	}
}

func TestChangeTransitions(t *testing.T) {
	cases := []struct {
		kind   Kind
		from   Status
		action string
		to     Status
		ok     bool
	}{
		{KindEndDate, StatusSubmitted, ActionApprove, "", false}, // a major change needs the owner's consent first
		{KindEndDate, StatusSubmitted, ActionConsent, StatusConsented, true},
		{KindEndDate, StatusConsented, ActionApprove, StatusApproved, true},
		{KindBudget, StatusSubmitted, ActionApprove, StatusApproved, true},
		{KindBudget, StatusSubmitted, ActionConsent, "", false},
		{KindTitle, StatusConsented, ActionReject, StatusRejected, true},
		{KindTitle, StatusSubmitted, ActionWithdraw, StatusWithdrawn, true},
		{KindTitle, StatusApproved, ActionWithdraw, "", false},
		{KindTitle, StatusRejected, ActionApprove, "", false},
	}
	for _, tc := range cases {
		to, ok := Next(tc.kind, tc.from, tc.action)
		if to != tc.to || ok != tc.ok {
			t.Errorf("%s %s %s: %s %v, want %s %v", tc.kind, tc.from, tc.action, to, ok, tc.to, tc.ok)
		}
	}
}

func TestCheckChangeRules(t *testing.T) {
	cur := sampleContent() // ends 2026-12-31
	early := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	late := time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC) // fewer than 60 days before the end
	ext := func(end string) ChangeInput {
		return ChangeInput{Kind: KindEndDate, Reason: "设备到货延迟", Proposed: Proposed{EndOn: end}}
	}
	cases := []struct {
		name     string
		in       ChangeInput
		now      time.Time
		byBureau bool
		used     int
		code     string
	}{
		{"extension within a year", ext("2027-06-30"), early, false, 0, ""},
		{"extension of exactly 12 months", ext("2027-12-31"), early, false, 0, ""},
		{"extension too long", ext("2028-01-01"), early, false, 0, "extension_too_long"},
		{"second extension", ext("2027-03-31"), early, false, 1, "extension_used"},
		{"end not later", ext("2026-12-01"), early, false, 0, "validation_failed"},
		{"too late", ext("2027-03-31"), late, false, 0, "too_late"},
		{"too late but by the bureau", ext("2027-03-31"), late, true, 0, ""},
		{"budget keeps its total", ChangeInput{Kind: KindBudget, Reason: "r", Proposed: Proposed{Budget: []race.TaskBudget{{Item: "设备", AmountFen: 300}}}}, early, false, 0, ""},
		{"budget changes its total", ChangeInput{Kind: KindBudget, Reason: "r", Proposed: Proposed{Budget: []race.TaskBudget{{Item: "设备", AmountFen: 301}}}}, early, false, 0, "validation_failed"},
		{"unknown KPI", ChangeInput{Kind: KindKPI, Reason: "r", Proposed: Proposed{KPIs: []KPITarget{{Name: "功率", Target: 1}}}}, early, false, 0, "validation_failed"},
		{"unknown kind", ChangeInput{Kind: "colour", Reason: "r"}, early, false, 0, "validation_failed"},
		{"no reason", ChangeInput{Kind: KindTitle, Proposed: Proposed{Title: "新名称"}}, early, false, 0, "validation_failed"},
	}
	for _, tc := range cases {
		err := CheckChange(tc.in, cur, Rules{}, tc.now, tc.byBureau, tc.used)
		got := domain.CodeOf(err)
		var ve *domain.ValidationError
		if errors.As(err, &ve) {
			got = "validation_failed"
		}
		if got != tc.code {
			t.Errorf("%s: %q (%v), want %q", tc.name, got, err, tc.code)
		}
	}
}

func TestApplyMakesNextVersion(t *testing.T) {
	cur := sampleContent()
	next := Apply(cur, Change{ID: 9, Kind: KindEndDate, Reason: "延期", Proposed: Proposed{EndOn: "2027-06-30"}})
	if next.Version != 2 || next.EndOn != "2027-06-30" || next.Change == nil || next.Change.ID != 9 {
		t.Fatalf("next %+v", next)
	}
	if next.Digest() == cur.Digest() {
		t.Fatal("the supplement has the same digest")
	}
	k := Apply(cur, Change{Kind: KindKPI, Proposed: Proposed{KPIs: []KPITarget{{Name: "寿命", Target: 800}}}})
	if k.KPIs[0].Target != 800 || cur.KPIs[0].Target != 1000 {
		t.Fatalf("KPI change: %v (current %v)", k.KPIs, cur.KPIs)
	}
}

func TestPaymentPlan(t *testing.T) {
	c := challenge.Challenge{GovFundingFen: 1_000_000_00, Stages: []challenge.Stage{{FundingSharePct: 30}, {FundingSharePct: 30}}}
	plan := PaymentPlan(c, 0)
	var sum, pct int64
	for _, tr := range plan {
		sum += tr.AmountFen
		pct += tr.Pct
	}
	if len(plan) != 4 || plan[0].Pct != DefaultStartupPct || plan[3].Key != "final_award" || plan[3].Pct != 20 || sum != c.GovFundingFen || pct != 100 {
		t.Fatalf("plan %+v", plan)
	}
}
