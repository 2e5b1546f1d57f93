package repository

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"jiebang/domain"
	"jiebang/domain/review"
)

// ReviewStore implements review.Store.
type ReviewStore struct {
	db *DB
	// The experts' workbench cache (workbench_cache.go).
	workbenchVersion *versionQuery
	workbench        *pageCache[workbenchKey, workbenchEntry]
}

// NewReviewStore returns the review store.
func NewReviewStore(db *DB) *ReviewStore {
	return &ReviewStore{db: db, workbenchVersion: newVersionQuery(db, workbenchVersionSQL),
		workbench: newPageCache[workbenchKey, workbenchEntry](workbenchCacheSize)}
}

var _ review.Store = (*ReviewStore)(nil)

const reviewBatch = 500

// CreateRound inserts r and sets its ID.
func (s *ReviewStore) CreateRound(ctx context.Context, r *review.Round) (err error) {
	defer wrap(&err, "review store: create round of %d", r.ChallengeID)
	row, err := roundToRow(*r)
	if err != nil {
		return err
	}
	row.ID = 0
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	r.ID = row.ID
	return nil
}

// Round returns one round.
func (s *ReviewStore) Round(ctx context.Context, id int64) (_ review.Round, err error) {
	defer wrap(&err, "review store: round %d", id)
	var row reviewRoundRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return review.Round{}, translate(err)
	}
	return row.toDomain()
}

func roundsOf(rows []reviewRoundRow) ([]review.Round, error) {
	out := make([]review.Round, 0, len(rows))
	for _, r := range rows {
		d, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// RoundsOf returns a challenge's rounds, oldest first.
func (s *ReviewStore) RoundsOf(ctx context.Context, challengeID int64) (_ []review.Round, err error) {
	defer wrap(&err, "review store: rounds of %d", challengeID)
	var rows []reviewRoundRow
	if err := s.db.conn(ctx).Where("challenge_id = ?", challengeID).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	return roundsOf(rows)
}

// UpdateRound writes the mutable fields of r while its status and draw count are still from and fromDraws.
func (s *ReviewStore) UpdateRound(ctx context.Context, r review.Round, from review.Status, fromDraws int) (err error) {
	defer wrap(&err, "review store: update round %d %s %d", r.ID, from, fromDraws)
	row, err := roundToRow(r)
	if err != nil {
		return err
	}
	res := s.db.conn(ctx).Model(&reviewRoundRow{}).Where("id = ? AND status = ? AND draws = ?", r.ID, string(from), fromDraws).
		Updates(map[string]any{"rubric": row.Rubric, "experts_per_item": row.ExpertsPerItem, "aggregation": row.Aggregation,
			"deadline": row.Deadline, "status": row.Status, "seed": row.Seed, "pool_digest": row.PoolDigest, "draws": row.Draws,
			"assigned_at": row.AssignedAt, "closed_at": row.ClosedAt, "close_reason": row.CloseReason, "double_blind": row.DoubleBlind})
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("round %d is no longer %s: %w", r.ID, from, domain.ErrStale)
	}
	return nil
}

// LastClosedRound is the latest closed round of a challenge of that kind and stage.
func (s *ReviewStore) LastClosedRound(ctx context.Context, challengeID int64, kind review.Kind, stage int) (_ review.Round, _ bool, err error) {
	defer wrap(&err, "review store: last closed round %d %s %d", challengeID, kind, stage)
	var rows []reviewRoundRow
	err = s.db.conn(ctx).Where("challenge_id = ? AND kind = ? AND stage = ? AND status = ?", challengeID, string(kind), stage,
		string(review.StatusClosed)).Order("closed_at DESC, id DESC").Limit(1).Find(&rows).Error
	if err != nil || len(rows) == 0 {
		return review.Round{}, false, translate(err)
	}
	r, err := rows[0].toDomain()
	return r, err == nil, err
}

// AddItems inserts items and sets their IDs.
func (s *ReviewStore) AddItems(ctx context.Context, items []review.Item) (err error) {
	defer wrap(&err, "review store: add items")
	if len(items) == 0 {
		return nil
	}
	rows := make([]reviewItemRow, len(items))
	for i, it := range items {
		r, err := itemToRow(it)
		if err != nil {
			return err
		}
		r.ID = 0
		rows[i] = r
	}
	if err := s.db.conn(ctx).CreateInBatches(&rows, reviewBatch).Error; err != nil {
		return translate(err)
	}
	for i := range items {
		items[i].ID = rows[i].ID
	}
	return nil
}

// Items lists a round's items in ID order.
func (s *ReviewStore) Items(ctx context.Context, roundID int64) (_ []review.Item, err error) {
	defer wrap(&err, "review store: items %d", roundID)
	return s.items(ctx, roundID, "*")
}

// ItemLabels lists a round's items in ID order without their parties (for result sheets).
func (s *ReviewStore) ItemLabels(ctx context.Context, roundID int64) (_ []review.Item, err error) {
	defer wrap(&err, "review store: item labels %d", roundID)
	return s.items(ctx, roundID, "id, round_id, bid_id, bid_version, racer_id, report_id, org_id, label, submitted_at, '{}' AS parties, blind_label")
}

func (s *ReviewStore) items(ctx context.Context, roundID int64, cols string) ([]review.Item, error) {
	var rows []reviewItemRow
	if err := s.db.conn(ctx).Select(cols).Where("round_id = ?", roundID).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]review.Item, 0, len(rows))
	for _, r := range rows {
		it, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

// Item returns one item.
func (s *ReviewStore) Item(ctx context.Context, id int64) (_ review.Item, err error) {
	defer wrap(&err, "review store: item %d", id)
	var row reviewItemRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return review.Item{}, translate(err)
	}
	return row.toDomain()
}

