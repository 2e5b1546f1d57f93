package review

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/event"
	"jiebang/domain/schedule"
)

// BidVersions gives the submitted version of a bid an expert scores.
type BidVersions interface {
	BidVersion(ctx context.Context, bidID int64, version int) (bid.Version, error)
	// OpenVersionAttachment opens an attachment the version names, with its 1-based position in the list.
	OpenVersionAttachment(ctx context.Context, bidID int64, version int, attachmentID int64) (bid.AttachmentRef, int, io.ReadSeekCloser, error)
}

// Deps are the collaborators of the review service. Race is nil until the race is wired: stage_review and
// acceptance rounds then answer 409 race_not_started.
type Deps struct {
	Store      Store
	Tx         domain.TxManager
	Audit      *audit.Service
	Clock      domain.Clock
	Seeder     domain.Seeder
	Challenges Challenges
	Orgs       Orgs
	Bids       BidVersions
	Race       RaceItems
	// Reports gives experts the stage reports they score (wired to the race when it exists).
	Reports RaceReports
	// Fields gives the industry fields an expert may choose (the bureau's settings); nil: challenge.FieldCodes.
	Fields FieldSource
	// Rubrics gives the bureau's rubric template of a kind (settings) for rounds opened without a rubric;
	// nil uses DefaultRubric.
	Rubrics RubricTemplates
	// Panels gives the bureau's default experts per item (settings) for rounds opened without one; nil uses
	// DefaultExpertsPerItem.
	Panels   PanelDefaults
	RaceBids BidParties
	// Corrections tells which bids of a challenge have a pending correction (补正); a bid review round does not
	// open while one has (nil: none have).
	Corrections PendingCorrections
	// Claims makes the reminder job's reminders happen once; Events receives the rounds' changes (nil: none
	// are published; the notifications to experts are their reactions, Register).
	Claims schedule.Claims
	Events *event.Bus
}

// PendingCorrections gives the bids of a challenge whose correction (补正) is pending.
type PendingCorrections interface {
	PendingCorrections(ctx context.Context, challengeID int64) ([]int64, error)
}

// RubricTemplates gives the rubric template of a round kind.
type RubricTemplates interface {
	RubricTemplate(ctx context.Context, kind Kind) ([]Criterion, error)
}

// PanelDefaults gives the bureau's default number of experts per item (the settings' limits).
type PanelDefaults interface {
	DefaultExpertsPerItem(ctx context.Context) (int, error)
}

// Service is the review use cases.
type Service struct {
	Deps
	cacheMu sync.Mutex
	cache   map[int64][]ResultLine
}

// NewService builds the review service.
func NewService(d Deps) *Service { return &Service{Deps: d} }

func (s *Service) now() time.Time { return s.Clock.Now().UTC().Truncate(time.Microsecond) }

var (
	errRoundNotFound      = domain.NewError(domain.ErrNotFound, "not_found", "未找到该评审轮次", "review round not found")
	errAssignmentNotFound = domain.NewError(domain.ErrNotFound, "not_found", "未找到该评审任务", "assignment not found")
	errChallengeNotFound  = domain.NewError(domain.ErrNotFound, "not_found", "未找到该榜单", "challenge not found")
	errNotBureau          = domain.Forbidden("forbidden", "只有科技局可以执行此操作", "only the bureau may do this")
	errNotExpert          = domain.Forbidden("forbidden", "只有评审专家可以执行此操作", "only experts may do this")
)

func notFoundAs(err error, as error) error {
	if errors.Is(err, domain.ErrNotFound) {
		return as
	}
	return err
}

// round loads a round for the bureau.
func (s *Service) round(ctx context.Context, actor domain.Actor, id int64) (Round, error) {
	if !actor.Is(domain.RoleBureau) {
		return Round{}, errNotBureau
	}
	r, err := s.Store.Round(ctx, id)
	return r, notFoundAs(err, errRoundNotFound)
}

// RoundView is a round with its items, for the bureau.
type RoundView struct {
	Round
	ChallengeTitle string
	Items          []Item
}

// Round returns a round with its items (bureau).
func (s *Service) Round(ctx context.Context, actor domain.Actor, id int64) (RoundView, error) {
	r, err := s.round(ctx, actor, id)
	if err != nil {
		return RoundView{}, err
	}
	return s.view(ctx, r)
}

func (s *Service) view(ctx context.Context, r Round) (RoundView, error) {
	items, err := s.Store.Items(ctx, r.ID)
	if err != nil {
		return RoundView{}, err
	}
	ch, err := s.Challenges.Lookup(ctx, r.ChallengeID)
	if err != nil {
		return RoundView{}, err
	}
	return RoundView{Round: r, ChallengeTitle: ch.Title, Items: items}, nil
}

// RoundsOf lists a challenge's rounds (bureau).
func (s *Service) RoundsOf(ctx context.Context, actor domain.Actor, challengeID int64) ([]Round, error) {
	if !actor.Is(domain.RoleBureau) {
		return nil, errNotBureau
	}
	if _, err := s.Challenges.Lookup(ctx, challengeID); err != nil {
		return nil, notFoundAs(err, errChallengeNotFound)
	}
	return s.Store.RoundsOf(ctx, challengeID)
}

