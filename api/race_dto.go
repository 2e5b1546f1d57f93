package api

import (
	"time"

	"jiebang/domain"
	"jiebang/domain/race"
)

// selectionReq is the bureau's selection of racers from the closed bid review.
type selectionReq struct {
	BidIDs     []int64 `json:"bid_ids" required:"true" description:"single mode: 1; race mode: 2..max_racers"`
	NoticeDays int     `json:"notice_days,omitempty" minimum:"1" maximum:"30" description:"working days (default 5)"`
	Reason     string  `json:"reason,omitempty" description:"required when the selection departs from the rank order"`
}

// rankedDTO is one bid of the closed bid review's ranking.
type rankedDTO struct {
	BidID      int64   `json:"bid_id" required:"true"`
	Rank       int     `json:"rank" required:"true"`
	FinalScore float64 `json:"final_score" required:"true"`
	OrgName    string  `json:"org_name,omitempty"`
	PI         string  `json:"pi,omitempty"`
}

// selectionDTO is what the selection dialog shows beside the ranking.
type selectionDTO struct {
	ReviewClosed bool        `json:"review_closed" required:"true"`
	Mode         string      `json:"mode" required:"true"`
	Min          int         `json:"min" required:"true"`
	Max          int         `json:"max" required:"true"`
	Ranking      []rankedDTO `json:"ranking" required:"true"`
}

// selectedTeamDTO is a selected team on a notice: organisation, PI and partners, never scores or experts.
type selectedTeamDTO struct {
	BidID    int64    `json:"bid_id" required:"true"`
	OrgID    int64    `json:"org_id" required:"true"`
	OrgName  string   `json:"org_name" required:"true"`
	PI       string   `json:"pi" required:"true"`
	Partners []string `json:"partners" required:"true"`
}

// answerDTO is an objection on the notice page: reason, outcome and the bureau's answer, never the objector.
type answerDTO struct {
	ID         int64      `json:"id" required:"true"`
	Reason     string     `json:"reason" required:"true"`
	Status     string     `json:"status" required:"true" enum:"open,upheld,dismissed"`
	Answer     string     `json:"answer" required:"true"`
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at" required:"true"`
	Actions    []string   `json:"actions" required:"true" description:"what the caller may do now (race.ObjectionActionsFor): the bureau uphold, dismiss an open objection"`
}

// objectionDTO is an objection as its objector and the bureau see it.
type objectionDTO struct {
	answerDTO
	NoticeID    int64 `json:"notice_id" required:"true"`
	ChallengeID int64 `json:"challenge_id" required:"true"`
	UserID      int64 `json:"user_id" required:"true"`
}

// noticeDTO is a public notice (公示).
type noticeDTO struct {
	ID              int64             `json:"id" required:"true"`
	ChallengeID     int64             `json:"challenge_id" required:"true"`
	ChallengeTitle  string            `json:"challenge_title" required:"true"`
	Seq             int               `json:"seq" required:"true" description:"1, then 2 after a re-notice, ..."`
	StartsAt        time.Time         `json:"starts_at" required:"true"`
	EndsAt          time.Time         `json:"ends_at" required:"true" description:"the end of the last working day, China time"`
	NoticeDays      int               `json:"notice_days" required:"true"`
	WorkingDays     int               `json:"working_days" required:"true" description:"the number of working days of the period (N; the same as notice_days)"`
	StartsOn        string            `json:"starts_on" required:"true" description:"the first working day counted, YYYY-MM-DD China time (the first working day after the China day of starts_at)"`
	EndsOn          string            `json:"ends_on" required:"true" description:"the N-th working day, the last day of the period, YYYY-MM-DD China time (the China date of ends_at minus 1 ns)"`
	Provisional     bool              `json:"provisional" required:"true" description:"a year of the period has only a provisional calendar (statutory holidays, no 调休): ends_at may move when the bureau enters it"`
	Status          string            `json:"status" required:"true" enum:"open,closed,superseded"`
	Running         bool              `json:"running" required:"true" description:"objections may be filed"`
	ObjectionsCount int               `json:"objections_count" required:"true"`
	OpenObjections  int               `json:"open_objections" required:"true"`
	Reason          string            `json:"reason,omitempty" description:"why the selection departs from the rank order"`
	Selected        []selectedTeamDTO `json:"selected" required:"true"`
	Answers         []answerDTO       `json:"answers,omitempty"`
	Objections      []objectionDTO    `json:"objections,omitempty" description:"bureau only: with the objectors"`
	Actions         []string          `json:"actions" required:"true" description:"what the caller may do now (race.NoticeActionsFor): any logged-in user object while it runs; the bureau start, and renotice after an upheld objection, once it ended with no open objection"`
}

type objectionReq struct {
	Reason string `json:"reason" required:"true"`
}

type resolveReq struct {
	Outcome string `json:"outcome" required:"true" enum:"upheld,dismissed"`
	Answer  string `json:"answer" required:"true"`
}

type noticeListQuery struct {
	Status      string `query:"status" enum:"open,closed,superseded"`
	ChallengeID int64  `query:"challenge_id"`
	Page        int    `query:"page" minimum:"1" default:"1"`
	PageSize    int    `query:"page_size" minimum:"1" maximum:"100" default:"20"`
}

func toAnswerDTO(act domain.Actor, a race.Answer) answerDTO {
	return answerDTO{ID: a.ObjectionID, Reason: a.Reason, Status: string(a.Status), Answer: a.Answer, AnsweredAt: a.AnsweredAt, CreatedAt: a.CreatedAt,
		Actions: race.ObjectionActionsFor(act, a.Status)}
}

func toObjectionDTO(act domain.Actor, o race.Objection) objectionDTO {
	return objectionDTO{answerDTO: answerDTO{ID: o.ID, Reason: o.Reason, Status: string(o.Status), Answer: o.Answer,
		AnsweredAt: o.AnsweredAt, CreatedAt: o.CreatedAt, Actions: race.ObjectionActionsFor(act, o.Status)},
		NoticeID: o.NoticeID, ChallengeID: o.ChallengeID, UserID: o.UserID}
}

// toNoticeDTO converts v as act sees it at now.
func toNoticeDTO(act domain.Actor, v race.NoticeView, now time.Time) noticeDTO {
	out := noticeDTO{ID: v.ID, ChallengeID: v.ChallengeID, ChallengeTitle: v.ChallengeTitle, Seq: v.Seq, StartsAt: v.StartsAt,
		EndsAt: v.EndsAt, NoticeDays: v.NoticeDays, WorkingDays: v.NoticeDays, StartsOn: v.StartsOn, EndsOn: v.EndsOn,
		Provisional: v.Provisional, Status: string(v.Status), Running: v.Running(now),
		ObjectionsCount: v.ObjectionsCount, OpenObjections: v.OpenObjections, Reason: v.Reason, Selected: []selectedTeamDTO{},
		Actions: race.NoticeActionsFor(act, v, now)}
	for _, s := range v.Selected {
		out.Selected = append(out.Selected, selectedTeamDTO{BidID: s.BidID, OrgID: s.OrgID, OrgName: s.OrgName, PI: s.PI, Partners: s.Partners})
	}
	for _, a := range v.Answers {
		out.Answers = append(out.Answers, toAnswerDTO(act, a))
	}
	for _, o := range v.Objections {
		out.Objections = append(out.Objections, toObjectionDTO(act, o))
	}
	return out
}
