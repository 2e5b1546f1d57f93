package api

import (
	"time"

	"jiebang/domain"
	"jiebang/domain/review"
)

// criterionDTO is one rubric line (评分细则) with its weight in percent.
type criterionDTO struct {
	Name          string `json:"name" required:"true"`
	Weight        int    `json:"weight" required:"true" minimum:"1" maximum:"100"`
	NeedsIdentity bool   `json:"needs_identity" required:"true" description:"the criterion judges the team, not the proposal (团队实力 …): a double-blind round refuses it"`
}

// criterionReq is one rubric line of a request.
type criterionReq struct {
	Name          string `json:"name" required:"true"`
	Weight        int    `json:"weight" required:"true" minimum:"1" maximum:"100"`
	NeedsIdentity *bool  `json:"needs_identity" description:"omitted: true when the name speaks of the team or the organisation (团队, 单位, 研究基础, 负责人, 资质, 业绩 …)"`
}

// roundReq is the body of POST /challenges/{id}/rounds and PATCH /rounds/{id}; left-out settings take the
// defaults (the kind's rubric, 5 experts per item, trimmed_mean).
type roundReq struct {
	Kind           string         `json:"kind" enum:"validation,bid_review,stage_review,acceptance" description:"required when opening"`
	Stage          int            `json:"stage" minimum:"0" description:"1-based stage (stage_review; 0 or omitted: the first stage before the last that has no stage review round yet); acceptance defaults to the last stage"`
	Rubric         []criterionReq `json:"rubric" description:"weights sum to 100; default per kind"`
	ExpertsPerItem int            `json:"experts_per_item" minimum:"1" maximum:"15" description:"odd; default 5"`
	Aggregation    string         `json:"aggregation" enum:"trimmed_mean,mean,zscore" description:"default trimmed_mean"`
	Deadline       *time.Time     `json:"deadline" required:"true"`
	DoubleBlind    *bool          `json:"double_blind" description:"double-blind review (双盲): the experts see the bids without the bidders' identity; bid_review only (422 double_blind_stage, double_blind_bid_only), and no criterion may need the team's identity (422 rubric_needs_identity). Omitted: false when opening, unchanged when editing"`
}

func (r roundReq) toSettings() review.Settings {
	return review.Settings{Kind: review.Kind(r.Kind), Stage: r.Stage, ExpertsPerItem: r.ExpertsPerItem,
		Aggregation: review.Aggregation(r.Aggregation), Deadline: r.Deadline, DoubleBlind: r.DoubleBlind,
		Rubric: convertAll(r.Rubric, func(c criterionReq) review.Criterion { return review.NewCriterion(c.Name, c.Weight, c.NeedsIdentity) })}
}

// roundDTO is a review round of the contract, with the latest draw's seed and pool digest.
type roundDTO struct {
	ID             int64          `json:"id" required:"true"`
	ChallengeID    int64          `json:"challenge_id" required:"true"`
	ChallengeTitle string         `json:"challenge_title,omitempty"`
	Kind           string         `json:"kind" required:"true"`
	Stage          int            `json:"stage" required:"true"`
	Rubric         []criterionDTO `json:"rubric" required:"true"`
	ExpertsPerItem int            `json:"experts_per_item" required:"true"`
	Aggregation    string         `json:"aggregation" required:"true"`
	Deadline       time.Time      `json:"deadline" required:"true"`
	Status         string         `json:"status" required:"true" enum:"open,assigned,closed"`
	Seed           int64          `json:"seed" required:"true" description:"seed of the latest draw (PCG); with the same pool it reproduces the panels"`
	PoolDigest     string         `json:"pool_digest" required:"true" description:"SHA-256 of the pool as drawn"`
	Draws          int            `json:"draws" required:"true" description:"how many times the panels were drawn (a redraw is visible)"`
	CreatedAt      time.Time      `json:"created_at" required:"true"`
	AssignedAt     *time.Time     `json:"assigned_at,omitempty"`
	ClosedAt       *time.Time     `json:"closed_at,omitempty"`
	CloseReason    string         `json:"close_reason,omitempty"`
	DoubleBlind    bool           `json:"double_blind" required:"true" description:"double-blind review (双盲): the experts see neutral labels (方案A …) and no bidder identity"`
	Items          []itemDTO      `json:"items,omitempty"`
	Actions        []string       `json:"actions" required:"true" description:"what the caller may do now (review.RoundActionsFor): the bureau edit, assign (open), redraw, replace, remind, close (assigned), export (closed); empty for others"`
}

