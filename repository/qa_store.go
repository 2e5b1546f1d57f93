package repository

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"jiebang/domain/qa"
)

// QAStore implements qa.Store.
type QAStore struct{ db *DB }

// NewQAStore returns the store of questions, followers and amendment confirmations.
func NewQAStore(db *DB) *QAStore { return &QAStore{db: db} }

var _ qa.Store = (*QAStore)(nil)

// questionRow is a row of questions.
type questionRow struct {
	ID            int64 `gorm:"primaryKey"`
	ChallengeID   int64
	AskerUserID   int64
	AskerOrgID    int64
	Text          string
	Status        string
	Answer        string
	AnsweredAt    *time.Time
	Number        *int
	PublishedAt   *time.Time
	DeclineReason string
	DeclinedAt    *time.Time
	CreatedAt     time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt     time.Time `gorm:"autoUpdateTime:false"`
}

func (questionRow) TableName() string { return "questions" }

func (r questionRow) toDomain() qa.Question {
	return qa.Question{ID: r.ID, ChallengeID: r.ChallengeID, AskerUserID: r.AskerUserID, AskerOrgID: r.AskerOrgID,
		Text: r.Text, Status: qa.Status(r.Status), Answer: r.Answer, AnsweredAt: utcPtr(r.AnsweredAt), Number: r.Number,
		PublishedAt: utcPtr(r.PublishedAt), DeclineReason: r.DeclineReason, DeclinedAt: utcPtr(r.DeclinedAt),
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// LockChallenge takes the challenge's row lock on PostgreSQL (SQLite's single writer already serialises).
func (s *QAStore) LockChallenge(ctx context.Context, challengeID int64) (err error) {
	defer wrap(&err, "qa store: lock challenge %d", challengeID)
	if !InTxContext(ctx) {
		return fmt.Errorf("challenge locked outside a transaction")
	}
	if s.db.Dialect != DialectPostgres {
		return nil
	}
	return translate(s.db.conn(ctx).Exec("SELECT id FROM challenges WHERE id = ? FOR UPDATE", challengeID).Error)
}

// CreateQuestion inserts q.
func (s *QAStore) CreateQuestion(ctx context.Context, q *qa.Question) (err error) {
	defer wrap(&err, "qa store: create question on %d", q.ChallengeID)
	row := questionRow{ChallengeID: q.ChallengeID, AskerUserID: q.AskerUserID, AskerOrgID: q.AskerOrgID, Text: q.Text,
		Status: string(q.Status), CreatedAt: dbTime(q.CreatedAt), UpdatedAt: dbTime(q.UpdatedAt)}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	q.ID = row.ID
	return nil
}

// Question returns one question.
func (s *QAStore) Question(ctx context.Context, id int64) (_ qa.Question, err error) {
	defer wrap(&err, "qa store: question %d", id)
	var row questionRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return qa.Question{}, translate(err)
	}
	return row.toDomain(), nil
}

// UpdateQuestion writes q compare-and-set on its status.
func (s *QAStore) UpdateQuestion(ctx context.Context, q qa.Question, from qa.Status) (err error) {
	defer wrap(&err, "qa store: update question %d", q.ID)
	res := s.db.conn(ctx).Model(&questionRow{}).Where("id = ? AND status = ?", q.ID, string(from)).Updates(map[string]any{
		"status": string(q.Status), "answer": q.Answer, "answered_at": optTime(q.AnsweredAt), "number": q.Number,
		"published_at": optTime(q.PublishedAt), "decline_reason": q.DeclineReason, "declined_at": optTime(q.DeclinedAt),
		"updated_at": dbTime(q.UpdatedAt)})
	return casResult(res.Error, res.RowsAffected, "question", q.ID)
}

// LastNumber is the highest answer number on the challenge.
func (s *QAStore) LastNumber(ctx context.Context, challengeID int64) (_ int, err error) {
	defer wrap(&err, "qa store: last number of %d", challengeID)
	var n int
	err = s.db.conn(ctx).Model(&questionRow{}).Where("challenge_id = ?", challengeID).
		Select("COALESCE(MAX(number), 0)").Scan(&n).Error
	return n, err
}

func questions(rows []questionRow) []qa.Question {
	out := make([]qa.Question, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out
}

// Questions lists a challenge's questions in the statuses (published by number, others oldest first).
func (s *QAStore) Questions(ctx context.Context, challengeID int64, statuses ...qa.Status) (_ []qa.Question, err error) {
	defer wrap(&err, "qa store: questions of %d", challengeID)
	st := make([]string, len(statuses))
	for i, x := range statuses {
		st[i] = string(x)
	}
	var rows []questionRow
	if err := s.db.conn(ctx).Where("challenge_id = ? AND status IN ?", challengeID, st).
		Order("number, id").Find(&rows).Error; err != nil {
		return nil, err
	}
	return questions(rows), nil
}

// QuestionsBy lists one user's questions on a challenge.
func (s *QAStore) QuestionsBy(ctx context.Context, challengeID, userID int64) (_ []qa.Question, err error) {
	defer wrap(&err, "qa store: questions of user %d on %d", userID, challengeID)
	var rows []questionRow
	if err := s.db.conn(ctx).Where("challenge_id = ? AND asker_user_id = ?", challengeID, userID).
		Order("id").Find(&rows).Error; err != nil {
		return nil, err
	}
	return questions(rows), nil
}

// followRow is a row of challenge_follows.
type followRow struct {
	ChallengeID int64     `gorm:"primaryKey;autoIncrement:false"`
	UserID      int64     `gorm:"primaryKey;autoIncrement:false"`
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
}

func (followRow) TableName() string { return "challenge_follows" }

// Follow records a follow (nothing when it exists).
func (s *QAStore) Follow(ctx context.Context, challengeID, userID int64, at time.Time) (err error) {
	defer wrap(&err, "qa store: follow %d by %d", challengeID, userID)
	return translate(s.db.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&followRow{ChallengeID: challengeID, UserID: userID, CreatedAt: dbTime(at)}).Error)
}

// Unfollow removes a follow.
func (s *QAStore) Unfollow(ctx context.Context, challengeID, userID int64) (err error) {
	defer wrap(&err, "qa store: unfollow %d by %d", challengeID, userID)
	return translate(s.db.conn(ctx).Where("challenge_id = ? AND user_id = ?", challengeID, userID).Delete(&followRow{}).Error)
}

// Following reports whether the user follows the challenge.
func (s *QAStore) Following(ctx context.Context, challengeID, userID int64) (_ bool, err error) {
	defer wrap(&err, "qa store: following %d by %d", challengeID, userID)
	var n int64
	err = s.db.conn(ctx).Model(&followRow{}).Where("challenge_id = ? AND user_id = ?", challengeID, userID).Count(&n).Error
	return n > 0, err
}

// Followers lists the users following the challenge.
func (s *QAStore) Followers(ctx context.Context, challengeID int64) (_ []int64, err error) {
	defer wrap(&err, "qa store: followers of %d", challengeID)
	var ids []int64
	err = s.db.conn(ctx).Model(&followRow{}).Where("challenge_id = ?", challengeID).Order("user_id").Pluck("user_id", &ids).Error
	return ids, err
}

// holderRow is a bid on a challenge with its lead organisation's name.
type holderRow struct {
	BidID       int64
	OrgID       int64
	OrgName     string
	Status      string
	SubmittedAt *time.Time
}

// Holders lists the organisations holding a (not withdrawn) bid on the challenge.
func (s *QAStore) Holders(ctx context.Context, challengeID int64) (_ []qa.Holder, err error) {
	defer wrap(&err, "qa store: bid holders of %d", challengeID)
	var rows []holderRow
	if err := s.db.conn(ctx).Table("bids AS b").
		Select("b.id AS bid_id, b.lead_org_id AS org_id, o.name AS org_name, b.status, b.submitted_at").
		Joins("JOIN orgs o ON o.id = b.lead_org_id").
		Where("b.challenge_id = ? AND b.status <> ?", challengeID, "withdrawn").Order("b.id").Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]qa.Holder, 0, len(rows))
	for _, r := range rows {
		out = append(out, qa.Holder{BidID: r.BidID, OrgID: r.OrgID, OrgName: r.OrgName, Status: r.Status,
			SubmittedAt: utcPtr(r.SubmittedAt)})
	}
	return out, nil
}

