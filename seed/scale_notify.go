package seed

import (
	"context"
	"fmt"
	"time"

	"jiebang/domain/challenge"
	"jiebang/domain/datefmt"
	"jiebang/domain/notify"
	"jiebang/domain/review"
)

// scaleNote is a notification queued for users; flush writes the queue.
type scaleNote struct {
	users []int64
	msg   notify.Message
	at    time.Time
}

// tell queues the notification of kind k about entity id that the process sends users at at (rendered from
// the catalogue as the areas' reactions render it).
func (s *scaleSeeder) tell(k *notify.Kind, users []int64, id int64, p notify.Params, at time.Time) error {
	m, err := k.Render(id, p)
	if err != nil {
		return err
	}
	s.notes = append(s.notes, scaleNote{users: users, msg: m, at: at})
	s.n.Notifications += len(users)
	return nil
}

// flushNotes writes the queued notifications.
func (s *scaleSeeder) flushNotes(ctx context.Context) error {
	for _, n := range s.notes {
		if err := s.notify.Add(ctx, n.users, n.msg, n.at); err != nil {
			return err
		}
	}
	s.notes = s.notes[:0]
	return nil
}

// challengeParams are a challenge's notification params (challenge.Params of its change).
func challengeParams(c challenge.Challenge) notify.Params {
	p := notify.Params{"ChallengeID": c.ID, "Title": notify.Short(c.Title, 60), "Note": "", "DeadlineZh": "", "DeadlineEn": ""}
	if c.BidDeadline != nil {
		p["DeadlineZh"], p["DeadlineEn"] = datefmt.DeadlineZh(*c.BidDeadline), datefmt.DeadlineEn(*c.BidDeadline)
	}
	return p
}

// tellAssigned queues the review.assigned notification of a round to its experts, each told once.
func (s *scaleSeeder) tellAssigned(c challenge.Challenge, rd review.Round, as []review.Assignment, at time.Time) error {
	seen := map[int64]bool{}
	var experts []int64
	for _, a := range as {
		if !seen[a.ExpertID] {
			seen[a.ExpertID] = true
			experts = append(experts, a.ExpertID)
		}
	}
	zh, en := "需求论证", "validation"
	switch rd.Kind {
	case review.KindBidReview:
		zh, en = "揭榜评审", "bid review"
	case review.KindStageReview:
		zh, en = fmt.Sprintf("第 %d 阶段考核", rd.Stage), fmt.Sprintf("stage %d review", rd.Stage)
	}
	return s.tell(notify.ReviewAssigned, experts, rd.ID, notify.Params{"Title": notify.Short(c.Title, 60), "RoundZh": zh, "RoundEn": en,
		"DeadlineZh": datefmt.DeadlineZh(rd.Deadline), "DeadlineEn": datefmt.DeadlineEn(rd.Deadline)}, at)
}
