package api

import (
	"time"

	"jiebang/domain"
	"jiebang/domain/funding"
)

// fundingDecisionReq is a funding decision, or with reverses_id the reversal of one (then racer, tranche and
// source come from the reversed record, amount_fen may be left out, and note carries the reason).
type fundingDecisionReq struct {
	RacerID    int64  `json:"racer_id"`
	Tranche    string `json:"tranche" description:"startup, stage-N (N the stage's number) or final_award"`
	Source     string `json:"source" description:"government (default), enterprise (co-funding received) or self"`
	AmountFen  int64  `json:"amount_fen"`
	Basis      string `json:"basis" description:"the round or decision the record rests on"`
	Note       string `json:"note"`
	ReversesID *int64 `json:"reverses_id,omitempty"`
}

func (r fundingDecisionReq) toInput() funding.DecisionInput {
	return funding.DecisionInput{RacerID: r.RacerID, Tranche: r.Tranche, Source: funding.Source(r.Source),
		AmountFen: r.AmountFen, Basis: r.Basis, Note: r.Note, ReversesID: r.ReversesID}
}

type fundingDecisionDTO struct {
	ID            int64     `json:"id" required:"true"`
	ChallengeID   int64     `json:"challenge_id" required:"true"`
	RacerID       int64     `json:"racer_id" required:"true"`
	Tranche       string    `json:"tranche" required:"true"`
	Source        string    `json:"source" required:"true"`
	AmountFen     int64     `json:"amount_fen" required:"true"`
	Basis         string    `json:"basis" required:"true"`
	Note          string    `json:"note" required:"true"`
	DecidedBy     int64     `json:"decided_by" required:"true"`
	DecidedByName string    `json:"decided_by_name" required:"true"`
	DecidedAt     time.Time `json:"decided_at" required:"true"`
	ReversesID    *int64    `json:"reverses_id" required:"true"`
	ReversedByID  *int64    `json:"reversed_by_id" required:"true"`
	Actions       []string  `json:"actions" required:"true" description:"what the caller may do now (funding.DecisionActionsFor): the bureau reverse, disburse on a decision neither reversed nor itself a reversal"`
}

// toFundingDecisionDTO converts d as act sees it.
func toFundingDecisionDTO(act domain.Actor, d funding.Decision) fundingDecisionDTO {
	return fundingDecisionDTO{Actions: funding.DecisionActionsFor(act, d), ID: d.ID, ChallengeID: d.ChallengeID, RacerID: d.RacerID, Tranche: d.Tranche,
		Source: string(d.Source), AmountFen: d.AmountFen, Basis: d.Basis, Note: d.Note, DecidedBy: d.DecidedBy,
		DecidedByName: d.DecidedByName, DecidedAt: d.DecidedAt, ReversesID: d.ReversesID, ReversedByID: d.ReversedByID}
}

type disbursementReq struct {
	RacerID    int64  `json:"racer_id"`
	DecisionID int64  `json:"decision_id"`
	AmountFen  int64  `json:"amount_fen"`
	PaidOn     string `json:"paid_on" description:"YYYY-MM-DD"`
	Reference  string `json:"reference" description:"the payment's voucher or transfer reference"`
}

type disbursementDTO struct {
	ID             int64     `json:"id" required:"true"`
	ChallengeID    int64     `json:"challenge_id" required:"true"`
	RacerID        int64     `json:"racer_id" required:"true"`
	DecisionID     int64     `json:"decision_id" required:"true"`
	Source         string    `json:"source" required:"true"`
	AmountFen      int64     `json:"amount_fen" required:"true"`
	PaidOn         string    `json:"paid_on" required:"true"`
	Reference      string    `json:"reference" required:"true"`
	RecordedBy     int64     `json:"recorded_by" required:"true"`
	RecordedByName string    `json:"recorded_by_name" required:"true"`
	RecordedAt     time.Time `json:"recorded_at" required:"true"`
}

func toDisbursementDTO(p funding.Disbursement) disbursementDTO {
	return disbursementDTO{ID: p.ID, ChallengeID: p.ChallengeID, RacerID: p.RacerID, DecisionID: p.DecisionID,
		Source: string(p.Source), AmountFen: p.AmountFen, PaidOn: p.PaidOn, Reference: p.Reference,
		RecordedBy: p.RecordedBy, RecordedByName: p.RecordedName, RecordedAt: p.RecordedAt}
}

type figuresDTO struct {
	DecidedFen   int64 `json:"decided_fen" required:"true"`
	DisbursedFen int64 `json:"disbursed_fen" required:"true"`
}

type bySourceDTO struct {
	Government figuresDTO `json:"government" required:"true"`
	Enterprise figuresDTO `json:"enterprise" required:"true"`
	Self       figuresDTO `json:"self" required:"true"`
}

func toBySourceDTO(m map[funding.Source]funding.Figures) bySourceDTO {
	f := func(s funding.Source) figuresDTO {
		return figuresDTO{DecidedFen: m[s].DecidedFen, DisbursedFen: m[s].DisbursedFen}
	}
	return bySourceDTO{Government: f(funding.SourceGovernment), Enterprise: f(funding.SourceEnterprise), Self: f(funding.SourceSelf)}
}