// confirmationRow is a row of amendment_confirmations.
type confirmationRow struct {
	AmendmentID int64 `gorm:"primaryKey;autoIncrement:false"`
	BidID       int64 `gorm:"primaryKey;autoIncrement:false"`
	ConfirmedBy int64
	ConfirmedAt time.Time `gorm:"autoCreateTime:false"`
}

func (confirmationRow) TableName() string { return "amendment_confirmations" }

// Confirm records a confirmation (nothing when it exists).
func (s *QAStore) Confirm(ctx context.Context, amendmentID, bidID, userID int64, at time.Time) (err error) {
	defer wrap(&err, "qa store: confirm amendment %d for bid %d", amendmentID, bidID)
	return translate(s.db.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&confirmationRow{AmendmentID: amendmentID, BidID: bidID, ConfirmedBy: userID, ConfirmedAt: dbTime(at)}).Error)
}

// Confirmed returns an amendment's confirmations by bid.
func (s *QAStore) Confirmed(ctx context.Context, amendmentID int64) (_ map[int64]qa.Confirmation, err error) {
	defer wrap(&err, "qa store: confirmations of amendment %d", amendmentID)
	var rows []struct {
		BidID       int64
		ConfirmedAt time.Time
		Name        string
	}
	if err := s.db.conn(ctx).Table("amendment_confirmations AS c").
		Select("c.bid_id, c.confirmed_at, u.name").Joins("JOIN users u ON u.id = c.confirmed_by").
		Where("c.amendment_id = ?", amendmentID).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[int64]qa.Confirmation, len(rows))
	for _, r := range rows {
		at := r.ConfirmedAt.UTC()
		out[r.BidID] = qa.Confirmation{Holder: qa.Holder{BidID: r.BidID}, ConfirmedAt: &at, ConfirmedByName: r.Name}
	}
	return out, nil
}

// ConfirmedBy returns the amendments of the challenge the bid's team confirmed.
func (s *QAStore) ConfirmedBy(ctx context.Context, challengeID, bidID int64) (_ map[int64]bool, err error) {
	defer wrap(&err, "qa store: confirmations of bid %d", bidID)
	var ids []int64
	if err := s.db.conn(ctx).Table("amendment_confirmations AS c").
		Joins("JOIN challenge_amendments a ON a.id = c.amendment_id").
		Where("a.challenge_id = ? AND c.bid_id = ?", challengeID, bidID).Pluck("c.amendment_id", &ids).Error; err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}
