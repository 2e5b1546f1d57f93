package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/bid"
	"jiebang/domain/review"
)

func (a *API) registerExpertRoutes() {
	expert := []domain.Role{domain.RoleExpert}
	bureau := []domain.Role{domain.RoleBureau}
	a.handle(op{Method: http.MethodGet, Path: "/me/assignments", Summary: "What I must score (expert): my assignments with their deadlines, newest first",
		Tag: "review", Roles: expert, Query: pageQueryDoc{}, Resp: listResp[assignmentDTO]{}}, a.myAssignments)
	a.handle(op{Method: http.MethodGet, Path: "/assignments/{id}", Summary: "An assignment's material (the challenge, the submitted bid version or the report) and my own scores; 404 for another expert's",
		Tag: "review", Roles: expert, Resp: materialResp{}}, a.assignmentMaterial)
	a.handle(op{Method: http.MethodGet, Path: "/assignments/{id}/files/{fid}", Summary: "Download a file of what my assignment scores: an attachment of the bid version (bid.content.attachments; named 附件1, 附件2 … in a double-blind round) or a file of the stage report (report.files); 404 for any other file",
		Tag: "review", Roles: expert, RespContentTypes: bid.AllowedTypes}, a.assignmentFile)
	a.handle(op{Method: http.MethodPost, Path: "/assignments/{id}/score", Summary: "Save (draft) or submit my scores: every criterion 0..100 and a comment; revisable until the round closes (then 409 round_closed)",
		Tag: "review", Roles: expert, Req: scoreReq{}, Resp: scoreResp{}}, a.scoreAssignment)
	a.handle(op{Method: http.MethodPost, Path: "/assignments/{id}/recuse", Summary: "Recuse (回避) with a reason; a replacement is drawn at once",
		Tag: "review", Roles: expert, Req: recuseReq{}, Resp: replacementResp{}}, a.recuseAssignment)
	a.handle(op{Method: http.MethodPost, Path: "/assignments/{id}/replace", Summary: "Replace the expert of a pending assignment, by hand (expert_id, same checks as the draw) or by drawing",
		Tag: "review", Roles: bureau, Req: replaceReq{}, Resp: replacementResp{}}, a.replaceAssignment)
	a.handle(op{Method: http.MethodGet, Path: "/me/expert-profile", Summary: "My expert profile: fields of expertise, declared conflicts, maximum and load",
		Tag: "review", Roles: expert, Resp: expertDTO{}}, a.myExpertProfile)
	a.handle(op{Method: http.MethodPut, Path: "/me/expert-profile", Summary: "Replace my fields of expertise and declared conflicts (organisations by credit code, with a reason)",
		Tag: "review", Roles: expert, Req: profileReq{}, Resp: expertDTO{}}, a.updateMyExpertProfile)
	a.handle(op{Method: http.MethodGet, Path: "/experts", Summary: "The expert pool (专家库): search, filter by field and active, with load",
		Tag: "review", Roles: bureau, Query: expertListQuery{}, Resp: listResp[expertDTO]{}}, a.listExperts)
	a.handle(op{Method: http.MethodPatch, Path: "/experts/{id}", Summary: "Activate or deactivate an expert in the pool, or change the maximum of open assignments",
		Tag: "review", Roles: bureau, Req: expertPatchReq{}, Resp: expertDTO{}}, a.updateExpert)
}

func (a *API) myAssignments(c *gin.Context) {
	p, ok := pageQuery(c)
	if !ok {
		return
	}
	l, err := a.d.Reviews.MyAssignments(c.Request.Context(), actor(c), p)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toList(l, assignmentInfoFor(actor(c))))
}

func (a *API) assignmentMaterial(c *gin.Context) {
	roundCall(c, http.StatusOK, func(id int64) (review.Material, error) {
		return a.d.Reviews.Material(c.Request.Context(), actor(c), id)
	}, materialFor(actor(c)))
}

func (a *API) assignmentFile(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	fid, ok := pathID(c, "fid")
	if !ok {
		return
	}
	f, rc, err := a.d.Reviews.OpenMaterialFile(c.Request.Context(), actor(c), id, fid)
	if err != nil {
		fail(c, err)
		return
	}
	serveFile(c, f.Filename, f.ContentType, f.Size, rc)
}

func (a *API) scoreAssignment(c *gin.Context) {
	var req scoreReq
	if !bindJSON(c, &req) {
		return
	}
	roundCall(c, http.StatusOK, func(id int64) (review.Scored, error) {
		return a.d.Reviews.Score(c.Request.Context(), actor(c), id, review.ScoreInput{Scores: req.scores(), Comment: req.Comment, Draft: req.Draft})
	}, func(r review.Scored) scoreResp {
		return scoreResp{Assignment: toAssignmentDTO(actor(c), r.Assignment, review.StatusAssigned), Score: toScoreDTO(r.Rubric, r.Score)}
	})
}

func (a *API) recuseAssignment(c *gin.Context) {
	var req recuseReq
	if !bindJSON(c, &req) {
		return
	}
	roundCall(c, http.StatusOK, func(id int64) (replacementResp, error) {
		as, repl, err := a.d.Reviews.Recuse(c.Request.Context(), actor(c), id, req.Reason)
		return toReplacementResp(actor(c), as, repl), err
	}, func(r replacementResp) replacementResp { return r })
}

func (a *API) replaceAssignment(c *gin.Context) {
	var req replaceReq
	if !bindJSON(c, &req) {
		return
	}
	roundCall(c, http.StatusOK, func(id int64) (replacementResp, error) {
		as, repl, err := a.d.Reviews.Replace(c.Request.Context(), actor(c), id, req.ExpertID, req.Reason)
		return toReplacementResp(actor(c), as, repl), err
	}, func(r replacementResp) replacementResp { return r })
}

func (a *API) myExpertProfile(c *gin.Context) {
	e, err := a.d.Reviews.Profile(c.Request.Context(), actor(c))
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toExpertDTO(e))
}

func (a *API) updateMyExpertProfile(c *gin.Context) {
	var req profileReq
	if !bindJSON(c, &req) {
		return
	}
	e, err := a.d.Reviews.UpdateProfile(c.Request.Context(), actor(c), review.ProfileInput{Fields: req.Fields,
		Conflicts: convertAll(req.Conflicts, func(x conflictDTO) review.Conflict { return review.Conflict(x) })})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toExpertDTO(e))
}

func (a *API) listExperts(c *gin.Context) {
	p, ok := pageQuery(c)
	if !ok {
		return
	}
	active, ok := queryBool(c, "active")
	if !ok {
		return
	}
	l, err := a.d.Reviews.Experts(c.Request.Context(), actor(c), review.ExpertFilter{Q: c.Query("q"), Field: c.Query("field"), Active: active}, p)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toList(l, toExpertDTO))
}

func (a *API) updateExpert(c *gin.Context) {
	var req expertPatchReq
	if !bindJSON(c, &req) {
		return
	}
	roundCall(c, http.StatusOK, func(id int64) (review.Expert, error) {
		return a.d.Reviews.UpdateExpert(c.Request.Context(), actor(c), id, review.PoolPatch{Active: req.Active, MaxOpen: req.MaxOpen})
	}, toExpertDTO)
}
