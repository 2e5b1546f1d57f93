package review

import (
	"context"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
)

// MyAssignments lists the acting expert's assignments (what I must score), newest first.
func (s *Service) MyAssignments(ctx context.Context, actor domain.Actor, p domain.Page) (domain.List[AssignmentInfo], error) {
	if !actor.Is(domain.RoleExpert) {
		return domain.List[AssignmentInfo]{}, errNotExpert
	}
	if actor.OrgID == 0 {
		return domain.List[AssignmentInfo]{}, errNotMember
	}
	l, err := s.Store.ExpertAssignments(ctx, actor.UserID, p.Normalize())
	for i, a := range l.Items {
		if a.DoubleBlind {
			l.Items[i] = a.blind()
		}
	}
	return l, err
}

// errNotMember refuses an expert whose membership of its organisation is not (or no longer) approved.
var errNotMember = domain.Forbidden("membership_not_active", "您的单位成员身份尚未获批准，暂不能参加评审",
	"your membership of the organisation is not approved: you cannot review")

// Material is what an expert sees of an assignment: the round's rubric and deadline, the item, the
// challenge, the submitted bid version scored (bid items), the racer's stage report with its files (stage
// review and acceptance items) and the expert's own scores. Never other experts.
type Material struct {
	Assignment Assignment
	Round      Round
	Item       Item
	Challenge  challenge.Challenge
	Bid        *bid.Version
	// Report is the racer's stage report scored by a stage review or acceptance round (nil for bid items).
	Report *ReportMaterial
	Score  *Score
}

