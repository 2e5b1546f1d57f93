package repository

import (
	"encoding/json"
	"time"

	"jiebang/domain/race"
)

// Rows of the race tables and their converters. JSON columns are read and written with their row.

type noticeRow struct {
	ID          int64 `gorm:"primaryKey"`
	ChallengeID int64
	Seq         int
	BidIDs      string `gorm:"column:bid_ids"`
	Reason      string
	NoticeDays  int
	StartsAt    time.Time
	EndsAt      time.Time
	Status      string
	ClosedAt    *time.Time
	CreatedBy   int64
}

func (noticeRow) TableName() string { return "notices" }

// noticeView is a notice row with its objection counts.
type noticeView struct {
	Row             noticeRow `gorm:"embedded"`
	ObjectionsCount int
	OpenObjections  int
}

func (v noticeView) toDomain() race.Notice {
	r := v.Row
	n := race.Notice{ID: r.ID, ChallengeID: r.ChallengeID, Seq: r.Seq, Reason: r.Reason, NoticeDays: r.NoticeDays,
		StartsAt: r.StartsAt.UTC(), EndsAt: r.EndsAt.UTC(), Status: race.NoticeStatus(r.Status), ClosedAt: utcPtr(r.ClosedAt),
		CreatedBy: r.CreatedBy, ObjectionsCount: v.ObjectionsCount, OpenObjections: v.OpenObjections, BidIDs: []int64{}}
	_ = json.Unmarshal([]byte(r.BidIDs), &n.BidIDs)
	return n
}

type objectionRow struct {
	ID          int64 `gorm:"primaryKey"`
	NoticeID    int64
	ChallengeID int64
	UserID      int64
	Reason      string
	Status      string
	Answer      string
	AnsweredBy  *int64
	AnsweredAt  *time.Time
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
}

func (objectionRow) TableName() string { return "objections" }

func (r objectionRow) toDomain() race.Objection {
	o := race.Objection{ID: r.ID, NoticeID: r.NoticeID, ChallengeID: r.ChallengeID, UserID: r.UserID, Reason: r.Reason,
		Status: race.ObjectionStatus(r.Status), Answer: r.Answer, AnsweredAt: utcPtr(r.AnsweredAt), CreatedAt: r.CreatedAt.UTC()}
	if r.AnsweredBy != nil {
		o.AnsweredBy = *r.AnsweredBy
	}
	return o
}

type racerRow struct {
	ID                int64 `gorm:"primaryKey"`
	ChallengeID       int64
	BidID             int64
	OrgID             int64
	Status            string
	Tolerance         *bool
	EliminatedStage   int
	EliminationReason string
	Readmitted        bool
	MergedInto        *int64
	TaskBook          string
	StartedAt         time.Time
	UpdatedAt         time.Time `gorm:"autoUpdateTime:false"`
}

func (racerRow) TableName() string { return "racers" }

type racerView struct {
	Row     racerRow `gorm:"embedded"`
	OrgName string
}

func racerToRow(r race.Racer) racerRow {
	tb, _ := json.Marshal(r.TaskBook)
	row := racerRow{ID: r.ID, ChallengeID: r.ChallengeID, BidID: r.BidID, OrgID: r.OrgID, Status: string(r.Status),
		Tolerance: r.Tolerance, EliminatedStage: r.EliminatedStage, EliminationReason: r.EliminationReason,
		Readmitted: r.Readmitted, TaskBook: string(tb), StartedAt: r.StartedAt, UpdatedAt: r.UpdatedAt}
	if r.MergedInto != 0 {
		m := r.MergedInto
		row.MergedInto = &m
	}
	return row
}

