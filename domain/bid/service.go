package bid

import (
	"context"
	"errors"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
	"jiebang/domain/event"
)

// Config holds the deployment's limits for bidding.
type Config struct {
	// MaxPartners is the most consortium partners beside the lead (default 4).
	MaxPartners int
	// MaxActiveBidsPerPI is how many active bids one PI may lead across all challenges (限项, default 1).
	MaxActiveBidsPerPI int
	// MaxActiveBidsPerOrg is how many active bids one organisation may lead (default 3).
	MaxActiveBidsPerOrg int
	// MaxAttachmentBytes is the size limit of one attachment (default 20 MiB).
	MaxAttachmentBytes int64
}

func (c Config) withDefaults() Config {
	if c.MaxPartners <= 0 {
		c.MaxPartners = 4
	}
	if c.MaxActiveBidsPerPI == 0 {
		c.MaxActiveBidsPerPI = 1
	}
	if c.MaxActiveBidsPerOrg == 0 {
		c.MaxActiveBidsPerOrg = 3
	}
	if c.MaxAttachmentBytes <= 0 {
		c.MaxAttachmentBytes = 20 << 20
	}
	return c
}

// Deps are the collaborators of the bid service.
type Deps struct {
	Store      Store
	Blobs      Blobs
	Tx         domain.TxManager
	Audit      *audit.Service
	Clock      domain.Clock
	Orgs       Orgs
	Challenges Challenges
	// Events receives the bid's status changes (nil: none are emitted).
	Events *event.Bus
	// Corrections stores the requests for correction (补正); nil: corrections are not offered.
	Corrections CorrectionStore
}

// Service is the bidding use cases.
type Service struct {
	cfg        Config
	store      Store
	blobs      Blobs
	tx         domain.TxManager
	audit      *audit.Service
	clock      domain.Clock
	orgs       Orgs
	challenges Challenges
	events     *event.Bus
	limits     LimitSource
	// corrections and workdays serve the correction window (correction.go)
	corrections CorrectionStore
	workdays    Workdays
	// mine serves the pages of 我的揭榜 (mine.go); nil: always read.
	mine MineCache
}

// NewService builds the bid service.
func NewService(cfg Config, d Deps) *Service {
	return &Service{cfg: cfg.withDefaults(), store: d.Store, blobs: d.Blobs, tx: d.Tx, audit: d.Audit,
		clock: d.Clock, orgs: d.Orgs, challenges: d.Challenges, events: d.Events, corrections: d.Corrections}
}

// Config returns the limits in force.
func (s *Service) Config() Config { return s.cfg }

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// arrivedAt is the instant the request of ctx arrived at the server (domain.ArrivedAt), or now without a stamp.
func (s *Service) arrivedAt(ctx context.Context, now time.Time) time.Time {
	return domain.ArrivedAt(ctx, now).UTC().Truncate(time.Microsecond)
}

// checkOpen is CheckOpenAt for the request of ctx at the current time.
func (s *Service) checkOpen(ctx context.Context, ch challenge.Challenge) error {
	now := s.now()
	return CheckOpenAt(ch, s.arrivedAt(ctx, now), now)
}

var errBidNotFound = domain.NewError(domain.ErrNotFound, "not_found", "未找到该揭榜申报", "bid not found")

var errChallengeNotFound = domain.NewError(domain.ErrNotFound, "not_found", "未找到该榜单", "challenge not found")

func notTeam() error {
	return domain.Forbidden("forbidden", "只有揭榜团队可以修改本申报", "only the bidding team may change this bid")
}

// challenge looks a challenge up, answering 404 for one that is missing.
func (s *Service) challenge(ctx context.Context, id int64) (challenge.Challenge, error) {
	ch, err := s.challenges.Lookup(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return ch, errChallengeNotFound
	}
	return ch, err
}

// lookup reads one bid scoped to the actor in the query itself (miniflux's Category(userID, id)): a team only
// its organisation's bids, an enterprise only bids on its own challenges, the bureau any; nobody else any. A
// check missed further on still cannot leak another organisation's bid.
func (s *Service) lookup(ctx context.Context, actor domain.Actor, id int64) (Bid, error) {
	switch {
	case actor.Is(domain.RoleTeam) && actor.OrgID != 0:
		return s.store.GetForOrg(ctx, actor.OrgID, id)
	case actor.Is(domain.RoleEnterprise) && actor.OrgID != 0:
		return s.store.GetOnChallengesOf(ctx, actor.OrgID, id)
	case actor.Is(domain.RoleBureau):
		return s.store.Get(ctx, id)
	}
	return Bid{}, domain.ErrNotFound
}

