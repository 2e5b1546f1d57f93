// Package taskbook holds the racer's task book (任务书) as numbered versions signed online in order, and the
// change requests (项目变更) whose approval makes the next version (补充任务书). It builds on the race area: a
// racer's first version is made from the task book the race fixed at the start.
package taskbook

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"jiebang/domain/calendar"
	"jiebang/domain/challenge"
	"jiebang/domain/funding"
	"jiebang/domain/race"
)

// Party is an organisation named in a task book.
type Party struct {
	OrgName    string `json:"org_name"`
	CreditCode string `json:"credit_code"`
}

// PIInfo is the principal investigator (挂帅人) of the task book.
type PIInfo struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Sources is the budget by source (经费来源): the government funds and the enterprise's co-funding the
// challenge offers (caps shared by the challenge's racers), and the rest of the racer's budget, raised by
// itself.
type Sources struct {
	GovernmentFen int64 `json:"government_fen"`
	CofundingFen  int64 `json:"cofunding_fen"`
	SelfFen       int64 `json:"self_fen"`
}

// Tranche is one line of the payment plan (拨付计划): its key as the funding ledger names it (startup,
// stage-N, final_award), its share of the challenge's government funds in percent, that share in fen, and
// the condition that releases it.
type Tranche struct {
	Key       string `json:"key"`
	Pct       int64  `json:"pct"`
	AmountFen int64  `json:"amount_fen"`
	Condition string `json:"condition"`
}

// ChangeRef names the approved change a version carries out (nil for v1).
type ChangeRef struct {
	ID     int64  `json:"id"`
	Kind   Kind   `json:"kind"`
	Reason string `json:"reason"`
}

// Content is what a version says; its canonical encoding (Canonical) is what every signer signs. The field
// order is fixed here and maps encode with sorted keys, so the same content always gives the same bytes.
type Content struct {
	Version     int                `json:"version"`
	RacerID     int64              `json:"racer_id"`
	ChallengeID int64              `json:"challenge_id"`
	Title       string             `json:"title"`
	LeadOrg     Party              `json:"lead_org"`
	PI          PIInfo             `json:"pi"`
	Partners    []Party            `json:"partners"`
	Approach    string             `json:"approach"`
	KPIs        []race.TaskKPI     `json:"kpis"`
	Stages      []race.TaskStage   `json:"stages"`
	Budget      []race.TaskBudget  `json:"budget"`
	BudgetFen   int64              `json:"budget_fen"`
	Sources     Sources            `json:"sources"`
	Terms       race.TaskBookTerms `json:"terms"`
	StartOn     string             `json:"start_on"`
	EndOn       string             `json:"end_on"`
	PaymentPlan []Tranche          `json:"payment_plan"`
	Change      *ChangeRef         `json:"change,omitempty"`
}

// Canonical is the content's canonical JSON encoding (UTF-8, no insignificant spaces, fields in declaration
// order, map keys sorted, times in RFC 3339 UTC).
func (c Content) Canonical() []byte {
	c.normalise()
	b, err := json.Marshal(c)
	if err != nil {
		panic("taskbook: content does not encode: " + err.Error())
	}
	return b
}

// Digest is the SHA-256 of the canonical encoding, in lower-case hex.
func (c Content) Digest() string { return DigestOf(c.Canonical()) }

// DigestOf is the SHA-256 of b in lower-case hex.
func DigestOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func (c *Content) normalise() {
	if c.Partners == nil {
		c.Partners = []Party{}
	}
	if c.KPIs == nil {
		c.KPIs = []race.TaskKPI{}
	}
	if c.Stages == nil {
		c.Stages = []race.TaskStage{}
	}
	for i := range c.Stages {
		c.Stages[i].DueAt = c.Stages[i].DueAt.UTC()
		if c.Stages[i].KPITargets == nil {
			c.Stages[i].KPITargets = map[string]float64{}
		}
	}
	if c.Budget == nil {
		c.Budget = []race.TaskBudget{}
	}
	if c.PaymentPlan == nil {
		c.PaymentPlan = []Tranche{}
	}
}