// itemDTO is what a round scores.
type itemDTO struct {
	ID          int64     `json:"id" required:"true"`
	Label       string    `json:"label" required:"true"`
	BidID       int64     `json:"bid_id" required:"true"`
	BidVersion  int       `json:"bid_version" required:"true"`
	RacerID     int64     `json:"racer_id" required:"true"`
	ReportID    int64     `json:"report_id" required:"true"`
	SubmittedAt time.Time `json:"submitted_at" required:"true"`
	BlindLabel  string    `json:"blind_label,omitempty" description:"bid review items: the neutral label (方案A …) the experts of a double-blind round see; for them it is also the label"`
}

func toItemDTO(it review.Item) itemDTO {
	return itemDTO{ID: it.ID, Label: it.Label, BidID: it.BidID, BidVersion: it.BidVersion, RacerID: it.RacerID,
		ReportID: it.ReportID, SubmittedAt: it.SubmittedAt, BlindLabel: it.BlindLabel}
}

// toRoundDTO converts r as act sees it.
func toRoundDTO(act domain.Actor, r review.Round) roundDTO {
	return roundDTO{Actions: review.ActionNames(review.RoundActionsFor(act, r)), ID: r.ID, ChallengeID: r.ChallengeID, Kind: string(r.Kind), Stage: r.Stage,
		Rubric:         convertAll(r.Rubric, func(c review.Criterion) criterionDTO { return criterionDTO(c) }),
		ExpertsPerItem: r.ExpertsPerItem, Aggregation: string(r.Aggregation), Deadline: r.Deadline, Status: string(r.Status),
		Seed: r.Seed, PoolDigest: r.PoolDigest, Draws: r.Draws, CreatedAt: r.CreatedAt, AssignedAt: r.AssignedAt,
		ClosedAt: r.ClosedAt, CloseReason: r.CloseReason, DoubleBlind: r.DoubleBlind}
}

// roundViewFor converts round views for act.
func roundViewFor(act domain.Actor) func(review.RoundView) roundDTO {
	return func(v review.RoundView) roundDTO { return toRoundViewDTO(act, v) }
}

func toRoundViewDTO(act domain.Actor, v review.RoundView) roundDTO {
	d := toRoundDTO(act, v.Round)
	d.ChallengeTitle = v.ChallengeTitle
	d.Items = convertAll(v.Items, toItemDTO)
	return d
}

// roundListResp lists a challenge's rounds.
type roundListResp struct {
	Items []roundDTO `json:"items" required:"true"`
}

// assignReq is the body of POST /rounds/{id}/assign.
type assignReq struct {
	Seed *int64 `json:"seed" minimum:"0" maximum:"9007199254740991" description:"omitted: a fresh random seed"`
}

// closeReq is the body of POST /rounds/{id}/close.
type closeReq struct {
	Reason string `json:"reason" description:"required when assignments are still unscored (the bureau confirms closing)"`
}

// remindReq is the body of POST /rounds/{id}/remind.
type remindReq struct {
	ExpertIDs []int64 `json:"expert_ids" description:"omitted: every expert with unscored assignments"`
}

// remindResp names the experts reminded.
type remindResp struct {
	Reminded []int64 `json:"reminded" required:"true"`
}

// assignmentDTO is an assignment of the contract with what the expert's list shows.
type assignmentDTO struct {
	ID             int64     `json:"id" required:"true"`
	RoundID        int64     `json:"round_id" required:"true"`
	ItemID         int64     `json:"item_id" required:"true"`
	BidID          int64     `json:"bid_id" required:"true"`
	RacerID        int64     `json:"racer_id" required:"true"`
	Status         string    `json:"status" required:"true" enum:"pending,scored,recused,replaced"`
	FieldMatch     bool      `json:"field_match" required:"true" description:"false: drawn from another field to complete the panel"`
	RecuseReason   string    `json:"recuse_reason,omitempty"`
	ReplacesID     int64     `json:"replaces_id,omitempty"`
	Kind           string    `json:"kind,omitempty"`
	Stage          int       `json:"stage,omitempty"`
	RoundStatus    string    `json:"round_status,omitempty"`
	Deadline       time.Time `json:"deadline,omitzero"`
	ChallengeID    int64     `json:"challenge_id,omitempty"`
	ChallengeTitle string    `json:"challenge_title,omitempty"`
	ItemLabel      string    `json:"item_label,omitempty"`
	Draft          bool      `json:"draft" description:"scores saved but not submitted"`
	DoubleBlind    bool      `json:"double_blind,omitempty" description:"the round is double-blind: item_label is the neutral label (方案A …)"`
	Actions        []string  `json:"actions" required:"true" description:"what the caller may do now (review.AssignmentActionsFor), while the round is assigned: its expert score, save_draft (pending), recuse (pending); the bureau replace (pending)"`
}

