package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/call"
)

func (a *API) registerCallRoutes() {
	bureau := []domain.Role{domain.RoleBureau}
	a.handle(op{Method: http.MethodPost, Path: "/calls", Summary: "Open a call for needs (申报批次 / 需求征集) with its dates and its own rules (bureau)",
		Tag: "calls", Roles: bureau, Req: callReq{}, Resp: callDTO{}, Status: http.StatusCreated}, a.createCall)
	a.handle(op{Method: http.MethodGet, Path: "/calls", Summary: "Every call with its status now (public); status narrows",
		Tag: "calls", Query: callListQuery{}, Resp: callListDTO{}}, a.listCalls)
	a.handle(op{Method: http.MethodGet, Path: "/calls/{id}", Summary: "One call with its rules in force and, once published, its challenges (the bureau sees every challenge filed into it)",
		Tag: "calls", Resp: callDetailDTO{}}, a.getCall)
	a.handle(op{Method: http.MethodPatch, Path: "/calls/{id}", Summary: "Change a call's title, dates, notes or rules until it is published (bureau); only present fields change",
		Tag: "calls", Roles: bureau, Req: callReq{}, Resp: callDTO{}}, a.updateCall)
	a.handle(op{Method: http.MethodPost, Path: "/calls/{id}/publish", Summary: "Publish the call's approved challenges together with one bidding deadline (bureau); 422 call_empty, 409 call_pending or call_published",
		Tag: "calls", Roles: bureau, Req: callPublishReq{}, Resp: callDetailDTO{}}, a.publishCall)
}

// callRulesDTO are a call's own rules: null means the bureau's settings; for the two bid limits 0 means no
// limit (无限项).
type callRulesDTO struct {
	MaxActiveBidsPerOrg *int `json:"max_active_bids_per_org" required:"true" minimum:"0" maximum:"100" description:"active bids one organisation may lead within the call; 0 = no limit; null = the settings"`
	MaxActiveBidsPerPI  *int `json:"max_active_bids_per_pi" required:"true" minimum:"0" maximum:"10" description:"active bids one PI may lead within the call; 0 = no limit; null = the settings"`
	MaxPartners         *int `json:"max_partners" required:"true" minimum:"0" maximum:"20" description:"consortium partners beside the lead; null = the settings"`
	NoticeDays          *int `json:"notice_days" required:"true" minimum:"1" maximum:"30" description:"working days of a public notice (公示); null = the settings"`
	QuestionWindowDays  *int `json:"question_window_days" required:"true" minimum:"0" maximum:"60" description:"questions close this many days before the bidding deadline; null = 7"`
	AddendumMinDays     *int `json:"addendum_min_days" required:"true" minimum:"0" maximum:"60" description:"an addendum leaves at least this many days before the bidding deadline; null = 7"`
}

// callRulesReq are the rules as the bureau writes them (absent or null: the settings).
type callRulesReq struct {
	MaxActiveBidsPerOrg *int `json:"max_active_bids_per_org" minimum:"0" maximum:"100" description:"0 = no limit (无限项); null = the settings"`
	MaxActiveBidsPerPI  *int `json:"max_active_bids_per_pi" minimum:"0" maximum:"10" description:"0 = no limit; null = the settings"`
	MaxPartners         *int `json:"max_partners" minimum:"0" maximum:"20"`
	NoticeDays          *int `json:"notice_days" minimum:"1" maximum:"30"`
	QuestionWindowDays  *int `json:"question_window_days" minimum:"0" maximum:"60"`
	AddendumMinDays     *int `json:"addendum_min_days" minimum:"0" maximum:"60"`
}

// rulesInForceDTO are the rules in force in a call: its own, else the settings.
type rulesInForceDTO struct {
	MaxActiveBidsPerOrg int `json:"max_active_bids_per_org" required:"true" description:"0 = no limit (无限项)"`
	MaxActiveBidsPerPI  int `json:"max_active_bids_per_pi" required:"true" description:"0 = no limit"`
	MaxPartners         int `json:"max_partners" required:"true"`
	NoticeDays          int `json:"notice_days" required:"true"`
	QuestionWindowDays  int `json:"question_window_days" required:"true"`
	AddendumMinDays     int `json:"addendum_min_days" required:"true"`
}

// callDTO is a call for needs (申报批次).
type callDTO struct {
	ID                int64           `json:"id" required:"true"`
	Title             string          `json:"title" required:"true"`
	Year              int             `json:"year" required:"true"`
	OpensOn           string          `json:"opens_on" required:"true" format:"date" description:"China date from which challenges may be filed"`
	ClosesOn          string          `json:"closes_on" required:"true" format:"date" description:"last China date on which challenges may be filed and submitted"`
	Notes             string          `json:"notes" required:"true"`
	Status            string          `json:"status" required:"true" enum:"open,closed,published" description:"closed: past closes_on, not yet published"`
	BiddingDeadline   *time.Time      `json:"bidding_deadline" required:"true" description:"the one bidding deadline of the published list; null before"`
	BiddingDeadlineOn *string         `json:"bidding_deadline_on" required:"true" format:"date" description:"the China date of bidding_deadline"`
	PublishedAt       *time.Time      `json:"published_at" required:"true"`
	Rules             callRulesDTO    `json:"rules" required:"true" description:"the call's own rules as set (null: the settings)"`
	RulesInForce      rulesInForceDTO `json:"rules_in_force" required:"true"`
	CreatedAt         time.Time       `json:"created_at" required:"true"`
	UpdatedAt         time.Time       `json:"updated_at" required:"true"`
}

