package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/bid"
)

func (a *API) registerBidRoutes() {
	team := []domain.Role{domain.RoleTeam}
	bureau := []domain.Role{domain.RoleBureau}
	a.handle(op{Method: http.MethodPost, Path: "/challenges/{id}/bids", Summary: "Bid on a published challenge (揭榜): creates a draft of your organisation",
		Tag: "bids", Roles: team, Req: bidCreateReq{}, Resp: bidDTO{}, Status: http.StatusCreated}, a.createBid)
	a.handle(op{Method: http.MethodGet, Path: "/challenges/{id}/bid-quota", Summary: "Where my organisation and the PI stand against the limits (限项) on a challenge, and whether a bid may be started",
		Tag: "bids", Roles: team, Query: bidQuotaQuery{}, Resp: bidQuotaDTO{}}, a.bidQuota)
	a.handle(op{Method: http.MethodGet, Path: "/challenges/{id}/bids", Summary: "Bids on a challenge: the bureau all submitted ones, the owner enterprise after bidding closed (before: 403 bids_sealed), a team its own",
		Tag: "bids", Auth: true, Query: pageQueryDoc{}, Resp: listResp[bidDTO]{}}, a.listChallengeBids)
	a.handle(op{Method: http.MethodGet, Path: "/me/bids", Summary: "The bids of my organisation, newest first",
		Tag: "bids", Roles: team, Query: pageQueryDoc{}, Resp: listResp[bidDTO]{}}, a.listMyBids)
	a.handle(op{Method: http.MethodGet, Path: "/bids/{id}", Summary: "One bid: the team sees its working copy, the bureau and (after the close) the owner enterprise the latest submitted version",
		Tag: "bids", Auth: true, Resp: bidDTO{}}, a.getBid)
	a.handle(op{Method: http.MethodPatch, Path: "/bids/{id}", Summary: "Edit the working copy of a draft or submitted bid before the deadline; only present fields change",
		Tag: "bids", Roles: team, Req: bidPatchReq{}, Resp: bidDTO{}}, a.updateBid)
	a.handle(op{Method: http.MethodDelete, Path: "/bids/{id}", Summary: "Delete a bid that was never submitted (the bidding team); 409 once submitted, 404 for anyone else",
		Tag: "bids", Auth: true, Status: http.StatusNoContent}, a.deleteBid)
	a.handle(op{Method: http.MethodPost, Path: "/bids/{id}/submit", Summary: "Submit (or resubmit) the working copy as a new version; answers the bid with its receipt",
		Tag: "bids", Roles: team, Resp: bidDTO{}}, a.submitBid)
	a.handle(op{Method: http.MethodPost, Path: "/bids/{id}/withdraw", Summary: "Withdraw a bid before the deadline",
		Tag: "bids", Roles: team, Resp: bidDTO{}}, a.withdrawBid)
	a.handle(op{Method: http.MethodGet, Path: "/bids/{id}/versions", Summary: "Every submitted version of a bid, oldest first",
		Tag: "bids", Auth: true, Resp: bidVersionsResp{}}, a.bidVersions)
	a.handle(op{Method: http.MethodPost, Path: "/bids/{id}/eligibility", Summary: "Record the eligibility decision (形式审查) after bidding closed",
		Tag: "bids", Roles: bureau, Req: bidEligibilityReq{}, Resp: bidDTO{}}, a.decideBidEligibility)
	a.registerBidCorrectionRoutes()
	a.handle(op{Method: http.MethodPost, Path: "/bids/{id}/attachments", Summary: "Attach a file (PDF, Office, PNG, JPEG by content; 20 MiB) before the deadline",
		Tag: "bids", Roles: team, Multipart: true, Resp: bidAttachmentDTO{}, Status: http.StatusCreated}, a.uploadBidAttachment)
	a.handle(op{Method: http.MethodGet, Path: "/bids/{id}/attachments/{aid}", Summary: "Download an attachment (those who may read the bid)",
		Tag: "bids", Auth: true, RespContentTypes: bid.AllowedTypes}, a.downloadBidAttachment)
	a.handle(op{Method: http.MethodDelete, Path: "/bids/{id}/attachments/{aid}", Summary: "Remove an attachment from the working copy before the deadline",
		Tag: "bids", Roles: team, Status: http.StatusNoContent}, a.deleteBidAttachment)
}

