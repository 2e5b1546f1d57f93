package repository

import (
	"context"
	"encoding/json"
	"time"

	"jiebang/domain/bid"
)

// bidCorrectionRow is a row of bid_corrections; Defects is JSON text.
type bidCorrectionRow struct {
	ID                 int64 `gorm:"primaryKey"`
	BidID              int64
	ChallengeID        int64
	Status             string
	Defects            string
	DueAt              time.Time
	BaseVersion        int
	RequestedBy        int64
	RequestedAt        time.Time
	ResubmittedVersion int
	ResubmittedAt      *time.Time
	ClosedBy           *int64
	ClosedAt           *time.Time
}

func (bidCorrectionRow) TableName() string { return "bid_corrections" }

type bidDefectJSON struct {
	Field        string `json:"field,omitempty"`
	AttachmentID int64  `json:"attachment_id,omitempty"`
	What         string `json:"what"`
}

func (r bidCorrectionRow) toDomain() (bid.Correction, error) {
	var ds []bidDefectJSON
	if err := json.Unmarshal([]byte(r.Defects), &ds); err != nil {
		return bid.Correction{}, err
	}
	c := bid.Correction{ID: r.ID, BidID: r.BidID, ChallengeID: r.ChallengeID, Status: bid.CorrectionStatus(r.Status),
		DueAt: r.DueAt.UTC(), BaseVersion: r.BaseVersion, RequestedBy: r.RequestedBy, RequestedAt: r.RequestedAt.UTC(),
		ResubmittedVersion: r.ResubmittedVersion, ResubmittedAt: utcPtr(r.ResubmittedAt), ClosedAt: utcPtr(r.ClosedAt)}
	if r.ClosedBy != nil {
		c.ClosedBy = *r.ClosedBy
	}
	for _, d := range ds {
		c.Defects = append(c.Defects, bid.Defect(d))
	}
	return c, nil
}

func correctionsToDomain(rows []bidCorrectionRow) ([]bid.Correction, error) {
	out := make([]bid.Correction, 0, len(rows))
	for _, r := range rows {
		c, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func pendingCorrectionStatuses() []string {
	out := make([]string, 0, len(bid.PendingCorrectionStatuses))
	for _, s := range bid.PendingCorrectionStatuses {
		out = append(out, string(s))
	}
	return out
}

// CreateCorrection inserts c and sets its ID; a second pending correction of the bid is a conflict (the
// partial unique index).
func (s *BidStore) CreateCorrection(ctx context.Context, c *bid.Correction) (err error) {
	defer wrap(&err, "bid store: create correction of %d", c.BidID)
	ds := make([]bidDefectJSON, 0, len(c.Defects))
	for _, d := range c.Defects {
		ds = append(ds, bidDefectJSON(d))
	}
	raw, err := json.Marshal(ds)
	if err != nil {
		return err
	}
	row := bidCorrectionRow{BidID: c.BidID, ChallengeID: c.ChallengeID, Status: string(c.Status), Defects: string(raw),
		DueAt: dbTime(c.DueAt), BaseVersion: c.BaseVersion, RequestedBy: c.RequestedBy, RequestedAt: dbTime(c.RequestedAt)}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	c.ID = row.ID
	return nil
}

// LatestCorrection returns the bid's newest correction.
func (s *BidStore) LatestCorrection(ctx context.Context, bidID int64) (_ bid.Correction, err error) {
	defer wrap(&err, "bid store: latest correction of %d", bidID)
	var row bidCorrectionRow
	if err := s.db.conn(ctx).Where("bid_id = ?", bidID).Order("id DESC").Take(&row).Error; err != nil {
		return bid.Correction{}, translate(err)
	}
	return row.toDomain()
}

// SetCorrectionStatus moves a correction from one status to another (compare-and-set).
func (s *BidStore) SetCorrectionStatus(ctx context.Context, id int64, from, to bid.CorrectionStatus, version int, by int64, at time.Time) (err error) {
	defer wrap(&err, "bid store: correction %d %s %s", id, from, to)
	cols := map[string]any{"status": string(to)}
	switch to {
	case bid.CorrectionResubmitted:
		cols["resubmitted_version"], cols["resubmitted_at"] = version, dbTime(at)
	default:
		cols["closed_at"] = dbTime(at)
		if by != 0 {
			cols["closed_by"] = by
		}
	}
	res := s.db.conn(ctx).Model(&bidCorrectionRow{}).Where("id = ? AND status = ?", id, string(from)).Updates(cols)
	return casResult(res.Error, res.RowsAffected, "bid correction", id)
}

// DueCorrections lists the open corrections due at or before now, oldest due first.
func (s *BidStore) DueCorrections(ctx context.Context, now time.Time) (_ []bid.Correction, err error) {
	defer wrap(&err, "bid store: due corrections")
	var rows []bidCorrectionRow
	if err := s.db.conn(ctx).Where("status = ? AND due_at <= ?", string(bid.CorrectionOpen), dbTime(now)).
		Order("due_at, id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	return correctionsToDomain(rows)
}

// PendingCorrections lists the pending corrections on a challenge's bids.
func (s *BidStore) PendingCorrections(ctx context.Context, challengeID int64) (_ []bid.Correction, err error) {
	defer wrap(&err, "bid store: pending corrections of %d", challengeID)
	var rows []bidCorrectionRow
	if err := s.db.conn(ctx).Where("challenge_id = ? AND status IN ?", challengeID, pendingCorrectionStatuses()).
		Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	return correctionsToDomain(rows)
}

var _ bid.CorrectionStore = (*BidStore)(nil)