// AddAssignments inserts assignments and sets their IDs.
func (s *ReviewStore) AddAssignments(ctx context.Context, as []review.Assignment) (err error) {
	defer wrap(&err, "review store: add assignments")
	if len(as) == 0 {
		return nil
	}
	rows := make([]reviewAssignmentRow, len(as))
	for i, a := range as {
		rows[i] = assignmentToRow(a)
		rows[i].ID = 0
	}
	if err := s.db.conn(ctx).CreateInBatches(&rows, reviewBatch).Error; err != nil {
		return translate(err)
	}
	for i := range as {
		as[i].ID = rows[i].ID
	}
	return nil
}

// Assignment returns one assignment.
func (s *ReviewStore) Assignment(ctx context.Context, id int64) (_ review.Assignment, err error) {
	defer wrap(&err, "review store: assignment %d", id)
	var row reviewAssignmentRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return review.Assignment{}, translate(err)
	}
	return row.toDomain(), nil
}

// Assignments lists a round's assignments in ID order.
func (s *ReviewStore) Assignments(ctx context.Context, roundID int64) (_ []review.Assignment, err error) {
	defer wrap(&err, "review store: assignments %d", roundID)
	var rows []reviewAssignmentRow
	if err := s.db.conn(ctx).Where("round_id = ?", roundID).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]review.Assignment, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// SetAssignmentStatus moves an assignment from one status to another (compare-and-set).
func (s *ReviewStore) SetAssignmentStatus(ctx context.Context, id int64, from, to review.AssignmentStatus, reason string, at time.Time) (err error) {
	defer wrap(&err, "review store: set assignment status %d %s %s", id, from, to)
	cols := map[string]any{"status": string(to)}
	if to == review.AssignmentRecused || to == review.AssignmentReplaced {
		cols["recuse_reason"], cols["closed_at"] = reason, dbTime(at)
	}
	res := s.db.conn(ctx).Model(&reviewAssignmentRow{}).Where("id = ? AND status = ?", id, string(from)).Updates(cols)
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("assignment %d is no longer %s: %w", id, from, domain.ErrStale)
	}
	return nil
}

// DropPending marks a round's pending assignments redrawn.
func (s *ReviewStore) DropPending(ctx context.Context, roundID int64, at time.Time) (err error) {
	defer wrap(&err, "review store: drop pending %d", roundID)
	return translate(s.db.conn(ctx).Model(&reviewAssignmentRow{}).
		Where("round_id = ? AND status = ?", roundID, string(review.AssignmentPending)).
		Updates(map[string]any{"status": string(review.AssignmentRedrawn), "closed_at": dbTime(at)}).Error)
}

// CloseAssignments stamps closed_at on the assignments of a closed round that have none.
func (s *ReviewStore) CloseAssignments(ctx context.Context, roundID int64, at time.Time) (err error) {
	defer wrap(&err, "review store: close assignments %d", roundID)
	return translate(s.db.conn(ctx).Model(&reviewAssignmentRow{}).Where("round_id = ? AND closed_at IS NULL", roundID).
		Update("closed_at", dbTime(at)).Error)
}

// assignmentInfoRow is an assignment joined with its round, item and challenge.
type assignmentInfoRow struct {
	ID             int64
	RoundID        int64
	ItemID         int64
	ExpertID       int64
	Status         string
	FieldMatch     bool
	Draw           int
	ReplacesID     int64
	RecuseReason   string
	CreatedAt      time.Time
	ClosedAt       *time.Time
	Kind           string
	Stage          int
	RoundStatus    string
	Deadline       time.Time
	ChallengeID    int64
	ChallengeTitle string
	ItemLabel      string
	BidID          int64
	RacerID        int64
	Draft          *bool
	DoubleBlind    bool
	BlindLabel     string
}

