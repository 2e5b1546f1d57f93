package qa

import (
	"context"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
	"jiebang/domain/datefmt"
	"jiebang/domain/notify"
)

// AmendInput is a numbered amendment (补充通知) and the question it answers (optional).
type AmendInput struct {
	Content    string
	QuestionID *int64
}

// Amend publishes a numbered amendment (bureau) with the minimum time to the deadline of the rules in force:
// one published less than AddendumMinDays before the deadline moves it (challenge.AmendWith), in the same
// transaction. Followers are told, and the teams of submitted bids are asked to confirm they have read it.
func (s *Service) Amend(ctx context.Context, actor domain.Actor, challengeID int64, in AmendInput) (challenge.Amendment, error) {
	if !actor.Bureau() {
		return challenge.Amendment{}, errNotBureau
	}
	var a challenge.Amendment
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		r, err := s.rulesFor(ctx, challengeID)
		if err != nil {
			return err
		}
		if in.QuestionID != nil {
			q, err := s.store.Question(ctx, *in.QuestionID)
			if err != nil || q.ChallengeID != challengeID {
				return domain.FieldErr("question_id", "not_found", "该问题不属于本榜单", "no such question on this challenge")
			}
		}
		a, err = s.challenges.AmendWith(ctx, actor, challengeID, challenge.AmendInput{Content: in.Content,
			QuestionID: in.QuestionID, MinDays: r.AddendumMinDays})
		if err != nil {
			return err
		}
		c, err := s.challenges.Lookup(ctx, challengeID)
		if err != nil {
			return err
		}
		p := notify.Params{"ChallengeID": c.ID, "Title": notify.Short(c.Title, 60), "Number": a.Number,
			"MovedZh": "", "MovedEn": ""}
		if a.DeadlineTo != nil {
			p["MovedZh"], p["MovedEn"] = datefmt.DeadlineZh(*a.DeadlineTo), datefmt.DeadlineEn(*a.DeadlineTo)
		}
		hs, err := s.store.Holders(ctx, c.ID)
		if err != nil {
			return err
		}
		var submitted []int64
		for _, h := range hs {
			if NeedsConfirmation(a, h) {
				submitted = append(submitted, h.OrgID)
			}
		}
		if err := s.notify.Send(ctx, notify.AmendmentToConfirm, notify.Team(submitted...), c.ID, p); err != nil {
			return err
		}
		users, err := s.store.Followers(ctx, c.ID)
		if err != nil {
			return err
		}
		return s.notify.Send(ctx, notify.AmendmentPublished, notify.Users(users...).And(notify.Enterprise(c.OrgID)), c.ID, p)
	})
	return a, err
}

// amendment finds amendment aid of the challenge the actor may read (404 otherwise).
func (s *Service) amendment(ctx context.Context, actor domain.Actor, challengeID, aid int64) (challenge.Challenge, challenge.Amendment, error) {
	c, err := s.readable(ctx, actor, challengeID)
	if err != nil {
		return c, challenge.Amendment{}, err
	}
	ams, err := s.challenges.Amendments(ctx, c.ID)
	if err != nil {
		return c, challenge.Amendment{}, err
	}
	for _, a := range ams {
		if a.ID == aid {
			return c, a, nil
		}
	}
	return c, challenge.Amendment{}, errAmendmentGone
}

// Confirm records that the caller's team has read the amendment (确认已阅), for its submitted bid on the
// challenge (403 no_submitted_bid without one); confirming twice is not an error.
func (s *Service) Confirm(ctx context.Context, actor domain.Actor, challengeID, aid int64) (Confirmation, error) {
	if !actor.Is(domain.RoleTeam) {
		return Confirmation{}, errNotTeam
	}
	var out Confirmation
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		c, a, err := s.amendment(ctx, actor, challengeID, aid)
		if err != nil {
			return err
		}
		h, ok, err := s.holderOf(ctx, actor, c.ID)
		if err != nil {
			return err
		}
		if !ok {
			return errNoBid
		}
		done, err := s.store.Confirmed(ctx, a.ID)
		if err != nil {
			return err
		}
		if prev, ok := done[h.BidID]; ok {
			out = prev
			return nil
		}
		now := s.now()
		if err := s.store.Confirm(ctx, a.ID, h.BidID, actor.UserID, now); err != nil {
			return err
		}
		out = Confirmation{Holder: h, ConfirmedAt: &now, ConfirmedByName: actor.Name}
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityBid, EntityID: h.BidID, Action: "confirm_amendment",
			After: map[string]any{"challenge_id": c.ID, "amendment_id": a.ID, "number": a.Number}})
	})
	return out, err
}

// Confirmations lists, for the bureau, every submitted bid on the challenge and whether its team has
// confirmed the amendment (or resubmitted after it).
func (s *Service) Confirmations(ctx context.Context, actor domain.Actor, challengeID, aid int64) (challenge.Amendment, []Confirmation, error) {
	if !actor.Bureau() {
		return challenge.Amendment{}, nil, errNotBureau
	}
	_, a, err := s.amendment(ctx, actor, challengeID, aid)
	if err != nil {
		return a, nil, err
	}
	hs, err := s.store.Holders(ctx, challengeID)
	if err != nil {
		return a, nil, err
	}
	done, err := s.store.Confirmed(ctx, a.ID)
	if err != nil {
		return a, nil, err
	}
	out := []Confirmation{}
	for _, h := range hs {
		if !h.Submitted() {
			continue
		}
		cf := Confirmation{Holder: h}
		if d, ok := done[h.BidID]; ok {
			cf.ConfirmedAt, cf.ConfirmedByName = d.ConfirmedAt, d.ConfirmedByName
		}
		cf.Resubmitted = cf.ConfirmedAt == nil && h.SubmittedAt != nil && h.SubmittedAt.After(a.CreatedAt)
		out = append(out, cf)
	}
	return a, out, nil
}
