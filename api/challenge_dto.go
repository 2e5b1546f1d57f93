package api

import (
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// kpiDTO is a quantified technical indicator of a challenge.
type kpiDTO struct {
	Name       string   `json:"name" required:"true"`
	Target     *float64 `json:"target" required:"true" description:"null only in a draft that has no target yet"`
	Unit       string   `json:"unit" required:"true"`
	Comparison string   `json:"comparison" required:"true" description:">=, <= or =; empty only in an incomplete draft"`
	Method     string   `json:"method" required:"true" description:"how the value will be measured"`
}

// stageDTO is one stage of a challenge's plan.
type stageDTO struct {
	Name            string `json:"name" required:"true"`
	OffsetMonths    int    `json:"offset_months" required:"true"`
	FundingSharePct int    `json:"funding_share_pct" required:"true"`
	KeepTop         *int   `json:"keep_top" required:"true" description:"null: the rule default (racers - 1, at least 1)"`
	MinScore        int    `json:"min_score" required:"true"`
}

// amendmentDTO is a numbered amendment (补充通知N, 更正) published after the content froze.
type amendmentDTO struct {
	ID            int64      `json:"id" required:"true"`
	Number        int        `json:"number" required:"true" description:"补充通知N: numbered per challenge in publishing order, from 1"`
	Content       string     `json:"content" required:"true"`
	CreatedAt     time.Time  `json:"created_at" required:"true"`
	CreatedByName string     `json:"created_by_name" required:"true"`
	QuestionID    *int64     `json:"question_id" required:"true" description:"the question (答疑) it answers; null: none"`
	DeadlineFrom  *time.Time `json:"deadline_from" required:"true" description:"the bidding deadline before this amendment moved it; null: it did not move the deadline"`
	DeadlineTo    *time.Time `json:"deadline_to" required:"true" description:"the bidding deadline this amendment moved it to (addendum_min_days remain); null: not moved"`
	DeadlineToOn  *string    `json:"deadline_to_on" required:"true" format:"date" description:"the China date of deadline_to"`
}

// historyDTO is one step of a challenge's lifecycle.
type historyDTO struct {
	Action     string    `json:"action" required:"true"`
	FromStatus string    `json:"from_status" required:"true" description:"empty for create"`
	ToStatus   string    `json:"to_status" required:"true"`
	Opinion    string    `json:"opinion" required:"true" description:"owner and bureau only; empty for others"`
	ActorName  string    `json:"actor_name" required:"true"`
	At         time.Time `json:"at" required:"true"`
}

// challengeDTO is the contract's Challenge as listed.
type challengeDTO struct {
	ID             int64      `json:"id" required:"true"`
	OrgID          int64      `json:"org_id" required:"true"`
	OrgName        string     `json:"org_name" required:"true"`
	Status         string     `json:"status" required:"true" enum:"draft,submitted,returned,approved,rejected,published,bidding_closed,reviewing,notice,in_progress,completed,failed,cancelled"`
	Title          string     `json:"title" required:"true"`
	Field          string     `json:"field" required:"true" description:"industry field code (see /meta/fields); empty in an incomplete draft"`
	Background     string     `json:"background" required:"true"`
	Problem        string     `json:"problem" required:"true"`
	KPIs           []kpiDTO   `json:"kpis" required:"true"`
	Deliverables   string     `json:"deliverables" required:"true"`
	DurationMonths int        `json:"duration_months" required:"true"`
	BudgetFen      int64      `json:"budget_fen" required:"true"`
	GovFundingFen  int64      `json:"gov_funding_fen" required:"true"`
	CofundingFen   int64      `json:"cofunding_fen" required:"true"`
	IPTerms        string     `json:"ip_terms" required:"true"`
	Eligibility    string     `json:"eligibility" required:"true"`
	Mode           string     `json:"mode" required:"true" enum:"single,race"`
	MaxRacers      int        `json:"max_racers" required:"true"`
	Stages         []stageDTO `json:"stages" required:"true"`
	BidDeadline    *time.Time `json:"bid_deadline" required:"true"`
	BidDeadlineOn  *string    `json:"bid_deadline_on" required:"true" format:"date" description:"the China date of bid_deadline (YYYY-MM-DD); a deadline at 24:00 China time counts as the date it ends"`
	PublishedAt    *time.Time `json:"published_at" required:"true"`
	WinnerRacerIDs []int64    `json:"winner_racer_ids" required:"true"`
	CreatedAt      time.Time  `json:"created_at" required:"true"`
	UpdatedAt      time.Time  `json:"updated_at" required:"true"`
	SubmittedAt    *time.Time `json:"submitted_at" required:"true"`
	ApprovedAt     *time.Time `json:"approved_at" required:"true"`
	ClosedAt       *time.Time `json:"closed_at" required:"true" description:"when bidding closed"`
	CancelReason   string     `json:"cancel_reason" required:"true"`
	LastOpinion    string     `json:"last_opinion" required:"true" description:"latest return/reject opinion; owner and bureau only"`
	DaysLeft       *int       `json:"days_left" required:"true" description:"China calendar days from today to bid_deadline_on while published (0: the deadline is today), else null"`
	CallID         *int64     `json:"call_id" required:"true" description:"the call (申报批次) the challenge was filed into; null outside any call (the standing call)"`
	CallTitle      *string    `json:"call_title" required:"true" description:"that call's title; null outside any call"`
	Actions        []string   `json:"actions" required:"true" description:"what the caller may do now (challenge.ActionsFor): the owner enterprise edit, submit, delete; the bureau approve, return, reject, publish, close_bidding, select, cancel, amend; on the challenge's page a team (or an anonymous caller, to log in) bid while bidding is open; and the pages it may open (challenge.LinksFor): view_bids, view_rounds, view_notice, view_race"`
}

// challengeSummaryDTO is a challenge as listed: the contract's Challenge without the long texts (background,
// problem, deliverables, ip_terms, eligibility), with summary, the start of the problem. The full resource is
// GET /challenges/{id}.
type challengeSummaryDTO struct {
	ID             int64      `json:"id" required:"true"`
	OrgID          int64      `json:"org_id" required:"true"`
	OrgName        string     `json:"org_name" required:"true"`
	Status         string     `json:"status" required:"true" enum:"draft,submitted,returned,approved,rejected,published,bidding_closed,reviewing,notice,in_progress,completed,failed,cancelled"`
	Title          string     `json:"title" required:"true"`
	Field          string     `json:"field" required:"true" description:"industry field code (see /meta/fields); empty in an incomplete draft"`
	Summary        string     `json:"summary" required:"true" description:"the first 120 characters of problem"`
	KPIs           []kpiDTO   `json:"kpis" required:"true"`
	DurationMonths int        `json:"duration_months" required:"true"`
	BudgetFen      int64      `json:"budget_fen" required:"true"`
	GovFundingFen  int64      `json:"gov_funding_fen" required:"true"`
	CofundingFen   int64      `json:"cofunding_fen" required:"true"`
	Mode           string     `json:"mode" required:"true" enum:"single,race"`
	MaxRacers      int        `json:"max_racers" required:"true"`
	Stages         []stageDTO `json:"stages" required:"true"`
	BidDeadline    *time.Time `json:"bid_deadline" required:"true"`
	BidDeadlineOn  *string    `json:"bid_deadline_on" required:"true" format:"date" description:"the China date of bid_deadline (YYYY-MM-DD); a deadline at 24:00 China time counts as the date it ends"`
	PublishedAt    *time.Time `json:"published_at" required:"true"`
	WinnerRacerIDs []int64    `json:"winner_racer_ids" required:"true"`
	CreatedAt      time.Time  `json:"created_at" required:"true"`
	UpdatedAt      time.Time  `json:"updated_at" required:"true"`
	SubmittedAt    *time.Time `json:"submitted_at" required:"true"`
	ApprovedAt     *time.Time `json:"approved_at" required:"true"`
	ClosedAt       *time.Time `json:"closed_at" required:"true" description:"when bidding closed"`
	CancelReason   string     `json:"cancel_reason" required:"true"`
	LastOpinion    string     `json:"last_opinion" required:"true" description:"latest return/reject opinion; owner and bureau only"`
	DaysLeft       *int       `json:"days_left" required:"true" description:"China calendar days from today to bid_deadline_on while published (0: the deadline is today), else null"`
	CallID         *int64     `json:"call_id" required:"true" description:"the call (申报批次) the challenge was filed into; null outside any call (the standing call)"`
	CallTitle      *string    `json:"call_title" required:"true" description:"that call's title; null outside any call"`
	Actions        []string   `json:"actions" required:"true" description:"what the caller may do now (see Challenge.actions)"`
}

// challengeSummaries converts a listing for act.
func challengeSummaries(act domain.Actor) func(challenge.Challenge) challengeSummaryDTO {
	return func(c challenge.Challenge) challengeSummaryDTO { return toChallengeSummaryDTO(act, c) }
}

func toChallengeSummaryDTO(act domain.Actor, c challenge.Challenge) challengeSummaryDTO {
	d := toChallengeDTO(act, c)
	return challengeSummaryDTO{ID: d.ID, OrgID: d.OrgID, OrgName: d.OrgName, Status: d.Status, Title: d.Title,
		Field: d.Field, Summary: c.Summary, KPIs: d.KPIs, DurationMonths: d.DurationMonths, BudgetFen: d.BudgetFen,
		GovFundingFen: d.GovFundingFen, CofundingFen: d.CofundingFen, Mode: d.Mode, MaxRacers: d.MaxRacers,
		Stages: d.Stages, BidDeadline: d.BidDeadline, BidDeadlineOn: d.BidDeadlineOn, PublishedAt: d.PublishedAt, WinnerRacerIDs: d.WinnerRacerIDs,
		CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt, SubmittedAt: d.SubmittedAt, ApprovedAt: d.ApprovedAt,
		ClosedAt: d.ClosedAt, CancelReason: d.CancelReason, LastOpinion: d.LastOpinion, DaysLeft: d.DaysLeft,
		CallID: d.CallID, CallTitle: d.CallTitle, Actions: d.Actions}
}

// challengeDetailDTO is one challenge with its amendments and history.
type challengeDetailDTO struct {
	challengeDTO
	Amendments []amendmentDTO `json:"amendments" required:"true"`
	History    []historyDTO   `json:"history" required:"true"`
}

// toChallengeDTO converts c as act sees it (its actions are act's).
func toChallengeDTO(act domain.Actor, c challenge.Challenge) challengeDTO {
	d := challengeDTO{ID: c.ID, OrgID: c.OrgID, OrgName: c.OrgName, Status: string(c.Status), Title: c.Title,
		Field: c.Field, Background: c.Background, Problem: c.Problem, KPIs: make([]kpiDTO, 0, len(c.KPIs)),
		Deliverables: c.Deliverables, DurationMonths: c.DurationMonths, BudgetFen: c.BudgetFen,
		GovFundingFen: c.GovFundingFen, CofundingFen: c.CofundingFen, IPTerms: c.IPTerms, Eligibility: c.Eligibility,
		Mode: string(c.Mode), MaxRacers: c.MaxRacers, Stages: make([]stageDTO, 0, len(c.Stages)),
		BidDeadline: c.BidDeadline, BidDeadlineOn: deadlineOn(c.BidDeadline), PublishedAt: c.PublishedAt, WinnerRacerIDs: c.WinnerRacerIDs,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, SubmittedAt: c.SubmittedAt, ApprovedAt: c.ApprovedAt,
		ClosedAt: c.ClosedAt, CancelReason: c.CancelReason, LastOpinion: c.LastOpinion, DaysLeft: c.DaysLeft,
		Actions: challenge.ActionNames(act, c)}
	if d.WinnerRacerIDs == nil {
		d.WinnerRacerIDs = []int64{}
	}
	if c.CallID != 0 {
		id, title := c.CallID, c.CallTitle
		d.CallID, d.CallTitle = &id, &title
	}
	for _, k := range c.KPIs {
		kd := kpiDTO{Name: k.Name, Unit: k.Unit, Comparison: k.Comparison, Method: k.Method}
		if !k.NoTarget {
			t := k.Target
			kd.Target = &t
		}
		d.KPIs = append(d.KPIs, kd)
	}
	for _, s := range c.Stages {
		d.Stages = append(d.Stages, stageDTO{Name: s.Name, OffsetMonths: s.OffsetMonths,
			FundingSharePct: s.FundingSharePct, KeepTop: s.KeepTop, MinScore: s.MinScore})
	}
	return d
}

func toChallengeDetailDTO(act domain.Actor, d challenge.Detail) challengeDetailDTO {
	out := challengeDetailDTO{challengeDTO: toChallengeDTO(act, d.Challenge),
		Amendments: make([]amendmentDTO, 0, len(d.Amendments)), History: make([]historyDTO, 0, len(d.History))}
	for _, a := range d.Amendments {
		out.Amendments = append(out.Amendments, toAmendmentDTO(a))
	}
	for _, h := range d.History {
		out.History = append(out.History, historyDTO{Action: string(h.Action), FromStatus: string(h.FromStatus),
			ToStatus: string(h.ToStatus), Opinion: h.Opinion, ActorName: h.ActorName, At: h.At})
	}
	return out
}

func toAmendmentDTO(a challenge.Amendment) amendmentDTO {
	return amendmentDTO{ID: a.ID, Number: a.Number, Content: a.Content, CreatedAt: a.CreatedAt, CreatedByName: a.CreatedByName,
		QuestionID: a.QuestionID, DeadlineFrom: a.DeadlineFrom, DeadlineTo: a.DeadlineTo, DeadlineToOn: deadlineOn(a.DeadlineTo)}
}

// kpiReq is a KPI as written by the enterprise.
type kpiReq struct {
	Name       string   `json:"name" maxLength:"100"`
	Target     *float64 `json:"target" description:"required to submit"`
	Unit       string   `json:"unit" maxLength:"20"`
	Comparison string   `json:"comparison" enum:">=,<=,="`
	Method     string   `json:"method"`
}

// stageReq is a stage as written by the enterprise.
type stageReq struct {
	Name            string `json:"name" maxLength:"50"`
	OffsetMonths    int    `json:"offset_months" minimum:"1"`
	FundingSharePct int    `json:"funding_share_pct" minimum:"0" maximum:"100"`
	KeepTop         *int   `json:"keep_top" minimum:"1" description:"null: the rule default"`
	MinScore        *int   `json:"min_score" minimum:"0" maximum:"100" description:"default 60"`
}

// challengeReq is the content of a challenge: on create every field is optional (a draft may be
// incomplete), on PATCH only the fields present change. An empty stages list asks for the default plan.
type challengeReq struct {
	Title          *string     `json:"title" maxLength:"200"`
	Field          *string     `json:"field" enum:"equipment,materials,energy,biomedicine,electronics,ai,environment,agriculture,marine,other"`
	Background     *string     `json:"background"`
	Problem        *string     `json:"problem"`
	KPIs           *[]kpiReq   `json:"kpis"`
	Deliverables   *string     `json:"deliverables"`
	DurationMonths *int        `json:"duration_months" minimum:"0" maximum:"120" description:"required (1..120) to submit"`
	BudgetFen      *int64      `json:"budget_fen" minimum:"0" description:"榜额, fen; at least gov_funding_fen + cofunding_fen"`
	GovFundingFen  *int64      `json:"gov_funding_fen" minimum:"0" description:"government funding requested, fen"`
	CofundingFen   *int64      `json:"cofunding_fen" minimum:"0" description:"enterprise co-funding, fen; at least gov_funding_fen"`
	IPTerms        *string     `json:"ip_terms"`
	Eligibility    *string     `json:"eligibility"`
	Mode           *string     `json:"mode" enum:"single,race"`
	MaxRacers      *int        `json:"max_racers" minimum:"1" maximum:"10" description:"single: always 1; race: 2..10, default 3"`
	Stages         *[]stageReq `json:"stages" description:"omitted or empty: 中期 at half the duration 30%, 验收 at the end 30%"`
	CallID         *int64      `json:"call_id" minimum:"0" description:"file the draft into this open call (申报批次); 0 takes it out of any call (the standing call); 422 call_not_found, call_not_open, call_closed"`
}

func (r challengeReq) toPatch() challenge.Patch {
	p := challenge.Patch{Title: r.Title, Field: r.Field, Background: r.Background, Problem: r.Problem,
		Deliverables: r.Deliverables, DurationMonths: r.DurationMonths, BudgetFen: r.BudgetFen,
		GovFundingFen: r.GovFundingFen, CofundingFen: r.CofundingFen, IPTerms: r.IPTerms, Eligibility: r.Eligibility,
		MaxRacers: r.MaxRacers, CallID: r.CallID}
	if r.Mode != nil {
		m := challenge.Mode(*r.Mode)
		p.Mode = &m
	}
	if r.KPIs != nil {
		ks := make([]challenge.KPIInput, 0, len(*r.KPIs))
		for _, k := range *r.KPIs {
			ks = append(ks, challenge.KPIInput{Name: k.Name, Target: k.Target, Unit: k.Unit, Comparison: k.Comparison, Method: k.Method})
		}
		p.KPIs = &ks
	}
	if r.Stages != nil {
		ss := make([]challenge.StageInput, 0, len(*r.Stages))
		for _, s := range *r.Stages {
			ss = append(ss, challenge.StageInput{Name: s.Name, OffsetMonths: s.OffsetMonths,
				FundingSharePct: s.FundingSharePct, KeepTop: s.KeepTop, MinScore: s.MinScore})
		}
		p.Stages = &ss
	}
	return p
}

// challengeListQuery documents the listing's query parameters.
type challengeListQuery struct {
	pageQueryDoc
	Status string `query:"status" enum:"draft,submitted,returned,approved,rejected,published,bidding_closed,reviewing,notice,in_progress,completed,failed,cancelled"`
	Field  string `query:"field" enum:"equipment,materials,energy,biomedicine,electronics,ai,environment,agriculture,marine,other"`
	Mode   string `query:"mode" enum:"single,race"`
	Q      string `query:"q" maxLength:"100" description:"substring of the title or the problem"`
	Scope  string `query:"scope" enum:"mine" description:"mine: the caller's organisation's challenges in every state"`
	CallID int64  `query:"call_id" minimum:"1" description:"only the challenges filed into this call (申报批次)"`
}

type validateReq struct {
	Decision string `json:"decision" required:"true" enum:"approve,return,reject"`
	Opinion  string `json:"opinion" maxLength:"5000" description:"required to return or reject"`
}

type publishReq struct {
	BidDeadline string `json:"bid_deadline" format:"date-time" description:"in the future; omitted: 30 days from now"`
}

type cancelReq struct {
	Reason string `json:"reason" required:"true" maxLength:"5000"`
}

type amendmentReq struct {
	Content    string `json:"content" required:"true" maxLength:"5000"`
	QuestionID *int64 `json:"question_id" description:"the question (答疑) of this challenge the amendment answers"`
}
