package repository

import (
	"context"
	"time"

	"jiebang/domain/race"
)

var _ race.RectificationStore = (*RaceStore)(nil)

type rectificationRow struct {
	ID           int64 `gorm:"primaryKey"`
	RacerID      int64
	ChallengeID  int64
	Kind         string
	Stage        int
	Requirements string
	DueAt        time.Time
	Status       string
	Summary      string
	ReportedAt   *time.Time
	ReportedBy   int64
	Late         bool
	Reason       string
	DecidedBy    int64
	DecidedAt    *time.Time
	CreatedBy    int64
	CreatedAt    time.Time
}

func (rectificationRow) TableName() string { return "racer_rectifications" }

func (r rectificationRow) toDomain() race.Rectification {
	return race.Rectification{ID: r.ID, RacerID: r.RacerID, ChallengeID: r.ChallengeID, Kind: race.RectificationKind(r.Kind),
		Stage: r.Stage, Requirements: r.Requirements, DueAt: r.DueAt.UTC(), Status: race.RectificationStatus(r.Status),
		Summary: r.Summary, ReportedAt: utcPtr(r.ReportedAt), ReportedBy: r.ReportedBy, Late: r.Late, Reason: r.Reason,
		DecidedBy: r.DecidedBy, DecidedAt: utcPtr(r.DecidedAt), CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC()}
}

// CreateRectification inserts a rectification and sets its ID; the unique (racer, stage) refuses a second.
func (s *RaceStore) CreateRectification(ctx context.Context, r *race.Rectification) (err error) {
	defer wrap(&err, "race store: create rectification racer %d stage %d", r.RacerID, r.Stage)
	row := rectificationRow{RacerID: r.RacerID, ChallengeID: r.ChallengeID, Kind: string(r.Kind), Stage: r.Stage,
		Requirements: r.Requirements, DueAt: r.DueAt, Status: string(r.Status), CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	r.ID = row.ID
	return nil
}

func (s *RaceStore) rectifications(ctx context.Context, where string, args ...any) ([]race.Rectification, error) {
	var rows []rectificationRow
	if err := s.db.conn(ctx).Where(where, args...).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]race.Rectification, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// Rectifications lists a challenge's rectifications, oldest first.
func (s *RaceStore) Rectifications(ctx context.Context, challengeID int64) (_ []race.Rectification, err error) {
	defer wrap(&err, "race store: rectifications %d", challengeID)
	return s.rectifications(ctx, "challenge_id = ?", challengeID)
}

// RacerRectifications lists a racer's rectifications, oldest first.
func (s *RaceStore) RacerRectifications(ctx context.Context, racerID int64) (_ []race.Rectification, err error) {
	defer wrap(&err, "race store: racer rectifications %d", racerID)
	return s.rectifications(ctx, "racer_id = ?", racerID)
}

// OpenRectifications lists the rectifications without a report yet.
func (s *RaceStore) OpenRectifications(ctx context.Context) (_ []race.Rectification, err error) {
	defer wrap(&err, "race store: open rectifications")
	return s.rectifications(ctx, "status = ?", string(race.RectOpen))
}

// UpdateRectification writes status, report and decision compare-and-set on the stored status.
func (s *RaceStore) UpdateRectification(ctx context.Context, r race.Rectification, from race.RectificationStatus) (_ bool, err error) {
	defer wrap(&err, "race store: update rectification %d %s", r.ID, from)
	res := s.db.conn(ctx).Model(&rectificationRow{}).Where("id = ? AND status = ?", r.ID, string(from)).Updates(map[string]any{
		"status": string(r.Status), "summary": r.Summary, "reported_at": r.ReportedAt, "reported_by": r.ReportedBy,
		"late": r.Late, "reason": r.Reason, "decided_by": r.DecidedBy, "decided_at": r.DecidedAt,
	})
	return res.RowsAffected == 1, translate(res.Error)
}
