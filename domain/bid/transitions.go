package bid

import (
	"jiebang/domain"
	"jiebang/domain/fsm"
)

// Action is something done to a bid that may change its status. Audit entries and events carry its name.
type Action string

// Actions on a bid.
const (
	ActionEdit       Action = "edit"
	ActionSubmit     Action = "submit"
	ActionWithdraw   Action = "withdraw"
	ActionEligible   Action = "mark_eligible"
	ActionIneligible Action = "mark_ineligible"
	ActionAttach     Action = "attach"
	ActionDetach     Action = "detach"
	// ActionSelected and ActionNotSelected are the outcome of the bid review (入围 / 未入围), set by SetOutcome.
	ActionSelected    Action = "selected"
	ActionNotSelected Action = "not_selected"
	// ActionCancel ends a live bid because its challenge was cancelled (by the cascade, not by the team).
	ActionCancel Action = "cancel"
)

// edge is one allowed edge of the bid's lifecycle.
type edge = fsm.Edge[Status, Action, Bid]

var (
	byTeam    = []domain.Role{domain.RoleTeam}
	byBureau  = []domain.Role{domain.RoleBureau}
	byOutcome = []domain.Role{domain.RoleBureau, domain.RoleSystem}
)

// Machine is the bid state machine. Editing and attaching keep the status; a resubmission keeps a bid
// submitted. The bureau may revise its eligibility decision while the challenge is in eligibility checking;
// an upheld objection (异议成立) may change the review outcome (SetOutcome runs again).
var Machine = fsm.New("bid",
	edge{From: StatusDraft, Action: ActionEdit, To: StatusDraft, By: byTeam},
	edge{From: StatusDraft, Action: ActionAttach, To: StatusDraft, By: byTeam},
	edge{From: StatusDraft, Action: ActionDetach, To: StatusDraft, By: byTeam},
	edge{From: StatusDraft, Action: ActionSubmit, To: StatusSubmitted, By: byTeam},
	edge{From: StatusDraft, Action: ActionWithdraw, To: StatusWithdrawn, By: byTeam},
	edge{From: StatusSubmitted, Action: ActionEdit, To: StatusSubmitted, By: byTeam},
	edge{From: StatusSubmitted, Action: ActionAttach, To: StatusSubmitted, By: byTeam},
	edge{From: StatusSubmitted, Action: ActionDetach, To: StatusSubmitted, By: byTeam},
	edge{From: StatusSubmitted, Action: ActionSubmit, To: StatusSubmitted, By: byTeam},
	edge{From: StatusSubmitted, Action: ActionWithdraw, To: StatusWithdrawn, By: byTeam},
	edge{From: StatusSubmitted, Action: ActionEligible, To: StatusEligible, By: byBureau},
	edge{From: StatusSubmitted, Action: ActionIneligible, To: StatusIneligible, By: byBureau},
	edge{From: StatusEligible, Action: ActionEligible, To: StatusEligible, By: byBureau},
	edge{From: StatusEligible, Action: ActionIneligible, To: StatusIneligible, By: byBureau},
	edge{From: StatusIneligible, Action: ActionEligible, To: StatusEligible, By: byBureau},
	edge{From: StatusIneligible, Action: ActionIneligible, To: StatusIneligible, By: byBureau},
	edge{From: StatusSubmitted, Action: ActionNotCorrected, To: StatusIneligible, By: byOutcome},
	edge{From: StatusEligible, Action: ActionSelected, To: StatusSelected, By: byOutcome},
	edge{From: StatusEligible, Action: ActionNotSelected, To: StatusNotSelected, By: byOutcome},
	edge{From: StatusSelected, Action: ActionNotSelected, To: StatusNotSelected, By: byOutcome},
	edge{From: StatusNotSelected, Action: ActionSelected, To: StatusSelected, By: byOutcome},
	edge{From: StatusDraft, Action: ActionCancel, To: StatusCancelled, By: byOutcome},
	edge{From: StatusSubmitted, Action: ActionCancel, To: StatusCancelled, By: byOutcome},
	edge{From: StatusEligible, Action: ActionCancel, To: StatusCancelled, By: byOutcome},
	edge{From: StatusSelected, Action: ActionCancel, To: StatusCancelled, By: byOutcome},
)

// Next returns the status a bid in status from reaches by action (whoever acts), or an invalid-transition error.
func Next(from Status, action Action) (Status, error) {
	if to, ok := Machine.To(from, action); ok {
		return to, nil
	}
	return "", Machine.Invalid(from, action)
}
