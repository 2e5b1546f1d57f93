package repository

import (
	"encoding/json"
	"fmt"
	"time"

	"jiebang/domain/review"
)

// reviewRoundRow is a row of review_rounds; Rubric is JSON [{name, weight}].
type reviewRoundRow struct {
	ID             int64 `gorm:"primaryKey"`
	ChallengeID    int64
	Kind           string
	Stage          int
	Rubric         string
	ExpertsPerItem int
	Aggregation    string
	Deadline       time.Time
	Status         string
	Seed           int64
	PoolDigest     string
	Draws          int
	CreatedBy      int64
	CreatedAt      time.Time `gorm:"autoCreateTime:false"`
	AssignedAt     *time.Time
	ClosedAt       *time.Time
	CloseReason    string
	DoubleBlind    bool
}

func (reviewRoundRow) TableName() string { return "review_rounds" }

type criterionJSON struct {
	Name          string `json:"name"`
	Weight        int    `json:"weight"`
	NeedsIdentity bool   `json:"needs_identity,omitempty"`
}

func roundToRow(r review.Round) (reviewRoundRow, error) {
	cs := make([]criterionJSON, len(r.Rubric))
	for i, c := range r.Rubric {
		cs[i] = criterionJSON(c)
	}
	b, err := json.Marshal(cs)
	return reviewRoundRow{ID: r.ID, ChallengeID: r.ChallengeID, Kind: string(r.Kind), Stage: r.Stage, Rubric: string(b),
		ExpertsPerItem: r.ExpertsPerItem, Aggregation: string(r.Aggregation), Deadline: dbTime(r.Deadline),
		Status: string(r.Status), Seed: r.Seed, PoolDigest: r.PoolDigest, Draws: r.Draws, CreatedBy: r.CreatedBy,
		CreatedAt: dbTime(r.CreatedAt), AssignedAt: bidUTC(r.AssignedAt), ClosedAt: bidUTC(r.ClosedAt), CloseReason: r.CloseReason, DoubleBlind: r.DoubleBlind}, err
}

func (r reviewRoundRow) toDomain() (review.Round, error) {
	var cs []criterionJSON
	if err := json.Unmarshal([]byte(r.Rubric), &cs); err != nil {
		return review.Round{}, fmt.Errorf("decode rubric of round %d: %w", r.ID, err)
	}
	rubric := make([]review.Criterion, len(cs))
	for i, c := range cs {
		rubric[i] = review.Criterion(c)
	}
	return review.Round{ID: r.ID, ChallengeID: r.ChallengeID, Kind: review.Kind(r.Kind), Stage: r.Stage, Rubric: rubric,
		ExpertsPerItem: r.ExpertsPerItem, Aggregation: review.Aggregation(r.Aggregation), Deadline: r.Deadline.UTC(),
		Status: review.Status(r.Status), Seed: r.Seed, PoolDigest: r.PoolDigest, Draws: r.Draws, CreatedBy: r.CreatedBy,
		CreatedAt: r.CreatedAt.UTC(), AssignedAt: bidUTC(r.AssignedAt), ClosedAt: bidUTC(r.ClosedAt), CloseReason: r.CloseReason, DoubleBlind: r.DoubleBlind}, nil
}

// reviewItemRow is a row of review_items; Parties is JSON.
type reviewItemRow struct {
	ID          int64 `gorm:"primaryKey"`
	RoundID     int64
	BidID       int64
	BidVersion  int
	RacerID     int64
	ReportID    int64
	OrgID       int64
	Label       string
	SubmittedAt time.Time
	Parties     string
	BlindLabel  string
}

func (reviewItemRow) TableName() string { return "review_items" }

type personJSON struct {
	Email string `json:"email,omitempty"`
	Name  string `json:"name,omitempty"`
	OrgID int64  `json:"org_id,omitempty"`
}

type partiesJSON struct {
	OrgIDs      []int64    `json:"org_ids"`
	CreditCodes []string   `json:"credit_codes"`
	PI          personJSON `json:"pi"`
	OrgName     string     `json:"org_name,omitempty"`
}

func itemToRow(it review.Item) (reviewItemRow, error) {
	b, err := json.Marshal(partiesJSON{OrgIDs: it.Parties.OrgIDs, CreditCodes: it.Parties.CreditCodes, PI: personJSON(it.Parties.PI), OrgName: it.Parties.OrgName})
	return reviewItemRow{ID: it.ID, RoundID: it.RoundID, BidID: it.BidID, BidVersion: it.BidVersion, RacerID: it.RacerID,
		ReportID: it.ReportID, OrgID: it.OrgID, Label: it.Label, SubmittedAt: dbTime(it.SubmittedAt), Parties: string(b), BlindLabel: it.BlindLabel}, err
}

func (r reviewItemRow) toDomain() (review.Item, error) {
	var p partiesJSON
	if err := json.Unmarshal([]byte(r.Parties), &p); err != nil {
		return review.Item{}, fmt.Errorf("decode parties of item %d: %w", r.ID, err)
	}
	return review.Item{ID: r.ID, RoundID: r.RoundID, BidID: r.BidID, BidVersion: r.BidVersion, RacerID: r.RacerID,
		ReportID: r.ReportID, OrgID: r.OrgID, Label: r.Label, SubmittedAt: r.SubmittedAt.UTC(), BlindLabel: r.BlindLabel,
		Parties: review.Parties{OrgIDs: p.OrgIDs, CreditCodes: p.CreditCodes, PI: review.Person(p.PI), OrgName: p.OrgName}}, nil
}