// toAssignmentDTO converts a, of a round in status round, as act sees it.
func toAssignmentDTO(act domain.Actor, a review.Assignment, round review.Status) assignmentDTO {
	return assignmentDTO{Actions: review.ActionNames(review.AssignmentActionsFor(act, a, round)), ID: a.ID, RoundID: a.RoundID, ItemID: a.ItemID, Status: string(a.Status), FieldMatch: a.FieldMatch,
		RecuseReason: a.RecuseReason, ReplacesID: a.ReplacesID}
}

// assignmentInfoFor converts an expert's assignments for act.
func assignmentInfoFor(act domain.Actor) func(review.AssignmentInfo) assignmentDTO {
	return func(a review.AssignmentInfo) assignmentDTO { return toAssignmentInfoDTO(act, a) }
}

func toAssignmentInfoDTO(act domain.Actor, a review.AssignmentInfo) assignmentDTO {
	d := toAssignmentDTO(act, a.Assignment, a.RoundStatus)
	d.BidID, d.RacerID, d.Kind, d.Stage, d.RoundStatus, d.Deadline = a.BidID, a.RacerID, string(a.Kind), a.Stage, string(a.RoundStatus), a.Deadline
	d.ChallengeID, d.ChallengeTitle, d.ItemLabel, d.Draft, d.DoubleBlind = a.ChallengeID, a.ChallengeTitle, a.ItemLabel, a.Draft, a.DoubleBlind
	return d
}

// recuseReq is the body of POST /assignments/{id}/recuse.
type recuseReq struct {
	Reason string `json:"reason" required:"true"`
}

// replaceReq is the body of POST /assignments/{id}/replace.
type replaceReq struct {
	ExpertID int64  `json:"expert_id" description:"omitted or 0: draw a replacement"`
	Reason   string `json:"reason" required:"true"`
}

// replacementResp answers a recusal or replacement: the assignment now, and the new one (null when the pool
// could not staff the item: the bureau replaces by hand).
type replacementResp struct {
	Assignment  assignmentDTO  `json:"assignment" required:"true"`
	Replacement *assignmentDTO `json:"replacement"`
}

// toReplacementResp answers a recusal or replacement, which happen only while the round is assigned.
func toReplacementResp(act domain.Actor, a review.Assignment, r *review.Assignment) replacementResp {
	out := replacementResp{Assignment: toAssignmentDTO(act, a, review.StatusAssigned)}
	if r != nil {
		d := toAssignmentDTO(act, *r, review.StatusAssigned)
		out.Replacement = &d
	}
	return out
}

// scoreReq is the body of POST /assignments/{id}/score.
type scoreReq struct {
	Scores  map[string]*int `json:"scores" required:"true" description:"every criterion of the rubric, 0..100; a submission with one missing or null is refused (422 score_incomplete, details.criteria), a draft leaves it unscored"`
	Comment string          `json:"comment" required:"true"`
	Draft   bool            `json:"draft" description:"save without submitting (criteria and comment may be missing)"`
}

// scores are the request's scores without the nulls: a null is no score, never 0.
func (r scoreReq) scores() map[string]int {
	out := make(map[string]int, len(r.Scores))
	for k, v := range r.Scores {
		if v != nil {
			out[k] = *v
		}
	}
	return out
}

// scoreDTO is an expert's own scores.
type scoreDTO struct {
	Scores      map[string]int `json:"scores" required:"true"`
	Comment     string         `json:"comment" required:"true"`
	Draft       bool           `json:"draft" required:"true"`
	SavedAt     time.Time      `json:"saved_at" required:"true"`
	SubmittedAt *time.Time     `json:"submitted_at,omitempty"`
	Weighted    *float64       `json:"weighted,omitempty" description:"Σ score×weight/100 of submitted scores"`
}

