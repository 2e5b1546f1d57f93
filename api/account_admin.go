package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/account"
)

func (a *API) lookupOrg(c *gin.Context) {
	l, err := a.d.Accounts.LookupOrg(c.Request.Context(), c.Query("credit_code"))
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toOrgLookupResp(l))
}

func (a *API) listOrgs(c *gin.Context) {
	p, ok := pageQuery(c)
	if !ok {
		return
	}
	verified, ok := queryBool(c, "verified")
	if !ok {
		return
	}
	l, err := a.d.Accounts.ListOrgs(c.Request.Context(), actor(c), account.OrgFilter{Verified: verified, Q: c.Query("q")}, p)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toList(l, toOrgDTO))
}

func (a *API) verifyOrg(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	o, err := a.d.Accounts.VerifyOrg(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toOrgDTO(o))
}

func (a *API) setOrgCredit(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req creditReq
	if !bindJSON(c, &req) {
		return
	}
	o, err := a.d.Accounts.SetCredit(c.Request.Context(), actor(c), id,
		account.CreditInput{Status: account.CreditStatus(req.CreditStatus), Reason: req.Reason})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toOrgDTO(o))
}

func (a *API) listUsers(c *gin.Context) {
	p, ok := pageQuery(c)
	if !ok {
		return
	}
	disabled, ok := queryBool(c, "disabled")
	if !ok {
		return
	}
	role := c.Query("role")
	if role != "" && !domain.Role(role).Valid() {
		fail(c, badRequest("invalid_query", "未知的角色："+role, "unknown role: "+role))
		return
	}
	l, err := a.d.Accounts.ListUsers(c.Request.Context(), actor(c),
		account.UserFilter{Role: domain.Role(role), Disabled: disabled, Q: c.Query("q")}, p)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toList(l, adminUserDTOs(actor(c))))
}

func (a *API) disableUser(c *gin.Context) { a.userAction(c, a.d.Accounts.DisableUser) }
func (a *API) enableUser(c *gin.Context)  { a.userAction(c, a.d.Accounts.EnableUser) }

func (a *API) userAction(c *gin.Context, fn func(context.Context, domain.Actor, int64) (account.User, error)) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	u, err := fn(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, adminUserDTOs(actor(c))(u))
}
