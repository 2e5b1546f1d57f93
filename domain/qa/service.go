package qa

import (
	"time"

	"context"
	"errors"
	"strings"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
	"jiebang/domain/notify"
)

// readable loads a challenge the actor may know exists (404 otherwise).
func (s *Service) readable(ctx context.Context, actor domain.Actor, id int64) (challenge.Challenge, error) {
	c, err := s.challenges.Lookup(ctx, id)
	if err != nil {
		if errors.Is(err, domain.ErrNotFound) {
			return c, errChallengeGone
		}
		return c, err
	}
	if !c.Public() && !c.SeenWhole(actor) {
		return c, errChallengeGone
	}
	return c, nil
}

// plain trims a text and checks it is given and at most MaxText characters.
func plain(field, text string) (string, error) {
	text = strings.TrimSpace(text)
	var v domain.Validator
	v.RequiredText(field, text, MaxText)
	return text, v.Err()
}

// Ask records a team user's question on a published challenge while its question window is open (422
// questions_closed otherwise). The asker and the bureau see it at once; the owner sees its text, never who
// asked.
func (s *Service) Ask(ctx context.Context, actor domain.Actor, challengeID int64, text string) (Question, error) {
	if !actor.Is(domain.RoleTeam) {
		return Question{}, errNotTeam
	}
	text, err := plain("text", text)
	if err != nil {
		return Question{}, err
	}
	var q Question
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.readable(ctx, actor, challengeID)
		if err != nil {
			return err
		}
		r, err := s.rulesFor(ctx, c.ID)
		if err != nil {
			return err
		}
		now := s.now()
		if !QuestionsOpen(c, now, r.QuestionWindowDays) {
			e := *ErrQuestionsClosed
			if c.BidDeadline != nil {
				return e.WithDetails(map[string]any{"closes_at": QuestionsCloseAt(*c.BidDeadline, r.QuestionWindowDays)})
			}
			return &e
		}
		q = Question{ChallengeID: c.ID, AskerUserID: actor.UserID, AskerOrgID: actor.OrgID, Text: text,
			Status: StatusPending, CreatedAt: now, UpdatedAt: now}
		if err := s.store.CreateQuestion(ctx, &q); err != nil {
			return err
		}
		if err := s.audit.Log(ctx, actor, audit.Record{Entity: EntityQuestion, EntityID: q.ID, Action: "ask",
			After: map[string]any{"challenge_id": c.ID, "text": text}}); err != nil {
			return err
		}
		p := params(c, q)
		if err := s.notify.Send(ctx, notify.QuestionAsked, notify.Bureau(), c.ID, p); err != nil {
			return err
		}
		return s.notify.Send(ctx, notify.QuestionToAnswer, notify.Enterprise(c.OrgID), c.ID, p)
	})
	return q, err
}

// params are the notification params of a question: never the asker.
func params(c challenge.Challenge, q Question) notify.Params {
	p := notify.Params{"ChallengeID": c.ID, "Title": notify.Short(c.Title, 60), "Text": notify.Short(q.Text, 300),
		"Label": "", "Reason": notify.Short(q.DeclineReason, 500)}
	if q.Number != nil {
		p["Label"] = Label(*q.Number)
	}
	return p
}

// sees reports whether the actor may know the question exists: a published one everyone who may read the
// challenge; another the asker, the bureau and the owner enterprise.
func sees(actor domain.Actor, c challenge.Challenge, q Question) bool {
	return q.Status == StatusPublished || (actor.UserID != 0 && actor.UserID == q.AskerUserID) || c.SeenWhole(actor)
}

// loadQuestion reads a question and its challenge for actor in the transaction (404 when it may not know it).
func (s *Service) loadQuestion(ctx context.Context, actor domain.Actor, id int64) (Question, challenge.Challenge, error) {
	q, err := s.store.Question(ctx, id)
	if err != nil {
		if errors.Is(err, domain.ErrNotFound) {
			return q, challenge.Challenge{}, errNotFound
		}
		return q, challenge.Challenge{}, err
	}
	c, err := s.readable(ctx, actor, q.ChallengeID)
	if err != nil {
		return q, c, errNotFound
	}
	if !sees(actor, c, q) {
		return q, c, errNotFound
	}
	return q, c, nil
}

// invalid is the 409 of an action a question's status does not allow.
func invalid(q Question, action string) error {
	return domain.InvalidTransition("question", string(q.Status), action)
}

// Answer records the owner enterprise's answer (or replaces it before publication); the bureau is told it
// awaits publication, the asker that it is answered.
func (s *Service) Answer(ctx context.Context, actor domain.Actor, id int64, text string) (Question, error) {
	text, err := plain("text", text)
	if err != nil {
		return Question{}, err
	}
	var q Question
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		var c challenge.Challenge
		var err error
		q, c, err = s.loadQuestion(ctx, actor, id)
		if err != nil {
			return err
		}
		if !c.OwnedBy(actor) {
			return errNotOwner
		}
		if err := s.move(ctx, actor, &q, "answer", func(now time.Time) map[string]any {
			q.Status, q.Answer, q.AnsweredAt = StatusAnswered, text, &now
			return map[string]any{"challenge_id": c.ID, "answer": text}
		}); err != nil {
			return err
		}
		p := params(c, q)
		if err := s.notify.Send(ctx, notify.AnswerToPublish, notify.Bureau(), c.ID, p); err != nil {
			return err
		}
		return s.notify.Send(ctx, notify.QuestionAnsweredAsker, notify.Users(q.AskerUserID), c.ID, p)
	})
	return q, err
}

