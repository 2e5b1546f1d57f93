package funding

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// MaxAmountFen bounds one record (1,000 亿元) so sums of records cannot overflow.
const MaxAmountFen int64 = 10_000_000_000_000

// DecisionInput is a record the bureau asks to add. With ReversesID set it is a reversal: the racer, tranche
// and source come from the reversed record and AmountFen, when given, must be its negation.
type DecisionInput struct {
	RacerID    int64
	Tranche    string
	Source     Source
	AmountFen  int64
	Basis      string
	Note       string
	ReversesID *int64
}

// DisbursementInput is a payment the bureau records against a decision.
type DisbursementInput struct {
	RacerID    int64
	DecisionID int64
	AmountFen  int64
	PaidOn     string
	Reference  string
}

// unprocessable is the 422 of a broken rule, naming the rule in its code and the field in its details.
func unprocessable(code, field, zh, en string) *domain.Error {
	return domain.NewError(domain.ErrUnprocessable, code, zh, en).WithDetails(map[string]any{"field": field, "rule": code})
}

// NormalizeDecision trims the texts and applies the default source.
func NormalizeDecision(in DecisionInput) DecisionInput {
	in.Tranche = strings.TrimSpace(in.Tranche)
	in.Basis = strings.TrimSpace(in.Basis)
	in.Note = strings.TrimSpace(in.Note)
	if in.Source == "" {
		in.Source = SourceGovernment
	}
	return in
}

// CheckDecisionFormat checks a new (non-reversal) record against the challenge's plan: a known tranche whose
// stage exists, a known source, a positive bounded amount, texts within their limits.
func CheckDecisionFormat(in DecisionInput, ch challenge.Challenge) error {
	if in.RacerID <= 0 {
		return unprocessable("racer_required", "racer_id", "请选择参赛团队", "racer_id is required")
	}
	stage, ok := ParseTranche(in.Tranche)
	if !ok {
		return unprocessable("unknown_tranche", "tranche", "资助批次须为 startup、stage-N 或 final_award",
			"tranche must be startup, stage-N or final_award")
	}
	if stage > len(ch.Stages) {
		return unprocessable("unknown_stage", "tranche", fmt.Sprintf("榜单只有 %d 个阶段", len(ch.Stages)),
			fmt.Sprintf("the challenge has %d stages", len(ch.Stages)))
	}
	if !in.Source.Valid() {
		return unprocessable("unknown_source", "source", "资金来源须为 government、enterprise 或 self",
			"source must be government, enterprise or self")
	}
	if in.AmountFen <= 0 {
		return unprocessable("amount_not_positive", "amount_fen", "金额须大于零（更正请使用冲销）",
			"amount must be positive (use a reversal to correct a record)")
	}
	if in.AmountFen > MaxAmountFen {
		return unprocessable("amount_too_large", "amount_fen", "金额过大", "amount is too large")
	}
	return checkTexts(in.Basis, in.Note)
}

func checkTexts(basis, note string) error {
	if utf8.RuneCountInString(basis) > 500 {
		return unprocessable("basis_too_long", "basis", "依据不能超过 500 字", "basis is longer than 500 characters")
	}
	if utf8.RuneCountInString(note) > 2000 {
		return unprocessable("note_too_long", "note", "备注不能超过 2000 字", "note is longer than 2000 characters")
	}
	return nil
}

// DecisionState is what the invariants of a new record are checked against, read inside the transaction.
type DecisionState struct {
	Challenge challenge.Challenge
	Totals    Totals
	Racer     Racer
	// StageDecided is whether the decision of the tranche's stage is in (stage tranches only).
	StageDecided bool
	// RacerFigures are the racer's running totals per source.
	RacerFigures map[Source]Figures
	// RacerGov are the racer's net government amounts per tranche.
	RacerGov map[string]int64
	// RatioPct is the required enterprise co-funding per 100 of government funds (default 100, i.e. 1:1).
	RatioPct int64
}