func (v racerView) toDomain() race.Racer {
	r := v.Row
	out := race.Racer{ID: r.ID, ChallengeID: r.ChallengeID, BidID: r.BidID, OrgID: r.OrgID, OrgName: v.OrgName,
		Status: race.RacerStatus(r.Status), Tolerance: r.Tolerance, EliminatedStage: r.EliminatedStage,
		EliminationReason: r.EliminationReason, Readmitted: r.Readmitted, StartedAt: r.StartedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	if r.MergedInto != nil {
		out.MergedInto = *r.MergedInto
	}
	_ = json.Unmarshal([]byte(r.TaskBook), &out.TaskBook)
	return out
}

type reportRow struct {
	ID          int64 `gorm:"primaryKey"`
	RacerID     int64
	ChallengeID int64
	Stage       int
	Summary     string
	KPIValues   string `gorm:"column:kpi_values"`
	DueAt       time.Time
	SubmittedAt time.Time
	Late        bool
	SubmittedBy int64
}

func (reportRow) TableName() string { return "racer_reports" }

func (r reportRow) toDomain() race.Report {
	out := race.Report{ID: r.ID, RacerID: r.RacerID, ChallengeID: r.ChallengeID, Stage: r.Stage, Summary: r.Summary,
		DueAt: r.DueAt.UTC(), SubmittedAt: r.SubmittedAt.UTC(), Late: r.Late, SubmittedBy: r.SubmittedBy, KPIValues: map[string]float64{}}
	_ = json.Unmarshal([]byte(r.KPIValues), &out.KPIValues)
	return out
}

type decisionRow struct {
	ChallengeID int64 `gorm:"primaryKey;autoIncrement:false"`
	Stage       int   `gorm:"primaryKey;autoIncrement:false"`
	Advance     string
	Eliminate   string
	Rectify     string
	Scores      string
	Reason      string
	DecidedBy   int64
	DecidedAt   time.Time
}

func (decisionRow) TableName() string { return "stage_decisions" }

func (r decisionRow) toDomain() race.Decision {
	d := race.Decision{ChallengeID: r.ChallengeID, Stage: r.Stage, Reason: r.Reason, DecidedBy: r.DecidedBy,
		DecidedAt: r.DecidedAt.UTC(), Advance: []int64{}, Eliminate: []race.Elimination{}, Rectify: []race.RectifyEntry{}, Scores: map[int64]float64{}}
	if r.Rectify != "" {
		_ = json.Unmarshal([]byte(r.Rectify), &d.Rectify)
	}
	_ = json.Unmarshal([]byte(r.Advance), &d.Advance)
	_ = json.Unmarshal([]byte(r.Eliminate), &d.Eliminate)
	_ = json.Unmarshal([]byte(r.Scores), &d.Scores)
	return d
}

type eventRow struct {
	ID          int64 `gorm:"primaryKey"`
	RacerID     int64
	ChallengeID int64
	Stage       int
	Kind        string
	Reason      string
	ActorID     int64
	At          time.Time
}

func (eventRow) TableName() string { return "racer_events" }

type opinionRow struct {
	ChallengeID int64  `gorm:"primaryKey;autoIncrement:false"`
	RacerID     int64  `gorm:"primaryKey;autoIncrement:false"`
	KPIResults  string `gorm:"column:kpi_results"`
	Opinion     string
	ByUser      int64
	At          time.Time
}

func (opinionRow) TableName() string { return "acceptance_opinions" }

type raceAttachmentRow struct {
	ID          int64 `gorm:"primaryKey"`
	ReportID    int64
	RacerID     int64
	ChallengeID int64
	Stage       int
	Filename    string
	Size        int64
	ContentType string
	SHA256      string `gorm:"column:sha256"`
	UploadedBy  int64
	UploadedAt  time.Time
}

func (raceAttachmentRow) TableName() string { return "racer_report_attachments" }

func (r raceAttachmentRow) toDomain() race.Attachment {
	return race.Attachment{ID: r.ID, ReportID: r.ReportID, RacerID: r.RacerID, ChallengeID: r.ChallengeID, Stage: r.Stage,
		Filename: r.Filename, Size: r.Size, ContentType: r.ContentType, SHA256: r.SHA256, UploadedBy: r.UploadedBy,
		UploadedAt: r.UploadedAt.UTC()}
}
