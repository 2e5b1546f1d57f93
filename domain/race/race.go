// Package race is the horse race (赛马) after the review: the bureau selects the racers from the ranking of the
// closed bid review, a public notice (公示) runs on the working-day calendar while anyone logged in may object
// (异议) and the bureau answers, the project starts (立项) with a task book (任务书) per racer, racers report
// per stage, the bureau decides who advances (keep the top K, eliminate below the minimum score; 容错 or a
// credit penalty for the eliminated; 复活 and 强强联合), and the acceptance (验收) ends the race with winners
// or a failure. Single-mode challenges (揭榜挂帅) take the same path with one racer.
package race

import (
	"time"
)

// NoticeStatus is a notice's place in its life.
type NoticeStatus string

// Notice statuses: open while the period runs (and until the job closes it), closed after it, superseded when
// an upheld objection led to a new selection.
const (
	NoticeOpen       NoticeStatus = "open"
	NoticeClosed     NoticeStatus = "closed"
	NoticeSuperseded NoticeStatus = "superseded"
)

// Notice is a public notice period (公示) of a selection.
type Notice struct {
	ID          int64
	ChallengeID int64
	// Seq is 1 for the first notice of a challenge, 2 after a re-notice, ...
	Seq    int
	BidIDs []int64
	// Reason is the bureau's written reason for departing from the rank order ("" when it followed it).
	Reason     string
	NoticeDays int
	StartsAt   time.Time
	EndsAt     time.Time
	Status     NoticeStatus
	// ObjectionsCount counts every objection filed; OpenObjections those not answered yet.
	ObjectionsCount int
	OpenObjections  int
	ClosedAt        *time.Time
	CreatedBy       int64
}

// Running reports whether the notice period has not ended at now.
func (n Notice) Running(now time.Time) bool { return n.Status == NoticeOpen && now.Before(n.EndsAt) }

// ObjectionStatus is an objection's state.
type ObjectionStatus string

// Objection statuses.
const (
	ObjectionOpen      ObjectionStatus = "open"
	ObjectionUpheld    ObjectionStatus = "upheld"
	ObjectionDismissed ObjectionStatus = "dismissed"
)

// Objection is an objection (异议) filed during a notice; the objector's identity is never public.
type Objection struct {
	ID          int64
	NoticeID    int64
	ChallengeID int64
	UserID      int64
	Reason      string
	Status      ObjectionStatus
	Answer      string
	AnsweredBy  int64
	AnsweredAt  *time.Time
	CreatedAt   time.Time
}

// RacerStatus is a racer's state.
type RacerStatus string

// Racer statuses of the contract.
const (
	RacerRacing     RacerStatus = "racing"
	RacerEliminated RacerStatus = "eliminated"
	RacerWinner     RacerStatus = "winner"
	RacerFinished   RacerStatus = "finished"
)

// Racer is a selected team racing on a challenge (参赛团队), with its task book.
type Racer struct {
	ID          int64
	ChallengeID int64
	BidID       int64
	OrgID       int64
	OrgName     string
	Status      RacerStatus
	// Tolerance is set when the racer was eliminated or failed: true when the tolerance clause (容错) applies.
	Tolerance         *bool
	EliminatedStage   int
	EliminationReason string
	Readmitted        bool
	// MergedInto is the racer this one was merged into (强强联合), 0 when none.
	MergedInto int64
	TaskBook   TaskBook
	StartedAt  time.Time
	UpdatedAt  time.Time
}

// TaskBook is the racer's task book (任务书): the challenge's terms, and the stage plan, KPI targets and
// budget from its bid, fixed at start.
type TaskBook struct {
	ChallengeTitle string        `json:"challenge_title"`
	LeadOrg        string        `json:"lead_org"`
	PI             string        `json:"pi"`
	PIEmail        string        `json:"pi_email"`
	Partners       []string      `json:"partners"`
	Approach       string        `json:"approach"`
	KPIs           []TaskKPI     `json:"kpis"`
	Stages         []TaskStage   `json:"stages"`
	Budget         []TaskBudget  `json:"budget"`
	BudgetFen      int64         `json:"budget_fen"`
	Terms          TaskBookTerms `json:"terms"`
	StartedAt      time.Time     `json:"started_at"`
}

