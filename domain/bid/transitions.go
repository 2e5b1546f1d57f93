package bid

import "jiebang/domain"

// Action is something done to a bid that may change its status.
type Action string

// Actions on a bid.
const (
	ActionEdit       Action = "edit"
	ActionSubmit     Action = "submit"
	ActionWithdraw   Action = "withdraw"
	ActionEligible   Action = "mark_eligible"
	ActionIneligible Action = "mark_ineligible"
	ActionAttach     Action = "attach"
	// ActionSelected and ActionNotSelected are the outcome of the bid review (入围 / 未入围), set by SetOutcome.
	ActionSelected    Action = "selected"
	ActionNotSelected Action = "not_selected"
)

// transitions is the bid state machine: for each status, the actions allowed and the status they lead to.
// Editing and attaching keep the status; a resubmission keeps a bid submitted. The bureau may revise its
// eligibility decision while the challenge is in eligibility checking.
var transitions = map[Status]map[Action]Status{
	StatusDraft: {
		ActionEdit:     StatusDraft,
		ActionAttach:   StatusDraft,
		ActionSubmit:   StatusSubmitted,
		ActionWithdraw: StatusWithdrawn,
	},
	StatusSubmitted: {
		ActionEdit:       StatusSubmitted,
		ActionAttach:     StatusSubmitted,
		ActionSubmit:     StatusSubmitted,
		ActionWithdraw:   StatusWithdrawn,
		ActionEligible:   StatusEligible,
		ActionIneligible: StatusIneligible,
	},
	StatusEligible: {
		ActionEligible:    StatusEligible,
		ActionIneligible:  StatusIneligible,
		ActionSelected:    StatusSelected,
		ActionNotSelected: StatusNotSelected,
	},
	// An upheld objection (异议成立) may change the outcome: SetOutcome runs again.
	StatusSelected:    {ActionNotSelected: StatusNotSelected},
	StatusNotSelected: {ActionSelected: StatusSelected},
	StatusIneligible: {
		ActionEligible:   StatusEligible,
		ActionIneligible: StatusIneligible,
	},
}

// Next returns the status a bid in status from reaches by action, or an invalid-transition error.
func Next(from Status, action Action) (Status, error) {
	if to, ok := transitions[from][action]; ok {
		return to, nil
	}
	return "", domain.InvalidTransition("bid", string(from), string(action))
}
