package repository

import (
	"context"
	"encoding/json"
	"time"

	"jiebang/domain/taskbook"
)

// TaskbookStore implements taskbook.Store.
type TaskbookStore struct{ db *DB }

// NewTaskbookStore returns the task book store.
func NewTaskbookStore(db *DB) *TaskbookStore { return &TaskbookStore{db: db} }

var _ taskbook.Store = (*TaskbookStore)(nil)

type taskbookVersionRow struct {
	ID           int64 `gorm:"primaryKey"`
	RacerID      int64
	Number       int
	Content      string
	Digest       string
	Signed       int
	SupersededAt *time.Time
	CreatedAt    time.Time
}

func (taskbookVersionRow) TableName() string { return "taskbook_versions" }

func (r taskbookVersionRow) toDomain() taskbook.Version {
	v := taskbook.Version{ID: r.ID, RacerID: r.RacerID, Number: r.Number, Canonical: []byte(r.Content), Digest: r.Digest,
		Signed: r.Signed, Superseded: r.SupersededAt, CreatedAt: r.CreatedAt.UTC()}
	_ = json.Unmarshal([]byte(r.Content), &v.Content)
	return v
}

type taskbookSignatureRow struct {
	ID        int64 `gorm:"primaryKey"`
	VersionID int64
	RacerID   int64
	Version   int
	Seq       int
	Slot      string
	Role      string
	OrgID     int64
	OrgName   string
	OnBehalf  bool
	UserID    int64
	UserName  string
	Digest    string
	SignedAt  time.Time
}

func (taskbookSignatureRow) TableName() string { return "taskbook_signatures" }

type taskbookChangeRow struct {
	ID             int64 `gorm:"primaryKey"`
	RacerID        int64
	ChallengeID    int64
	Kind           string
	Reason         string
	Proposed       string
	Attachments    string
	Status         string
	FiledBy        int64
	FiledByName    string
	ByBureau       bool
	ConsentedBy    int64
	ConsentedAt    *time.Time
	DecidedBy      int64
	DecidedAt      *time.Time
	DecisionReason string
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (taskbookChangeRow) TableName() string { return "taskbook_changes" }

func (r taskbookChangeRow) toDomain() taskbook.Change {
	c := taskbook.Change{ID: r.ID, RacerID: r.RacerID, ChallengeID: r.ChallengeID, Kind: taskbook.Kind(r.Kind), Reason: r.Reason,
		Status: taskbook.Status(r.Status), FiledBy: r.FiledBy, FiledByName: r.FiledByName, ByBureau: r.ByBureau,
		ConsentedBy: r.ConsentedBy, ConsentedAt: utcPtr(r.ConsentedAt), DecidedBy: r.DecidedBy, DecidedAt: utcPtr(r.DecidedAt),
		DecisionReason: r.DecisionReason, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	_ = json.Unmarshal([]byte(r.Proposed), &c.Proposed)
	_ = json.Unmarshal([]byte(r.Attachments), &c.Attachments)
	if c.Attachments == nil {
		c.Attachments = []string{}
	}
	return c
}

// LatestVersion is the racer's newest version.
func (s *TaskbookStore) LatestVersion(ctx context.Context, racerID int64) (_ taskbook.Version, err error) {
	defer wrap(&err, "taskbook store: latest version of %d", racerID)
	var row taskbookVersionRow
	if err := s.db.conn(ctx).Where("racer_id = ?", racerID).Order("number DESC").Take(&row).Error; err != nil {
		return taskbook.Version{}, translate(err)
	}
	return row.toDomain(), nil
}

// Versions are the racer's versions, oldest first.
func (s *TaskbookStore) Versions(ctx context.Context, racerID int64) (_ []taskbook.Version, err error) {
	defer wrap(&err, "taskbook store: versions of %d", racerID)
	var rows []taskbookVersionRow
	if err := s.db.conn(ctx).Where("racer_id = ?", racerID).Order("number").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]taskbook.Version, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// CreateVersion inserts v.
func (s *TaskbookStore) CreateVersion(ctx context.Context, v *taskbook.Version) (err error) {
	defer wrap(&err, "taskbook store: create version %d of %d", v.Number, v.RacerID)
	row := taskbookVersionRow{RacerID: v.RacerID, Number: v.Number, Content: string(v.Canonical), Digest: v.Digest,
		Signed: v.Signed, CreatedAt: dbTime(v.CreatedAt)}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	v.ID = row.ID
	return nil
}

// MarkSigned moves the signature count from `from` to from+1 while the version is not superseded.
func (s *TaskbookStore) MarkSigned(ctx context.Context, versionID int64, from int) (_ bool, err error) {
	defer wrap(&err, "taskbook store: mark signed %d", versionID)
	res := s.db.conn(ctx).Exec("UPDATE taskbook_versions SET signed = ? WHERE id = ? AND signed = ? AND superseded_at IS NULL",
		from+1, versionID, from)
	return res.RowsAffected == 1, translate(res.Error)
}

// Supersede marks a version replaced.
func (s *TaskbookStore) Supersede(ctx context.Context, versionID int64, at time.Time) (_ bool, err error) {
	defer wrap(&err, "taskbook store: supersede %d", versionID)
	res := s.db.conn(ctx).Exec("UPDATE taskbook_versions SET superseded_at = ? WHERE id = ? AND superseded_at IS NULL", dbTime(at), versionID)
	return res.RowsAffected == 1, translate(res.Error)
}

// CreateSignature inserts a signature.
func (s *TaskbookStore) CreateSignature(ctx context.Context, sg *taskbook.Signature) (err error) {
	defer wrap(&err, "taskbook store: sign %d slot %s", sg.VersionID, sg.Slot)
	row := taskbookSignatureRow{VersionID: sg.VersionID, RacerID: sg.RacerID, Version: sg.Version, Seq: sg.Seq, Slot: sg.Slot,
		Role: string(sg.Role), OrgID: sg.OrgID, OrgName: sg.OrgName, OnBehalf: sg.OnBehalf, UserID: sg.UserID,
		UserName: sg.UserName, Digest: sg.Digest, SignedAt: dbTime(sg.SignedAt)}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	sg.ID = row.ID
	return nil
}

// Signatures are the signatures of a racer's version (0: all), in order.
func (s *TaskbookStore) Signatures(ctx context.Context, racerID int64, version int) (_ []taskbook.Signature, err error) {
	defer wrap(&err, "taskbook store: signatures of %d v%d", racerID, version)
	q := s.db.conn(ctx).Where("racer_id = ?", racerID)
	if version > 0 {
		q = q.Where("version = ?", version)
	}
	var rows []taskbookSignatureRow
	if err := q.Order("version, seq").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]taskbook.Signature, 0, len(rows))
	for _, r := range rows {
		out = append(out, taskbook.Signature{ID: r.ID, VersionID: r.VersionID, RacerID: r.RacerID, Version: r.Version, Seq: r.Seq,
			Slot: r.Slot, Role: taskbook.SlotRole(r.Role), OrgID: r.OrgID, OrgName: r.OrgName, OnBehalf: r.OnBehalf,
			UserID: r.UserID, UserName: r.UserName, Digest: r.Digest, SignedAt: r.SignedAt.UTC()})
	}
	return out, nil
}