// TaskKPI is a KPI of the challenge.
type TaskKPI struct {
	Name       string  `json:"name"`
	Target     float64 `json:"target"`
	Unit       string  `json:"unit"`
	Comparison string  `json:"comparison"`
	Method     string  `json:"method"`
}

// TaskStage is one stage of the plan with its due date and the racer's KPI targets for it.
type TaskStage struct {
	Stage        int                `json:"stage"`
	Name         string             `json:"name"`
	DueAt        time.Time          `json:"due_at"`
	KPITargets   map[string]float64 `json:"kpi_targets"`
	Deliverables string             `json:"deliverables"`
}

// TaskBudget is one budget line in fen.
type TaskBudget struct {
	Item      string `json:"item"`
	AmountFen int64  `json:"amount_fen"`
}

// TaskBookTerms are the challenge's terms the racer signed up to.
type TaskBookTerms struct {
	DurationMonths int    `json:"duration_months"`
	GovFundingFen  int64  `json:"gov_funding_fen"`
	CofundingFen   int64  `json:"cofunding_fen"`
	IPTerms        string `json:"ip_terms"`
	Deliverables   string `json:"deliverables"`
	Mode           string `json:"mode"`
}

// Report is a racer's stage report (阶段报告).
type Report struct {
	ID          int64
	RacerID     int64
	ChallengeID int64
	Stage       int
	Summary     string
	KPIValues   map[string]float64
	DueAt       time.Time
	SubmittedAt time.Time
	Late        bool
	SubmittedBy int64
	// Attachments are the report's files (filled on read for those who see the detail).
	Attachments []Attachment
}

// Elimination is one racer eliminated by a stage decision.
type Elimination struct {
	RacerID   int64  `json:"racer_id"`
	Reason    string `json:"reason"`
	Tolerance bool   `json:"tolerance"`
	// CreditStatus is warned or barred when the tolerance clause does not apply.
	CreditStatus string `json:"credit_status,omitempty"`
}

// Decision is the bureau's decision after a stage (阶段考核结论).
type Decision struct {
	ChallengeID int64
	Stage       int
	Advance     []int64
	Eliminate   []Elimination
	// Rectify are the racers kept on condition of a rectification (限期整改).
	Rectify []RectifyEntry
	// Scores are the stage review's final scores by racer at the time (empty without a closed round).
	Scores map[int64]float64
	// Reason is the written reason for departing from the proposal.
	Reason    string
	DecidedBy int64
	DecidedAt time.Time
}

// Racers are the racers the decision took: those it advanced, those it kept under rectification, then those it
// eliminated, each once.
func (d Decision) Racers() []int64 {
	out := make([]int64, 0, len(d.Advance)+len(d.Eliminate)+len(d.Rectify))
	out = append(out, d.Advance...)
	for _, e := range d.Rectify {
		out = append(out, e.RacerID)
	}
	for _, e := range d.Eliminate {
		out = append(out, e.RacerID)
	}
	return out
}

// EventKind names a step in a racer's history.
type EventKind string

// Racer history steps.
const (
	EventStarted    EventKind = "started"
	EventAdvanced   EventKind = "advanced"
	EventEliminated EventKind = "eliminated"
	EventReadmitted EventKind = "readmitted"
	EventMerged     EventKind = "merged"
	EventWinner     EventKind = "winner"
	EventFinished   EventKind = "finished"
)

// Event is one step of a racer's history (the race board shows them per stage).
type Event struct {
	ID          int64
	RacerID     int64
	ChallengeID int64
	Stage       int
	Kind        EventKind
	Reason      string
	ActorID     int64
	At          time.Time
}

// KPIResult is the enterprise's finding on one KPI at acceptance.
type KPIResult struct {
	Value    float64 `json:"value"`
	Met      bool    `json:"met"`
	Evidence string  `json:"evidence,omitempty"`
}

// Opinion is the owner enterprise's acceptance opinion (验收意见) on one racer.
type Opinion struct {
	ChallengeID int64
	RacerID     int64
	KPIResults  map[string]KPIResult
	Opinion     string
	By          int64
	At          time.Time
}
