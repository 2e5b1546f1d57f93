package bid

import (
	"context"
	"errors"

	"jiebang/domain"
)

// Quota is where a team stands against the limits (限项) on one challenge before it bids or submits: how many
// active bids its organisation and the PI already lead, the limits in force, the organisation's open bid on the
// challenge if any, and whether a new bid may be started (a team at its limit cannot start a draft it could
// never submit).
type Quota struct {
	ChallengeID int64
	// OrgActive counts the organisation's active bids (submitted, eligible, selected) on the challenges of the
	// challenge's call (申报批次; the challenges outside any call count together); OrgLimit is the most it may
	// lead there (NoLimit: none).
	OrgActive int64
	OrgLimit  int
	// PIEmail is the PI the PI count is for (normalised; empty when none was named); PIActive counts the
	// active bids that PI leads, PILimit the most one PI may lead.
	PIEmail  string
	PIActive int64
	PILimit  int
	// OrgBidID is the organisation's open (not withdrawn) bid on this challenge, 0 when none.
	OrgBidID int64
	// CanStart reports whether a new bid may be started now; Blocked is the refusal (nil when CanStart or when
	// the organisation already has a bid here, which it edits instead).
	CanStart bool
	Blocked  *domain.Error
}

// quotaFor counts the organisation's and the PI's active bids other than exceptID and judges them against cfg.
// Only bids on challenges of call callID count (0: the standing challenges, outside any call).
func (s *Service) quotaFor(ctx context.Context, orgID int64, piEmail string, callID, exceptID int64) (org, pi int64, err error) {
	if org, err = s.store.CountActiveByOrg(ctx, orgID, callID, exceptID); err != nil {
		return 0, 0, err
	}
	if piEmail != "" {
		if pi, err = s.store.CountActiveByPI(ctx, piEmail, callID, exceptID); err != nil {
			return 0, 0, err
		}
	}
	return org, pi, nil
}

// startLimit is the refusal of a new draft when the organisation already leads as many active bids as allowed:
// such a draft could never be submitted. A PI at the limit is not (the draft may name another PI); the quota
// shows the PI's count beside it.
func startLimit(orgActive int64, cfg Config) *domain.Error {
	cfg = cfg.withDefaults()
	if cfg.MaxActiveBidsPerOrg != NoLimit && orgActive >= int64(cfg.MaxActiveBidsPerOrg) {
		return LimitError("org_limit_exceeded", orgActive, cfg.MaxActiveBidsPerOrg)
	}
	return nil
}

// Quota answers where the actor's organisation (and the PI with e-mail piEmail, by default the actor) stands
// against the limits on the challenge (a team user; others get 403). The counts include every active bid, the
// organisation's bid on this challenge too; CanStart is false while bidding is closed, when the organisation
// already has a bid here, or when a new draft could never be submitted.
func (s *Service) Quota(ctx context.Context, actor domain.Actor, challengeID int64, piEmail string) (Quota, error) {
	if !actor.Is(domain.RoleTeam) || actor.OrgID == 0 {
		return Quota{}, domain.Forbidden("forbidden", "只有揭榜方用户可以查看限项", "only team users have a bid quota")
	}
	ch, err := s.challenge(ctx, challengeID)
	if err != nil {
		return Quota{}, err
	}
	if !everPublished(ch) {
		return Quota{}, errChallengeNotFound
	}
	if piEmail == "" {
		piEmail = actor.Email
	}
	piEmail = NormalizeEmail(piEmail)
	cfg := s.current(ctx, ch)
	q := Quota{ChallengeID: ch.ID, OrgLimit: cfg.MaxActiveBidsPerOrg, PILimit: cfg.MaxActiveBidsPerPI, PIEmail: piEmail}
	if q.OrgBidID, err = s.store.OpenBidOf(ctx, ch.ID, actor.OrgID); err != nil {
		return Quota{}, err
	}
	if q.OrgActive, q.PIActive, err = s.quotaFor(ctx, actor.OrgID, piEmail, ch.CallID, 0); err != nil {
		return Quota{}, err
	}
	if q.OrgBidID != 0 {
		return q, nil
	}
	if err := CheckOpen(ch, s.now()); err != nil {
		var de *domain.Error
		if errors.As(err, &de) {
			q.Blocked = de
		}
		return q, nil
	}
	q.Blocked = startLimit(q.OrgActive, cfg)
	q.CanStart = q.Blocked == nil
	return q, nil
}

// CanStartBid reports whether the actor's organisation may start a new bid under the limits (the challenge's
// page offers bid only then, or when it already has a bid on the challenge to open). A failing count says yes:
// the creation checks again.
func (s *Service) CanStartBid(ctx context.Context, actor domain.Actor, challengeID int64) bool {
	if !actor.Is(domain.RoleTeam) || actor.OrgID == 0 {
		return true
	}
	if id, err := s.store.OpenBidOf(ctx, challengeID, actor.OrgID); err != nil || id != 0 {
		return true
	}
	ch, err := s.challenge(ctx, challengeID)
	if err != nil {
		return true
	}
	org, _, err := s.quotaFor(ctx, actor.OrgID, "", ch.CallID, 0)
	if err != nil {
		return true
	}
	return startLimit(org, s.current(ctx, ch)) == nil
}
