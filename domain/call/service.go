package call

import (
	"context"
	"errors"
	"sort"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
	"jiebang/domain/settings"
)

// SettingsReader gives the bureau's limits in force (satisfied by *settings.Service).
type SettingsReader interface {
	Limits(ctx context.Context) (settings.Limits, error)
}

// Challenges is what the call needs of the challenge area (satisfied by *challenge.Service): publishing one
// approved challenge of the call inside the call's transaction, by the challenge's own publish rules, and
// reading challenges as list items.
type Challenges interface {
	PublishInCall(ctx context.Context, actor domain.Actor, id int64, deadline time.Time) error
	Summaries(ctx context.Context, ids []int64) (map[int64]challenge.Challenge, error)
}

// Deps are the collaborators of the call service.
type Deps struct {
	Store      Store
	Tx         domain.TxManager
	Audit      *audit.Service
	Clock      domain.Clock
	Settings   SettingsReader
	Challenges Challenges
}

// Service is the call use cases.
type Service struct{ d Deps }

// NewService builds the call service.
func NewService(d Deps) *Service { return &Service{d: d} }

func (s *Service) now() time.Time { return s.d.Clock.Now().UTC().Truncate(time.Microsecond) }

// View is a call as its viewer sees it: its status now and the rules in force.
type View struct {
	Call
	Status Status
	Rules  Rules
}

// Detail is a call with its challenges: every challenge filed into it for the bureau; once published, the
// public ones (published and later) for everyone else.
type Detail struct {
	View
	Challenges []challenge.Challenge
}

func (s *Service) view(ctx context.Context, c Call) (View, error) {
	r, err := s.rulesOf(ctx, c)
	return View{Call: c, Status: c.StatusAt(s.d.Clock.Now()), Rules: r}, err
}

func (s *Service) settingsRules(ctx context.Context) (Rules, error) {
	l := settings.DefaultLimits()
	if s.d.Settings != nil {
		var err error
		if l, err = s.d.Settings.Limits(ctx); err != nil {
			return Rules{}, err
		}
	}
	return Overrides{}.Effective(l), nil
}

func (s *Service) rulesOf(ctx context.Context, c Call) (Rules, error) {
	l := settings.DefaultLimits()
	if s.d.Settings != nil {
		var err error
		if l, err = s.d.Settings.Limits(ctx); err != nil {
			return Rules{}, err
		}
	}
	r := c.Overrides.Effective(l)
	r.CallID = c.ID
	return r, nil
}

func (s *Service) get(ctx context.Context, id int64) (Call, error) {
	c, err := s.d.Store.Get(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return Call{}, errNotFound
	}
	return c, err
}

// Create opens a call (bureau), audited.
func (s *Service) Create(ctx context.Context, actor domain.Actor, in Input) (View, error) {
	if !actor.Bureau() {
		return View{}, errNotBureau
	}
	now := s.now()
	c := Call{Stored: StatusOpen, CreatedBy: actor.UserID, CreatedAt: now, UpdatedAt: now}
	if in.Notes == nil {
		empty := ""
		in.Notes = &empty
	}
	in.apply(&c)
	if err := requireAll(in); err != nil {
		return View{}, err
	}
	if err := c.Validate(); err != nil {
		return View{}, err
	}
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.d.Store.Create(ctx, &c); err != nil {
			return err
		}
		return s.d.Audit.Log(ctx, actor, audit.Record{Entity: EntityCall, EntityID: c.ID, Action: "create", After: c.summary()})
	})
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, c)
}

func requireAll(in Input) error {
	var v domain.Validator
	v.Check(in.Title != nil, "title", "required", "必填", "required")
	v.Check(in.Year != nil, "year", "required", "必填", "required")
	v.Check(in.OpensOn != nil, "opens_on", "required", "必填", "required")
	v.Check(in.ClosesOn != nil, "closes_on", "required", "必填", "required")
	return v.Err()
}

// Update changes a call's title, year, dates, notes or rules (bureau) until it is published, audited; nil
// fields stay.
func (s *Service) Update(ctx context.Context, actor domain.Actor, id int64, in Input) (View, error) {
	if !actor.Bureau() {
		return View{}, errNotBureau
	}
	var out Call
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.get(ctx, id)
		if err != nil {
			return err
		}
		if c.Stored == StatusPublished {
			return ErrPublished
		}
		before := c.summary()
		in.apply(&c)
		if err := c.Validate(); err != nil {
			return err
		}
		c.UpdatedAt = s.now()
		if err := s.d.Store.Update(ctx, c); err != nil {
			if errors.Is(err, domain.ErrStale) {
				return ErrPublished
			}
			return err
		}
		out = c
		return s.d.Audit.Log(ctx, actor, audit.Record{Entity: EntityCall, EntityID: c.ID, Action: "update",
			Before: before, After: c.summary()})
	})
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, out)
}

