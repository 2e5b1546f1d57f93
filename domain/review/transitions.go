package review

import (
	"jiebang/domain"
	"jiebang/domain/fsm"
)

// Action is something done to a round or an assignment; audit entries and events use these names.
type Action string

// Actions on a round and its assignments.
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

var (
	byBureau = []domain.Role{domain.RoleBureau}
	byExpert = []domain.Role{domain.RoleExpert}
	// bySystem is the scheduler's reminder job.
	bySystem = []domain.Role{domain.RoleBureau, domain.RoleSystem}
)

// Machine is the round state machine: the settings are editable until the first draw; a redraw is allowed
// (and audited) until the first score is saved (the service checks that); scoring, recusal, replacement and
// reminders happen while assigned; closing freezes everything.
var Machine = fsm.New[Status, Action, Round]("round",
	fsm.Edge[Status, Action, Round]{From: StatusOpen, Action: ActionEdit, To: StatusOpen, By: byBureau},
	fsm.Edge[Status, Action, Round]{From: StatusOpen, Action: ActionAssign, To: StatusAssigned, By: byBureau},
	fsm.Edge[Status, Action, Round]{From: StatusAssigned, Action: ActionRedraw, To: StatusAssigned, By: byBureau},
	fsm.Edge[Status, Action, Round]{From: StatusAssigned, Action: ActionScore, To: StatusAssigned, By: byExpert},
	fsm.Edge[Status, Action, Round]{From: StatusAssigned, Action: ActionRecuse, To: StatusAssigned, By: byExpert},
	fsm.Edge[Status, Action, Round]{From: StatusAssigned, Action: ActionReplace, To: StatusAssigned, By: byBureau},
	fsm.Edge[Status, Action, Round]{From: StatusAssigned, Action: ActionRemind, To: StatusAssigned, By: bySystem},
	fsm.Edge[Status, Action, Round]{From: StatusAssigned, Action: ActionClose, To: StatusClosed, By: byBureau},
)

// AssignmentMachine is an assignment's life: pending until scored (revisable: scored -> scored), recused by
// its expert, replaced by the bureau, or dropped by a redraw.
var AssignmentMachine = fsm.New[AssignmentStatus, Action, Assignment]("assignment",
	fsm.Edge[AssignmentStatus, Action, Assignment]{From: AssignmentPending, Action: ActionScore, To: AssignmentScored, By: byExpert},
	fsm.Edge[AssignmentStatus, Action, Assignment]{From: AssignmentScored, Action: ActionScore, To: AssignmentScored, By: byExpert},
	fsm.Edge[AssignmentStatus, Action, Assignment]{From: AssignmentPending, Action: ActionRecuse, To: AssignmentRecused, By: byExpert},
	fsm.Edge[AssignmentStatus, Action, Assignment]{From: AssignmentPending, Action: ActionReplace, To: AssignmentReplaced, By: byBureau},
	fsm.Edge[AssignmentStatus, Action, Assignment]{From: AssignmentPending, Action: ActionRedraw, To: AssignmentRedrawn, By: byBureau},
)

// Next returns the status a round in status from reaches by action taken by role, through Machine.Next (the
// role check of the edge included, like every machine of the domain): 409 round_closed for work on a closed
// round, invalid_transition when no edge exists, 403 role_not_allowed when the role may not take it.
func Next(from Status, action Action, role domain.Role) (Status, error) {
	if from == StatusClosed && !Machine.Can(from, action) && (action == ActionScore || action == ActionRecuse || action == ActionReplace) {
		return "", ClosedErr()
	}
	return Machine.Next(from, action, role, Round{Status: from})
}

// NextAssignment returns the status an assignment reaches by action taken by role, through
// AssignmentMachine.Next: invalid_transition when no edge exists, 403 role_not_allowed when the role may not.
func NextAssignment(from AssignmentStatus, action Action, role domain.Role) (AssignmentStatus, error) {
	return AssignmentMachine.Next(from, action, role, Assignment{Status: from})
}