// Version is one numbered version of a racer's task book (v1 at the start, the next one per approved
// change), with its canonical encoding and digest as stored.
type Version struct {
	ID        int64
	RacerID   int64
	Number    int
	Content   Content
	Canonical []byte
	Digest    string
	// Signed counts the signatures given, in order: the next signer is Slots()[Signed].
	Signed int
	// Superseded is set when a later version replaced this one.
	Superseded *time.Time
	CreatedAt  time.Time
}

// Complete reports whether every party has signed.
func (v Version) Complete() bool { return v.Signed >= len(Slots(v.Content)) }

// DefaultStartupPct is the start-up tranche's share of the government funds in the payment plan when the
// funding area's setting is not given (the funding ledger proposes the same 20 %).
const DefaultStartupPct = 20

// PaymentPlan is the default payment plan (拨付计划): start-up startupPct % after all signatures, each stage's
// funding share (from the challenge's stage plan) after a stage decision that keeps the racer, the rest as
// the final award after acceptance. Percentages and amounts are of the challenge's government funds, which the
// racers still in the race share (docs/funding.md).
func PaymentPlan(c challenge.Challenge, startupPct int64) []Tranche {
	if startupPct <= 0 {
		startupPct = DefaultStartupPct
	}
	capFen := c.GovFundingFen
	rest := capFen
	pctLeft := int64(100)
	startup := capFen * startupPct / 100
	rest -= startup
	pctLeft -= startupPct
	out := []Tranche{{Key: funding.TrancheStartup, Pct: startupPct, AmountFen: startup, Condition: "all_signed"}}
	for i, st := range c.Stages {
		pct := min(int64(st.FundingSharePct), pctLeft)
		share := min(capFen*pct/100, rest)
		rest -= share
		pctLeft -= pct
		out = append(out, Tranche{Key: funding.StageTranche(i + 1), Pct: pct, AmountFen: share, Condition: "stage_kept"})
	}
	return append(out, Tranche{Key: funding.TrancheFinalAward, Pct: max(pctLeft, 0), AmountFen: max(rest, 0), Condition: "accepted"})
}

// FirstContent is version 1 of a racer's task book: the race's task book fixed at the start, the bid's
// partners with their credit codes, and the default payment plan.
func FirstContent(r race.Racer, c challenge.Challenge, partners []Party, leadCode string, startupPct int64) Content {
	tb := r.TaskBook
	start := tb.StartedAt
	if start.IsZero() {
		start = r.StartedAt
	}
	end := race.StageDue(start, tb.Terms.DurationMonths)
	for _, st := range tb.Stages {
		if st.DueAt.After(end) {
			end = st.DueAt
		}
	}
	self := tb.BudgetFen - tb.Terms.GovFundingFen - tb.Terms.CofundingFen
	if partners == nil {
		partners = []Party{}
		for _, p := range tb.Partners {
			partners = append(partners, Party{OrgName: p})
		}
	}
	return Content{Version: 1, RacerID: r.ID, ChallengeID: r.ChallengeID, Title: tb.ChallengeTitle,
		LeadOrg: Party{OrgName: tb.LeadOrg, CreditCode: leadCode}, PI: PIInfo{Name: tb.PI, Email: tb.PIEmail},
		Partners: partners, Approach: tb.Approach, KPIs: tb.KPIs, Stages: tb.Stages, Budget: tb.Budget,
		BudgetFen: tb.BudgetFen, Sources: Sources{GovernmentFen: tb.Terms.GovFundingFen, CofundingFen: tb.Terms.CofundingFen, SelfFen: max(self, 0)},
		Terms: tb.Terms, StartOn: calendar.Date(start),
		EndOn: calendar.Date(end.Add(-time.Nanosecond)), PaymentPlan: PaymentPlan(c, startupPct)}
}
