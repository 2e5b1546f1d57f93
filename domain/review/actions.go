package review

import "jiebang/domain"

// Actions a person takes besides the machines' edges.
const (
	// ActionSaveDraft saves an expert's scores without submitting them (暂存), while nothing is submitted yet.
	ActionSaveDraft Action = "save_draft"
	// ActionExport downloads a closed round's results sheet (导出).
	ActionExport Action = "export"
)

// roundByHand are the round's edges the bureau takes by hand on the round's page (score and recuse are the
// experts', on their assignments).
var roundByHand = map[Action]bool{ActionEdit: true, ActionAssign: true, ActionRedraw: true, ActionReplace: true,
	ActionRemind: true, ActionClose: true}

// RoundActionsFor lists, in table order, what actor may do now to round r (可执行的操作): the bureau edits and
// draws an open round, redraws, replaces, reminds and closes an assigned one, and exports a closed one's
// results. Experts act on their assignments (AssignmentActionsFor), everyone else on nothing.
func RoundActionsFor(actor domain.Actor, r Round) []Action {
	out := []Action{}
	if !actor.Is(domain.RoleBureau) {
		return out
	}
	for _, a := range Machine.Actions(r.Status, actor.Role) {
		if roundByHand[a] {
			out = append(out, a)
		}
	}
	if r.Status == StatusClosed {
		out = append(out, ActionExport)
	}
	return out
}

// AssignmentActionsFor lists what actor may do now to assignment a of a round in status round: its own expert
// scores it (score; save_draft while nothing is submitted) and recuses while it is pending; the bureau
// replaces a pending one; only while the round is assigned. Other experts and everyone else get nothing.
func AssignmentActionsFor(actor domain.Actor, a Assignment, round Status) []Action {
	out := []Action{}
	if round != StatusAssigned {
		return out
	}
	switch {
	case actor.Is(domain.RoleExpert) && actor.UserID == a.ExpertID:
		for _, act := range AssignmentMachine.Actions(a.Status, actor.Role) {
			out = append(out, act)
			if act == ActionScore && a.Status == AssignmentPending {
				out = append(out, ActionSaveDraft)
			}
		}
	case actor.Is(domain.RoleBureau):
		if AssignmentMachine.Can(a.Status, ActionReplace) {
			out = append(out, ActionReplace)
		}
	}
	return out
}

// ActionNames turns actions into the API's strings.
func ActionNames(as []Action) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = string(a)
	}
	return out
}
