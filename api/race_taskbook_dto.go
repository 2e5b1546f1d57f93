package api

import (
	"time"

	"jiebang/domain/race"
)

// taskStageDTO is a stage of a task book: its due instant and, beside it, the China date it is due on, so a
// page never shows the next day's 00:00 for a report due at 24:00.
type taskStageDTO struct {
	Stage        int                `json:"stage"`
	Name         string             `json:"name"`
	DueAt        time.Time          `json:"due_at" description:"the end of the due date: 24:00 China time (the next midnight)"`
	DueOn        string             `json:"due_on" format:"date" description:"the China date the report is due (YYYY-MM-DD), the date of due_at minus 1 ns"`
	KPITargets   map[string]float64 `json:"kpi_targets"`
	Deliverables string             `json:"deliverables"`
}

// taskBookDTO is a racer's task book (任务书) as the API gives it: the stored task book, its stages with their
// due dates.
type taskBookDTO struct {
	ChallengeTitle string             `json:"challenge_title"`
	LeadOrg        string             `json:"lead_org"`
	PI             string             `json:"pi"`
	PIEmail        string             `json:"pi_email"`
	Partners       []string           `json:"partners"`
	Approach       string             `json:"approach"`
	KPIs           []race.TaskKPI     `json:"kpis"`
	Stages         []taskStageDTO     `json:"stages"`
	Budget         []race.TaskBudget  `json:"budget"`
	BudgetFen      int64              `json:"budget_fen"`
	Terms          race.TaskBookTerms `json:"terms"`
	StartedAt      time.Time          `json:"started_at"`
}

func toTaskBookDTO(tb race.TaskBook) *taskBookDTO {
	out := &taskBookDTO{ChallengeTitle: tb.ChallengeTitle, LeadOrg: tb.LeadOrg, PI: tb.PI, PIEmail: tb.PIEmail,
		Partners: tb.Partners, Approach: tb.Approach, KPIs: tb.KPIs, Budget: tb.Budget, BudgetFen: tb.BudgetFen,
		Terms: tb.Terms, StartedAt: tb.StartedAt}
	if tb.Stages != nil {
		out.Stages = make([]taskStageDTO, 0, len(tb.Stages))
	}
	for _, s := range tb.Stages {
		out.Stages = append(out.Stages, taskStageDTO{Stage: s.Stage, Name: s.Name, DueAt: s.DueAt, DueOn: dueOn(s.DueAt),
			KPITargets: s.KPITargets, Deliverables: s.Deliverables})
	}
	return out
}
