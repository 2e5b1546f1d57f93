package challenge

import (
	"time"

	"jiebang/domain"
)

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
			// a challenge of a call is published with its call (POST /calls/{id}/publish)
			if byHand[a] && !(a == ActionPublish && c.CallID != 0) {
				out = append(out, a)
			}
		}
		if publicStatuses[c.Status] {
			out = append(out, ActionAmend)
		}
	}
	return out
}

// Actions the challenge's page offers besides the machine's edges: starting a bid and the pages that follow the
// challenge through its life (the API's actions field; the links are "view_" actions).
const (
	// ActionBid starts a bid (揭榜) on a published challenge before its deadline (a team; anonymous callers are
	// offered to log in to bid).
	ActionBid Action = "bid"
	// ActionViewBids opens the bids received, for the bureau and the owner from publication on.
	ActionViewBids Action = "view_bids"
	// ActionViewRounds opens the review rounds, for the bureau from submission until the project runs.
	ActionViewRounds Action = "view_rounds"
	// ActionViewNotice opens the public notice (公示) while it is the challenge's stage.
	ActionViewNotice Action = "view_notice"
	// ActionViewRace opens the race board once the project has started.
	ActionViewRace Action = "view_race"
)

// roundStatuses are the statuses in which the bureau works on review rounds (validation, bid review, stage
// reviews).
var roundStatuses = map[Status]bool{StatusSubmitted: true, StatusBiddingClosed: true, StatusReviewing: true,
	StatusNotice: true, StatusInProgress: true}

// raceStatuses are the statuses with a race board.
var raceStatuses = map[Status]bool{StatusInProgress: true, StatusCompleted: true, StatusFailed: true}

// LinksFor lists the pages about c that actor may open now (view_bids, view_rounds, view_notice, view_race).
func LinksFor(actor domain.Actor, c Challenge) []Action {
	out := []Action{}
	if publicStatuses[c.Status] && (isOwner(actor, c) || actor.Is(domain.RoleBureau)) {
		out = append(out, ActionViewBids)
	}
	if roundStatuses[c.Status] && actor.Is(domain.RoleBureau) {
		out = append(out, ActionViewRounds)
	}
	if c.Status == StatusNotice {
		out = append(out, ActionViewNotice)
	}
	if raceStatuses[c.Status] {
		out = append(out, ActionViewRace)
	}
	return out
}

// BidOpenFor reports whether actor is offered to bid on c at now: c is published and its deadline has not
// passed, and actor is a team (or anonymous, offered to log in first) of another organisation than the
// posting enterprise's (its own team cannot bid on it: own_challenge). The bid's other rules (one per
// organisation, the organisation's limit) are checked when the bid is created.
func BidOpenFor(actor domain.Actor, c Challenge, now time.Time) bool {
	return c.BiddingOpen(now) && (actor.Anonymous() || (actor.Is(domain.RoleTeam) && !PostedByOwnOrg(actor, c)))
}

// PostedByOwnOrg reports whether c was posted by the organisation the actor acts for (whatever the actor's
// role): a team of the posting enterprise's own organisation cannot bid on it (own_challenge).
func PostedByOwnOrg(actor domain.Actor, c Challenge) bool {
	return actor.MemberOf(c.OrgID)
}

// ActionNames is ActionsFor and LinksFor as strings (the API's actions field).
func ActionNames(actor domain.Actor, c Challenge) []string {
	return names(append(ActionsFor(actor, c), LinksFor(actor, c)...))
}

// ActionNamesAt is ActionNames with the actions that depend on the time: bid (BidOpenFor).
func ActionNamesAt(actor domain.Actor, c Challenge, now time.Time) []string {
	out := ActionNames(actor, c)
	if BidOpenFor(actor, c, now) {
		out = append(out, string(ActionBid))
	}
	return out
}

func names(as []Action) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = string(a)
	}
	return out
}
