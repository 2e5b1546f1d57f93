package repository

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"jiebang/domain"
	"jiebang/domain/race"
)

// RaceStore implements race.Store.
type RaceStore struct {
	db *DB
	// The race boards' cache (race_board_cache.go).
	boardVersion *versionQuery
	boards       *pageCache[int64, raceBoardEntry]
}

// NewRaceStore returns the race store.
func NewRaceStore(db *DB) *RaceStore {
	return &RaceStore{db: db, boardVersion: newVersionQuery(db, raceVersionSQL),
		boards: newPageCache[int64, raceBoardEntry](raceBoardCacheSize)}
}

var _ race.Store = (*RaceStore)(nil)

// CreateNotice inserts n and sets its ID.
func (s *RaceStore) CreateNotice(ctx context.Context, n *race.Notice) (err error) {
	defer wrap(&err, "race store: create notice of %d", n.ChallengeID)
	row := noticeRow{ChallengeID: n.ChallengeID, Seq: n.Seq, BidIDs: mustJSON(n.BidIDs), Reason: n.Reason,
		NoticeDays: n.NoticeDays, StartsAt: n.StartsAt, EndsAt: n.EndsAt, Status: string(n.Status), CreatedBy: n.CreatedBy}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	n.ID = row.ID
	return nil
}

func (s *RaceStore) notices(ctx context.Context) *gorm.DB {
	return s.db.conn(ctx).Table("notices").Select("notices.*, " +
		"(SELECT COUNT(*) FROM objections o WHERE o.notice_id = notices.id) AS objections_count, " +
		"(SELECT COUNT(*) FROM objections o WHERE o.notice_id = notices.id AND o.status = 'open') AS open_objections")
}

// Notice returns one notice with its objection counts.
func (s *RaceStore) Notice(ctx context.Context, id int64) (_ race.Notice, err error) {
	defer wrap(&err, "race store: notice %d", id)
	var v noticeView
	if err := s.notices(ctx).Where("notices.id = ?", id).Take(&v).Error; err != nil {
		return race.Notice{}, translate(err)
	}
	return v.toDomain(), nil
}

// CurrentNotice returns the challenge's newest notice that is not superseded.
func (s *RaceStore) CurrentNotice(ctx context.Context, challengeID int64) (_ race.Notice, err error) {
	defer wrap(&err, "race store: current notice %d", challengeID)
	var v noticeView
	err = s.notices(ctx).Where("notices.challenge_id = ? AND notices.status <> ?", challengeID, string(race.NoticeSuperseded)).
		Order("notices.seq DESC").Take(&v).Error
	if err != nil {
		return race.Notice{}, translate(err)
	}
	return v.toDomain(), nil
}

// Notices lists notices, newest first.
func (s *RaceStore) Notices(ctx context.Context, f race.NoticeFilter, p domain.Page) (_ domain.List[race.Notice], err error) {
	defer wrap(&err, "race store: notices")
	out := domain.List[race.Notice]{Page: p.Page, PageSize: p.PageSize, Items: []race.Notice{}}
	filter := func(q *gorm.DB) *gorm.DB {
		if f.ChallengeID != 0 {
			q = q.Where("notices.challenge_id = ?", f.ChallengeID)
		}
		if f.Status != "" {
			q = q.Where("notices.status = ?", string(f.Status))
		}
		return q
	}
	if err := filter(s.db.conn(ctx).Model(&noticeRow{})).Count(&out.Total).Error; err != nil {
		return out, translate(err)
	}
	var vs []noticeView
	if err := filter(s.notices(ctx)).Order("notices.starts_at DESC, notices.id DESC").Offset(p.Offset()).Limit(p.PageSize).Find(&vs).Error; err != nil {
		return out, translate(err)
	}
	for _, v := range vs {
		out.Items = append(out.Items, v.toDomain())
	}
	return out, nil
}

// SetNoticeStatus changes a notice's status compare-and-set.
func (s *RaceStore) SetNoticeStatus(ctx context.Context, id int64, from, to race.NoticeStatus, at time.Time) (_ bool, err error) {
	defer wrap(&err, "race store: set notice status %d %s %s", id, from, to)
	upd := map[string]any{"status": string(to)}
	if to == race.NoticeClosed {
		upd["closed_at"] = at
	}
	res := s.db.conn(ctx).Model(&noticeRow{}).Where("id = ? AND status = ?", id, string(from)).Updates(upd)
	return res.RowsAffected == 1, translate(res.Error)
}