// callDetailDTO is a call with the challenges the caller may see in it.
type callDetailDTO struct {
	callDTO
	Challenges []challengeSummaryDTO `json:"challenges" required:"true" description:"the bureau: every challenge filed into the call; others: once published, its public challenges; else empty"`
}

// callListDTO is every call.
type callListDTO struct {
	Items []callDTO `json:"items" required:"true"`
}

// callListQuery narrows the calls.
type callListQuery struct {
	Status string `query:"status" enum:"open,closed,published"`
}

// callReq is a call as the bureau writes it: on creation title, year, opens_on and closes_on are required; on
// PATCH only the fields present change (rules replace the call's rules as a whole).
type callReq struct {
	Title    *string       `json:"title" maxLength:"200" description:"e.g. 2027年第一批揭榜挂帅榜单"`
	Year     *int          `json:"year" minimum:"2000" maximum:"2100"`
	OpensOn  *string       `json:"opens_on" format:"date"`
	ClosesOn *string       `json:"closes_on" format:"date"`
	Notes    *string       `json:"notes" maxLength:"5000"`
	Rules    *callRulesReq `json:"rules" description:"the call's own rules; each absent or null one follows the settings"`
}

func (r callReq) toInput() call.Input {
	in := call.Input{Title: r.Title, Year: r.Year, OpensOn: r.OpensOn, ClosesOn: r.ClosesOn, Notes: r.Notes}
	if r.Rules != nil {
		in.Rules = &call.Overrides{MaxActiveBidsPerOrg: r.Rules.MaxActiveBidsPerOrg, MaxActiveBidsPerPI: r.Rules.MaxActiveBidsPerPI,
			MaxPartners: r.Rules.MaxPartners, NoticeDays: r.Rules.NoticeDays, QuestionWindowDays: r.Rules.QuestionWindowDays,
			AddendumMinDays: r.Rules.AddendumMinDays}
	}
	return in
}

// callPublishReq is the one bidding deadline of the call's list.
type callPublishReq struct {
	BiddingDeadline string `json:"bidding_deadline" required:"true" format:"date-time" description:"in the future"`
}

func toCallDTO(v call.View) callDTO {
	o, r := v.Overrides, v.Rules
	return callDTO{ID: v.ID, Title: v.Title, Year: v.Year, OpensOn: v.OpensOn, ClosesOn: v.ClosesOn, Notes: v.Notes,
		Status: string(v.Status), BiddingDeadline: v.BiddingDeadline, BiddingDeadlineOn: deadlineOn(v.BiddingDeadline),
		PublishedAt: v.PublishedAt, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt,
		Rules: callRulesDTO{MaxActiveBidsPerOrg: o.MaxActiveBidsPerOrg, MaxActiveBidsPerPI: o.MaxActiveBidsPerPI,
			MaxPartners: o.MaxPartners, NoticeDays: o.NoticeDays, QuestionWindowDays: o.QuestionWindowDays,
			AddendumMinDays: o.AddendumMinDays},
		RulesInForce: rulesInForceDTO{MaxActiveBidsPerOrg: r.MaxActiveBidsPerOrg, MaxActiveBidsPerPI: r.MaxActiveBidsPerPI,
			MaxPartners: r.MaxPartners, NoticeDays: r.NoticeDays, QuestionWindowDays: r.QuestionWindowDays,
			AddendumMinDays: r.AddendumMinDays}}
}

func toCallDetailDTO(act domain.Actor, d call.Detail) callDetailDTO {
	out := callDetailDTO{callDTO: toCallDTO(d.View), Challenges: make([]challengeSummaryDTO, 0, len(d.Challenges))}
	for _, c := range d.Challenges {
		out.Challenges = append(out.Challenges, toChallengeSummaryDTO(act, c))
	}
	return out
}

func (a *API) createCall(c *gin.Context) {
	var req callReq
	if !bindJSON(c, &req) {
		return
	}
	v, err := a.d.Calls.Create(c.Request.Context(), actor(c), req.toInput())
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toCallDTO(v))
}

func (a *API) listCalls(c *gin.Context) {
	st := call.Status(c.Query("status"))
	switch st {
	case "", call.StatusOpen, call.StatusClosed, call.StatusPublished:
	default:
		fail(c, badRequest("invalid_query", "未知的状态："+string(st), "unknown status: "+string(st)))
		return
	}
	vs, err := a.d.Calls.List(c.Request.Context(), st)
	if err != nil {
		fail(c, err)
		return
	}
	out := callListDTO{Items: make([]callDTO, 0, len(vs))}
	for _, v := range vs {
		out.Items = append(out.Items, toCallDTO(v))
	}
	c.JSON(http.StatusOK, out)
}

func (a *API) getCall(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	d, err := a.d.Calls.Get(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toCallDetailDTO(actor(c), d))
}

func (a *API) updateCall(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req callReq
	if !bindJSON(c, &req) {
		return
	}
	v, err := a.d.Calls.Update(c.Request.Context(), actor(c), id, req.toInput())
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toCallDTO(v))
}

func (a *API) publishCall(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req callPublishReq
	if !bindJSON(c, &req) {
		return
	}
	t, err := time.Parse(time.RFC3339, req.BiddingDeadline)
	if err != nil {
		fail(c, domain.FieldErr("bidding_deadline", "invalid_time", "时间格式应为 RFC 3339，如 2027-05-31T17:00:00+08:00",
			"must be an RFC 3339 time such as 2027-05-31T17:00:00+08:00"))
		return
	}
	d, err := a.d.Calls.Publish(c.Request.Context(), actor(c), id, t)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toCallDetailDTO(actor(c), d))
}
