package repository

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"

	"jiebang/domain/challenge"
)

// ChallengeStore implements challenge.Store.
type ChallengeStore struct {
	db *DB
	// prepared holds the version checks once prepared (see versionChecks); prepareMu serialises preparing.
	prepared  atomic.Pointer[versionChecks]
	prepareMu sync.Mutex
}

// NewChallengeStore returns the challenge store.
func NewChallengeStore(db *DB) *ChallengeStore { return &ChallengeStore{db: db} }

var _ challenge.Store = (*ChallengeStore)(nil)

// Create inserts c and sets its ID.
func (s *ChallengeStore) Create(ctx context.Context, c *challenge.Challenge) (err error) {
	defer wrap(&err, "challenge store: create of org %d", c.OrgID)
	row := challengeToRow(*c)
	row.ID = 0
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	c.ID = row.ID
	return s.indexTerms(ctx, c.ID, c.Title, c.Problem)
}

// withOrg selects challenges joined with their organisation's name.
func (s *ChallengeStore) withOrg(ctx context.Context) *gorm.DB {
	return s.db.conn(ctx).Table("challenges").
		Select("challenges.*, orgs.name AS org_name, calls.title AS call_title").
		Joins("JOIN orgs ON orgs.id = challenges.org_id").
		Joins("LEFT JOIN calls ON calls.id = challenges.call_id")
}

// Get returns one challenge with its organisation's name.
func (s *ChallengeStore) Get(ctx context.Context, id int64) (_ challenge.Challenge, err error) {
	defer wrap(&err, "challenge store: get %d", id)
	var v challengeView
	if err := s.withOrg(ctx).Where("challenges.id = ?", id).Take(&v).Error; err != nil {
		return challenge.Challenge{}, translate(err)
	}
	return v.toDomain()
}

// UpdateContent writes the content if the stored status is still c.Status.
func (s *ChallengeStore) UpdateContent(ctx context.Context, c challenge.Challenge) (err error) {
	defer wrap(&err, "challenge store: update content %d", c.ID)
	r := challengeToRow(c)
	res := s.db.conn(ctx).Model(&challengeRow{}).Where("id = ? AND status = ?", c.ID, string(c.Status)).
		Updates(map[string]any{
			"title": r.Title, "field": r.Field, "background": r.Background, "problem": r.Problem, "kpis": r.KPIs,
			"deliverables": r.Deliverables, "duration_months": r.DurationMonths, "budget_fen": r.BudgetFen,
			"gov_funding_fen": r.GovFundingFen, "cofunding_fen": r.CofundingFen, "ip_terms": r.IPTerms,
			"eligibility": r.Eligibility, "mode": r.Mode, "max_racers": r.MaxRacers, "stages": r.Stages,
			"call_id": r.CallID, "updated_at": r.UpdatedAt,
		})
	if err := casResult(res.Error, res.RowsAffected, "challenge", c.ID); err != nil {
		return err
	}
	return s.indexTerms(ctx, c.ID, r.Title, r.Problem)
}

// UpdateStatus writes the status and lifecycle fields if the stored status is still from.
func (s *ChallengeStore) UpdateStatus(ctx context.Context, c challenge.Challenge, from challenge.Status) (err error) {
	defer wrap(&err, "challenge store: update status %d %s", c.ID, from)
	r := challengeToRow(c)
	res := s.db.conn(ctx).Model(&challengeRow{}).Where("id = ? AND status = ?", c.ID, string(from)).
		Updates(map[string]any{
			"status": r.Status, "bid_deadline": r.BidDeadline, "published_at": r.PublishedAt,
			"submitted_at": r.SubmittedAt, "approved_at": r.ApprovedAt, "closed_at": r.ClosedAt,
			"cancelled_at": r.CancelledAt, "cancel_reason": r.CancelReason, "last_opinion": r.LastOpinion,
			"winner_racer_ids": r.WinnerRacerIDs, "updated_at": r.UpdatedAt,
		})
	return casResult(res.Error, res.RowsAffected, "challenge", c.ID)
}

// DueForClosing returns the IDs of published challenges whose deadline is at or before now.
func (s *ChallengeStore) DueForClosing(ctx context.Context, now time.Time) (_ []int64, err error) {
	defer wrap(&err, "challenge store: due for closing")
	var ids []int64
	err = s.db.conn(ctx).Model(&challengeRow{}).
		Where("status = ? AND bid_deadline <= ?", string(challenge.StatusPublished), dbTime(now)).
		Order("id").Pluck("id", &ids).Error
	return ids, err
}

