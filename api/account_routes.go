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
	a.handle(op{Method: http.MethodPost, Path: "/auth/login", Summary: "Log in: access and refresh tokens, or the second step's token (mfa_required)", Tag: "auth",
		Req: loginReq{}, Resp: loginResp{}, Errors: []int{http.StatusForbidden, http.StatusTooManyRequests}}, a.login)
	a.handle(op{Method: http.MethodPost, Path: "/auth/login/mfa", Summary: "Second step of a login: a TOTP or recovery code gives the tokens",
		Tag: "auth", Req: loginMFAReq{}, Resp: sessionResp{}, Errors: []int{http.StatusTooManyRequests}}, a.loginMFA)
	a.handle(op{Method: http.MethodPost, Path: "/auth/refresh", Summary: "Exchange a refresh token for a new pair (rotation)",
		Tag: "auth", Req: refreshReq{}, Resp: sessionResp{}}, a.refresh)
	a.handle(op{Method: http.MethodPost, Path: "/auth/logout", Summary: "Revoke a refresh token's session", Tag: "auth",
		Auth: true, Req: refreshReq{}, Status: http.StatusNoContent}, a.logout)
	a.handle(op{Method: http.MethodGet, Path: "/me", Summary: "The logged-in user with role and organisation", Tag: "auth",
		Auth: true, Resp: userDTO{}}, a.me)
	a.handle(op{Method: http.MethodPost, Path: "/me/password", Summary: "Change one's password (ends the other sessions)",
		Tag: "auth", Auth: true, Req: passwordChangeReq{}, Status: http.StatusNoContent}, a.changePassword)
	a.handle(op{Method: http.MethodGet, Path: "/me/mfa", Summary: "One's two-factor sign-in: on, required, recovery codes left",
		Tag: "auth", Auth: true, Resp: mfaStatusResp{}}, a.mfaStatus)
	a.handle(op{Method: http.MethodPost, Path: "/me/mfa/totp", Summary: "Start enrolling an authenticator app (TOTP): secret, otpauth URL, QR code",
		Tag: "auth", Auth: true, Resp: mfaEnrolmentResp{}, Errors: []int{http.StatusConflict}}, a.startTOTP)
	a.handle(op{Method: http.MethodPost, Path: "/me/mfa/totp/confirm", Summary: "Confirm the enrolment with a code: ten recovery codes, shown once",
		Tag: "auth", Auth: true, Req: mfaCodeReq{}, Resp: recoveryCodesResp{}, Errors: []int{http.StatusConflict}}, a.confirmTOTP)
	a.handle(op{Method: http.MethodPost, Path: "/me/mfa/recovery-codes", Summary: "Replace one's recovery codes by ten new ones",
		Tag: "auth", Auth: true, Req: mfaCodeReq{}, Resp: recoveryCodesResp{}, Errors: []int{http.StatusConflict}}, a.regenerateRecoveryCodes)
	a.handle(op{Method: http.MethodDelete, Path: "/me/mfa", Summary: "Turn one's two-factor sign-in off (a current code or the password)",
		Tag: "auth", Auth: true, Req: mfaDisableReq{}, Status: http.StatusNoContent, Errors: []int{http.StatusConflict}}, a.disableMFA)

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
	a.handle(op{Method: http.MethodPost, Path: "/users/{id}/mfa/reset", Summary: "Reset an account's second factor (lost authenticator)",
		Tag: "users", Roles: adminOnly, Resp: userDTO{}}, a.resetUserMFA)
	a.registerMemberRoutes()
}
