package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/race"
)

// rectificationDTO is a racer's rectification period (限期整改).
type rectificationDTO struct {
	ID           int64      `json:"id" required:"true"`
	RacerID      int64      `json:"racer_id" required:"true"`
	Kind         string     `json:"kind" required:"true" enum:"stage,acceptance" description:"ordered by a stage decision, or by the acceptance (once)"`
	Stage        int        `json:"stage" required:"true"`
	Status       string     `json:"status" required:"true" enum:"open,reported,passed,eliminated"`
	DueAt        time.Time  `json:"due_at" required:"true" description:"the end of the due date: 24:00 China time (the next midnight)"`
	DueOn        string     `json:"due_on" required:"true" format:"date" description:"the China date the report is due (YYYY-MM-DD)"`
	Requirements string     `json:"requirements,omitempty" description:"the defects to remedy (the team, the owner enterprise, the bureau)"`
	Summary      string     `json:"summary,omitempty" description:"the team's rectification report"`
	ReportedAt   *time.Time `json:"reported_at,omitempty"`
	Late         bool       `json:"late" required:"true" description:"the report came after the due date"`
	Reason       string     `json:"reason,omitempty" description:"the bureau's reason of its decision"`
	DecidedAt    *time.Time `json:"decided_at,omitempty"`
	CreatedAt    time.Time  `json:"created_at" required:"true"`
}

func toRectificationDTO(x race.Rectification) rectificationDTO {
	return rectificationDTO{ID: x.ID, RacerID: x.RacerID, Kind: string(x.Kind), Stage: x.Stage, Status: string(x.Status),
		DueAt: x.DueAt, DueOn: dueOn(x.DueAt), Requirements: x.Requirements, Summary: x.Summary, ReportedAt: x.ReportedAt,
		Late: x.Late, Reason: x.Reason, DecidedAt: x.DecidedAt, CreatedAt: x.CreatedAt}
}

func toRectificationDTOs(xs []race.Rectification) []rectificationDTO {
	out := make([]rectificationDTO, 0, len(xs))
	for _, x := range xs {
		out = append(out, toRectificationDTO(x))
	}
	return out
}

// rectifyReq is one racer kept on condition of a rectification in a stage decision.
type rectifyReq struct {
	RacerID      int64      `json:"racer_id" required:"true"`
	Requirements string     `json:"requirements" required:"true" description:"the defects to remedy"`
	DueAt        *time.Time `json:"due_at,omitempty" description:"the due date, in the future (default: the settings' rectification_months, 3, after the decision, to 24:00 China time)"`
}

// rectifyDTO is one racer kept on condition of a rectification by a stage decision.
type rectifyDTO struct {
	RacerID      int64     `json:"racer_id" required:"true"`
	Requirements string    `json:"requirements,omitempty" description:"the owner enterprise and the bureau"`
	DueAt        time.Time `json:"due_at" required:"true"`
}

type rectificationReportReq struct {
	Summary string `json:"summary" required:"true" description:"what was remedied"`
}

type rectificationDecideReq struct {
	Outcome      string `json:"outcome" required:"true" enum:"passed,eliminated"`
	Reason       string `json:"reason" required:"true"`
	Tolerance    *bool  `json:"tolerance,omitempty" description:"eliminated: the tolerance clause (容错) applies (default true)"`
	CreditStatus string `json:"credit_status,omitempty" enum:"warned,barred" description:"eliminated without tolerance"`
}

type rectificationsResp struct {
	Items   []rectificationDTO `json:"items" required:"true" description:"oldest first"`
	Actions []string           `json:"actions" required:"true" description:"what the caller may do now: its team rectification_report (open or reported), the bureau rectification_decide (a stage rectification)"`
}

func (a *API) registerRectificationRoutes() {
	a.handle(op{Method: http.MethodGet, Path: "/racers/{id}/rectification", Summary: "A racer's rectification periods (限期整改), oldest first: its team, the owner enterprise, the bureau",
		Tag: "race", Auth: true, Resp: rectificationsResp{}}, a.getRectification)
	a.handle(op{Method: http.MethodPost, Path: "/racers/{id}/rectification", Summary: "Submit (or replace before the decision) the rectification report; a late one is accepted and marked late",
		Tag: "race", Roles: []domain.Role{domain.RoleTeam}, Req: rectificationReportReq{}, Resp: rectificationDTO{}, Status: http.StatusCreated,
		Errors: []int{http.StatusForbidden, http.StatusConflict, http.StatusUnprocessableEntity}}, a.postRectification)
	a.handle(op{Method: http.MethodPost, Path: "/racers/{id}/rectification/decide", Summary: "Decide a stage rectification (bureau): passed once reported, or eliminated (tolerance 容错 or a credit status)",
		Tag: "race", Roles: []domain.Role{domain.RoleBureau}, Req: rectificationDecideReq{}, Resp: rectificationDTO{},
		Errors: []int{http.StatusForbidden, http.StatusConflict, http.StatusUnprocessableEntity}}, a.decideRectification)
}

func (a *API) getRectification(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	xs, err := a.d.Race.RacerRectifications(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	acts := []string{}
	if r, _, err := a.d.Race.Racer(c.Request.Context(), actor(c), id); err == nil {
		acts = race.RectificationActionsFor(actor(c), r.Racer, xs)
	}
	c.JSON(http.StatusOK, rectificationsResp{Items: toRectificationDTOs(xs), Actions: acts})
}

func (a *API) postRectification(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req rectificationReportReq
	if !bindJSON(c, &req) {
		return
	}
	x, err := a.d.Race.SubmitRectification(c.Request.Context(), actor(c), id, race.RectificationReport{Summary: req.Summary})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toRectificationDTO(x))
}

func (a *API) decideRectification(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req rectificationDecideReq
	if !bindJSON(c, &req) {
		return
	}
	x, err := a.d.Race.DecideRectification(c.Request.Context(), actor(c), id, race.RectificationDecision{Outcome: req.Outcome,
		Reason: req.Reason, Tolerance: req.Tolerance, CreditStatus: req.CreditStatus})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toRectificationDTO(x))
}