// LastClosedRound is the latest closed round of a challenge of that kind and stage, for other areas (the
// race reads the ranking of the bid review and the scores of stage rounds through it).
func (s *Service) LastClosedRound(ctx context.Context, challengeID int64, kind string, stage int) (Round, bool, error) {
	return s.Store.LastClosedRound(ctx, challengeID, Kind(kind), stage)
}

// OpenRound opens a review round on a challenge (bureau): validation on a submitted challenge (the item is
// the challenge), bid_review on a challenge whose bidding has closed with at least one eligible bid (the
// challenge moves to reviewing), stage_review and acceptance from the race's items.
func (s *Service) OpenRound(ctx context.Context, actor domain.Actor, challengeID int64, in Settings) (rv RoundView, err error) {
	if !actor.Is(domain.RoleBureau) {
		return RoundView{}, errNotBureau
	}
	now := s.now()
	if len(in.Rubric) == 0 && s.Rubrics != nil && validKind(in.Kind) {
		if in.Rubric, err = s.Rubrics.RubricTemplate(ctx, in.Kind); err != nil {
			return RoundView{}, err
		}
		// A template names its criteria only: whether one needs the team's identity follows the name.
		for i, c := range in.Rubric {
			in.Rubric[i].NeedsIdentity = c.NeedsIdentity || IdentityCriterion(c.Name)
		}
	}
	if in.ExpertsPerItem == 0 && s.Panels != nil {
		if in.ExpertsPerItem, err = s.Panels.DefaultExpertsPerItem(ctx); err != nil {
			return RoundView{}, err
		}
	}
	in = in.WithDefaults()
	ch, err := s.Challenges.Lookup(ctx, challengeID)
	if err != nil {
		return RoundView{}, notFoundAs(err, errChallengeNotFound)
	}
	if in.Kind == KindStageReview && in.Stage == 0 {
		rounds, err := s.Store.RoundsOf(ctx, ch.ID)
		if err != nil {
			return RoundView{}, err
		}
		in.Stage = NextStageToReview(rounds, len(ch.Stages))
	}
	if err := in.Validate(now); err != nil {
		return RoundView{}, err
	}
	r := Round{ChallengeID: ch.ID, Kind: in.Kind, Stage: in.Stage, Rubric: in.Rubric, ExpertsPerItem: in.ExpertsPerItem,
		Aggregation: in.Aggregation, Deadline: in.Deadline.UTC().Truncate(time.Microsecond), Status: StatusOpen,
		CreatedBy: actor.UserID, CreatedAt: now, DoubleBlind: in.DoubleBlind != nil && *in.DoubleBlind}
	var items []Item
	err = s.Tx.InTx(ctx, func(ctx context.Context) error {
		ch, err := s.Challenges.Lookup(ctx, challengeID)
		if err != nil {
			return err
		}
		rounds, err := s.Store.RoundsOf(ctx, ch.ID)
		if err != nil {
			return err
		}
		if prior, ok := OpenRoundFor(rounds, r.Kind, r.Stage, len(ch.Stages)); ok {
			return ErrRoundExists(prior)
		}
		if items, err = s.itemsFor(ctx, actor, ch, in); err != nil {
			return err
		}
		if err := s.Store.CreateRound(ctx, &r); err != nil {
			if errors.Is(err, domain.ErrConflict) {
				// the partial unique index: another officer opened the same round at the same moment
				return ErrRoundExists(Round{ChallengeID: ch.ID, Kind: r.Kind, Stage: r.Stage})
			}
			return err
		}
		for i := range items {
			items[i].RoundID = r.ID
		}
		if r.Kind == KindBidReview {
			// Every bid review round's items get neutral labels, so a round may turn double-blind until drawn.
			labelBlind(items, s.seed())
		}
		if err := s.Store.AddItems(ctx, items); err != nil {
			return err
		}
		if err := s.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityRound, EntityID: r.ID, Action: string(ActionOpen),
			After: map[string]any{"challenge_id": ch.ID, "kind": r.Kind, "stage": r.Stage, "rubric": rubricSummary(r.Rubric),
				"experts_per_item": r.ExpertsPerItem, "aggregation": r.Aggregation, "deadline": r.Deadline, "items": len(items),
				"double_blind": r.DoubleBlind}}); err != nil {
			return err
		}
		return publish(ctx, s, EventOpen, actor, r.ID, RoundChanged{Round: r, Title: ch.Title})
	})
	if err != nil {
		return RoundView{}, err
	}
	return RoundView{Round: r, ChallengeTitle: ch.Title, Items: items}, nil
}

func rubricSummary(r []Criterion) []map[string]any {
	out := make([]map[string]any, len(r))
	for i, c := range r {
		out[i] = map[string]any{"name": c.Name, "weight": c.Weight, "needs_identity": c.NeedsIdentity}
	}
	return out
}