// DueNotices returns open notices whose end has passed.
func (s *RaceStore) DueNotices(ctx context.Context, now time.Time) (_ []int64, err error) {
	defer wrap(&err, "race store: due notices")
	var ids []int64
	err = s.db.conn(ctx).Model(&noticeRow{}).Where("status = ? AND ends_at <= ?", string(race.NoticeOpen), now.UTC()).
		Order("id").Pluck("id", &ids).Error
	return ids, translate(err)
}

// CreateObjection inserts o and sets its ID.
func (s *RaceStore) CreateObjection(ctx context.Context, o *race.Objection) (err error) {
	defer wrap(&err, "race store: create objection to %d", o.NoticeID)
	row := objectionRow{NoticeID: o.NoticeID, ChallengeID: o.ChallengeID, UserID: o.UserID, Reason: o.Reason,
		Status: string(o.Status), CreatedAt: o.CreatedAt}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	o.ID = row.ID
	return nil
}

// Objection returns one objection.
func (s *RaceStore) Objection(ctx context.Context, id int64) (_ race.Objection, err error) {
	defer wrap(&err, "race store: objection %d", id)
	var r objectionRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return race.Objection{}, translate(err)
	}
	return r.toDomain(), nil
}

// Objections returns a notice's objections, oldest first.
func (s *RaceStore) Objections(ctx context.Context, noticeID int64) (_ []race.Objection, err error) {
	defer wrap(&err, "race store: objections %d", noticeID)
	var rows []objectionRow
	if err := s.db.conn(ctx).Where("notice_id = ?", noticeID).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]race.Objection, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// ResolveObjection answers an open objection compare-and-set.
func (s *RaceStore) ResolveObjection(ctx context.Context, o race.Objection) (_ bool, err error) {
	defer wrap(&err, "race store: resolve objection %d", o.ID)
	res := s.db.conn(ctx).Model(&objectionRow{}).Where("id = ? AND status = ?", o.ID, string(race.ObjectionOpen)).
		Updates(map[string]any{"status": string(o.Status), "answer": o.Answer, "answered_by": o.AnsweredBy, "answered_at": o.AnsweredAt})
	return res.RowsAffected == 1, translate(res.Error)
}

// CreateRacer inserts r and sets its ID.
func (s *RaceStore) CreateRacer(ctx context.Context, r *race.Racer) (err error) {
	defer wrap(&err, "race store: create racer in %d", r.ChallengeID)
	row := racerToRow(*r)
	row.ID = 0
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	r.ID = row.ID
	return nil
}

func (s *RaceStore) racers(ctx context.Context) *gorm.DB {
	return s.db.conn(ctx).Table("racers").Select("racers.*, orgs.name AS org_name").Joins("JOIN orgs ON orgs.id = racers.org_id")
}

// Racer returns one racer with its organisation's name.
func (s *RaceStore) Racer(ctx context.Context, id int64) (_ race.Racer, err error) {
	defer wrap(&err, "race store: racer %d", id)
	var v racerView
	if err := s.racers(ctx).Where("racers.id = ?", id).Take(&v).Error; err != nil {
		return race.Racer{}, translate(err)
	}
	return v.toDomain(), nil
}

// Racers returns a challenge's racers in ID order.
func (s *RaceStore) Racers(ctx context.Context, challengeID int64) (_ []race.Racer, err error) {
	defer wrap(&err, "race store: racers %d", challengeID)
	var vs []racerView
	if err := s.racers(ctx).Where("racers.challenge_id = ?", challengeID).Order("racers.id").Find(&vs).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]race.Racer, 0, len(vs))
	for _, v := range vs {
		out = append(out, v.toDomain())
	}
	return out, nil
}

// UpdateRacer writes the status and outcome fields compare-and-set on the stored status.
func (s *RaceStore) UpdateRacer(ctx context.Context, r race.Racer, from race.RacerStatus) (_ bool, err error) {
	defer wrap(&err, "race store: update racer %d %s", r.ID, from)
	row := racerToRow(r)
	res := s.db.conn(ctx).Model(&racerRow{}).Where("id = ? AND status = ?", r.ID, string(from)).Updates(map[string]any{
		"status": row.Status, "tolerance": row.Tolerance, "eliminated_stage": row.EliminatedStage,
		"elimination_reason": row.EliminationReason, "readmitted": row.Readmitted, "merged_into": row.MergedInto,
		"updated_at": row.UpdatedAt,
	})
	return res.RowsAffected == 1, translate(res.Error)
}