func toScoreDTO(r []review.Criterion, s review.Score) scoreDTO {
	d := scoreDTO{Scores: s.Scores, Comment: s.Comment, Draft: s.Draft, SavedAt: s.SavedAt, SubmittedAt: s.SubmittedAt}
	if !s.Draft {
		w := review.Weighted(r, review.Ordered(r, s.Scores))
		d.Weighted = &w
	}
	return d
}

// scoreResp answers a score submission.
type scoreResp struct {
	Assignment assignmentDTO `json:"assignment" required:"true"`
	Score      scoreDTO      `json:"score" required:"true"`
}

// materialResp is what an expert sees of an assignment: the round (rubric, deadline), the item, the
// challenge, the submitted bid version and the expert's own scores.
type materialResp struct {
	Assignment assignmentDTO  `json:"assignment" required:"true"`
	Round      roundDTO       `json:"round" required:"true"`
	Item       itemDTO        `json:"item" required:"true"`
	Challenge  challengeDTO   `json:"challenge" required:"true"`
	Bid        *bidVersionDTO `json:"bid"`
	// Report is the racer's stage report (stage review and acceptance items); null for bid items.
	Report *reportMaterialDTO `json:"report"`
	Score  *scoreDTO          `json:"score"`
}

// reportMaterialDTO is the stage report an expert scores: its text, the KPI values the team reports and its
// files (downloaded through GET /assignments/{id}/files/{fid}).
type reportMaterialDTO struct {
	Stage       int                `json:"stage" required:"true"`
	Summary     string             `json:"summary" required:"true"`
	KPIValues   map[string]float64 `json:"kpi_values" required:"true"`
	DueAt       time.Time          `json:"due_at" required:"true" description:"the end of the due date: 24:00 China time (the next midnight)"`
	DueOn       string             `json:"due_on" required:"true" format:"date" description:"the China date the report was due (YYYY-MM-DD), the date of due_at minus 1 ns"`
	SubmittedAt time.Time          `json:"submitted_at" required:"true"`
	Late        bool               `json:"late" required:"true"`
	Files       []reportFileDTO    `json:"files" required:"true"`
}

type reportFileDTO struct {
	ID          int64  `json:"id" required:"true"`
	Filename    string `json:"filename" required:"true"`
	Size        int64  `json:"size" required:"true"`
	ContentType string `json:"content_type" required:"true"`
	SHA256      string `json:"sha256" required:"true"`
}

// materialFor converts an expert's material for act.
func materialFor(act domain.Actor) func(review.Material) materialResp {
	return func(m review.Material) materialResp { return toMaterialResp(act, m) }
}

func toMaterialResp(act domain.Actor, m review.Material) materialResp {
	out := materialResp{Assignment: toAssignmentDTO(act, m.Assignment, m.Round.Status), Round: toRoundDTO(act, m.Round), Item: toItemDTO(m.Item),
		Challenge: toChallengeDTO(act, m.Challenge)}
	out.Assignment.BidID, out.Assignment.RacerID = m.Item.BidID, m.Item.RacerID
	// The expert sees the round's settings but never the draw's seed and digest.
	out.Round.Seed, out.Round.PoolDigest, out.Round.Draws = 0, "", 0
	if m.Bid != nil {
		v := toBidVersionDTO(*m.Bid)
		out.Bid = &v
	}
	if r := m.Report; r != nil {
		d := reportMaterialDTO{Stage: r.Stage, Summary: r.Summary, KPIValues: r.KPIValues, DueAt: r.DueAt, DueOn: dueOn(r.DueAt), SubmittedAt: r.SubmittedAt,
			Late: r.Late, Files: []reportFileDTO{}}
		if d.KPIValues == nil {
			d.KPIValues = map[string]float64{}
		}
		for _, f := range r.Files {
			d.Files = append(d.Files, reportFileDTO{ID: f.ID, Filename: f.Filename, Size: f.Size, ContentType: f.ContentType, SHA256: f.SHA256})
		}
		out.Report = &d
	}
	if m.Score != nil {
		s := toScoreDTO(m.Round.Rubric, *m.Score)
		out.Score = &s
	}
	return out
}