// seed is a fresh seed for the shuffle of neutral labels (1 without a Seeder).
func (s *Service) seed() int64 {
	if s.Seeder == nil {
		return 1
	}
	return s.Seeder.Seed()
}

// itemsFor builds a new round's items and checks the challenge's state for the kind.
func (s *Service) itemsFor(ctx context.Context, actor domain.Actor, ch challenge.Challenge, in Settings) ([]Item, error) {
	code, err := s.Orgs.CreditCode(ctx, ch.OrgID)
	if err != nil {
		return nil, err
	}
	switch in.Kind {
	case KindValidation:
		if ch.Status != challenge.StatusSubmitted {
			return nil, domain.InvalidTransition("challenge", string(ch.Status), "validation_review")
		}
		at := ch.UpdatedAt
		if ch.SubmittedAt != nil {
			at = *ch.SubmittedAt
		}
		return []Item{{Label: ch.Title, OrgID: ch.OrgID, SubmittedAt: at,
			Parties: Parties{OrgIDs: []int64{ch.OrgID}, CreditCodes: []string{code}}}}, nil
	case KindBidReview:
		if ch.Status != challenge.StatusBiddingClosed && ch.Status != challenge.StatusReviewing {
			return nil, domain.InvalidTransition("challenge", string(ch.Status), "bid_review")
		}
		if s.Corrections != nil {
			pending, err := s.Corrections.PendingCorrections(ctx, ch.ID)
			if err != nil {
				return nil, err
			}
			if len(pending) > 0 {
				return nil, bid.ErrCorrectionPending(pending...)
			}
		}
		items, err := s.Store.EligibleBidItems(ctx, ch, code)
		if err != nil {
			return nil, err
		}
		if len(items) == 0 {
			return nil, domain.Conflict("no_eligible_bids", "该榜单没有形式审查合格的申报，无法开启评审",
				"the challenge has no eligible bid to review")
		}
		if ch.Status == challenge.StatusBiddingClosed {
			if err := s.Challenges.StartReview(ctx, actor, ch.ID); err != nil {
				return nil, err
			}
		}
		return items, nil
	}
	if s.Race == nil || s.RaceBids == nil {
		return nil, domain.Conflict("race_not_started", "赛马尚未开始，没有可评审的阶段报告",
			"the race has not started: there are no reports to review")
	}
	stage := in.Stage
	if in.Kind == KindAcceptance && stage == 0 {
		stage = len(ch.Stages)
	}
	ris, err := s.Race.StageItems(ctx, ch.ID, stage)
	if err != nil {
		return nil, err
	}
	if len(ris) == 0 {
		return nil, domain.Conflict("no_reports", "该阶段没有可评审的报告", "no report of this stage to review")
	}
	items := make([]Item, 0, len(ris))
	for _, ri := range ris {
		it, err := s.RaceBids.BidItem(ctx, ri.BidID, ch, code)
		if err != nil {
			return nil, err
		}
		it.RacerID, it.ReportID, it.Label, it.SubmittedAt = ri.RacerID, ri.ReportID, ri.Label, ri.SubmittedAt
		items = append(items, it)
	}
	return items, nil
}

// UpdateSettings changes a round's rubric, panel size, aggregation or deadline while no panel is drawn.
func (s *Service) UpdateSettings(ctx context.Context, actor domain.Actor, id int64, in Settings) (RoundView, error) {
	r, err := s.round(ctx, actor, id)
	if err != nil {
		return RoundView{}, err
	}
	if _, err := Next(r.Status, ActionEdit, actor.Role); err != nil {
		return RoundView{}, err
	}
	in.Kind, in.Stage = r.Kind, r.Stage
	if in.DoubleBlind == nil {
		in.DoubleBlind = &r.DoubleBlind
	}
	in = in.WithDefaults()
	if err := in.Validate(s.now()); err != nil {
		return RoundView{}, err
	}
	before := map[string]any{"rubric": rubricSummary(r.Rubric), "experts_per_item": r.ExpertsPerItem,
		"aggregation": r.Aggregation, "deadline": r.Deadline, "double_blind": r.DoubleBlind}
	r.Rubric, r.ExpertsPerItem, r.Aggregation, r.DoubleBlind = in.Rubric, in.ExpertsPerItem, in.Aggregation, *in.DoubleBlind
	r.Deadline = in.Deadline.UTC().Truncate(time.Microsecond)
	err = s.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.Store.UpdateRound(ctx, r, StatusOpen, r.Draws); err != nil {
			return casErr(err, r.Status, ActionEdit)
		}
		return s.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityRound, EntityID: r.ID, Action: string(ActionEdit),
			Before: before, After: map[string]any{"rubric": rubricSummary(r.Rubric), "experts_per_item": r.ExpertsPerItem,
				"aggregation": r.Aggregation, "deadline": r.Deadline, "double_blind": r.DoubleBlind}})
	})
	if err != nil {
		return RoundView{}, err
	}
	return s.view(ctx, r)
}

// casErr turns a lost compare-and-set into the round machine's 409.
func casErr(err error, from Status, action Action) error { return Machine.Lost(err, from, action) }
