package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/taskbook"
)

func (a *API) registerTaskbookRoutes() {
	sign := []int{http.StatusConflict, http.StatusUnprocessableEntity, http.StatusTooManyRequests}
	a.handle(op{Method: http.MethodGet, Path: "/racers/{id}/taskbook", Summary: "The racer's current task book (任务书) version: content, SHA-256 digest, signatures in order and who signs next (its team, the owner enterprise, the bureau)",
		Tag: "taskbook", Auth: true, Resp: taskbookDTO{}}, a.getTaskbook)
	a.handle(op{Method: http.MethodGet, Path: "/racers/{id}/taskbook/versions", Summary: "Every version of the racer's task book (v1 and each 补充任务书) with its signatures, newest first",
		Tag: "taskbook", Auth: true, Resp: []taskbookVersionDTO{}}, a.getTaskbookVersions)
	a.handle(op{Method: http.MethodGet, Path: "/racers/{id}/taskbook.pdf", Summary: "The racer's current task book as a PDF: content, signatures and digest",
		Tag: "taskbook", Auth: true, RespContentType: "application/pdf"}, a.getTaskbookPDF)
	a.handle(op{Method: http.MethodPost, Path: "/racers/{id}/taskbook/sign", Summary: "Sign the task book's latest version for the next party, re-entering the password (or the second-factor code); 409 taskbook_changed, not_your_turn, already_signed; 422 reauth_failed",
		Tag: "taskbook", Auth: true, Req: signReq{}, Resp: taskbookDTO{}, Errors: sign}, a.signTaskbook)
	a.handle(op{Method: http.MethodGet, Path: "/racers/{id}/changes", Summary: "The racer's change requests (项目变更), newest first, with the rules in force (its team, the owner enterprise, the bureau)",
		Tag: "taskbook", Auth: true, Resp: changeRequestsDTO{}}, a.listChanges)
	a.handle(op{Method: http.MethodPost, Path: "/racers/{id}/changes", Summary: "File a change request (the lead organisation, or the bureau): 422 too_late, extension_used, extension_too_long; 409 change_open",
		Tag: "taskbook", Roles: []domain.Role{domain.RoleTeam, domain.RoleBureau}, Req: changeRequestReq{}, Resp: changeRequestDTO{}, Status: http.StatusCreated,
		Errors: []int{http.StatusConflict, http.StatusUnprocessableEntity}}, a.fileChange)
	for _, act := range []struct {
		action string
		role   domain.Role
		what   string
	}{
		{taskbook.ActionConsent, domain.RoleEnterprise, "The owner enterprise consents to a major change"},
		{taskbook.ActionApprove, domain.RoleBureau, "The bureau approves a change: the next task book version (补充任务书) is made, to be signed again"},
		{taskbook.ActionReject, domain.RoleBureau, "The bureau rejects a change, with a reason"},
		{taskbook.ActionWithdraw, domain.RoleTeam, "The lead organisation withdraws its change request"},
	} {
		roles := []domain.Role{act.role}
		if act.action == taskbook.ActionWithdraw {
			roles = append(roles, domain.RoleBureau)
		}
		action := act.action
		a.handle(op{Method: http.MethodPost, Path: "/changes/{id}/" + action, Summary: act.what,
			Tag: "taskbook", Roles: roles, Req: changeActionReq{}, Resp: changeRequestDTO{}}, func(c *gin.Context) { a.actOnChange(c, action) })
	}
}

func (a *API) hasMFA(ctx context.Context, act domain.Actor) bool {
	st, err := a.d.Accounts.MFAStatusOf(ctx, act)
	return err == nil && st.Enabled
}

func (a *API) getTaskbook(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	v, err := a.d.Taskbook.Get(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toTaskbookDTO(v, a.hasMFA(c.Request.Context(), actor(c))))
}

func (a *API) getTaskbookVersions(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	vs, err := a.d.Taskbook.History(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	out := make([]taskbookVersionDTO, 0, len(vs))
	for _, v := range vs {
		d := taskbookVersionDTO{Version: v.Version.Number, Digest: v.Version.Digest, Content: v.Version.Content,
			CreatedAt: v.Version.CreatedAt, Superseded: v.Version.Superseded, Slots: v.Slots, Complete: v.Version.Complete(),
			Signatures: []signatureDTO{}}
		for _, s := range v.Signatures {
			d.Signatures = append(d.Signatures, toSignatureDTO(s))
		}
		out = append(out, d)
	}
	c.JSON(http.StatusOK, out)
}

func (a *API) signTaskbook(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req signReq
	if !bindJSON(c, &req) {
		return
	}
	v, err := a.d.Taskbook.Sign(c.Request.Context(), actor(c), id, taskbook.SignInput{Version: req.Version, Digest: req.Digest,
		Password: req.Password, Code: req.TOTPCode})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toTaskbookDTO(v, a.hasMFA(c.Request.Context(), actor(c))))
}

func (a *API) listChanges(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	v, err := a.d.Taskbook.Changes(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	out := changeRequestsDTO{Items: []changeRequestDTO{}, Rules: changeRulesDTO{LeadDays: v.Rules.LeadDays, MaxExtensionMonths: v.Rules.MaxExtensionMonths,
		MaxExtensions: v.Rules.MaxExtensions, ExtensionsUsed: v.ExtensionsUsed, TooLate: v.TooLate, MayFile: v.MayFile}}
	for _, ch := range v.Changes {
		out.Items = append(out.Items, toChangeRequestDTO(actor(c), ch, v.LeadOrgID, v.OwnerOrgID))
	}
	c.JSON(http.StatusOK, out)
}

func (a *API) fileChange(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req changeRequestReq
	if !bindJSON(c, &req) {
		return
	}
	v, err := a.d.Taskbook.File(c.Request.Context(), actor(c), id, taskbook.ChangeInput{Kind: taskbook.Kind(req.Kind),
		Reason: req.Reason, Proposed: req.Proposed, Attachments: req.Attachments})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toChangeRequestDTO(actor(c), v.Change, v.LeadOrgID, v.OwnerOrgID))
}

func (a *API) actOnChange(c *gin.Context, action string) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req changeActionReq
	if !bindJSON(c, &req) {
		return
	}
	v, err := a.d.Taskbook.Act(c.Request.Context(), actor(c), id, taskbook.ChangeDecision{Action: action, Reason: req.Reason})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toChangeRequestDTO(actor(c), v.Change, v.LeadOrgID, v.OwnerOrgID))
}