// load returns a bid the actor may read and its challenge; 404 for everyone else.
func (s *Service) load(ctx context.Context, actor domain.Actor, id int64) (Bid, challenge.Challenge, error) {
	b, err := s.lookup(ctx, actor, id)
	if errors.Is(err, domain.ErrNotFound) {
		return Bid{}, challenge.Challenge{}, errBidNotFound
	}
	if err != nil {
		return Bid{}, challenge.Challenge{}, err
	}
	ch, err := s.challenge(ctx, b.ChallengeID)
	if err != nil {
		return Bid{}, challenge.Challenge{}, err
	}
	if !CanRead(actor, b, ch, s.now()) {
		return Bid{}, challenge.Challenge{}, errBidNotFound
	}
	return b, ch, nil
}

// loadForTeam returns a bid the actor's team may change: 404 when the actor may not read it, 403 when it may
// read but is not on the team, 409 when bidding is over or the action is not allowed in the bid's status.
func (s *Service) loadForTeam(ctx context.Context, actor domain.Actor, id int64, action Action) (Bid, challenge.Challenge, error) {
	b, ch, _, err := s.loadForChange(ctx, actor, id, action)
	return b, ch, err
}

// loadForChange is loadForTeam that also lets a change through after the deadline while the bid's correction
// (补正) is pending and not yet due; it returns that correction (nil while bidding is open).
func (s *Service) loadForChange(ctx context.Context, actor domain.Actor, id int64, action Action) (Bid, challenge.Challenge, *Correction, error) {
	b, ch, err := s.load(ctx, actor, id)
	if err != nil {
		return b, ch, nil, err
	}
	if !IsTeam(actor, b) {
		return b, ch, nil, notTeam()
	}
	corr, err := s.correctionGate(ctx, b, ch, action)
	if err != nil {
		return b, ch, nil, err
	}
	if _, err := Machine.Next(b.Status, action, actor.Role, b); err != nil {
		return b, ch, nil, err
	}
	return b, ch, corr, nil
}

// stillOpen re-reads the challenge inside the transaction and checks that bidding is still open for the
// request: the transaction may have waited for the database (one writer on SQLite, locks on PostgreSQL) past
// the deadline, or the bureau may have cancelled the challenge meanwhile. The request counts as of its arrival
// (CheckOpenAt: arrived before the deadline, recorded before the deadline plus domain.ArrivalGrace), and the
// time returned, which the change is recorded with (a submission's receipt time), is that arrival instant.
func (s *Service) stillOpen(ctx context.Context, challengeID int64) (time.Time, error) {
	now := s.now()
	at := s.arrivedAt(ctx, now)
	var ch challenge.Challenge
	var err error
	if st, ok := s.challenges.(StateLookup); ok {
		ch, err = st.LookupState(ctx, challengeID)
		if errors.Is(err, domain.ErrNotFound) {
			err = errChallengeNotFound
		}
	} else {
		ch, err = s.challenge(ctx, challengeID)
	}
	if err != nil {
		return at, err
	}
	return at, CheckOpenAt(ch, at, now)
}

// leadOrg returns the actor's organisation if it may bid: verified and not barred.
func (s *Service) leadOrg(ctx context.Context, orgID int64) (account.Org, error) {
	org, err := s.orgs.OrgByID(ctx, orgID)
	if err != nil {
		return org, err
	}
	if org.CreditStatus == account.CreditBarred {
		return org, errOrgBarred(org.Name)
	}
	if !org.Verified {
		return org, domain.Forbidden("org_not_verified", "所在单位尚未通过科技局认证，暂不能揭榜",
			"your organisation is not verified by the bureau yet and cannot bid")
	}
	return org, nil
}

func errOrgBarred(name string) *domain.Error {
	return domain.Forbidden("org_barred", "单位 "+name+" 因信用问题被禁止揭榜", "organisation "+name+" is barred from bidding").
		WithDetails(map[string]any{"org_name": name})
}

func (s *Service) rules(ctx context.Context, ch challenge.Challenge, lead account.Org) Rules {
	return Rules{Challenge: ch, MaxPartners: s.current(ctx, ch).MaxPartners, LeadCreditCode: lead.CreditCode}
}

func errBidExists(id int64) error {
	return domain.Conflict("bid_exists", "本单位已揭榜该榜单（可修改已有申报，或撤回后重新揭榜）",
		"your organisation already has a bid on this challenge (edit it, or withdraw it first)").
		WithDetails(map[string]any{"bid_id": id})
}

// errOwnChallenge refuses a bid of the posting enterprise's own organisation on its challenge.
var errOwnChallenge = domain.Forbidden("own_challenge", "不能揭本单位发布的榜单", "your organisation posted this challenge; it cannot bid on it")

