package funding

import "jiebang/domain"

// Actions on a challenge's funding (the API's actions fields).
const (
	// ActionDecide records a funding decision (资助决定) on the ledger.
	ActionDecide = "decide"
	// ActionReverse records the reversal (冲销) of a decision.
	ActionReverse = "reverse"
	// ActionDisburse records a payment (拨付) against a decision.
	ActionDisburse = "disburse"
	// ActionExport downloads the ledger as a spreadsheet.
	ActionExport = "export"
)

// DecisionActionsFor lists what actor may do now to decision d (可执行的操作): the bureau reverses a decision
// that is neither reversed nor itself a reversal, and records payments against it. Decisions exist only on
// challenges that may be funded (in progress and after), so the challenge's status adds no guard. A reversal
// of a decision already paid against is refused with the amounts (decision_disbursed), as is a payment over
// the decided amount (over_decided): the figures are explained by the refusal, not hidden.
func DecisionActionsFor(actor domain.Actor, d Decision) []string {
	out := []string{}
	if !actor.Is(domain.RoleBureau) || d.IsReversal() || d.ReversedByID != nil {
		return out
	}
	return append(out, ActionReverse, ActionDisburse)
}

// LedgerActionsFor lists what actor may do now to ledger l: the bureau records decisions and payments while
// the challenge may be funded (decide, disburse: the payment forms); the bureau and the owner enterprise, who
// see the whole ledger, download it (export).
func LedgerActionsFor(actor domain.Actor, l Ledger) []string {
	out := []string{}
	if actor.Is(domain.RoleBureau) && fundable(l.Challenge) == nil {
		out = append(out, ActionDecide, ActionDisburse)
	}
	if !l.OwnOnly && (actor.Is(domain.RoleBureau) || actor.Is(domain.RoleEnterprise)) {
		out = append(out, ActionExport)
	}
	return out
}
