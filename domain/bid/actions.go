package bid

import (
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// teamByHand and bureauByHand are the machine's edges a person takes on a bid (a button); the outcome
// (selected, not_selected) and the cancellation cascade are taken by the review and the challenge's cancel.
var (
	teamByHand   = map[Action]bool{ActionEdit: true, ActionAttach: true, ActionDetach: true, ActionSubmit: true, ActionWithdraw: true}
	bureauByHand = map[Action]bool{ActionEligible: true, ActionIneligible: true}
)

// ActionsFor lists, in table order, what actor may do now to b on challenge ch at now (可执行的操作), role,
// ownership and guards included: the team that leads the bid edits, attaches, submits and withdraws it while
// bidding is open (CheckOpen) and deletes it while it was never submitted (delete, whatever its status); the bureau marks a
// submitted bid eligible or ineligible while the challenge is in eligibility checking
// (CheckEligibilityWindow). Everyone else (the owner enterprise, other teams, experts) may only read it.
func ActionsFor(actor domain.Actor, b Bid, ch challenge.Challenge, now time.Time) []Action {
	out := []Action{}
	switch {
	case IsTeam(actor, b):
		if CheckOpen(ch, now) == nil {
			for _, a := range Machine.Actions(b.Status, actor.Role) {
				if teamByHand[a] {
					out = append(out, a)
				}
			}
		}
		if b.Version == 0 {
			out = append(out, ActionDelete)
		}
	case actor.Is(domain.RoleBureau):
		if CheckEligibilityWindow(ch) == nil {
			for _, a := range Machine.Actions(b.Status, actor.Role) {
				if bureauByHand[a] {
					out = append(out, a)
				}
			}
		}
	}
	return out
}

// ActionNames is a view's Actions as strings (the API's actions field).
func (v View) ActionNames() []string {
	out := make([]string, len(v.Actions))
	for i, a := range v.Actions {
		out[i] = string(a)
	}
	return out
}

// CorrectionActions adjusts actions (ActionsFor's answer) to the bid's latest correction c (nil: none): while a
// correction is pending and not due, its team may edit, attach (when a defect asks for a file), detach and
// submit; the bureau may only close it (no eligibility decision meanwhile). The bureau may request a correction
// of a submitted bid without a pending one while eligibility is checked.
func CorrectionActions(actor domain.Actor, b Bid, ch challenge.Challenge, now time.Time, c *Correction, actions []Action) []Action {
	pending := c != nil && c.Status.Pending()
	switch {
	case IsTeam(actor, b):
		if pending && b.Status == StatusSubmitted && CheckCorrectionOpen(*c, now) == nil {
			out := []Action{ActionEdit}
			if AllowedBy(c.Defects).NewAttachments > 0 {
				out = append(out, ActionAttach)
			}
			return append(out, ActionDetach, ActionSubmit)
		}
	case actor.Is(domain.RoleBureau):
		if pending {
			return []Action{ActionCloseCorrection}
		}
		if b.Status == StatusSubmitted && CheckEligibilityWindow(ch) == nil {
			return append(actions, ActionRequestCorrection)
		}
	}
	return actions
}
