package api

import (
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
	"jiebang/domain/race"
)

// reportDTO is a racer's stage report.
type reportDTO struct {
	ID          int64                 `json:"id" required:"true"`
	RacerID     int64                 `json:"racer_id" required:"true"`
	Stage       int                   `json:"stage" required:"true"`
	Summary     string                `json:"summary" required:"true"`
	KPIValues   map[string]float64    `json:"kpi_values" required:"true"`
	DueAt       time.Time             `json:"due_at" required:"true" description:"the end of the due date: 24:00 China time (the next midnight)"`
	DueOn       string                `json:"due_on" required:"true" format:"date" description:"the China date the report was due (YYYY-MM-DD), the date of due_at minus 1 ns"`
	SubmittedAt time.Time             `json:"submitted_at" required:"true"`
	Late        bool                  `json:"late" required:"true"`
	Attachments []reportAttachmentDTO `json:"attachments,omitempty"`
}

type reportReq struct {
	Stage     int                `json:"stage" required:"true" minimum:"1"`
	Summary   string             `json:"summary" required:"true"`
	KPIValues map[string]float64 `json:"kpi_values" required:"true" description:"measured value per KPI name"`
}

// racerEventDTO is one step of a racer's history.
type racerEventDTO struct {
	Stage  int       `json:"stage" required:"true"`
	Kind   string    `json:"kind" required:"true" enum:"started,advanced,eliminated,readmitted,merged,winner,finished,rectify"`
	Reason string    `json:"reason,omitempty"`
	At     time.Time `json:"at" required:"true"`
}

// stageScoreDTO is a racer's final score at a stage.
type stageScoreDTO struct {
	Stage int     `json:"stage" required:"true"`
	Score float64 `json:"score" required:"true"`
}

// opinionDTO is the enterprise's acceptance opinion on a racer.
type opinionDTO struct {
	RacerID    int64                     `json:"racer_id" required:"true"`
	KPIResults map[string]race.KPIResult `json:"kpi_results" required:"true"`
	Opinion    string                    `json:"opinion" required:"true"`
	At         time.Time                 `json:"at" required:"true"`
}

// racerDTO is a racer (参赛团队): the contract's fields, the outcomes for everyone, the detail (task book,
// reports, scores, opinion) for its team, the owner enterprise and the bureau.
type racerDTO struct {
	ID                int64              `json:"id" required:"true"`
	ChallengeID       int64              `json:"challenge_id" required:"true"`
	BidID             int64              `json:"bid_id" required:"true"`
	OrgID             int64              `json:"org_id" required:"true"`
	OrgName           string             `json:"org_name" required:"true"`
	Status            string             `json:"status" required:"true" enum:"racing,eliminated,winner,finished"`
	Tolerance         *bool              `json:"tolerance" description:"set when eliminated or failed: true when the tolerance clause (容错) applies"`
	EliminatedStage   int                `json:"eliminated_stage,omitempty"`
	EliminationReason string             `json:"elimination_reason,omitempty"`
	Readmitted        bool               `json:"readmitted" required:"true"`
	MergedInto        int64              `json:"merged_into,omitempty"`
	StartedAt         time.Time          `json:"started_at" required:"true"`
	Events            []racerEventDTO    `json:"events" required:"true"`
	Detail            bool               `json:"detail" required:"true"`
	TaskBook          *taskBookDTO       `json:"task_book,omitempty"`
	Reports           []reportDTO        `json:"reports,omitempty"`
	Scores            []stageScoreDTO    `json:"scores,omitempty"`
	Opinion           *opinionDTO        `json:"opinion,omitempty"`
	Rectifications    []rectificationDTO `json:"rectifications" required:"true" description:"rectification periods (限期整改), oldest first; everyone sees status and due date, the team, the owner enterprise and the bureau the requirements, report and reasons"`
	Actions           []string           `json:"actions" required:"true" description:"what the caller may do now (race.RacerActionsFor), while the challenge is in progress: the bureau readmit (eliminated), merge and win (racing; win in the acceptance's conclusion); its own team report (racing); the owner enterprise opinion (racing, its acceptance opinion)"`
}

