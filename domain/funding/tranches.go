package funding

import (
	"context"
	"fmt"

	"jiebang/domain"
)

// Hold reasons (machine-readable) of a government tranche that is not due for payment (暂缓拨付).
const (
	HoldTerminated           = "terminated"            // the racer was terminated (终止): no further tranche
	HoldRevoked              = "revoked"               // the racer was revoked (撤销): no further tranche
	HoldTaskbookUnsigned     = "taskbook_unsigned"     // start-up: the task book is not signed by everyone yet
	HoldStageNotDecided      = "stage_not_decided"     // stage-N: the stage decision is not in yet
	HoldCofundingMissing     = "cofunding_missing"     // stage-N: the enterprise's co-funding due by then is not received
	HoldRectificationPending = "rectification_pending" // the racer is under rectification (限期整改)
	HoldNotAccepted          = "not_accepted"          // final award: the acceptance has not passed the racer
)

// Tranche states of a racer's payment plan.
const (
	StateDue      = "due"       // decided, not (fully) paid, every condition met: may be paid now
	StateHeld     = "held"      // a condition is not met (Hold says which)
	StatePaid     = "paid"      // decided and paid in full
	StateToDecide = "to_decide" // no decision yet and nothing holds it
)

// TaskbookSigned reports whether every signature of a racer's current task book is in (任务书签署). The
// task book area provides it; the default (nil port) is true, so start-up funds are never held by it.
type TaskbookSigned interface {
	TaskbookSigned(ctx context.Context, racerID int64) (bool, error)
}

// RectificationPending reports whether a racer is under rectification (限期整改) not yet decided. The
// rectification area provides it; the default (nil port) is false.
type RectificationPending interface {
	RectificationPending(ctx context.Context, racerID int64) (bool, error)
}

// TrancheFacts are what the conditions of one government tranche of a racer are checked against.
type TrancheFacts struct {
	Tranche string
	// Ending is the racer's termination or revocation, when there is one.
	Ending *Ending
	// TaskbookSigned: every signature of the racer's task book is in (start-up).
	TaskbookSigned bool
	// StageDecided: the decision of the tranche's stage is in (stage-N).
	StageDecided bool
	// Rectifying: the racer is under rectification.
	Rectifying bool
	// Accepted: the acceptance passed the racer (it is a winner; final award).
	Accepted bool
	// GovThroughFen is the racer's net government funds decided for startup .. stage-N; EnterpriseFen the
	// co-funding received; RatioPct the co-funding required per 100 of government funds.
	GovThroughFen int64
	EnterpriseFen int64
	RatioPct      int64
}

// Hold returns why a government tranche may not be paid now ("" when it may): a terminated or revoked racer
// gets nothing more; start-up waits for the task book's signatures; a stage's share for that stage's decision,
// the co-funding due by then and the end of a rectification; the final award for the acceptance. Details
// carry the figures of the reason.
func Hold(f TrancheFacts) (reason string, details map[string]any) {
	if f.Ending != nil {
		if f.Ending.Kind == EndRevoke {
			return HoldRevoked, nil
		}
		return HoldTerminated, nil
	}
	stage, _ := ParseTranche(f.Tranche)
	switch {
	case f.Tranche == TrancheStartup:
		if !f.TaskbookSigned {
			return HoldTaskbookUnsigned, nil
		}
		return "", nil
	case f.Rectifying:
		return HoldRectificationPending, nil
	case f.Tranche == TrancheFinalAward:
		if !f.Accepted {
			return HoldNotAccepted, nil
		}
		return "", nil
	}
	if !f.StageDecided {
		return HoldStageNotDecided, map[string]any{"stage": stage}
	}
	if due := f.GovThroughFen * f.RatioPct / 100; f.EnterpriseFen < due {
		return HoldCofundingMissing, map[string]any{"due_fen": due, "received_fen": f.EnterpriseFen, "ratio_pct": f.RatioPct}
	}
	return "", nil
}

// holdText is the reason in words (zh, en).
func holdText(reason string) (string, string) {
	switch reason {
	case HoldTerminated:
		return "该团队已终止", "the racer was terminated"
	case HoldRevoked:
		return "该团队已撤销", "the racer was revoked"
	case HoldTaskbookUnsigned:
		return "任务书尚未全部签署", "the task book is not signed by everyone yet"
	case HoldStageNotDecided:
		return "该阶段的考核决定尚未作出", "the stage decision is not in yet"
	case HoldCofundingMissing:
		return "企业配套资金未到位", "the enterprise's co-funding due by then is not received"
	case HoldRectificationPending:
		return "该团队正在限期整改", "the racer is under rectification"
	case HoldNotAccepted:
		return "验收尚未通过", "the acceptance has not passed the racer"
	}
	return reason, reason
}

// trancheNotDue is the 422 of a payment against a tranche that is held.
func trancheNotDue(tranche, reason string, details map[string]any) error {
	zh, en := holdText(reason)
	d := map[string]any{"tranche": tranche, "reason": reason}
	for k, v := range details {
		d[k] = v
	}
	return domain.NewError(domain.ErrUnprocessable, "tranche_not_due",
		fmt.Sprintf("该批次（%s）尚未到拨付条件：%s", trancheZh(tranche), zh),
		fmt.Sprintf("the tranche %s is not due: %s", tranche, en)).WithDetails(d)
}

// PlanTranche is one tranche of a racer's payment plan (拨付计划): what the default split plans, what is
// decided and paid (government funds), and whether it may be paid now.
type PlanTranche struct {
	Tranche      string
	PlannedFen   int64
	Provisional  bool
	DecidedFen   int64
	DisbursedFen int64
	State        string
	Hold         string
	HoldDetails  map[string]any
	// DecisionIDs are the open government decisions of the tranche (neither reversed nor reversals) with
	// something left to pay, oldest first.
	DecisionIDs []int64
}

// StateOf is a tranche's state from its figures and hold.
func StateOf(decided, disbursed int64, hold string) string {
	switch {
	case hold != "" && (decided == 0 || disbursed < decided):
		return StateHeld
	case decided > 0 && disbursed >= decided:
		return StatePaid
	case decided > 0:
		return StateDue
	}
	return StateToDecide
}

// trancheFacts gathers the facts of a racer's tranche inside or outside a transaction.
func (s *Service) trancheFacts(ctx context.Context, r Racer, tranche string, ending *Ending, gov map[string]int64, ent int64) (TrancheFacts, error) {
	f := TrancheFacts{Tranche: tranche, Ending: ending, TaskbookSigned: true, RatioPct: s.cfg.CofundingRatioPct,
		Accepted: r.Status == RacerWinner, EnterpriseFen: ent}
	if ending != nil {
		return f, nil
	}
	stage, _ := ParseTranche(tranche)
	var err error
	switch {
	case tranche == TrancheStartup:
		if s.d.Taskbooks != nil {
			if f.TaskbookSigned, err = s.d.Taskbooks.TaskbookSigned(ctx, r.ID); err != nil {
				return f, err
			}
		}
		return f, nil
	case s.d.Rectifications != nil:
		if f.Rectifying, err = s.d.Rectifications.RectificationPending(ctx, r.ID); err != nil {
			return f, err
		}
	}
	if stage > 0 {
		out, err := s.d.Racers.StageOutcome(ctx, r.ChallengeID, stage)
		if err != nil {
			return f, err
		}
		f.StageDecided = out.Decided
		for t, amt := range gov {
			if o := order(t); o <= stage {
				f.GovThroughFen += amt
			}
		}
	}
	return f, nil
}
