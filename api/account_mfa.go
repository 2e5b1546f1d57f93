package api

import (
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/account"
)

func (a *API) changePassword(c *gin.Context) {
	var req passwordChangeReq
	if !bindJSON(c, &req) {
		return
	}
	if err := a.d.Accounts.ChangePassword(c.Request.Context(), actor(c),
		account.PasswordChange{Current: req.CurrentPassword, New: req.NewPassword}); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (a *API) mfaStatus(c *gin.Context) {
	st, err := a.d.Accounts.MFAStatusOf(c.Request.Context(), actor(c))
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, mfaStatusResp{Enabled: st.Enabled, Required: st.Required, Pending: st.Pending,
		ConfirmedAt: st.ConfirmedAt, RecoveryCodesLeft: st.RecoveryCodesLeft})
}

func (a *API) startTOTP(c *gin.Context) {
	e, err := a.d.Accounts.StartTOTP(c.Request.Context(), actor(c))
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, mfaEnrolmentResp{Secret: e.Secret, OtpauthURL: e.URL,
		QRPNG: "data:image/png;base64," + base64.StdEncoding.EncodeToString(e.QRPNG)})
}

func (a *API) confirmTOTP(c *gin.Context) {
	var req mfaCodeReq
	if !bindJSON(c, &req) {
		return
	}
	codes, err := a.d.Accounts.ConfirmTOTP(c.Request.Context(), actor(c), req.Code)
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, recoveryCodesResp{RecoveryCodes: codes})
}

func (a *API) regenerateRecoveryCodes(c *gin.Context) {
	var req mfaCodeReq
	if !bindJSON(c, &req) {
		return
	}
	codes, err := a.d.Accounts.RegenerateRecoveryCodes(c.Request.Context(), actor(c), req.Code)
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, recoveryCodesResp{RecoveryCodes: codes})
}

func (a *API) disableMFA(c *gin.Context) {
	var req mfaDisableReq
	if !bindJSON(c, &req) {
		return
	}
	if err := a.d.Accounts.DisableMFA(c.Request.Context(), actor(c),
		account.SecondFactorProof{Code: req.Code, Password: req.Password}); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (a *API) resetUserMFA(c *gin.Context) { a.userAction(c, a.d.Accounts.ResetMFA) }

// enrolmentAllowed reports whether a user who must enrol a second factor may call the route (full path): its
// own account, the enrolment itself and the authentication routes (logout).
func enrolmentAllowed(method, route string) bool {
	switch {
	case method == http.MethodGet && route == "/api/v1/me":
		return true
	case route == "/api/v1/me/mfa" || strings.HasPrefix(route, "/api/v1/me/mfa/"):
		return true
	case strings.HasPrefix(route, "/api/v1/auth/"):
		return true
	}
	return false
}

// errMFAEnrolmentRequired is the 403 of a user who must enrol a second factor before anything else.
func errMFAEnrolmentRequired() *domain.Error {
	return domain.Forbidden("mfa_enrolment_required", "您的角色须先启用双因素认证（安全设置）才能继续使用平台",
		"your role must turn on two-factor sign-in (security settings) before using the platform")
}