// eliminationDTO is one racer eliminated by a stage decision.
type eliminationDTO struct {
	RacerID      int64  `json:"racer_id" required:"true"`
	Reason       string `json:"reason" required:"true"`
	Tolerance    bool   `json:"tolerance" required:"true" description:"true: the tolerance clause (容错) applies, no credit penalty"`
	CreditStatus string `json:"credit_status,omitempty" enum:"warned,barred" description:"required without tolerance"`
}

type racerScoreDTO struct {
	RacerID int64   `json:"racer_id" required:"true"`
	Score   float64 `json:"score" required:"true"`
}

// decisionDTO is a stage decision.
type decisionDTO struct {
	Stage     int              `json:"stage" required:"true"`
	Advance   []int64          `json:"advance" required:"true"`
	Eliminate []eliminationDTO `json:"eliminate" required:"true"`
	Rectify   []rectifyDTO     `json:"rectify" required:"true" description:"racers kept on condition of a rectification (限期整改)"`
	Scores    []racerScoreDTO  `json:"scores" required:"true"`
	Reason    string           `json:"reason,omitempty"`
	DecidedAt time.Time        `json:"decided_at" required:"true"`
}

type decisionReq struct {
	Advance   []int64          `json:"advance" required:"true"`
	Eliminate []eliminationDTO `json:"eliminate" required:"true"`
	Rectify   []rectifyReq     `json:"rectify,omitempty" description:"racers kept on condition of a rectification (限期整改); they count as kept against the proposal"`
	Reason    string           `json:"reason,omitempty" description:"required when departing from the proposal"`
}

// proposalDTO is the outcome the stage's rule proposes; once the stage is decided, the proposal as it stood then
// (the rule over the racers the decision took and the scores it recorded) and the decision.
type proposalDTO struct {
	Stage     int             `json:"stage" required:"true"`
	Name      string          `json:"name" required:"true"`
	KeepTop   int             `json:"keep_top" required:"true"`
	MinScore  int             `json:"min_score" required:"true"`
	Scored    bool            `json:"scored" required:"true" description:"false: no closed stage review round, everyone advances"`
	Scores    []racerScoreDTO `json:"scores" required:"true"`
	Advance   []int64         `json:"advance" required:"true"`
	Eliminate []int64         `json:"eliminate" required:"true"`
	Decision  *decisionDTO    `json:"decision,omitempty"`
	Actions   []string        `json:"actions" required:"true" description:"what the caller may do now (race.StageActionsFor): the bureau decide while the challenge is in progress, the stage is undecided, not the last and every earlier one decided"`
	RacerIDs  []int64         `json:"racer_ids" required:"true" description:"the racers a decision takes (each advances or is eliminated): the racing ones; once decided, the ones it took (advanced, then eliminated)"`
}

type mergeReq struct {
	IntoRacerID int64  `json:"into_racer_id" required:"true"`
	Reason      string `json:"reason" required:"true"`
}

type opinionReq struct {
	RacerID    int64                     `json:"racer_id" required:"true"`
	KPIResults map[string]race.KPIResult `json:"kpi_results" required:"true"`
	Opinion    string                    `json:"opinion" required:"true"`
}

// acceptanceRacerReq is the tolerance of one racer when the acceptance fails.
type acceptanceRacerReq struct {
	RacerID      int64  `json:"racer_id" required:"true"`
	Tolerance    bool   `json:"tolerance" required:"true"`
	CreditStatus string `json:"credit_status,omitempty" enum:"warned,barred"`
}

type acceptanceReq struct {
	Outcome        string               `json:"outcome" required:"true" enum:"completed,passed,failed,rectify,passed_after_rectification" description:"passed is completed; rectify gives every racing racer one rectification period instead of failing (a second: 422 rectification_used); after it, completed is recorded as passed_after_rectification"`
	WinnerRacerIDs []int64              `json:"winner_racer_ids" required:"true"`
	Opinion        string               `json:"opinion" required:"true"`
	Racers         []acceptanceRacerReq `json:"racers,omitempty" description:"failed: tolerance per racer (default: applies)"`
	RectifyDueAt   *time.Time           `json:"rectify_due_at,omitempty" description:"rectify: the due date, in the future (default: the settings' rectification_months, 3)"`
	Requirements   string               `json:"requirements,omitempty" description:"rectify: the defects to remedy (default: the opinion)"`
}