// move applies one transition of the question's machine: checks it, lets apply change q at now (and name what
// the audit records), writes it compare-and-set on the status it had, and audits it.
func (s *Service) move(ctx context.Context, actor domain.Actor, q *Question, action string, apply func(now time.Time) map[string]any) error {
	if !CanMove(q.Status, action) {
		return invalid(*q, action)
	}
	from, now := q.Status, s.now()
	after := apply(now)
	q.UpdatedAt = now
	if err := s.store.UpdateQuestion(ctx, *q, from); err != nil {
		return lost(err, from, action)
	}
	return s.audit.Log(ctx, actor, audit.Record{Entity: EntityQuestion, EntityID: q.ID, Action: action, After: after})
}

func lost(err error, from Status, action string) error {
	if errors.Is(err, domain.ErrStale) {
		e := domain.InvalidTransition("question", string(from), action)
		e.Zh, e.En = "问题已被他人处理，请刷新后重试", "the question was changed meanwhile; reload and retry"
		return e
	}
	return err
}

// Publish publishes an answered question (bureau) as the challenge's next 答疑N: numbers are given in
// publishing order, once, under the challenge's lock (two officers publishing at once get distinct numbers;
// publishing the same question twice: one wins, the other 409). The asker is told; followers and every team
// holding a bid are told of the answer, without the asker.
func (s *Service) Publish(ctx context.Context, actor domain.Actor, id int64) (Question, error) {
	if !actor.Bureau() {
		return Question{}, errNotBureau
	}
	var q Question
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		first, err := s.store.Question(ctx, id)
		if err != nil {
			if errors.Is(err, domain.ErrNotFound) {
				return errNotFound
			}
			return err
		}
		if err := s.store.LockChallenge(ctx, first.ChallengeID); err != nil {
			return err
		}
		var c challenge.Challenge
		q, c, err = s.loadQuestion(ctx, actor, id)
		if err != nil {
			return err
		}
		last, err := s.store.LastNumber(ctx, c.ID)
		if err != nil {
			return err
		}
		n := last + 1
		if err := s.move(ctx, actor, &q, "publish", func(now time.Time) map[string]any {
			q.Status, q.Number, q.PublishedAt = StatusPublished, &n, &now
			return map[string]any{"challenge_id": c.ID, "number": n}
		}); err != nil {
			return err
		}
		p := params(c, q)
		if err := s.notify.Send(ctx, notify.QuestionPublishedAsker, notify.Users(q.AskerUserID), c.ID, p); err != nil {
			return err
		}
		to, err := s.audience(ctx, c, false)
		if err != nil {
			return err
		}
		return s.notify.Send(ctx, notify.AnswerPublished, to, c.ID, p)
	})
	return q, err
}

// audience is who hears of a challenge's answers and amendments: its followers and the team users of every
// organisation holding a bid (a draft too, unless submittedOnly), plus the owner enterprise.
func (s *Service) audience(ctx context.Context, c challenge.Challenge, submittedOnly bool) (notify.To, error) {
	users, err := s.store.Followers(ctx, c.ID)
	if err != nil {
		return notify.To{}, err
	}
	hs, err := s.store.Holders(ctx, c.ID)
	if err != nil {
		return notify.To{}, err
	}
	var orgs []int64
	for _, h := range hs {
		if h.Status == "withdrawn" || h.Status == "cancelled" || (submittedOnly && !h.Submitted()) {
			continue
		}
		orgs = append(orgs, h.OrgID)
	}
	return notify.Users(users...).And(notify.Team(orgs...)).And(notify.Enterprise(c.OrgID)), nil
}

// Decline declines a question (bureau) with a written reason; only the asker is told.
func (s *Service) Decline(ctx context.Context, actor domain.Actor, id int64, reason string) (Question, error) {
	if !actor.Bureau() {
		return Question{}, errNotBureau
	}
	reason, err := plain("reason", reason)
	if err != nil {
		return Question{}, err
	}
	var q Question
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		var c challenge.Challenge
		var err error
		q, c, err = s.loadQuestion(ctx, actor, id)
		if err != nil {
			return err
		}
		if err := s.move(ctx, actor, &q, "decline", func(now time.Time) map[string]any {
			q.Status, q.DeclineReason, q.DeclinedAt = StatusDeclined, reason, &now
			return map[string]any{"challenge_id": c.ID, "reason": reason}
		}); err != nil {
			return err
		}
		return s.notify.Send(ctx, notify.QuestionDeclinedAsker, notify.Users(q.AskerUserID), c.ID, params(c, q))
	})
	return q, err
}
