package qa

import (
	"context"
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// View is a challenge's questions and answers as one caller may see them.
type View struct {
	ChallengeID int64
	// Open reports whether a question may be asked now; ClosesAt is when the window closes (nil: no deadline).
	Open       bool
	ClosesAt   *time.Time
	WindowDays int
	// Published are the published answers, by number: for everyone.
	Published []Question
	// Queue are the questions not yet published or declined (pending and answered): for the bureau and the
	// owner enterprise, without who asked.
	Queue []Question
	// Mine are the caller's own questions, in every status.
	Mine []Question
	// Following: whether the caller follows the challenge.
	Following bool
	// FollowerCount: how many follow (nil unless the caller is the bureau or the owner enterprise).
	FollowerCount *int
	// ToConfirm are the amendments the caller's team has yet to confirm (its bid submitted before them).
	ToConfirm []challenge.Amendment
	// ToConfirmBid is the caller's team's bid the confirmations are for (0: none).
	ToConfirmBid int64
}

// Get returns the challenge's questions and answers for actor (404 when the actor may not know the challenge).
func (s *Service) Get(ctx context.Context, actor domain.Actor, challengeID int64) (View, error) {
	c, err := s.readable(ctx, actor, challengeID)
	if err != nil {
		return View{}, err
	}
	r, err := s.rulesFor(ctx, c.ID)
	if err != nil {
		return View{}, err
	}
	v := View{ChallengeID: c.ID, WindowDays: r.QuestionWindowDays, Open: QuestionsOpen(c, s.clock.Now(), r.QuestionWindowDays)}
	if c.BidDeadline != nil {
		t := QuestionsCloseAt(*c.BidDeadline, r.QuestionWindowDays)
		v.ClosesAt = &t
	}
	if v.Published, err = s.store.Questions(ctx, c.ID, StatusPublished); err != nil {
		return View{}, err
	}
	if c.SeenWhole(actor) {
		if v.Queue, err = s.store.Questions(ctx, c.ID, StatusPending, StatusAnswered); err != nil {
			return View{}, err
		}
		fs, err := s.store.Followers(ctx, c.ID)
		if err != nil {
			return View{}, err
		}
		n := len(fs)
		v.FollowerCount = &n
	}
	if actor.Anonymous() {
		return v, nil
	}
	if v.Mine, err = s.store.QuestionsBy(ctx, c.ID, actor.UserID); err != nil {
		return View{}, err
	}
	if v.Following, err = s.store.Following(ctx, c.ID, actor.UserID); err != nil {
		return View{}, err
	}
	if actor.Is(domain.RoleTeam) {
		if err := s.toConfirm(ctx, actor, c, &v); err != nil {
			return View{}, err
		}
	}
	return v, nil
}

// toConfirm fills the amendments the caller's team has yet to confirm.
func (s *Service) toConfirm(ctx context.Context, actor domain.Actor, c challenge.Challenge, v *View) error {
	h, ok, err := s.holderOf(ctx, actor, c.ID)
	if err != nil || !ok {
		return err
	}
	ams, err := s.challenges.Amendments(ctx, c.ID)
	if err != nil {
		return err
	}
	done, err := s.store.ConfirmedBy(ctx, c.ID, h.BidID)
	if err != nil {
		return err
	}
	v.ToConfirmBid = h.BidID
	for _, a := range ams {
		if NeedsConfirmation(a, h) && !done[a.ID] {
			v.ToConfirm = append(v.ToConfirm, a)
		}
	}
	return nil
}

// NeedsConfirmation reports whether the team of bid h must confirm amendment a: the bid was submitted and
// its last submission was not after the amendment (a bid resubmitted after it was made with it in view).
func NeedsConfirmation(a challenge.Amendment, h Holder) bool {
	return h.Submitted() && h.SubmittedAt != nil && !h.SubmittedAt.After(a.CreatedAt)
}

// holderOf is the caller's team's submitted bid on the challenge (false when none).
func (s *Service) holderOf(ctx context.Context, actor domain.Actor, challengeID int64) (Holder, bool, error) {
	hs, err := s.store.Holders(ctx, challengeID)
	if err != nil {
		return Holder{}, false, err
	}
	for _, h := range hs {
		if actor.TeamOf(h.OrgID) && h.Submitted() {
			return h, true, nil
		}
	}
	return Holder{}, false, nil
}

// Follow makes a team user follow a published (or later) challenge: it is told of the answers and
// amendments. Following twice is not an error. Who follows is never shown; the owner and the bureau see how
// many.
func (s *Service) Follow(ctx context.Context, actor domain.Actor, challengeID int64, on bool) (bool, error) {
	if !actor.Is(domain.RoleTeam) {
		return false, errNotTeam
	}
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.readable(ctx, actor, challengeID)
		if err != nil {
			return err
		}
		if !on {
			return s.store.Unfollow(ctx, c.ID, actor.UserID)
		}
		if !c.Public() {
			return errChallengeGone
		}
		return s.store.Follow(ctx, c.ID, actor.UserID, s.now())
	})
	return on, err
}
