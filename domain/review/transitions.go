package review

import "jiebang/domain"

// Action is something done to a round that may change its status; audit entries use these names.
type Action string

// Actions on a round.
const (
	ActionOpen    Action = "open"
	ActionEdit    Action = "edit"
	ActionAssign  Action = "assign"
	ActionRedraw  Action = "redraw"
	ActionClose   Action = "close"
	ActionScore   Action = "score"
	ActionRecuse  Action = "recuse"
	ActionReplace Action = "replace"
	ActionRemind  Action = "remind"
)

// transitions is the round state machine: the rubric is editable until the first draw; a redraw is allowed
// (and audited) until the first score is submitted; scoring, recusal and replacement happen while assigned.
var transitions = map[Status]map[Action]Status{
	StatusOpen: {
		ActionEdit:   StatusOpen,
		ActionAssign: StatusAssigned,
	},
	StatusAssigned: {
		ActionRedraw:  StatusAssigned,
		ActionScore:   StatusAssigned,
		ActionRecuse:  StatusAssigned,
		ActionReplace: StatusAssigned,
		ActionRemind:  StatusAssigned,
		ActionClose:   StatusClosed,
	},
}

// Next returns the status a round in status from reaches by action, or the 409: round_closed for work on a
// closed round, invalid_transition otherwise.
func Next(from Status, action Action) (Status, error) {
	if to, ok := transitions[from][action]; ok {
		return to, nil
	}
	if from == StatusClosed && (action == ActionScore || action == ActionRecuse || action == ActionReplace) {
		return "", ClosedErr()
	}
	return "", domain.InvalidTransition("round", string(from), string(action))
}