// CreateChange inserts a change request.
func (s *TaskbookStore) CreateChange(ctx context.Context, c *taskbook.Change) (err error) {
	defer wrap(&err, "taskbook store: create change of %d", c.RacerID)
	row := taskbookChangeRow{RacerID: c.RacerID, ChallengeID: c.ChallengeID, Kind: string(c.Kind), Reason: c.Reason,
		Proposed: mustJSON(c.Proposed), Attachments: mustJSON(c.Attachments), Status: string(c.Status), FiledBy: c.FiledBy,
		FiledByName: c.FiledByName, ByBureau: c.ByBureau, CreatedAt: dbTime(c.CreatedAt), UpdatedAt: dbTime(c.UpdatedAt)}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	c.ID = row.ID
	return nil
}

// Change is one change request.
func (s *TaskbookStore) Change(ctx context.Context, id int64) (_ taskbook.Change, err error) {
	defer wrap(&err, "taskbook store: change %d", id)
	var row taskbookChangeRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return taskbook.Change{}, translate(err)
	}
	return row.toDomain(), nil
}

// Changes are a racer's change requests, newest first.
func (s *TaskbookStore) Changes(ctx context.Context, racerID int64) (_ []taskbook.Change, err error) {
	defer wrap(&err, "taskbook store: changes of %d", racerID)
	var rows []taskbookChangeRow
	if err := s.db.conn(ctx).Where("racer_id = ?", racerID).Order("id DESC").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]taskbook.Change, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// MoveChange stores the change's state and decision fields when its status is still from.
func (s *TaskbookStore) MoveChange(ctx context.Context, c taskbook.Change, from taskbook.Status) (_ bool, err error) {
	defer wrap(&err, "taskbook store: move change %d", c.ID)
	res := s.db.conn(ctx).Exec(`UPDATE taskbook_changes SET status = ?, consented_by = ?, consented_at = ?, decided_by = ?,
		decided_at = ?, decision_reason = ?, version = ?, updated_at = ? WHERE id = ? AND status = ?`,
		string(c.Status), c.ConsentedBy, dbTimePtr(c.ConsentedAt), c.DecidedBy, dbTimePtr(c.DecidedAt), c.DecisionReason, c.Version,
		dbTime(c.UpdatedAt), c.ID, string(from))
	return res.RowsAffected == 1, translate(res.Error)
}

func dbTimePtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := dbTime(*t)
	return &u
}
