package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"jiebang/domain/account"
)

// Organisation members (单位成员): the organisation's administrator and the bureau handle membership requests.
func (a *API) registerMemberRoutes() {
	a.handle(op{Method: http.MethodGet, Path: "/orgs/{id}/members", Summary: "An organisation's members and membership requests (pending first)",
		Tag: "orgs", Auth: true, Query: memberListQuery{}, Resp: listResp[userDTO]{}}, a.listMembers)
	a.handle(op{Method: http.MethodPost, Path: "/orgs/{id}/members/{user_id}/approve", Summary: "Approve a membership request",
		Tag: "orgs", Auth: true, Resp: userDTO{}}, a.approveMember)
	a.handle(op{Method: http.MethodPost, Path: "/orgs/{id}/members/{user_id}/reject", Summary: "Reject a membership request with a reason",
		Tag: "orgs", Auth: true, Req: reasonReq{}, Resp: userDTO{}}, a.rejectMember)
	a.handle(op{Method: http.MethodPost, Path: "/orgs/{id}/members/{user_id}/remove", Summary: "End an active member's membership with a reason",
		Tag: "orgs", Auth: true, Req: reasonReq{}, Resp: userDTO{}}, a.removeMember)
	a.handle(op{Method: http.MethodPost, Path: "/orgs/{id}/members/{user_id}/org-admin", Summary: "Hand the administrator role (单位管理员) to an active member",
		Tag: "orgs", Auth: true, Resp: userDTO{}}, a.handOverOrgAdmin)
}

type memberListQuery struct {
	pageQueryDoc
	Membership string `query:"membership" enum:"active,pending,rejected"`
}

// reasonReq is a written reason (rejection, removal).
type reasonReq struct {
	Reason string `json:"reason" required:"true" maxLength:"2000"`
}

func (a *API) listMembers(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	p, ok := pageQuery(c)
	if !ok {
		return
	}
	l, err := a.d.Accounts.Members(c.Request.Context(), actor(c), id,
		account.MemberFilter{Membership: account.Membership(c.Query("membership"))}, p)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toList(l, memberDTOs(actor(c))))
}

// memberIDs reads the organisation and user ids of a member path.
func memberIDs(c *gin.Context) (int64, int64, bool) {
	org, ok := pathID(c, "id")
	if !ok {
		return 0, 0, false
	}
	user, ok := pathID(c, "user_id")
	return org, user, ok
}

func (a *API) approveMember(c *gin.Context) {
	org, user, ok := memberIDs(c)
	if !ok {
		return
	}
	u, err := a.d.Accounts.ApproveMember(c.Request.Context(), actor(c), org, user)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, memberDTOs(actor(c))(u))
}

func (a *API) rejectMember(c *gin.Context) {
	org, user, ok := memberIDs(c)
	if !ok {
		return
	}
	var req reasonReq
	if !bindJSON(c, &req) {
		return
	}
	u, err := a.d.Accounts.RejectMember(c.Request.Context(), actor(c), org, user, req.Reason)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, memberDTOs(actor(c))(u))
}

func (a *API) removeMember(c *gin.Context) {
	org, user, ok := memberIDs(c)
	if !ok {
		return
	}
	var req reasonReq
	if !bindJSON(c, &req) {
		return
	}
	u, err := a.d.Accounts.RemoveMember(c.Request.Context(), actor(c), org, user, req.Reason)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, memberDTOs(actor(c))(u))
}

func (a *API) handOverOrgAdmin(c *gin.Context) {
	org, user, ok := memberIDs(c)
	if !ok {
		return
	}
	u, err := a.d.Accounts.HandOverAdmin(c.Request.Context(), actor(c), org, user)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, memberDTOs(actor(c))(u))
}
