// Package challenge is the challenge (榜单) and its lifecycle: an enterprise drafts a technical problem with
// quantified KPIs, money and a stage plan, the bureau validates (需求论证) and publishes it (张榜), bidding
// closes at the deadline, and the later steps of the process move it on to completion. The whole state
// machine is one transition table (transitions.go); every change is compare-and-set in the store and audited
// in the same transaction.
package challenge

import (
	"context"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/event"
)

// DefaultBiddingPeriod is the bidding period when the bureau publishes without a deadline (30 days).
const DefaultBiddingPeriod = 30 * 24 * time.Hour

// Service is the challenge use cases.
type Service struct {
	store  Store
	orgs   Orgs
	tx     domain.TxManager
	audit  *audit.Service
	clock  domain.Clock
	events *event.Bus
	pol    PolicySource
	// calls checks filing and submission into a call (nil: no calls are wired, filing into one is refused).
	calls Calls
	cache *publicCache
	// boards caches pages of listings (see boardCache).
	boards *boardCache
}

// NewService builds the challenge service.
func NewService(store Store, orgs Orgs, tx domain.TxManager, auditSvc *audit.Service, clock domain.Clock) *Service {
	return &Service{store: store, orgs: orgs, tx: tx, audit: auditSvc, clock: clock,
		cache: newPublicCache(detailCacheSize), boards: newBoardCache(boardCacheSize)}
}

// UseCalls makes the service check filing into calls (申报批次) with c (wiring time, cmd/app).
func (s *Service) UseCalls(c Calls) { s.calls = c }

// checkCall refuses filing c into its call when the call does not accept it now (call_not_found,
// call_not_open, call_closed).
func (s *Service) checkCall(ctx context.Context, callID int64, submission bool) error {
	if callID == 0 {
		return nil
	}
	if s.calls == nil {
		return domain.NewError(domain.ErrUnprocessable, "call_not_found", "申报批次不存在", "no such call")
	}
	if submission {
		return s.calls.CheckSubmission(ctx, callID)
	}
	return s.calls.CheckFiling(ctx, callID)
}

// now is the clock's time as stored (UTC, microseconds, which both databases keep exactly).
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// isOwner reports whether the actor is the posting enterprise: enterprise staff of the challenge's
// organisation (role and organisation together; a team or expert user of that organisation is not).
func isOwner(actor domain.Actor, c Challenge) bool { return c.OwnedBy(actor) }

// OwnedBy reports whether actor is the posting enterprise of c (发榜方): an enterprise user acting for c's
// organisation. Other roles of the same organisation get the public view.
func (c Challenge) OwnedBy(actor domain.Actor) bool { return actor.EnterpriseOf(c.OrgID) }

// SeenWhole reports whether actor sees every state of c, the opinions and the whole history: the bureau and
// the posting enterprise (OwnedBy).
func (c Challenge) SeenWhole(actor domain.Actor) bool { return actor.Bureau() || c.OwnedBy(actor) }

// seesAll is SeenWhole.
func seesAll(actor domain.Actor, c Challenge) bool { return c.SeenWhole(actor) }

// canRead reports whether the actor may know the challenge exists.
func canRead(actor domain.Actor, c Challenge) bool { return seesAll(actor, c) || c.Public() }

// load reads a challenge for actor: 404 when absent or not visible to the actor.
func (s *Service) load(ctx context.Context, actor domain.Actor, id int64) (Challenge, error) {
	c, err := s.store.Get(ctx, id)
	if err != nil {
		return Challenge{}, notFound(err)
	}
	if !canRead(actor, c) {
		return Challenge{}, errNotFound
	}
	return c, nil
}

// errNotBureau is the 403 for an action that belongs to the bureau.
var errNotBureau = domain.Forbidden("forbidden", "只有科技局可以执行此操作", "only the bureau may do this")

// errNotOwner is the 403 for writing another organisation's challenge.
var errNotOwner = domain.Forbidden("not_owner", "只有发榜企业可以修改或提交本榜单", "only the posting enterprise may edit or submit this challenge")

// move applies action to c (already loaded in the transaction): checks the transition table, lets mutate
// set the lifecycle fields, writes compare-and-set, and records the history entry and the audit entry.
func (s *Service) move(ctx context.Context, actor domain.Actor, c *Challenge, action Action, opinion string, mutate func(c *Challenge, now time.Time)) error {
	if !MayAct(actor.Role, action) {
		return errNotBureau
	}
	to, err := Machine.Next(c.Status, action, actor.Role, *c)
	if err != nil {
		return err
	}
	now := s.now()
	before := c.summary()
	from := c.Status
	c.Status, c.UpdatedAt = to, now
	if mutate != nil {
		mutate(c, now)
	}
	if err := s.store.UpdateStatus(ctx, *c, from); err != nil {
		return Machine.Lost(err, from, action)
	}
	h := HistoryEntry{ChallengeID: c.ID, Action: action, FromStatus: from, ToStatus: to, Opinion: opinion,
		ActorID: actor.UserID, ActorName: actor.Name, ActorRole: string(actor.Role), At: now}
	if err := s.store.AddHistory(ctx, &h); err != nil {
		return err
	}
	after := c.summary()
	after.Opinion = opinion
	if err := s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityChallenge, EntityID: c.ID, Action: string(action),
		Before: before, After: after}); err != nil {
		return err
	}
	return s.emit(ctx, actor, *c, from, action, opinion)
}

// summary is the audit before/after summary of a challenge.
type summary struct {
	Status        Status     `json:"status"`
	Title         string     `json:"title"`
	Field         string     `json:"field,omitempty"`
	Mode          Mode       `json:"mode"`
	MaxRacers     int        `json:"max_racers"`
	Duration      int        `json:"duration_months"`
	BudgetFen     int64      `json:"budget_fen"`
	GovFundingFen int64      `json:"gov_funding_fen"`
	CofundingFen  int64      `json:"cofunding_fen"`
	KPIs          int        `json:"kpis"`
	Stages        int        `json:"stages"`
	BidDeadline   *time.Time `json:"bid_deadline,omitempty"`
	Opinion       string     `json:"opinion,omitempty"`
}

func (c Challenge) summary() summary {
	return summary{Status: c.Status, Title: c.Title, Field: c.Field, Mode: c.Mode, MaxRacers: c.MaxRacers,
		Duration: c.DurationMonths, BudgetFen: c.BudgetFen, GovFundingFen: c.GovFundingFen,
		CofundingFen: c.CofundingFen, KPIs: len(c.KPIs), Stages: len(c.Stages), BidDeadline: c.BidDeadline}
}