// boardStageDTO is a stage of the plan on the board.
type boardStageDTO struct {
	Stage   int    `json:"stage" required:"true"`
	Name    string `json:"name" required:"true"`
	Decided bool   `json:"decided" required:"true"`
	// the date the racers' task books give for the stage's report (absent before the start, or when task books
	// started on different days disagree)
	DueAt *time.Time `json:"due_at,omitempty" description:"the end of the date the racers' task books give for the stage's report: 24:00 China time (the next midnight); absent before the race starts or when the task books disagree"`
	DueOn string     `json:"due_on,omitempty" format:"date" description:"the China date of due_at (YYYY-MM-DD)"`
}

// kpiTargetDTO is a KPI of the challenge on the board.
type kpiTargetDTO struct {
	Name       string  `json:"name" required:"true"`
	Target     float64 `json:"target" required:"true"`
	Unit       string  `json:"unit" required:"true"`
	Comparison string  `json:"comparison" required:"true"`
}

// boardDTO is the race board of a challenge.
type boardDTO struct {
	ChallengeID    int64            `json:"challenge_id" required:"true"`
	Title          string           `json:"title" required:"true"`
	Status         string           `json:"status" required:"true"`
	Mode           string           `json:"mode" required:"true"`
	Stages         []boardStageDTO  `json:"stages" required:"true"`
	KPIs           []kpiTargetDTO   `json:"kpis" required:"true"`
	Items          []racerDTO       `json:"items" required:"true"`
	Decisions      []decisionDTO    `json:"decisions" required:"true"`
	WinnerRacerIDs []int64          `json:"winner_racer_ids" required:"true"`
	Opinions       int              `json:"opinions" required:"true"`
	FundingFen     map[string]int64 `json:"funding_fen,omitempty" description:"government funding decided per racer id"`
	Actions        []string         `json:"actions" required:"true" description:"what the caller may do now (race.BoardActionsFor), while the challenge is in progress: the bureau decide (the next stage) or, at the last stage, conclude (the acceptance); the owner enterprise opinion at the last stage"`
}

func toReportDTO(r race.Report) reportDTO {
	out := reportDTO{ID: r.ID, RacerID: r.RacerID, Stage: r.Stage, Summary: r.Summary, KPIValues: r.KPIValues, DueAt: r.DueAt,
		DueOn: dueOn(r.DueAt), SubmittedAt: r.SubmittedAt, Late: r.Late}
	for _, a := range r.Attachments {
		out.Attachments = append(out.Attachments, toReportAttachmentDTO(a))
	}
	return out
}

func toDecisionDTO(d race.Decision) decisionDTO {
	out := decisionDTO{Stage: d.Stage, Advance: d.Advance, Eliminate: []eliminationDTO{}, Scores: scoresDTO(d.Scores),
		Reason: d.Reason, DecidedAt: d.DecidedAt}
	if out.Advance == nil {
		out.Advance = []int64{}
	}
	for _, e := range d.Eliminate {
		out.Eliminate = append(out.Eliminate, eliminationDTO(e))
	}
	out.Rectify = []rectifyDTO{}
	for _, e := range d.Rectify {
		out.Rectify = append(out.Rectify, rectifyDTO{RacerID: e.RacerID, Requirements: e.Requirements, DueAt: e.DueAt})
	}
	return out
}

func scoresDTO(m map[int64]float64) []racerScoreDTO {
	out := []racerScoreDTO{}
	for id, s := range m {
		out = append(out, racerScoreDTO{RacerID: id, Score: s})
	}
	sortScores(out)
	return out
}