// reviewAssignmentRow is a row of review_assignments.
type reviewAssignmentRow struct {
	ID           int64 `gorm:"primaryKey"`
	RoundID      int64
	ItemID       int64
	ExpertID     int64
	Status       string
	FieldMatch   bool
	Draw         int
	ReplacesID   int64
	RecuseReason string
	CreatedAt    time.Time `gorm:"autoCreateTime:false"`
	ClosedAt     *time.Time
}

func (reviewAssignmentRow) TableName() string { return "review_assignments" }

func assignmentToRow(a review.Assignment) reviewAssignmentRow {
	return reviewAssignmentRow{ID: a.ID, RoundID: a.RoundID, ItemID: a.ItemID, ExpertID: a.ExpertID, Status: string(a.Status),
		FieldMatch: a.FieldMatch, Draw: a.Draw, ReplacesID: a.ReplacesID, RecuseReason: a.RecuseReason,
		CreatedAt: dbTime(a.CreatedAt), ClosedAt: bidUTC(a.ClosedAt)}
}

func (r reviewAssignmentRow) toDomain() review.Assignment {
	return review.Assignment{ID: r.ID, RoundID: r.RoundID, ItemID: r.ItemID, ExpertID: r.ExpertID,
		Status: review.AssignmentStatus(r.Status), FieldMatch: r.FieldMatch, Draw: r.Draw, ReplacesID: r.ReplacesID,
		RecuseReason: r.RecuseReason, CreatedAt: r.CreatedAt.UTC(), ClosedAt: bidUTC(r.ClosedAt)}
}

// reviewScoreRow is a row of review_scores; Scores is JSON {criterion: score}.
type reviewScoreRow struct {
	AssignmentID int64 `gorm:"primaryKey;autoIncrement:false"`
	Scores       string
	Comment      string
	Draft        bool
	SavedAt      time.Time
	SubmittedAt  *time.Time
}

func (reviewScoreRow) TableName() string { return "review_scores" }

func (r reviewScoreRow) toDomain() (review.Score, error) {
	m := map[string]int{}
	if err := json.Unmarshal([]byte(r.Scores), &m); err != nil {
		return review.Score{}, fmt.Errorf("decode scores of assignment %d: %w", r.AssignmentID, err)
	}
	return review.Score{AssignmentID: r.AssignmentID, Scores: m, Comment: r.Comment, Draft: r.Draft,
		SavedAt: r.SavedAt.UTC(), SubmittedAt: bidUTC(r.SubmittedAt)}, nil
}

// reviewResultRow is a row of review_results; Detail is the item's result as JSON.
type reviewResultRow struct {
	RoundID    int64 `gorm:"primaryKey;autoIncrement:false"`
	ItemID     int64 `gorm:"primaryKey;autoIncrement:false"`
	Position   int
	ItemRank   int
	FinalScore *float64
	Detail     string
}

func (reviewResultRow) TableName() string { return "review_results" }

// resultJSON is the stored shape of a frozen item result.
type resultJSON struct {
	Final            *float64   `json:"final"`
	Rank             int        `json:"rank"`
	Median           float64    `json:"median"`
	TopCriterionMean float64    `json:"top_criterion_mean"`
	SubmittedAt      time.Time  `json:"submitted_at"`
	Flags            []string   `json:"flags"`
	Lines            []lineJSON `json:"lines"`
}

// lineJSON is one expert's line, kept short (it is read 5,000 times for a round of 1,000 items).
type lineJSON struct {
	Label       string   `json:"l"`
	ExpertID    int64    `json:"e"`
	Scores      []int    `json:"s"`
	Weighted    float64  `json:"w"`
	Normalised  *float64 `json:"n,omitempty"`
	Flagged     bool     `json:"f,omitempty"`
	SubmittedAt int64    `json:"t"`
}

func resultToRow(roundID int64, pos int, r review.ItemResult) (reviewResultRow, error) {
	j := resultJSON{Final: r.Final, Rank: r.Rank, Median: r.Median, TopCriterionMean: r.TopCriterionMean,
		SubmittedAt: r.SubmittedAt.UTC(), Flags: r.Flags}
	for _, l := range r.Lines {
		j.Lines = append(j.Lines, lineJSON{Label: l.Label, ExpertID: l.ExpertID, Scores: l.Scores, Weighted: l.Weighted,
			Normalised: l.Normalised, Flagged: l.Flagged, SubmittedAt: l.SubmittedAt.UnixMicro()})
	}
	b, err := json.Marshal(j)
	return reviewResultRow{RoundID: roundID, ItemID: r.ItemID, Position: pos, ItemRank: r.Rank, FinalScore: r.Final, Detail: string(b)}, err
}

func (r reviewResultRow) toDomain() (review.ItemResult, error) {
	var j resultJSON
	if err := json.Unmarshal([]byte(r.Detail), &j); err != nil {
		return review.ItemResult{}, fmt.Errorf("decode result of item %d: %w", r.ItemID, err)
	}
	out := review.ItemResult{ItemID: r.ItemID, Final: j.Final, Rank: j.Rank, Median: j.Median,
		TopCriterionMean: j.TopCriterionMean, SubmittedAt: j.SubmittedAt.UTC(), Flags: j.Flags}
	for _, l := range j.Lines {
		out.Lines = append(out.Lines, review.Line{Label: l.Label, ExpertID: l.ExpertID, Scores: l.Scores, Weighted: l.Weighted,
			Normalised: l.Normalised, Flagged: l.Flagged, SubmittedAt: time.UnixMicro(l.SubmittedAt).UTC()})
	}
	return out, nil
}