// AddEvent appends a racer history step.
func (s *RaceStore) AddEvent(ctx context.Context, e *race.Event) (err error) {
	defer wrap(&err, "race store: add event of %d", e.ChallengeID)
	row := eventRow{RacerID: e.RacerID, ChallengeID: e.ChallengeID, Stage: e.Stage, Kind: string(e.Kind), Reason: e.Reason,
		ActorID: e.ActorID, At: e.At}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	e.ID = row.ID
	return nil
}

// Events returns a challenge's racer history, oldest first.
func (s *RaceStore) Events(ctx context.Context, challengeID int64) (_ []race.Event, err error) {
	defer wrap(&err, "race store: events %d", challengeID)
	var rows []eventRow
	if err := s.db.conn(ctx).Where("challenge_id = ?", challengeID).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]race.Event, 0, len(rows))
	for _, r := range rows {
		out = append(out, race.Event{ID: r.ID, RacerID: r.RacerID, ChallengeID: r.ChallengeID, Stage: r.Stage,
			Kind: race.EventKind(r.Kind), Reason: r.Reason, ActorID: r.ActorID, At: r.At.UTC()})
	}
	return out, nil
}

// SaveReport inserts or replaces a racer's report for a stage.
func (s *RaceStore) SaveReport(ctx context.Context, r *race.Report) (err error) {
	defer wrap(&err, "race store: save report racer %d stage %d", r.RacerID, r.Stage)
	row := reportRow{RacerID: r.RacerID, ChallengeID: r.ChallengeID, Stage: r.Stage, Summary: r.Summary,
		KPIValues: mustJSON(r.KPIValues), DueAt: r.DueAt, SubmittedAt: r.SubmittedAt, Late: r.Late, SubmittedBy: r.SubmittedBy}
	err = s.db.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "racer_id"}, {Name: "stage"}},
		DoUpdates: clause.AssignmentColumns([]string{"summary", "kpi_values", "submitted_at", "late", "submitted_by"}),
	}).Create(&row).Error
	if err != nil {
		return translate(err)
	}
	var saved reportRow
	if err := s.db.conn(ctx).Where("racer_id = ? AND stage = ?", r.RacerID, r.Stage).Take(&saved).Error; err != nil {
		return translate(err)
	}
	r.ID = saved.ID
	return nil
}

// Reports returns a challenge's reports by racer and stage.
func (s *RaceStore) Reports(ctx context.Context, challengeID int64) (_ []race.Report, err error) {
	defer wrap(&err, "race store: reports %d", challengeID)
	var rows []reportRow
	if err := s.db.conn(ctx).Where("challenge_id = ?", challengeID).Order("racer_id, stage").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]race.Report, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// CreateDecision inserts a stage decision; the primary key refuses a second one for the stage.
func (s *RaceStore) CreateDecision(ctx context.Context, d race.Decision) (err error) {
	defer wrap(&err, "race store: create decision %d stage %d", d.ChallengeID, d.Stage)
	rect := d.Rectify
	if rect == nil {
		rect = []race.RectifyEntry{}
	}
	row := decisionRow{ChallengeID: d.ChallengeID, Stage: d.Stage, Advance: mustJSON(d.Advance), Eliminate: mustJSON(d.Eliminate), Rectify: mustJSON(rect),
		Scores: mustJSON(d.Scores), Reason: d.Reason, DecidedBy: d.DecidedBy, DecidedAt: d.DecidedAt}
	return translate(s.db.conn(ctx).Create(&row).Error)
}

// Decisions returns a challenge's stage decisions in stage order.
func (s *RaceStore) Decisions(ctx context.Context, challengeID int64) (_ []race.Decision, err error) {
	defer wrap(&err, "race store: decisions %d", challengeID)
	var rows []decisionRow
	if err := s.db.conn(ctx).Where("challenge_id = ?", challengeID).Order("stage").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]race.Decision, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// SaveOpinion inserts or replaces the enterprise's opinion on a racer.