func sortScores(s []racerScoreDTO) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j].RacerID < s[j-1].RacerID; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// toRacerDTO converts racer v of challenge c as act sees it.
func toRacerDTO(act domain.Actor, v race.RacerView, c challenge.Challenge) racerDTO {
	out := racerDTO{Actions: race.RacerActionsFor(act, v.Racer, c), ID: v.ID, ChallengeID: v.ChallengeID, BidID: v.BidID, OrgID: v.OrgID, OrgName: v.OrgName, Status: string(v.Status),
		Tolerance: v.Tolerance, EliminatedStage: v.EliminatedStage, EliminationReason: v.EliminationReason, Readmitted: v.Readmitted,
		MergedInto: v.MergedInto, StartedAt: v.StartedAt, Events: []racerEventDTO{}, Detail: v.Detail,
		Rectifications: toRectificationDTOs(v.Rectifications)}
	out.Actions = append(out.Actions, race.RectificationActionsFor(act, v.Racer, v.Rectifications)...)
	for _, e := range v.Events {
		out.Events = append(out.Events, racerEventDTO{Stage: e.Stage, Kind: string(e.Kind), Reason: e.Reason, At: e.At})
	}
	if !v.Detail {
		return out
	}
	out.TaskBook = toTaskBookDTO(v.TaskBook)
	out.Reports = []reportDTO{}
	for _, r := range v.Reports {
		out.Reports = append(out.Reports, toReportDTO(r))
	}
	out.Scores = []stageScoreDTO{}
	for st := 1; st <= 100 && len(out.Scores) < len(v.Scores); st++ {
		if s, ok := v.Scores[st]; ok {
			out.Scores = append(out.Scores, stageScoreDTO{Stage: st, Score: s})
		}
	}
	if v.Opinion != nil {
		out.Opinion = &opinionDTO{RacerID: v.Opinion.RacerID, KPIResults: v.Opinion.KPIResults, Opinion: v.Opinion.Opinion, At: v.Opinion.At}
	}
	return out
}

// commonDue is the date every racer's task book gives for stage's report, false without racers or when they
// disagree (racers started on different days).
func commonDue(racers []race.RacerView, c challenge.Challenge, stage int) (time.Time, bool) {
	var due time.Time
	for _, r := range racers {
		if r.StartedAt.IsZero() {
			continue
		}
		d := r.DueAt(c, stage)
		if !due.IsZero() && !d.Equal(due) {
			return time.Time{}, false
		}
		due = d
	}
	return due, !due.IsZero()
}

// toBoardDTO converts b as act sees it.
func toBoardDTO(act domain.Actor, b race.Board) boardDTO {
	c := b.Challenge
	out := boardDTO{Actions: race.BoardActionsFor(act, c, b.Decisions), ChallengeID: c.ID, Title: c.Title, Status: string(c.Status), Mode: string(c.Mode), Stages: []boardStageDTO{},
		KPIs: []kpiTargetDTO{}, Items: []racerDTO{}, Decisions: []decisionDTO{}, WinnerRacerIDs: []int64{}, Opinions: b.Opinions}
	decided := map[int]bool{}
	for _, d := range b.Decisions {
		decided[d.Stage] = true
		out.Decisions = append(out.Decisions, toDecisionDTO(d))
	}
	for i, s := range c.Stages {
		st := boardStageDTO{Stage: i + 1, Name: s.Name, Decided: decided[i+1]}
		if due, ok := commonDue(b.Racers, c, i+1); ok {
			st.DueAt, st.DueOn = &due, dueOn(due)
		}
		out.Stages = append(out.Stages, st)
	}
	for _, k := range c.KPIs {
		out.KPIs = append(out.KPIs, kpiTargetDTO{Name: k.Name, Target: k.Target, Unit: k.Unit, Comparison: k.Comparison})
	}
	for _, r := range b.Racers {
		out.Items = append(out.Items, toRacerDTO(act, r, c))
		if r.Status == race.RacerWinner {
			out.WinnerRacerIDs = append(out.WinnerRacerIDs, r.ID)
		}
	}
	return out
}
