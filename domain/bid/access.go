package bid

import (
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// IsTeam reports whether actor is on the bid's team: a team user of the lead organisation.
func IsTeam(actor domain.Actor, b Bid) bool {
	return actor.TeamOf(b.LeadOrgID)
}

// IsOwnerEnterprise reports whether actor is staff of the enterprise that posted the challenge.
func IsOwnerEnterprise(actor domain.Actor, ch challenge.Challenge) bool {
	return ch.OwnedBy(actor)
}

// BiddingOver reports whether bidding on ch has ended: its deadline plus domain.ArrivalGrace has passed on the
// server clock (a change that arrived before the deadline may be recorded until then), or the challenge has
// moved past bidding. Until then bids are sealed.
func BiddingOver(ch challenge.Challenge, now time.Time) bool {
	if ch.BidDeadline != nil && !now.Before(ch.BidDeadline.Add(domain.ArrivalGrace)) {
		return true
	}
	switch ch.Status {
	case challenge.StatusBiddingClosed, challenge.StatusReviewing, challenge.StatusNotice,
		challenge.StatusInProgress, challenge.StatusCompleted, challenge.StatusFailed:
		return true
	}
	return false
}

// CanRead reports whether actor may read bid b on challenge ch at time now. Bids are sealed (密封): before
// bidding ends only the team and the bureau read them; the owner enterprise reads submitted bids afterwards.
// The bureau never sees a bid that was never submitted.
func CanRead(actor domain.Actor, b Bid, ch challenge.Challenge, now time.Time) bool {
	switch {
	case IsTeam(actor, b):
		return true
	case actor.Is(domain.RoleBureau):
		return b.Version > 0
	case IsOwnerEnterprise(actor, ch):
		return b.Version > 0 && b.Status != StatusWithdrawn && BiddingOver(ch, now)
	}
	return false
}

// CheckOpen refuses a change to a bid once the challenge's bidding deadline has passed on the server clock
// (whether or not the scheduler has closed the challenge yet), or when the challenge is not open for bids.
func CheckOpen(ch challenge.Challenge, now time.Time) error {
	return CheckOpenAt(ch, now, now)
}

// CheckOpenAt is CheckOpen for a change that arrived at the server at arrived and is recorded at now (honoured
// by arrival): it counts if it arrived before the deadline and is recorded before the deadline plus
// domain.ArrivalGrace; otherwise it is refused with deadline_passed. arrived is never after now.
func CheckOpenAt(ch challenge.Challenge, arrived, now time.Time) error {
	if ch.BidDeadline != nil && (!arrived.Before(*ch.BidDeadline) || !now.Before(ch.BidDeadline.Add(domain.ArrivalGrace))) {
		return domain.DeadlinePassed("揭榜截止时间已过", "the bidding deadline has passed").
			WithDetails(map[string]any{"bid_deadline": ch.BidDeadline.UTC().Format(time.RFC3339)})
	}
	if ch.Status != challenge.StatusPublished {
		return domain.Conflict("challenge_not_open", "该榜单当前不接受揭榜", "the challenge is not open for bids").
			WithDetails(map[string]any{"status": string(ch.Status)})
	}
	return nil
}

// everPublished reports whether ch has been on the public board (a team may know it exists).
func everPublished(ch challenge.Challenge) bool {
	switch ch.Status {
	case challenge.StatusDraft, challenge.StatusSubmitted, challenge.StatusReturned,
		challenge.StatusApproved, challenge.StatusRejected:
		return false
	case challenge.StatusCancelled:
		return ch.PublishedAt != nil
	}
	return true
}