func (a *API) createBid(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req bidCreateReq
	if c.Request.ContentLength != 0 && !bindJSON(c, &req) {
		return
	}
	v, err := a.d.Bids.Create(c.Request.Context(), actor(c), id, req.toContent())
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toBidDTO(c, v))
}

func (a *API) updateBid(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	raw, err := io.ReadAll(c.Request.Body)
	if err != nil {
		fail(c, jsonError(err))
		return
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(raw))
	var req bidPatchReq
	if !bindJSON(c, &req) {
		return
	}
	var present map[string]json.RawMessage
	_ = json.Unmarshal(raw, &present)
	clearLead := string(bytes.TrimSpace(present["lead_share_pct"])) == "null"
	v, err := a.d.Bids.Update(c.Request.Context(), actor(c), id, req.toPatch(clearLead))
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toBidDTO(c, v))
}

// bidAction runs a body-less action on a bid and answers the bid as it now is.
func (a *API) bidAction(c *gin.Context, do func(ctx *gin.Context, id int64) (bid.View, error)) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	v, err := do(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toBidDTO(c, v))
}

func (a *API) submitBid(c *gin.Context) {
	a.bidAction(c, func(c *gin.Context, id int64) (bid.View, error) {
		return a.d.Bids.Submit(c.Request.Context(), actor(c), id)
	})
}

func (a *API) withdrawBid(c *gin.Context) {
	a.bidAction(c, func(c *gin.Context, id int64) (bid.View, error) {
		return a.d.Bids.Withdraw(c.Request.Context(), actor(c), id)
	})
}

func (a *API) getBid(c *gin.Context) {
	a.bidAction(c, func(c *gin.Context, id int64) (bid.View, error) {
		return a.d.Bids.Get(c.Request.Context(), actor(c), id)
	})
}

func (a *API) decideBidEligibility(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req bidEligibilityReq
	if !bindJSON(c, &req) {
		return
	}
	if req.Eligible == nil {
		fail(c, domain.FieldErr("eligible", "required", "请选择是否通过形式审查", "eligible is required"))
		return
	}
	v, err := a.d.Bids.DecideEligibility(c.Request.Context(), actor(c), id, bid.EligibilityInput{Eligible: *req.Eligible, Reason: req.Reason})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toBidDTO(c, v))
}

func (a *API) bidVersions(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	vs, err := a.d.Bids.Versions(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	out := bidVersionsResp{Items: make([]bidVersionDTO, 0, len(vs))}
	for _, v := range vs {
		out.Items = append(out.Items, toBidVersionDTO(v))
	}
	c.JSON(http.StatusOK, out)
}

func (a *API) listChallengeBids(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	p, ok := pageQuery(c)
	if !ok {
		return
	}
	l, err := a.d.Bids.ListForChallenge(c.Request.Context(), actor(c), id, p)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toList(l, func(v bid.View) bidDTO { return toBidDTO(c, v) }))
}

func (a *API) listMyBids(c *gin.Context) {
	p, ok := pageQuery(c)
	if !ok {
		return
	}
	pg, err := a.d.Bids.ListMinePage(c.Request.Context(), actor(c), p)
	if err != nil {
		fail(c, err)
		return
	}
	// A cached page is the same for every team user of the organisation: it is encoded once (kept in its memo).
	respondKept(c, pg.Memo.Load(), pg.Memo.Keep, func() any {
		return toList(pg.List, func(v bid.View) bidDTO { return toBidDTO(c, v) })
	})
}

func (a *API) deleteBid(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	if err := a.d.Bids.Delete(c.Request.Context(), actor(c), id); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