// List returns every call with its status now (anyone); status narrows to one status ("" for all).
func (s *Service) List(ctx context.Context, status Status) ([]View, error) {
	cs, err := s.d.Store.List(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]View, 0, len(cs))
	for _, c := range cs {
		v, err := s.view(ctx, c)
		if err != nil {
			return nil, err
		}
		if status == "" || v.Status == status {
			out = append(out, v)
		}
	}
	return out, nil
}

// Get returns a call with the challenges the actor may see in it (anyone): the bureau every challenge filed
// into it; everyone else, once the call is published, its public challenges.
func (s *Service) Get(ctx context.Context, actor domain.Actor, id int64) (Detail, error) {
	c, err := s.get(ctx, id)
	if err != nil {
		return Detail{}, err
	}
	v, err := s.view(ctx, c)
	if err != nil {
		return Detail{}, err
	}
	d := Detail{View: v, Challenges: []challenge.Challenge{}}
	if !actor.Bureau() && c.Stored != StatusPublished {
		return d, nil
	}
	ms, err := s.d.Store.Members(ctx, id)
	if err != nil {
		return Detail{}, err
	}
	ids := make([]int64, 0, len(ms))
	for _, m := range ms {
		ids = append(ids, m.ChallengeID)
	}
	items, err := s.d.Challenges.Summaries(ctx, ids)
	if err != nil {
		return Detail{}, err
	}
	for _, id := range ids {
		ch, ok := items[id]
		if ok && (actor.Bureau() || ch.Public()) {
			d.Challenges = append(d.Challenges, ch)
		}
	}
	sort.SliceStable(d.Challenges, func(i, j int) bool { return d.Challenges[i].ID < d.Challenges[j].ID })
	return d, nil
}

// Publish publishes the call (bureau): every approved challenge of the call is published (张榜) with the one
// bidding deadline, by the challenge's own publish rules, and the call becomes published, all in one
// transaction, audited. Compare-and-set on the call: of two officers publishing at once one wins and the
// other gets 409 call_published; nothing is published twice. 422 call_empty without an approved challenge;
// 409 call_pending while a challenge of the call still waits for validation (submitted).
func (s *Service) Publish(ctx context.Context, actor domain.Actor, id int64, deadline time.Time) (Detail, error) {
	if !actor.Bureau() {
		return Detail{}, errNotBureau
	}
	deadline = deadline.UTC().Truncate(time.Microsecond)
	if !deadline.After(s.now()) {
		return Detail{}, domain.FieldErr("bidding_deadline", "not_in_future", "揭榜截止时间必须晚于当前时间",
			"the bidding deadline must be in the future")
	}
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.get(ctx, id)
		if err != nil {
			return err
		}
		if c.Stored == StatusPublished {
			return ErrPublished
		}
		ms, err := s.d.Store.Members(ctx, id)
		if err != nil {
			return err
		}
		var approved []int64
		for _, m := range ms {
			switch m.Status {
			case challenge.StatusSubmitted:
				return ErrPending.WithDetails(map[string]any{"challenge_id": m.ChallengeID})
			case challenge.StatusApproved:
				approved = append(approved, m.ChallengeID)
			}
		}
		if len(approved) == 0 {
			return ErrEmpty
		}
		now := s.now()
		if err := s.d.Store.MarkPublished(ctx, id, deadline, now); err != nil {
			if errors.Is(err, domain.ErrStale) {
				return ErrPublished
			}
			return err
		}
		for _, chID := range approved {
			if err := s.d.Challenges.PublishInCall(ctx, actor, chID, deadline); err != nil {
				return err
			}
		}
		before := c.summary()
		c.Stored, c.BiddingDeadline, c.PublishedAt = StatusPublished, &deadline, &now
		after := c.summary()
		after.Challenges = approved
		return s.d.Audit.Log(ctx, actor, audit.Record{Entity: EntityCall, EntityID: c.ID, Action: "publish",
			Before: before, After: after})
	})
	if err != nil {
		return Detail{}, err
	}
	return s.Get(ctx, actor, id)
}

// summary is the audit before/after summary of a call.
type summary struct {
	Status          Status     `json:"status"`
	Title           string     `json:"title"`
	Year            int        `json:"year"`
	OpensOn         string     `json:"opens_on"`
	ClosesOn        string     `json:"closes_on"`
	Notes           string     `json:"notes,omitempty"`
	Rules           Overrides  `json:"rules"`
	BiddingDeadline *time.Time `json:"bid_deadline,omitempty"`
	Challenges      []int64    `json:"challenge_ids,omitempty"`
}

func (c Call) summary() summary {
	return summary{Status: c.Stored, Title: c.Title, Year: c.Year, OpensOn: c.OpensOn, ClosesOn: c.ClosesOn,
		Notes: c.Notes, Rules: c.Overrides, BiddingDeadline: c.BiddingDeadline}
}