// Material returns an assignment's material to its expert (404 for anyone else).
func (s *Service) Material(ctx context.Context, actor domain.Actor, id int64) (Material, error) {
	a, r, err := s.ownAssignment(ctx, actor, id)
	if err != nil {
		return Material{}, err
	}
	m := Material{Assignment: a, Round: r}
	if m.Item, err = s.Store.Item(ctx, a.ItemID); err != nil {
		return m, err
	}
	if m.Challenge, err = s.Challenges.Lookup(ctx, r.ChallengeID); err != nil {
		return m, err
	}
	// In a double-blind round the expert sees the item under its neutral label, the bid anonymised.
	orig := m.Item
	if r.DoubleBlind {
		m.Item = m.Item.Blind()
	}
	if a.Withdrawn() {
		// The expert no longer reviews this item (recused, or replaced by the bureau, perhaps for a conflict of
		// interest): they see what happened to the assignment and their own scores, not the material.
		c := m.Challenge
		m.Challenge = challenge.Challenge{ID: c.ID, OrgID: c.OrgID, OrgName: c.OrgName, Status: c.Status, Title: c.Title,
			Field: c.Field, Mode: c.Mode, MaxRacers: c.MaxRacers, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
		sc, ok, err := s.Store.Score(ctx, a.ID)
		if err == nil && ok {
			m.Score = &sc
		}
		return m, err
	}
	if orig.BidID != 0 && orig.BidVersion > 0 {
		v, err := s.Bids.BidVersion(ctx, orig.BidID, orig.BidVersion)
		if err == nil && r.DoubleBlind {
			v, err = blindVersion(v, orig.Parties)
		}
		if err != nil {
			return m, err
		}
		m.Bid = &v
	}
	if err := s.reportMaterial(ctx, &m); err != nil {
		return m, err
	}
	sc, ok, err := s.Store.Score(ctx, a.ID)
	if err != nil {
		return m, err
	}
	if ok {
		m.Score = &sc
	}
	return m, nil
}

// errAlreadySubmitted refuses a draft over submitted scores.
func errAlreadySubmitted() error {
	return domain.Conflict("already_submitted", "评分已提交，只能修改后重新提交", "the scores are submitted: revise and submit them again")
}

// ScoreInput is an expert's scores: per criterion 0..100 and a comment; Draft saves without submitting.
type ScoreInput struct {
	Scores  map[string]int
	Comment string
	Draft   bool
}

// Scored is the answer to a score submission: the assignment as it now is, the scores and the rubric.
type Scored struct {
	Assignment Assignment
	Score      Score
	Rubric     []Criterion
}

// Score saves (draft) or submits the acting expert's scores for an assignment. Submitted scores may be
// revised until the round closes; each submission is audited.
func (s *Service) Score(ctx context.Context, actor domain.Actor, id int64, in ScoreInput) (Scored, error) {
	a, r, err := s.ownAssignment(ctx, actor, id)
	if err != nil {
		return Scored{}, err
	}
	if _, err := Next(r.Status, ActionScore, actor.Role); err != nil {
		return Scored{}, err
	}
	if _, err := NextAssignment(a.Status, ActionScore, actor.Role); err != nil {
		return Scored{}, err
	}
	comment := strings.TrimSpace(in.Comment)
	ordered, err := CheckScores(r.Rubric, in.Scores, comment, in.Draft)
	if err != nil {
		return Scored{}, err
	}
	if in.Draft && a.Status == AssignmentScored {
		return Scored{}, errAlreadySubmitted()
	}
	var sc Score
	err = s.Tx.InTx(ctx, func(ctx context.Context) error {
		cur, err := s.Store.Round(ctx, r.ID)
		if err != nil {
			return err
		}
		if _, err := Next(cur.Status, ActionScore, actor.Role); err != nil {
			return err
		}
		// The assignment as it is now: another request of the same expert may have submitted (or the bureau
		// replaced the expert) since it was read.
		stored, err := s.Store.Assignment(ctx, a.ID)
		if err != nil {
			return err
		}
		if _, err := NextAssignment(stored.Status, ActionScore, actor.Role); err != nil {
			return err
		}
		if in.Draft && stored.Status == AssignmentScored {
			return errAlreadySubmitted()
		}
		a.Status = stored.Status
		at := s.now()
		sc = Score{AssignmentID: a.ID, Scores: in.Scores, Comment: comment, Draft: in.Draft, SavedAt: at}
		if !in.Draft {
			sc.SubmittedAt = &at
			if a.Status == AssignmentPending {
				if err := s.Store.SetAssignmentStatus(ctx, a.ID, AssignmentPending, AssignmentScored, "", at); err != nil {
					// Lost to a parallel submission of the same expert (PostgreSQL): it is scored now, and this
					// submission is a revision of it.
					cur, gerr := s.Store.Assignment(ctx, a.ID)
					if gerr != nil || cur.Status != AssignmentScored {
						return assignmentCAS(err, a.Status, ActionScore)
					}
				}
				a.Status = AssignmentScored
			}
		}
		if err := s.Store.SaveScore(ctx, sc); err != nil {
			return err
		}
		after := map[string]any{"draft": in.Draft, "round_id": r.ID, "item_id": a.ItemID}
		if !in.Draft {
			after["weighted"] = Weighted(r.Rubric, ordered)
		}
		return s.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityAssignment, EntityID: a.ID, Action: string(ActionScore), After: after})
	})
	return Scored{Assignment: a, Score: sc, Rubric: r.Rubric}, err
}

// Remind notifies the experts with pending assignments in a round (all of them, or those named) (bureau).
// It returns the experts reminded.
func (s *Service) Remind(ctx context.Context, actor domain.Actor, id int64, expertIDs []int64) ([]int64, error) {
	r, err := s.round(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if _, err := Next(r.Status, ActionRemind, actor.Role); err != nil {
		return nil, err
	}
	as, err := s.Store.Assignments(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	want := map[int64]bool{}
	for _, e := range expertIDs {
		want[e] = true
	}
	var ids []int64
	seen := map[int64]bool{}
	for _, a := range as {
		if a.Status == AssignmentPending && !seen[a.ExpertID] && (len(want) == 0 || want[a.ExpertID]) {
			seen[a.ExpertID] = true
			ids = append(ids, a.ExpertID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	ch, err := s.Challenges.Lookup(ctx, r.ChallengeID)
	if err != nil {
		return nil, err
	}
	err = s.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := publish(ctx, s, EventRemind, actor, r.ID, RoundChanged{Round: r, Title: ch.Title, Experts: ids}); err != nil {
			return err
		}
		return s.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityRound, EntityID: r.ID, Action: string(ActionRemind),
			After: map[string]any{"experts": ids}})
	})
	return ids, err
}

// ReminderLead is how long before a round's deadline the reminder job reminds experts with unscored work.
const ReminderLead = 48 * time.Hour
