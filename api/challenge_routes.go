package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/challenge"
	"jiebang/domain/qa"
)

func (a *API) registerChallengeRoutes() {
	enterprise := []domain.Role{domain.RoleEnterprise}
	bureau := []domain.Role{domain.RoleBureau}
	a.handle(op{Method: http.MethodGet, Path: "/challenges", Summary: "List challenges: the public board, the bureau's view of all, or scope=mine (enterprise users only; 403 to other roles)",
		Tag: "challenges", Query: challengeListQuery{}, Resp: listResp[challengeSummaryDTO]{},
		Errors: []int{http.StatusForbidden}}, a.listChallenges)
	a.handle(op{Method: http.MethodPost, Path: "/challenges", Summary: "Create a draft challenge (formats checked, may be incomplete)",
		Tag: "challenges", Roles: enterprise, Req: challengeReq{}, Resp: challengeDetailDTO{}, Status: http.StatusCreated}, a.createChallenge)
	a.handle(op{Method: http.MethodGet, Path: "/challenges/{id}", Summary: "One challenge with KPIs, stage plan, amendments and history",
		Tag: "challenges", Resp: challengeDetailDTO{}}, a.getChallenge)
	a.handle(op{Method: http.MethodPatch, Path: "/challenges/{id}", Summary: "Edit a draft or returned challenge (owner enterprise); only present fields change",
		Tag: "challenges", Roles: enterprise, Req: challengeReq{}, Resp: challengeDetailDTO{}}, a.updateChallenge)
	a.handle(op{Method: http.MethodDelete, Path: "/challenges/{id}", Summary: "Delete a draft that was never submitted (owner enterprise); 409 once submitted, 404 for anyone else",
		Tag: "challenges", Auth: true, Status: http.StatusNoContent}, a.deleteChallenge)
	a.handle(op{Method: http.MethodPost, Path: "/challenges/{id}/submit", Summary: "Submit for validation (需求论证); 422 lists every missing field, 422 call_closed after the call's closing date",
		Tag: "challenges", Roles: enterprise, Resp: challengeDetailDTO{}, Errors: []int{http.StatusUnprocessableEntity}}, a.submitChallenge)
	a.handle(op{Method: http.MethodPost, Path: "/challenges/{id}/validate", Summary: "Approve, return (with opinion) or reject (with opinion) a submitted challenge",
		Tag: "challenges", Roles: bureau, Req: validateReq{}, Resp: challengeDetailDTO{}}, a.validateChallenge)
	a.handle(op{Method: http.MethodPost, Path: "/challenges/{id}/publish", Summary: "Publish (张榜) an approved challenge with a future bidding deadline; a challenge of a call is published with its call (409 published_with_call)",
		Tag: "challenges", Roles: bureau, Req: publishReq{}, Resp: challengeDetailDTO{}, Errors: []int{http.StatusConflict}}, a.publishChallenge)
	a.handle(op{Method: http.MethodPost, Path: "/challenges/{id}/cancel", Summary: "Cancel (撤榜) a challenge before in_progress, with a written reason",
		Tag: "challenges", Roles: bureau, Req: cancelReq{}, Resp: challengeDetailDTO{}}, a.cancelChallenge)
	a.handle(op{Method: http.MethodPost, Path: "/challenges/{id}/amendments", Summary: "Publish a numbered amendment (补充通知N, 更正) to a published challenge; one published less than addendum_min_days before the bidding deadline moves the deadline (deadline_from, deadline_to)",
		Tag: "challenges", Roles: bureau, Req: amendmentReq{}, Resp: amendmentDTO{}, Status: http.StatusCreated}, a.amendChallenge)
	a.handle(op{Method: http.MethodPost, Path: "/challenges/{id}/close-bidding", Summary: "Close bidding once the deadline plus the arrival grace (60 s) has passed (409 deadline_not_reached before)",
		Tag: "challenges", Roles: bureau, Resp: challengeDetailDTO{}}, a.closeBidding)
}