func (s *RaceStore) SaveOpinion(ctx context.Context, o race.Opinion) (err error) {
	defer wrap(&err, "race store: save opinion %d racer %d", o.ChallengeID, o.RacerID)
	row := opinionRow{ChallengeID: o.ChallengeID, RacerID: o.RacerID, KPIResults: mustJSON(o.KPIResults), Opinion: o.Opinion, ByUser: o.By, At: o.At}
	return translate(s.db.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "challenge_id"}, {Name: "racer_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"kpi_results", "opinion", "by_user", "at"}),
	}).Create(&row).Error)
}

// Opinions returns a challenge's acceptance opinions.
func (s *RaceStore) Opinions(ctx context.Context, challengeID int64) (_ []race.Opinion, err error) {
	defer wrap(&err, "race store: opinions %d", challengeID)
	var rows []opinionRow
	if err := s.db.conn(ctx).Where("challenge_id = ?", challengeID).Order("racer_id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]race.Opinion, 0, len(rows))
	for _, r := range rows {
		o := race.Opinion{ChallengeID: r.ChallengeID, RacerID: r.RacerID, Opinion: r.Opinion, By: r.ByUser, At: r.At.UTC(),
			KPIResults: map[string]race.KPIResult{}}
		_ = json.Unmarshal([]byte(r.KPIResults), &o.KPIResults)
		out = append(out, o)
	}
	return out, nil
}

// FinishedChallenges returns completed or failed challenges that had racers, latest first.
func (s *RaceStore) FinishedChallenges(ctx context.Context, p domain.Page) (_ domain.List[int64], err error) {
	defer wrap(&err, "race store: finished challenges")
	out := domain.List[int64]{Page: p.Page, PageSize: p.PageSize, Items: []int64{}}
	q := func() *gorm.DB {
		return s.db.conn(ctx).Model(&challengeRow{}).Where("status IN ?", []string{"completed", "failed"}).
			Where("EXISTS (SELECT 1 FROM racers r WHERE r.challenge_id = challenges.id)")
	}
	if err := q().Count(&out.Total).Error; err != nil {
		return out, translate(err)
	}
	err = q().Order("updated_at DESC, id DESC").Offset(p.Offset()).Limit(p.PageSize).Pluck("id", &out.Items).Error
	return out, translate(err)
}

// RacingRacers returns the racing racers of in-progress challenges.
func (s *RaceStore) RacingRacers(ctx context.Context) (_ []race.Racer, err error) {
	defer wrap(&err, "race store: racing racers")
	var vs []racerView
	err = s.racers(ctx).Joins("JOIN challenges ON challenges.id = racers.challenge_id").
		Where("racers.status = ? AND challenges.status = ?", string(race.RacerRacing), "in_progress").Order("racers.id").Find(&vs).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]race.Racer, 0, len(vs))
	for _, v := range vs {
		out = append(out, v.toDomain())
	}
	return out, nil
}

// AddAttachment inserts a report attachment and sets its ID.
func (s *RaceStore) AddAttachment(ctx context.Context, a *race.Attachment) (err error) {
	defer wrap(&err, "race store: add attachment of %d", a.RacerID)
	row := raceAttachmentRow{ReportID: a.ReportID, RacerID: a.RacerID, ChallengeID: a.ChallengeID, Stage: a.Stage, Filename: a.Filename,
		Size: a.Size, ContentType: a.ContentType, SHA256: a.SHA256, UploadedBy: a.UploadedBy, UploadedAt: a.UploadedAt}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	a.ID = row.ID
	return nil
}

// Attachments lists a challenge's report attachments in upload order.
func (s *RaceStore) Attachments(ctx context.Context, challengeID int64) (_ []race.Attachment, err error) {
	defer wrap(&err, "race store: attachments %d", challengeID)
	var rows []raceAttachmentRow
	if err := s.db.conn(ctx).Where("challenge_id = ?", challengeID).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]race.Attachment, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// Attachment returns one report attachment.
func (s *RaceStore) Attachment(ctx context.Context, id int64) (_ race.Attachment, err error) {
	defer wrap(&err, "race store: attachment %d", id)
	var r raceAttachmentRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return race.Attachment{}, translate(err)
	}
	return r.toDomain(), nil
}