type fundingRacerDTO struct {
	RacerID  int64       `json:"racer_id" required:"true"`
	OrgID    int64       `json:"org_id" required:"true"`
	OrgName  string      `json:"org_name" required:"true"`
	Status   string      `json:"status" required:"true"`
	BySource bySourceDTO `json:"by_source" required:"true"`
	// Ended is terminate or revoke when the bureau ended the racer, empty otherwise.
	Ended  string           `json:"ended" required:"true" description:"terminate or revoke when the bureau ended the racer"`
	Refund refundFiguresDTO `json:"refund" required:"true" description:"government funds due back and received"`
}

// fundingDTO is a challenge's ledger; decided_fen and disbursed_fen count government funds.
type fundingDTO struct {
	ChallengeID       int64                `json:"challenge_id" required:"true"`
	Title             string               `json:"title" required:"true"`
	Status            string               `json:"status" required:"true"`
	CapFen            int64                `json:"cap_fen" required:"true"`
	DecidedFen        int64                `json:"decided_fen" required:"true"`
	DisbursedFen      int64                `json:"disbursed_fen" required:"true"`
	AvailableFen      int64                `json:"available_fen" required:"true" description:"cap minus government decided"`
	CofundingRatioPct int64                `json:"cofunding_ratio_pct" required:"true" description:"enterprise co-funding required per 100 of government funds"`
	BySource          bySourceDTO          `json:"by_source" required:"true"`
	Racers            []fundingRacerDTO    `json:"racers" required:"true"`
	OwnOnly           bool                 `json:"own_only" required:"true" description:"true for a racer: only its own records are listed"`
	Decisions         []fundingDecisionDTO `json:"decisions" required:"true"`
	Disbursements     []disbursementDTO    `json:"disbursements" required:"true"`
	Refund            refundFiguresDTO     `json:"refund" required:"true" description:"refunds due and received of the whole challenge"`
	Refunds           []refundDTO          `json:"refunds" required:"true" description:"refund entries (append-only): due (negative when accepted expenses lower it) and received"`
	Actions           []string             `json:"actions" required:"true" description:"what the caller may do now (funding.LedgerActionsFor): the bureau decide and disburse while the challenge may be funded; the bureau and the owner enterprise export"`
}

// toFundingDTO converts l as act sees it.
func toFundingDTO(act domain.Actor, l funding.Ledger, ratio int64) fundingDTO {
	out := fundingDTO{ChallengeID: l.Challenge.ID, Title: l.Challenge.Title, Status: string(l.Challenge.Status),
		CapFen: l.CapFen, DecidedFen: l.Gov.DecidedFen, DisbursedFen: l.Gov.DisbursedFen,
		AvailableFen: max(l.CapFen-l.Gov.DecidedFen, 0), CofundingRatioPct: ratio, BySource: toBySourceDTO(l.BySource),
		OwnOnly: l.OwnOnly, Actions: funding.LedgerActionsFor(act, l), Racers: []fundingRacerDTO{}, Decisions: []fundingDecisionDTO{}, Disbursements: []disbursementDTO{},
		Refund: toRefundFiguresDTO(l.Refund), Refunds: []refundDTO{}}
	for _, r := range l.Racers {
		out.Racers = append(out.Racers, fundingRacerDTO{RacerID: r.Racer.ID, OrgID: r.Racer.OrgID, OrgName: r.Racer.OrgName,
			Status: r.Racer.Status, BySource: toBySourceDTO(r.BySource), Ended: l.Endings[r.Racer.ID].Kind,
			Refund: toRefundFiguresDTO(l.RefundsByRacer[r.Racer.ID])})
	}
	for _, r := range l.Refunds {
		out.Refunds = append(out.Refunds, toRefundDTO(r))
	}
	for _, d := range l.Decisions {
		out.Decisions = append(out.Decisions, toFundingDecisionDTO(act, d))
	}
	for _, p := range l.Disbursements {
		out.Disbursements = append(out.Disbursements, toDisbursementDTO(p))
	}
	return out
}

type fundingProposalLineDTO struct {
	RacerID     int64  `json:"racer_id" required:"true"`
	Tranche     string `json:"tranche" required:"true"`
	AmountFen   int64  `json:"amount_fen" required:"true"`
	DecidedFen  int64  `json:"decided_fen" required:"true" description:"government funds already decided for this racer and tranche"`
	Provisional bool   `json:"provisional" required:"true" description:"the stage decision or the winners are not in yet"`
}

type fundingProposalDTO struct {
	CapFen int64                    `json:"cap_fen" required:"true"`
	Lines  []fundingProposalLineDTO `json:"lines" required:"true"`
}

func toFundingProposalDTO(p funding.Proposal) fundingProposalDTO {
	out := fundingProposalDTO{CapFen: p.CapFen, Lines: []fundingProposalLineDTO{}}
	for _, l := range p.Lines {
		out.Lines = append(out.Lines, fundingProposalLineDTO{RacerID: l.RacerID, Tranche: l.Tranche, AmountFen: l.AmountFen,
			DecidedFen: l.DecidedFen, Provisional: l.Provisional})
	}
	return out
}

type racerTotalDTO struct {
	RacerID      int64 `json:"racer_id" required:"true"`
	DecidedFen   int64 `json:"decided_fen" required:"true"`
	DisbursedFen int64 `json:"disbursed_fen" required:"true"`
}

// publicFundingDTO is the public funding totals of a finished challenge (government funds).
type publicFundingDTO struct {
	ChallengeID  int64           `json:"challenge_id" required:"true"`
	DecidedFen   int64           `json:"decided_fen" required:"true"`
	DisbursedFen int64           `json:"disbursed_fen" required:"true"`
	PerRacer     []racerTotalDTO `json:"per_racer" required:"true"`
}
