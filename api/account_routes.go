package api

import (
	"net/http"

	"jiebang/domain"
)

var (
	bureauOnly = []domain.Role{domain.RoleBureau}
	adminOnly  = []domain.Role{domain.RoleAdmin}
)

func (a *API) registerAccountRoutes() {
	a.handle(op{Method: http.MethodPost, Path: "/auth/register", Summary: "Register an enterprise, team or expert user",
		Tag: "auth", Req: registerReq{}, Resp: userDTO{}, Status: http.StatusCreated,
		Errors: []int{http.StatusConflict, http.StatusTooManyRequests}}, a.register)
	a.handle(op{Method: http.MethodPost, Path: "/auth/login", Summary: "Log in: access and refresh tokens", Tag: "auth",
		Req: loginReq{}, Resp: sessionResp{}, Errors: []int{http.StatusForbidden, http.StatusTooManyRequests}}, a.login)
	a.handle(op{Method: http.MethodPost, Path: "/auth/refresh", Summary: "Exchange a refresh token for a new pair (rotation)",
		Tag: "auth", Req: refreshReq{}, Resp: sessionResp{}}, a.refresh)
	a.handle(op{Method: http.MethodPost, Path: "/auth/logout", Summary: "Revoke a refresh token's session", Tag: "auth",
		Auth: true, Req: refreshReq{}, Status: http.StatusNoContent}, a.logout)
	a.handle(op{Method: http.MethodGet, Path: "/me", Summary: "The logged-in user with role and organisation", Tag: "auth",
		Auth: true, Resp: userDTO{}}, a.me)

	a.handle(op{Method: http.MethodGet, Path: "/orgs/lookup", Summary: "Check a credit code and name its organisation",
		Tag: "orgs", Query: orgLookupQuery{}, Resp: orgLookupResp{}}, a.lookupOrg)
	a.handle(op{Method: http.MethodGet, Path: "/orgs", Summary: "Organisations", Tag: "orgs", Roles: bureauOnly,
		Query: orgListQuery{}, Resp: listResp[orgDTO]{}}, a.listOrgs)
	a.handle(op{Method: http.MethodPost, Path: "/orgs/{id}/verify", Summary: "Verify an organisation", Tag: "orgs",
		Roles: bureauOnly, Resp: orgDTO{}}, a.verifyOrg)
	a.handle(op{Method: http.MethodPost, Path: "/orgs/{id}/credit", Summary: "Change an organisation's credit status",
		Tag: "orgs", Roles: bureauOnly, Req: creditReq{}, Resp: orgDTO{}}, a.setOrgCredit)

	a.handle(op{Method: http.MethodGet, Path: "/users", Summary: "Accounts", Tag: "users", Roles: adminOnly,
		Query: userListQuery{}, Resp: listResp[userDTO]{}}, a.listUsers)
	a.handle(op{Method: http.MethodPost, Path: "/users/{id}/disable", Summary: "Disable an account", Tag: "users",
		Roles: adminOnly, Resp: userDTO{}}, a.disableUser)
	a.handle(op{Method: http.MethodPost, Path: "/users/{id}/enable", Summary: "Enable an account", Tag: "users",
		Roles: adminOnly, Resp: userDTO{}}, a.enableUser)
	a.registerMemberRoutes()
}
