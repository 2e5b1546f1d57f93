package challenge

import "jiebang/domain"

// byHand are the bureau's edges that a person starts from the challenge's page (select opens the selection).
// The others (start_review, renotice, start, complete, fail) are taken through the review and race areas and
// are offered there; close_bidding stays offered before the deadline, where the click explains the 409
// deadline_not_reached.
var byHand = map[Action]bool{ActionApprove: true, ActionReturn: true, ActionReject: true, ActionPublish: true,
	ActionCloseBidding: true, ActionCancel: true, ActionSelect: true}

// ActionsFor lists, in a stable order, what actor may do now to c (可执行的操作), role and ownership included:
// the owner enterprise edits and submits its draft or returned challenge and deletes a draft never
// submitted (delete); the bureau takes the machine's edges from c's status that are taken by hand (approve,
// return, reject, publish, close_bidding, select, cancel) and amends a challenge on the public board (amend).
// Everyone else may do nothing to it (the public view is the same for all of them). The UI shows buttons from
// this list; the services check it again.
func ActionsFor(actor domain.Actor, c Challenge) []Action {
	out := []Action{}
	switch {
	case isOwner(actor, c):
		if Editable(c.Status) {
			out = append(out, ActionEdit)
		}
		out = append(out, Machine.Actions(c.Status, actor.Role)...)
		if c.Status == StatusDraft {
			out = append(out, ActionDelete)
		}
	case actor.Is(domain.RoleBureau):
		for _, a := range Machine.Actions(c.Status, actor.Role) {
			if byHand[a] {
				out = append(out, a)
			}
		}
		if publicStatuses[c.Status] {
			out = append(out, ActionAmend)
		}
	}
	return out
}

// ActionNames is ActionsFor as strings (the API's actions field).
func ActionNames(actor domain.Actor, c Challenge) []string { return names(ActionsFor(actor, c)) }

func names(as []Action) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = string(a)
	}
	return out
}