func (a *API) listChallenges(c *gin.Context) {
	p, ok := pageQuery(c)
	if !ok {
		return
	}
	callID, ok := queryInt(c, "call_id", 0)
	if !ok {
		return
	}
	q := challenge.ListQuery{Status: c.Query("status"), Field: c.Query("field"), Mode: c.Query("mode"),
		Q: c.Query("q"), Scope: challenge.Scope(c.Query("scope")), CallID: int64(callID)}
	l, shared, err := a.d.Challenges.ListShared(c.Request.Context(), actor(c), q, p)
	if err != nil {
		fail(c, err)
		return
	}
	if shared != nil {
		respondSharedList(c, l, shared)
		return
	}
	c.JSON(http.StatusOK, toList(l, challengeSummaries(actor(c))))
}

// respondChallenge answers with the challenge as it now is, or the error.
func respondChallenge(c *gin.Context, status int, d challenge.Detail, err error) {
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(status, toChallengeDetailDTO(actor(c), d))
}

func (a *API) createChallenge(c *gin.Context) {
	var req challengeReq
	if !bindJSON(c, &req) {
		return
	}
	d, err := a.d.Challenges.Create(c.Request.Context(), actor(c), req.toPatch())
	respondChallenge(c, http.StatusCreated, d, err)
}

func (a *API) getChallenge(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	d, err := a.d.Challenges.Get(c.Request.Context(), actor(c), id)
	if err == nil && d.Shared {
		a.respondShared(c, d)
		return
	}
	respondChallenge(c, http.StatusOK, d, err)
}

func (a *API) updateChallenge(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req challengeReq
	if !bindJSON(c, &req) {
		return
	}
	d, err := a.d.Challenges.Update(c.Request.Context(), actor(c), id, req.toPatch())
	respondChallenge(c, http.StatusOK, d, err)
}

func (a *API) submitChallenge(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	d, err := a.d.Challenges.Submit(c.Request.Context(), actor(c), id)
	respondChallenge(c, http.StatusOK, d, err)
}

func (a *API) validateChallenge(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req validateReq
	if !bindJSON(c, &req) {
		return
	}
	d, err := a.d.Challenges.Validate(c.Request.Context(), actor(c), id,
		challenge.ValidateInput{Decision: challenge.Decision(req.Decision), Opinion: req.Opinion})
	respondChallenge(c, http.StatusOK, d, err)
}

func (a *API) publishChallenge(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req publishReq
	if !bindJSON(c, &req) {
		return
	}
	var deadline *time.Time
	if req.BidDeadline != "" {
		t, err := time.Parse(time.RFC3339, req.BidDeadline)
		if err != nil {
			fail(c, domain.FieldErr("bid_deadline", "invalid_time", "时间格式应为 RFC 3339，如 2026-12-01T17:00:00+08:00",
				"must be an RFC 3339 time such as 2026-12-01T17:00:00+08:00"))
			return
		}
		deadline = &t
	}
	d, err := a.d.Challenges.Publish(c.Request.Context(), actor(c), id, deadline)
	respondChallenge(c, http.StatusOK, d, err)
}

func (a *API) cancelChallenge(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req cancelReq
	if !bindJSON(c, &req) {
		return
	}
	d, err := a.d.Challenges.Cancel(c.Request.Context(), actor(c), id, req.Reason)
	respondChallenge(c, http.StatusOK, d, err)
}

func (a *API) amendChallenge(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req amendmentReq
	if !bindJSON(c, &req) {
		return
	}
	am, err := a.d.QA.Amend(c.Request.Context(), actor(c), id, qa.AmendInput{Content: req.Content, QuestionID: req.QuestionID})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toAmendmentDTO(am))
}

func (a *API) closeBidding(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	d, err := a.d.Challenges.CloseBidding(c.Request.Context(), actor(c), id)
	respondChallenge(c, http.StatusOK, d, err)
}

func (a *API) deleteChallenge(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	if err := a.d.Challenges.Delete(c.Request.Context(), actor(c), id); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