// Create starts a draft bid of the actor's organisation on a published challenge (揭榜).
func (s *Service) Create(ctx context.Context, actor domain.Actor, challengeID int64, c Content) (View, error) {
	if !actor.Is(domain.RoleTeam) || actor.OrgID == 0 {
		return View{}, domain.Forbidden("forbidden", "只有揭榜方用户可以揭榜", "only team users may bid")
	}
	ch, err := s.challenge(ctx, challengeID)
	if err != nil {
		return View{}, err
	}
	if !everPublished(ch) {
		return View{}, errChallengeNotFound
	}
	if challenge.PostedByOwnOrg(actor, ch) {
		return View{}, errOwnChallenge
	}
	if err := s.checkOpen(ctx, ch); err != nil {
		return View{}, err
	}
	var now time.Time
	lead, err := s.leadOrg(ctx, actor.OrgID)
	if err != nil {
		return View{}, err
	}
	c = NormalizeContent(c)
	if err := CheckFormat(c, s.rules(ctx, ch, lead)); err != nil {
		return View{}, err
	}
	b := Bid{ChallengeID: ch.ID, LeadOrgID: lead.ID, Status: StatusDraft, Content: c, CreatedBy: actor.UserID}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if now, err = s.stillOpen(ctx, ch.ID); err != nil {
			return err
		}
		b.CreatedAt, b.UpdatedAt = now, now
		existing, err := s.store.OpenBidOf(ctx, ch.ID, lead.ID)
		if err != nil {
			return err
		}
		if existing != 0 {
			return errBidExists(existing)
		}
		// a draft the organisation could never submit is not started (限项); a PI at the limit is not refused
		// here: the draft may name another PI before it is submitted
		orgActive, _, err := s.quotaFor(ctx, lead.ID, "", ch.CallID, 0)
		if err != nil {
			return err
		}
		if err := startLimit(orgActive, s.current(ctx, ch)); err != nil {
			return err
		}
		if err := s.store.Create(ctx, &b); err != nil {
			if errors.Is(err, domain.ErrConflict) {
				return errBidExists(0)
			}
			return err
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityBid, EntityID: b.ID, Action: "create",
			After: map[string]any{"challenge_id": ch.ID, "lead_org_id": lead.ID, "status": b.Status}})
	})
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, actor, b, ch, nil, nil)
}

// Update edits the working copy of a draft or submitted bid before the deadline; the changes count only
// after the next Submit.
func (s *Service) Update(ctx context.Context, actor domain.Actor, id int64, p Patch) (View, error) {
	b, ch, corr, err := s.loadForChange(ctx, actor, id, ActionEdit)
	if err != nil {
		return View{}, err
	}
	if corr != nil {
		if err := AllowedBy(corr.Defects).CheckPatchAllowed(p); err != nil {
			return View{}, err
		}
	}
	lead, err := s.orgs.OrgByID(ctx, b.LeadOrgID)
	if err != nil {
		return View{}, err
	}
	c := NormalizeContent(p.Apply(b.Content))
	if err := CheckFormat(c, s.rules(ctx, ch, lead)); err != nil {
		return View{}, err
	}
	var now time.Time
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if now, err = s.stillEditable(ctx, b, corr); err != nil {
			return err
		}
		if err := s.store.SaveContent(ctx, b.ID, b.Status, c, true, now); err != nil {
			return Machine.Lost(err, b.Status, ActionEdit)
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityBid, EntityID: b.ID, Action: string(ActionEdit),
			After: map[string]any{"fields": p.Fields()}})
	})
	if err != nil {
		return View{}, err
	}
	b.Content, b.Dirty, b.UpdatedAt = c, true, now
	return s.view(ctx, actor, b, ch, nil, nil)
}

// Withdraw withdraws a bid before the deadline (撤回); the organisation may then bid again.
func (s *Service) Withdraw(ctx context.Context, actor domain.Actor, id int64) (View, error) {
	b, ch, err := s.loadForTeam(ctx, actor, id, ActionWithdraw)
	if err != nil {
		return View{}, err
	}
	var now time.Time
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if now, err = s.stillOpen(ctx, b.ChallengeID); err != nil {
			return err
		}
		if err := s.store.SetStatus(ctx, b.ID, b.Status, StatusWithdrawn, "", now); err != nil {
			return Machine.Lost(err, b.Status, ActionWithdraw)
		}
		if err := s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityBid, EntityID: b.ID, Action: string(ActionWithdraw),
			Before: map[string]any{"status": b.Status}, After: map[string]any{"status": StatusWithdrawn}}); err != nil {
			return err
		}
		after := b
		after.Status, after.WithdrawnAt, after.UpdatedAt = StatusWithdrawn, &now, now
		return s.emit(ctx, actor, after, b.Status, ActionWithdraw, "")
	})
	if err != nil {
		return View{}, err
	}
	b.Status, b.WithdrawnAt, b.UpdatedAt = StatusWithdrawn, &now, now
	return s.view(ctx, actor, b, ch, nil, nil)
}
