package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"jiebang/domain/account"
)

func (a *API) register(c *gin.Context) {
	var req registerReq
	if !bindJSON(c, &req) {
		return
	}
	u, err := a.d.Accounts.Register(c.Request.Context(), actor(c), req.toInput())
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toUserDTO(u))
}

func (a *API) login(c *gin.Context) {
	var req loginReq
	if !bindJSON(c, &req) {
		return
	}
	s, err := a.d.Accounts.Login(c.Request.Context(), actor(c), account.LoginInput{Email: req.Email, Password: req.Password})
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	now := a.d.Clock.Now()
	if s.MFAToken != "" {
		c.JSON(http.StatusOK, mfaChallengeResp{MFARequired: true, MFAToken: s.MFAToken,
			MFAExpiresIn: int64(s.MFATokenExpiresAt.Sub(now).Seconds())})
		return
	}
	c.JSON(http.StatusOK, toSessionResp(s.Session, now))
}

func (a *API) loginMFA(c *gin.Context) {
	var req loginMFAReq
	if !bindJSON(c, &req) {
		return
	}
	s, err := a.d.Accounts.LoginMFA(c.Request.Context(), actor(c), req.MFAToken, req.Code)
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, toSessionResp(s, a.d.Clock.Now()))
}

func (a *API) refresh(c *gin.Context) {
	var req refreshReq
	if !bindJSON(c, &req) {
		return
	}
	s, err := a.d.Accounts.Refresh(c.Request.Context(), actor(c), req.RefreshToken)
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, toSessionResp(s, a.d.Clock.Now()))
}

func (a *API) logout(c *gin.Context) {
	var req refreshReq
	if !bindJSON(c, &req) {
		return
	}
	if err := a.d.Accounts.Logout(c.Request.Context(), actor(c), req.RefreshToken); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (a *API) me(c *gin.Context) {
	u, err := a.d.Accounts.Me(c.Request.Context(), actor(c))
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toUserDTO(u))
}
