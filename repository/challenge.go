package repository

import (
	"encoding/json"
	"time"

	"jiebang/domain/challenge"
)

// challengeRow is a row of challenges. KPIs, stages and winners are JSON text: they are read and written with
// their challenge, never queried on their own.
type challengeRow struct {
	ID             int64 `gorm:"primaryKey"`
	OrgID          int64
	Status         string
	Title          string
	Field          string
	Background     string
	Problem        string
	KPIs           string `gorm:"column:kpis"`
	Deliverables   string
	DurationMonths int
	BudgetFen      int64
	GovFundingFen  int64
	CofundingFen   int64
	IPTerms        string `gorm:"column:ip_terms"`
	Eligibility    string
	Mode           string
	MaxRacers      int
	Stages         string
	BidDeadline    *time.Time
	PublishedAt    *time.Time
	SubmittedAt    *time.Time
	ApprovedAt     *time.Time
	ClosedAt       *time.Time
	CancelledAt    *time.Time
	CancelReason   string
	LastOpinion    string
	WinnerRacerIDs string `gorm:"column:winner_racer_ids"`
	CallID         *int64
	CreatedAt      time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt      time.Time `gorm:"autoUpdateTime:false"`
}

func (challengeRow) TableName() string { return "challenges" }

// challengeView is a challenge row joined with its organisation's name.
type challengeView struct {
	Row       challengeRow `gorm:"embedded"`
	OrgName   string
	CallTitle *string
}

// kpiJSON and stageJSON are the stored shapes of KPIs and stages.
type kpiJSON struct {
	Name       string   `json:"name"`
	Target     *float64 `json:"target"`
	Unit       string   `json:"unit"`
	Comparison string   `json:"comparison"`
	Method     string   `json:"method"`
}

type stageJSON struct {
	Name            string `json:"name"`
	OffsetMonths    int    `json:"offset_months"`
	FundingSharePct int    `json:"funding_share_pct"`
	KeepTop         *int   `json:"keep_top"`
	MinScore        int    `json:"min_score"`
}

func encodeKPIs(ks []challenge.KPI) string {
	out := make([]kpiJSON, 0, len(ks))
	for _, k := range ks {
		j := kpiJSON{Name: k.Name, Unit: k.Unit, Comparison: k.Comparison, Method: k.Method}
		if !k.NoTarget {
			t := k.Target
			j.Target = &t
		}
		out = append(out, j)
	}
	return mustJSON(out)
}

func decodeKPIs(s string) ([]challenge.KPI, error) {
	var in []kpiJSON
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, err
	}
	out := make([]challenge.KPI, 0, len(in))
	for _, j := range in {
		k := challenge.KPI{Name: j.Name, Unit: j.Unit, Comparison: j.Comparison, Method: j.Method, NoTarget: j.Target == nil}
		if j.Target != nil {
			k.Target = *j.Target
		}
		out = append(out, k)
	}
	return out, nil
}

func encodeStages(ss []challenge.Stage) string {
	out := make([]stageJSON, 0, len(ss))
	for _, s := range ss {
		out = append(out, stageJSON(s))
	}
	return mustJSON(out)
}

func decodeStages(s string) ([]challenge.Stage, error) {
	var in []stageJSON
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, err
	}
	out := make([]challenge.Stage, 0, len(in))
	for _, j := range in {
		out = append(out, challenge.Stage(j))
	}
	return out, nil
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain structs and slices are encoded here
	}
	return string(b)
}

func optTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := dbTime(*t)
	return &u
}

func challengeToRow(c challenge.Challenge) challengeRow {
	winners := c.WinnerRacerIDs
	if winners == nil {
		winners = []int64{}
	}
	return challengeRow{ID: c.ID, OrgID: c.OrgID, Status: string(c.Status), Title: c.Title, Field: c.Field,
		Background: c.Background, Problem: c.Problem, KPIs: encodeKPIs(c.KPIs), Deliverables: c.Deliverables,
		DurationMonths: c.DurationMonths, BudgetFen: c.BudgetFen, GovFundingFen: c.GovFundingFen,
		CofundingFen: c.CofundingFen, IPTerms: c.IPTerms, Eligibility: c.Eligibility, Mode: string(c.Mode),
		MaxRacers: c.MaxRacers, Stages: encodeStages(c.Stages), BidDeadline: optTime(c.BidDeadline),
		PublishedAt: optTime(c.PublishedAt), SubmittedAt: optTime(c.SubmittedAt), ApprovedAt: optTime(c.ApprovedAt),
		ClosedAt: optTime(c.ClosedAt), CancelledAt: optTime(c.CancelledAt), CancelReason: c.CancelReason,
		LastOpinion: c.LastOpinion, WinnerRacerIDs: mustJSON(winners), CallID: optID(c.CallID),
		CreatedAt: dbTime(c.CreatedAt), UpdatedAt: dbTime(c.UpdatedAt)}
}