const assignmentInfoSelect = `a.*, r.kind, r.stage, r.status AS round_status, r.deadline, r.challenge_id,
	c.title AS challenge_title, i.label AS item_label, i.bid_id, i.racer_id, s.draft, r.double_blind, i.blind_label`

const assignmentInfoJoins = `JOIN review_rounds r ON r.id = a.round_id JOIN review_items i ON i.id = a.item_id
	JOIN challenges c ON c.id = r.challenge_id LEFT JOIN review_scores s ON s.assignment_id = a.id`

func (r assignmentInfoRow) toDomain() review.AssignmentInfo {
	a := reviewAssignmentRow{ID: r.ID, RoundID: r.RoundID, ItemID: r.ItemID, ExpertID: r.ExpertID, Status: r.Status,
		FieldMatch: r.FieldMatch, Draw: r.Draw, ReplacesID: r.ReplacesID, RecuseReason: r.RecuseReason,
		CreatedAt: r.CreatedAt, ClosedAt: r.ClosedAt}
	return review.AssignmentInfo{Assignment: a.toDomain(), Kind: review.Kind(r.Kind), Stage: r.Stage,
		RoundStatus: review.Status(r.RoundStatus), Deadline: r.Deadline.UTC(), ChallengeID: r.ChallengeID,
		ChallengeTitle: r.ChallengeTitle, ItemLabel: r.ItemLabel, BidID: r.BidID, RacerID: r.RacerID,
		Draft: r.Draft != nil && *r.Draft, DoubleBlind: r.DoubleBlind, BlindLabel: r.BlindLabel}
}

// expertAssignments lists an expert's assignments (pending, scored, recused), newest first.
func (s *ReviewStore) expertAssignments(ctx context.Context, expertID int64, p domain.Page) (_ domain.List[review.AssignmentInfo], err error) {
	defer wrap(&err, "review store: expert assignments %d", expertID)
	q := s.db.conn(ctx).Table("review_assignments a").Where("a.expert_id = ? AND a.status IN ?", expertID,
		[]string{string(review.AssignmentPending), string(review.AssignmentScored), string(review.AssignmentRecused)})
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return domain.List[review.AssignmentInfo]{}, translate(err)
	}
	var rows []assignmentInfoRow
	if err := q.Select(assignmentInfoSelect).Joins(assignmentInfoJoins).Order("a.id DESC").
		Offset(p.Offset()).Limit(p.PageSize).Scan(&rows).Error; err != nil {
		return domain.List[review.AssignmentInfo]{}, translate(err)
	}
	out := domain.List[review.AssignmentInfo]{Items: make([]review.AssignmentInfo, 0, len(rows)), Total: total, Page: p.Page, PageSize: p.PageSize}
	for _, r := range rows {
		out.Items = append(out.Items, r.toDomain())
	}
	return out, nil
}

// UnscoredBefore lists the pending assignments of open rounds whose deadline is before t.
func (s *ReviewStore) UnscoredBefore(ctx context.Context, t time.Time) (_ []review.AssignmentInfo, err error) {
	defer wrap(&err, "review store: unscored before")
	var rows []assignmentInfoRow
	err = s.db.conn(ctx).Table("review_assignments a").Select(assignmentInfoSelect).Joins(assignmentInfoJoins).
		Where("a.status = ? AND a.closed_at IS NULL AND r.status = ? AND r.deadline < ?", string(review.AssignmentPending),
			string(review.StatusAssigned), dbTime(t)).Order("a.id").Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]review.AssignmentInfo, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// Loads counts every expert's pending assignments in rounds not closed.
func (s *ReviewStore) Loads(ctx context.Context) (_ map[int64]int, err error) {
	defer wrap(&err, "review store: loads")
	return s.loadsOf(ctx, nil)
}

// loadsOf counts the open assignments of the given experts (every expert when ids is nil) over the
// (expert_id, status) index: one expert's profile or a round's panel does not count the whole programme.
func (s *ReviewStore) loadsOf(ctx context.Context, ids []int64) (map[int64]int, error) {
	var rows []struct {
		ExpertID int64
		N        int
	}
	q := s.db.conn(ctx).Model(&reviewAssignmentRow{}).Select("expert_id, COUNT(*) AS n").
		Where("status = ? AND closed_at IS NULL", string(review.AssignmentPending))
	if ids != nil {
		if len(ids) == 0 {
			return map[int64]int{}, nil
		}
		q = q.Where("expert_id IN ?", ids)
	}
	err := q.Group("expert_id").Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make(map[int64]int, len(rows))
	for _, r := range rows {
		out[r.ExpertID] = r.N
	}
	return out, nil
}

