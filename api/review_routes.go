package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/review"
)

func (a *API) registerReviewRoutes() {
	bureau := []domain.Role{domain.RoleBureau}
	a.handle(op{Method: http.MethodPost, Path: "/challenges/{id}/rounds", Summary: "Open a review round (专家评审): validation on a submitted challenge, bid_review on eligible bids (the challenge moves to reviewing; 409 no_eligible_bids), stage_review/acceptance from the race (409 race_not_started until it has begun)",
		Tag: "review", Roles: bureau, Req: roundReq{}, Resp: roundDTO{}, Status: http.StatusCreated}, a.openRound)
	a.handle(op{Method: http.MethodGet, Path: "/challenges/{id}/rounds", Summary: "A challenge's review rounds, oldest first",
		Tag: "review", Roles: bureau, Resp: roundListResp{}}, a.listRounds)
	a.handle(op{Method: http.MethodGet, Path: "/rounds/{id}", Summary: "One review round with its items",
		Tag: "review", Roles: bureau, Resp: roundDTO{}}, a.getRound)
	a.handle(op{Method: http.MethodPatch, Path: "/rounds/{id}", Summary: "Change the rubric, panel size, aggregation or deadline until the panels are drawn",
		Tag: "review", Roles: bureau, Req: roundReq{}, Resp: roundDTO{}}, a.updateRound)
	a.handle(op{Method: http.MethodPost, Path: "/rounds/{id}/assign", Summary: "Draw the panels with conflict exclusion (seed optional); again before any score is saved: a redraw, audited with its seed and pool digest",
		Tag: "review", Roles: bureau, Req: assignReq{}, Resp: roundDTO{}}, a.assignRound)
	a.handle(op{Method: http.MethodGet, Path: "/rounds/{id}/progress", Summary: "Scoring progress per item and per expert",
		Tag: "review", Roles: bureau, Resp: progressResp{}}, a.roundProgress)
	a.handle(op{Method: http.MethodPost, Path: "/rounds/{id}/remind", Summary: "Remind experts with unscored assignments (a notification)",
		Tag: "review", Roles: bureau, Req: remindReq{}, Resp: remindResp{}}, a.remindRound)
	a.handle(op{Method: http.MethodPost, Path: "/rounds/{id}/close", Summary: "Freeze the scores and compute the results; with unscored assignments only with a reason (409 unscored_items otherwise)",
		Tag: "review", Roles: bureau, Req: closeReq{}, Resp: roundDTO{}}, a.closeRound)
	a.handle(op{Method: http.MethodGet, Path: "/rounds/{id}/results", Summary: "Results of a closed round in rank order: the bureau the anonymised sheet, a team only its own line, experts nothing",
		Tag: "review", Roles: []domain.Role{domain.RoleBureau, domain.RoleTeam}, Resp: resultsResp{},
		Errors: []int{http.StatusConflict}}, a.roundResults)
	a.handle(op{Method: http.MethodGet, Path: "/rounds/{id}/results.xlsx", Summary: "The anonymised result sheet as an Excel workbook, with the rubric and every expert's scores, so anyone can recompute",
		Tag: "review", Roles: bureau, RespContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		Errors: []int{http.StatusConflict}}, a.roundResultsXLSX)
	a.registerExpertRoutes()
}

// roundBody binds an optional JSON body (an empty body keeps dst's zero value).
func roundBody(c *gin.Context, dst any) bool {
	if c.Request.ContentLength == 0 {
		return true
	}
	return bindJSON(c, dst)
}

// roundCall runs a round use case on the {id} path parameter and answers its result converted by conv.
func roundCall[T, D any](c *gin.Context, status int, do func(id int64) (T, error), conv func(T) D) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	v, err := do(id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(status, conv(v))
}

func (a *API) openRound(c *gin.Context) {
	var req roundReq
	if !bindJSON(c, &req) {
		return
	}
	roundCall(c, http.StatusCreated, func(id int64) (review.RoundView, error) {
		return a.d.Reviews.OpenRound(c.Request.Context(), actor(c), id, req.toSettings())
	}, roundViewFor(actor(c)))
}

func (a *API) listRounds(c *gin.Context) {
	roundCall(c, http.StatusOK, func(id int64) ([]review.Round, error) {
		return a.d.Reviews.RoundsOf(c.Request.Context(), actor(c), id)
	}, func(rs []review.Round) roundListResp {
		return roundListResp{Items: convertAll(rs, func(r review.Round) roundDTO { return toRoundDTO(actor(c), r) })}
	})
}

func (a *API) getRound(c *gin.Context) {
	roundCall(c, http.StatusOK, func(id int64) (review.RoundView, error) {
		return a.d.Reviews.Round(c.Request.Context(), actor(c), id)
	}, roundViewFor(actor(c)))
}

func (a *API) updateRound(c *gin.Context) {
	var req roundReq
	if !bindJSON(c, &req) {
		return
	}
	roundCall(c, http.StatusOK, func(id int64) (review.RoundView, error) {
		return a.d.Reviews.UpdateSettings(c.Request.Context(), actor(c), id, req.toSettings())
	}, roundViewFor(actor(c)))
}

func (a *API) assignRound(c *gin.Context) {
	var req assignReq
	if !roundBody(c, &req) {
		return
	}
	roundCall(c, http.StatusOK, func(id int64) (review.RoundView, error) {
		return a.d.Reviews.Assign(c.Request.Context(), actor(c), id, req.Seed)
	}, roundViewFor(actor(c)))
}

func (a *API) roundProgress(c *gin.Context) {
	roundCall(c, http.StatusOK, func(id int64) (review.Progress, error) {
		return a.d.Reviews.Progress(c.Request.Context(), actor(c), id)
	}, func(p review.Progress) progressResp { return toProgressResp(actor(c), p) })
}

func (a *API) remindRound(c *gin.Context) {
	var req remindReq
	if !roundBody(c, &req) {
		return
	}
	roundCall(c, http.StatusOK, func(id int64) ([]int64, error) {
		return a.d.Reviews.Remind(c.Request.Context(), actor(c), id, req.ExpertIDs)
	}, func(ids []int64) remindResp {
		return remindResp{Reminded: convertAll(ids, func(x int64) int64 { return x })}
	})
}

func (a *API) closeRound(c *gin.Context) {
	var req closeReq
	if !roundBody(c, &req) {
		return
	}
	roundCall(c, http.StatusOK, func(id int64) (review.RoundView, error) {
		return a.d.Reviews.Close(c.Request.Context(), actor(c), id, req.Reason)
	}, roundViewFor(actor(c)))
}

func (a *API) roundResults(c *gin.Context) {
	roundCall(c, http.StatusOK, func(id int64) (review.Results, error) {
		return a.d.Reviews.Results(c.Request.Context(), actor(c), id)
	}, func(r review.Results) resultsResp { return toResultsResp(actor(c), r) })
}
