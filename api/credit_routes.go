package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/credit"
)

type creditEventReq struct {
	Kind     string `json:"kind" required:"true" enum:"warn,bar,lift"`
	Reason   string `json:"reason" required:"true"`
	Until    string `json:"until" description:"the last day a bar applies, YYYY-MM-DD (China time); empty: until lifted"`
	Source   string `json:"source" description:"the kind of decision the event comes from (default manual)"`
	SourceID int64  `json:"source_id" description:"the id of that decision"`
}

type creditEventDTO struct {
	ID          int64     `json:"id" required:"true"`
	OrgID       int64     `json:"org_id" required:"true"`
	Kind        string    `json:"kind" required:"true" enum:"warn,bar,lift"`
	Reason      string    `json:"reason" required:"true"`
	Until       *string   `json:"until" required:"true"`
	Source      string    `json:"source" required:"true"`
	SourceID    int64     `json:"source_id" required:"true"`
	CreatedBy   int64     `json:"created_by" required:"true"`
	CreatedName string    `json:"created_by_name" required:"true"`
	CreatedAt   time.Time `json:"created_at" required:"true"`
}

func toCreditEventDTO(e credit.Event) creditEventDTO {
	d := creditEventDTO{ID: e.ID, OrgID: e.OrgID, Kind: string(e.Kind), Reason: e.Reason, Source: e.Source,
		SourceID: e.SourceID, CreatedBy: e.CreatedBy, CreatedName: e.CreatedName, CreatedAt: e.CreatedAt}
	if e.Until != nil {
		u := e.Until.In(credit.China).Format("2006-01-02")
		d.Until = &u
	}
	return d
}

type creditLedgerDTO struct {
	OrgID        int64            `json:"org_id" required:"true"`
	OrgName      string           `json:"org_name" required:"true"`
	CreditStatus string           `json:"credit_status" required:"true" enum:"good,warned,barred"`
	Events       []creditEventDTO `json:"events" required:"true"`
}

type creditListQuery struct {
	OrgID    int64 `query:"org_id"`
	Page     int   `query:"page"`
	PageSize int   `query:"page_size"`
}

func (a *API) registerCreditRoutes() {
	bureau := []domain.Role{domain.RoleBureau}
	a.handle(op{Method: http.MethodGet, Path: "/credit-events", Summary: "The credit ledger of every organisation (or one with org_id), newest first",
		Tag: "credit", Roles: bureau, Query: creditListQuery{}, Resp: listResp[creditEventDTO]{}}, a.listCreditEvents)
	a.handle(op{Method: http.MethodPost, Path: "/orgs/{id}/credit-events", Summary: "Record a warning, a bar (with its last day) or a lift; the organisation's credit status follows",
		Tag: "credit", Roles: bureau, Req: creditEventReq{}, Resp: creditEventDTO{}, Status: http.StatusCreated}, a.recordCreditEvent)
	a.handle(op{Method: http.MethodGet, Path: "/orgs/{id}/credit", Summary: "An organisation's credit status and record: the bureau, and the organisation's own members",
		Tag: "credit", Auth: true, Resp: creditLedgerDTO{}}, a.orgCredit)
}

func (a *API) listCreditEvents(c *gin.Context) {
	p, ok := pageQuery(c)
	if !ok {
		return
	}
	var org int64
	if s := c.Query("org_id"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			fail(c, domain.NewError(domain.ErrBadRequest, "bad_request", "org_id 须为正整数", "org_id must be a positive integer"))
			return
		}
		org = n
	}
	l, err := a.d.Credit.List(c.Request.Context(), actor(c), org, p)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toList(l, toCreditEventDTO))
}

func (a *API) recordCreditEvent(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req creditEventReq
	if !bindJSON(c, &req) {
		return
	}
	e, err := a.d.Credit.Record(c.Request.Context(), actor(c), id, credit.Input{Kind: credit.Kind(req.Kind), Reason: req.Reason,
		Until: req.Until, Source: req.Source, SourceID: req.SourceID})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toCreditEventDTO(e))
}

func (a *API) orgCredit(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	l, err := a.d.Credit.OrgLedger(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	out := creditLedgerDTO{OrgID: l.Org.ID, OrgName: l.Org.Name, CreditStatus: string(l.Status), Events: []creditEventDTO{}}
	for _, e := range l.Events {
		out.Events = append(out.Events, toCreditEventDTO(e))
	}
	c.JSON(http.StatusOK, out)
}