// CheckDecision enforces the ledger's invariants for a new record: the racer runs on this challenge and is
// not eliminated (unless re-admitted); a stage tranche follows that stage's decision; government funds stay
// within the cap; a government stage tranche needs the enterprise's co-funding due by then.
func CheckDecision(st DecisionState, in DecisionInput) error {
	if st.Racer.ChallengeID != st.Challenge.ID {
		return unprocessable("racer_other_challenge", "racer_id", "该团队不是本榜单的参赛团队",
			"the racer does not run on this challenge")
	}
	if st.Racer.Eliminated() {
		return domain.Conflict("racer_eliminated", "该团队已被淘汰，不能再获得资助",
			"the racer was eliminated and gets no further tranche").WithDetails(map[string]any{"racer_id": st.Racer.ID})
	}
	stage, _ := ParseTranche(in.Tranche)
	if stage > 0 && !st.StageDecided {
		return domain.Conflict("stage_not_decided", fmt.Sprintf("第 %d 阶段的考核决定尚未作出", stage),
			fmt.Sprintf("the decision of stage %d is not in yet", stage)).WithDetails(map[string]any{"stage": stage})
	}
	if in.Source != SourceGovernment {
		return nil
	}
	capFen, decided := st.Challenge.GovFundingFen, st.Totals.Gov().DecidedFen
	if decided+in.AmountFen > capFen {
		return domain.Conflict("over_cap",
			fmt.Sprintf("超出政府资助上限：上限 %s 万元，已决定 %s 万元，本次 %s 万元，尚可决定 %s 万元",
				Wan(capFen), Wan(decided), Wan(in.AmountFen), Wan(max(capFen-decided, 0))),
			fmt.Sprintf("over the government funding cap: cap %s, decided %s, requested %s, available %s (in 10,000 yuan)",
				Wan(capFen), Wan(decided), Wan(in.AmountFen), Wan(max(capFen-decided, 0)))).
			WithDetails(map[string]any{"cap_fen": capFen, "decided_fen": decided, "requested_fen": in.AmountFen,
				"available_fen": max(capFen-decided, 0)})
	}
	if stage == 0 {
		return nil
	}
	var govThrough int64
	for t, amt := range st.RacerGov {
		if order(t) <= stage {
			govThrough += amt
		}
	}
	due := (govThrough + in.AmountFen) * st.RatioPct / 100
	received := st.RacerFigures[SourceEnterprise].DecidedFen
	if received < due {
		return domain.Conflict("cofunding_missing",
			fmt.Sprintf("企业配套资金未到位：截至本阶段应到位 %s 万元，已到位 %s 万元", Wan(due), Wan(received)),
			fmt.Sprintf("the enterprise's co-funding due by this stage is %s, received %s (in 10,000 yuan)", Wan(due), Wan(received))).
			WithDetails(map[string]any{"due_fen": due, "received_fen": received, "requested_fen": in.AmountFen,
				"ratio_pct": st.RatioPct})
	}
	return nil
}