// AddHistory appends a history entry.
func (s *ChallengeStore) AddHistory(ctx context.Context, h *challenge.HistoryEntry) (err error) {
	defer wrap(&err, "challenge store: add history of %d", h.ChallengeID)
	row := historyRow{ChallengeID: h.ChallengeID, Action: string(h.Action), FromStatus: string(h.FromStatus),
		ToStatus: string(h.ToStatus), Opinion: h.Opinion, ActorID: h.ActorID, ActorName: h.ActorName,
		ActorRole: h.ActorRole, At: dbTime(h.At)}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	h.ID = row.ID
	return nil
}

// History returns a challenge's history, oldest first.
func (s *ChallengeStore) History(ctx context.Context, challengeID int64) (_ []challenge.HistoryEntry, err error) {
	defer wrap(&err, "challenge store: history %d", challengeID)
	var rows []historyRow
	if err := s.db.conn(ctx).Where("challenge_id = ?", challengeID).Order("id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]challenge.HistoryEntry, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// AddAmendment appends an amendment.
func (s *ChallengeStore) AddAmendment(ctx context.Context, a *challenge.Amendment) (err error) {
	defer wrap(&err, "challenge store: add amendment of %d", a.ChallengeID)
	var last int
	if err := s.db.conn(ctx).Model(&amendmentRow{}).Where("challenge_id = ?", a.ChallengeID).
		Select("COALESCE(MAX(number), 0)").Scan(&last).Error; err != nil {
		return err
	}
	a.Number = last + 1
	row := amendmentRow{ChallengeID: a.ChallengeID, Number: a.Number, Content: a.Content, CreatedBy: a.CreatedBy,
		CreatedByName: a.CreatedByName, CreatedAt: dbTime(a.CreatedAt), QuestionID: a.QuestionID,
		DeadlineFrom: optTime(a.DeadlineFrom), DeadlineTo: optTime(a.DeadlineTo)}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	a.ID = row.ID
	return nil
}

// LockChallenge takes the challenge's row lock (SELECT ... FOR UPDATE) on PostgreSQL until the transaction
// ends; on SQLite the single writer connection already serialises write transactions.
func (s *ChallengeStore) LockChallenge(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "challenge store: lock %d", id)
	if !InTxContext(ctx) {
		return fmt.Errorf("challenge locked outside a transaction")
	}
	if s.db.Dialect != DialectPostgres {
		return nil
	}
	return translate(s.db.conn(ctx).Exec("SELECT id FROM challenges WHERE id = ? FOR UPDATE", id).Error)
}

// MoveDeadline sets a published challenge's bidding deadline (compare-and-set on status and old deadline).
func (s *ChallengeStore) MoveDeadline(ctx context.Context, id int64, from, to, at time.Time) (err error) {
	defer wrap(&err, "challenge store: move deadline of %d", id)
	res := s.db.conn(ctx).Model(&challengeRow{}).
		Where("id = ? AND status = ? AND bid_deadline = ?", id, string(challenge.StatusPublished), dbTime(from)).
		Updates(map[string]any{"bid_deadline": dbTime(to), "updated_at": dbTime(at)})
	return casResult(res.Error, res.RowsAffected, "challenge", id)
}

// Amendments returns a challenge's amendments, oldest first.
func (s *ChallengeStore) Amendments(ctx context.Context, challengeID int64) (_ []challenge.Amendment, err error) {
	defer wrap(&err, "challenge store: amendments %d", challengeID)
	var rows []amendmentRow
	if err := s.db.conn(ctx).Where("challenge_id = ?", challengeID).Order("id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]challenge.Amendment, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// DeleteDraft removes a challenge still in draft with its history (compare-and-set on the status).
func (s *ChallengeStore) DeleteDraft(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "challenge store: delete draft %d", id)
	q := s.db.conn(ctx)
	if err := q.Where("challenge_id = ?", id).Delete(&historyRow{}).Error; err != nil {
		return translate(err)
	}
	res := q.Where("id = ? AND status = ?", id, string(challenge.StatusDraft)).Delete(&challengeRow{})
	return casResult(res.Error, res.RowsAffected, "challenge", id)
}