// SaveScore inserts or replaces an assignment's scores.
func (s *ReviewStore) SaveScore(ctx context.Context, sc review.Score) (err error) {
	defer wrap(&err, "review store: save score %d", sc.AssignmentID)
	b, err := json.Marshal(sc.Scores)
	if err != nil {
		return err
	}
	row := reviewScoreRow{AssignmentID: sc.AssignmentID, Scores: string(b), Comment: sc.Comment, Draft: sc.Draft,
		SavedAt: dbTime(sc.SavedAt), SubmittedAt: bidUTC(sc.SubmittedAt)}
	db := s.db.conn(ctx)
	res := db.Model(&reviewScoreRow{}).Where("assignment_id = ?", sc.AssignmentID).Updates(map[string]any{
		"scores": row.Scores, "comment": row.Comment, "draft": row.Draft, "saved_at": row.SavedAt, "submitted_at": row.SubmittedAt})
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 1 {
		return nil
	}
	return translate(db.Create(&row).Error)
}

// Score returns an assignment's scores.
func (s *ReviewStore) Score(ctx context.Context, assignmentID int64) (_ review.Score, _ bool, err error) {
	defer wrap(&err, "review store: score %d", assignmentID)
	var rows []reviewScoreRow
	if err := s.db.conn(ctx).Where("assignment_id = ?", assignmentID).Limit(1).Find(&rows).Error; err != nil || len(rows) == 0 {
		return review.Score{}, false, translate(err)
	}
	sc, err := rows[0].toDomain()
	return sc, err == nil, err
}

// Scores returns the submitted scores of a round's scored assignments.
func (s *ReviewStore) Scores(ctx context.Context, roundID int64) (_ map[int64]review.Score, err error) {
	defer wrap(&err, "review store: scores %d", roundID)
	var rows []reviewScoreRow
	err = s.db.conn(ctx).Table("review_scores s").Select("s.*").
		Joins("JOIN review_assignments a ON a.id = s.assignment_id").
		Where("a.round_id = ? AND a.status = ? AND s.draft = ?", roundID, string(review.AssignmentScored), false).
		Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make(map[int64]review.Score, len(rows))
	for _, r := range rows {
		sc, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out[r.AssignmentID] = sc
	}
	return out, nil
}

// DraftAssignments reports which assignments of a round have draft scores.
func (s *ReviewStore) DraftAssignments(ctx context.Context, roundID int64) (_ map[int64]bool, err error) {
	defer wrap(&err, "review store: draft assignments %d", roundID)
	var ids []int64
	err = s.db.conn(ctx).Table("review_scores s").Joins("JOIN review_assignments a ON a.id = s.assignment_id").
		Where("a.round_id = ? AND s.draft = ?", roundID, true).Pluck("s.assignment_id", &ids).Error
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, translate(err)
}

// AnyScore reports whether any assignment of the round has scores saved.
func (s *ReviewStore) AnyScore(ctx context.Context, roundID int64) (_ bool, err error) {
	defer wrap(&err, "review store: any score %d", roundID)
	var ids []int64
	err = s.db.conn(ctx).Table("review_scores s").Joins("JOIN review_assignments a ON a.id = s.assignment_id").
		Where("a.round_id = ?", roundID).Limit(1).Pluck("s.assignment_id", &ids).Error
	return len(ids) > 0, translate(err)
}

// SaveResults stores a round's results in order.
func (s *ReviewStore) SaveResults(ctx context.Context, roundID int64, rs []review.ItemResult) (err error) {
	defer wrap(&err, "review store: save results %d", roundID)
	if len(rs) == 0 {
		return nil
	}
	rows := make([]reviewResultRow, len(rs))
	for i, r := range rs {
		row, err := resultToRow(roundID, i, r)
		if err != nil {
			return err
		}
		rows[i] = row
	}
	return translate(s.db.conn(ctx).CreateInBatches(&rows, reviewBatch).Error)
}

// Results reads a round's results in order.
func (s *ReviewStore) Results(ctx context.Context, roundID int64) (_ []review.ItemResult, err error) {
	defer wrap(&err, "review store: results %d", roundID)
	var rows []reviewResultRow
	if err := s.db.conn(ctx).Where("round_id = ?", roundID).Order("position").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]review.ItemResult, 0, len(rows))
	for _, r := range rows {
		x, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}