// CheckReversal enforces the rules of a correction: a record of this challenge, not itself a reversal, not
// reversed before, with nothing paid against it, and leaving the racer's disbursed within its decided.
func CheckReversal(challengeID int64, orig Decision, paidOnOrig int64, racer map[Source]Figures) error {
	if orig.ChallengeID != challengeID {
		return unprocessable("reversal_other_challenge", "reverses_id", "不能冲销其他榜单的资助记录",
			"a record of another challenge cannot be reversed here")
	}
	if orig.IsReversal() {
		return unprocessable("reversal_of_reversal", "reverses_id", "冲销记录本身不能再被冲销",
			"a reversal cannot be reversed")
	}
	if orig.ReversedByID != nil {
		return domain.Conflict("already_reversed", "该记录已被冲销", "the record has already been reversed").
			WithDetails(map[string]any{"reversed_by_id": *orig.ReversedByID})
	}
	if paidOnOrig > 0 {
		return domain.Conflict("decision_disbursed",
			fmt.Sprintf("该决定已拨付 %s 万元，不能冲销", Wan(paidOnOrig)),
			fmt.Sprintf("%s (in 10,000 yuan) has been paid against this decision; it cannot be reversed", Wan(paidOnOrig))).
			WithDetails(map[string]any{"disbursed_fen": paidOnOrig, "decided_fen": orig.AmountFen})
	}
	f := racer[orig.Source]
	if f.DecidedFen-orig.AmountFen < f.DisbursedFen {
		return domain.Conflict("below_disbursed", "冲销后已拨付金额将超过已决定金额",
			"after the reversal the racer's disbursed would exceed its decided").
			WithDetails(map[string]any{"decided_fen": f.DecidedFen, "disbursed_fen": f.DisbursedFen,
				"requested_fen": -orig.AmountFen})
	}
	return nil
}

// CheckDisbursementFormat checks a payment's fields.
func CheckDisbursementFormat(in DisbursementInput) error {
	if in.DecisionID <= 0 {
		return unprocessable("decision_required", "decision_id", "请选择资助决定", "decision_id is required")
	}
	if in.AmountFen <= 0 {
		return unprocessable("amount_not_positive", "amount_fen", "拨付金额须大于零", "amount must be positive")
	}
	if in.AmountFen > MaxAmountFen {
		return unprocessable("amount_too_large", "amount_fen", "金额过大", "amount is too large")
	}
	if _, err := time.Parse("2006-01-02", in.PaidOn); err != nil {
		return unprocessable("paid_on_invalid", "paid_on", "拨付日期须为 YYYY-MM-DD", "paid_on must be YYYY-MM-DD")
	}
	if strings.TrimSpace(in.Reference) == "" {
		return unprocessable("reference_required", "reference", "请填写拨付凭证号", "reference is required")
	}
	if utf8.RuneCountInString(in.Reference) > 200 {
		return unprocessable("reference_too_long", "reference", "凭证号不能超过 200 字", "reference is longer than 200 characters")
	}
	return nil
}

// CheckDisbursement enforces disbursed ≤ decided, per decision and per racer and source.
func CheckDisbursement(challengeID int64, in DisbursementInput, d Decision, paidOnDecision int64, racer map[Source]Figures) error {
	if d.ChallengeID != challengeID {
		return unprocessable("decision_other_challenge", "decision_id", "该资助决定不属于本榜单",
			"the decision belongs to another challenge")
	}
	if in.RacerID != 0 && d.RacerID != in.RacerID {
		return unprocessable("decision_other_racer", "racer_id", "该资助决定不属于所选团队",
			"the decision belongs to another racer")
	}
	if d.IsReversal() || d.ReversedByID != nil {
		return domain.Conflict("decision_reversed", "该决定已被冲销，不能拨付", "the decision is reversed; nothing can be paid against it")
	}
	f := racer[d.Source]
	if paidOnDecision+in.AmountFen > d.AmountFen || f.DisbursedFen+in.AmountFen > f.DecidedFen {
		decided, disbursed := d.AmountFen, paidOnDecision
		if paidOnDecision+in.AmountFen <= d.AmountFen {
			decided, disbursed = f.DecidedFen, f.DisbursedFen
		}
		return domain.Conflict("over_decided",
			fmt.Sprintf("拨付超过已决定金额：已决定 %s 万元，已拨付 %s 万元，本次 %s 万元", Wan(decided), Wan(disbursed), Wan(in.AmountFen)),
			fmt.Sprintf("payment over the decided amount: decided %s, disbursed %s, requested %s (in 10,000 yuan)", Wan(decided), Wan(disbursed), Wan(in.AmountFen))).
			WithDetails(map[string]any{"decided_fen": decided, "disbursed_fen": disbursed, "requested_fen": in.AmountFen})
	}
	return nil
}