// optID is a nullable reference: 0 is NULL.
func optID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// callOf is the call id and title of a challenge read with its call (0 and "" for none).
func callOf(id *int64, title *string) (int64, string) {
	if id == nil {
		return 0, ""
	}
	t := ""
	if title != nil {
		t = *title
	}
	return *id, t
}

func (v challengeView) toDomain() (challenge.Challenge, error) {
	r := v.Row
	kpis, err := decodeKPIs(r.KPIs)
	if err != nil {
		return challenge.Challenge{}, err
	}
	stages, err := decodeStages(r.Stages)
	if err != nil {
		return challenge.Challenge{}, err
	}
	var winners []int64
	if err := json.Unmarshal([]byte(r.WinnerRacerIDs), &winners); err != nil {
		return challenge.Challenge{}, err
	}
	callID, callTitle := callOf(r.CallID, v.CallTitle)
	return challenge.Challenge{ID: r.ID, OrgID: r.OrgID, OrgName: v.OrgName, Status: challenge.Status(r.Status),
		CallID: callID, CallTitle: callTitle, Title: r.Title, Field: r.Field, Background: r.Background, Problem: r.Problem, KPIs: kpis,
		Deliverables: r.Deliverables, DurationMonths: r.DurationMonths, BudgetFen: r.BudgetFen,
		GovFundingFen: r.GovFundingFen, CofundingFen: r.CofundingFen, IPTerms: r.IPTerms, Eligibility: r.Eligibility,
		Mode: challenge.Mode(r.Mode), MaxRacers: r.MaxRacers, Stages: stages, BidDeadline: utcPtr(r.BidDeadline),
		PublishedAt: utcPtr(r.PublishedAt), SubmittedAt: utcPtr(r.SubmittedAt), ApprovedAt: utcPtr(r.ApprovedAt),
		ClosedAt: utcPtr(r.ClosedAt), CancelledAt: utcPtr(r.CancelledAt), CancelReason: r.CancelReason,
		LastOpinion: r.LastOpinion, WinnerRacerIDs: winners, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}, nil
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// historyRow is a row of challenge_history.
type historyRow struct {
	ID          int64 `gorm:"primaryKey"`
	ChallengeID int64
	Action      string
	FromStatus  string
	ToStatus    string
	Opinion     string
	ActorID     int64
	ActorName   string
	ActorRole   string
	At          time.Time
}

func (historyRow) TableName() string { return "challenge_history" }

func (r historyRow) toDomain() challenge.HistoryEntry {
	return challenge.HistoryEntry{ID: r.ID, ChallengeID: r.ChallengeID, Action: challenge.Action(r.Action),
		FromStatus: challenge.Status(r.FromStatus), ToStatus: challenge.Status(r.ToStatus), Opinion: r.Opinion,
		ActorID: r.ActorID, ActorName: r.ActorName, ActorRole: r.ActorRole, At: r.At.UTC()}
}

// amendmentRow is a row of challenge_amendments.
type amendmentRow struct {
	ID            int64 `gorm:"primaryKey"`
	ChallengeID   int64
	Number        int
	Content       string
	CreatedBy     int64
	CreatedByName string
	CreatedAt     time.Time `gorm:"autoCreateTime:false"`
	QuestionID    *int64
	DeadlineFrom  *time.Time
	DeadlineTo    *time.Time
}

func (amendmentRow) TableName() string { return "challenge_amendments" }

func (r amendmentRow) toDomain() challenge.Amendment {
	return challenge.Amendment{ID: r.ID, ChallengeID: r.ChallengeID, Number: r.Number, Content: r.Content,
		CreatedAt: r.CreatedAt.UTC(), CreatedBy: r.CreatedBy, CreatedByName: r.CreatedByName, QuestionID: r.QuestionID,
		DeadlineFrom: utcPtr(r.DeadlineFrom), DeadlineTo: utcPtr(r.DeadlineTo)}
}
