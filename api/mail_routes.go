package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/mail"
)

func (a *API) registerMailRoutes() {
	a.handle(op{Method: http.MethodGet, Path: "/me/mail-prefs", Summary: "My e-mail settings: language and the notification kinds not mailed",
		Tag: "notifications", Auth: true, Resp: mailPrefsResp{}}, a.getMailPrefs)
	a.handle(op{Method: http.MethodPut, Path: "/me/mail-prefs", Summary: "Replace my e-mail settings",
		Tag: "notifications", Auth: true, Req: mailPrefsReq{}, Resp: mailPrefsResp{}}, a.putMailPrefs)
	a.handle(op{Method: http.MethodGet, Path: "/mail/undelivered", Summary: "E-mails waiting for a retry or failed for good (bureau)",
		Tag: "notifications", Roles: []domain.Role{domain.RoleBureau, domain.RoleAdmin}, Query: pageQueryDoc{}, Resp: listResp[mailDTO]{}}, a.listUndelivered)
}

type mailPrefsReq struct {
	Lang  string   `json:"lang" required:"true" enum:"zh-CN,en"`
	Muted []string `json:"muted" required:"true" description:"notification kinds not mailed"`
}

type mailPrefsResp struct {
	// Enabled tells whether the server sends e-mail at all (an SMTP server is configured).
	Enabled bool     `json:"enabled" required:"true"`
	Lang    string   `json:"lang" required:"true" enum:"zh-CN,en"`
	Muted   []string `json:"muted" required:"true"`
	Kinds   []string `json:"kinds" required:"true" description:"the kinds of notification received so far"`
}

func (a *API) answerMailPrefs(c *gin.Context) {
	p, kinds, err := a.d.Mail.Prefs(c.Request.Context(), actor(c))
	if err != nil {
		fail(c, err)
		return
	}
	if p.Muted == nil {
		p.Muted = []string{}
	}
	if kinds == nil {
		kinds = []string{}
	}
	c.JSON(http.StatusOK, mailPrefsResp{Enabled: a.d.Mail.Enabled, Lang: p.Lang, Muted: p.Muted, Kinds: kinds})
}

func (a *API) getMailPrefs(c *gin.Context) { a.answerMailPrefs(c) }

func (a *API) putMailPrefs(c *gin.Context) {
	var req mailPrefsReq
	if !bindJSON(c, &req) {
		return
	}
	if req.Muted == nil {
		req.Muted = []string{}
	}
	if _, err := a.d.Mail.SavePrefs(c.Request.Context(), actor(c), mail.Prefs{Lang: req.Lang, Muted: req.Muted}); err != nil {
		fail(c, err)
		return
	}
	a.answerMailPrefs(c)
}

// mailDTO is an outbox message as the bureau sees it.
type mailDTO struct {
	ID            int64     `json:"id" required:"true"`
	To            string    `json:"to" required:"true"`
	Kind          string    `json:"kind" required:"true"`
	Subject       string    `json:"subject" required:"true"`
	Status        string    `json:"status" required:"true" enum:"pending,failed"`
	Attempts      int       `json:"attempts" required:"true"`
	LastError     string    `json:"last_error" required:"true"`
	NextAttemptAt time.Time `json:"next_attempt_at" required:"true"`
	CreatedAt     time.Time `json:"created_at" required:"true"`
}

func (a *API) listUndelivered(c *gin.Context) {
	p, ok := pageQuery(c)
	if !ok {
		return
	}
	l, err := a.d.Mail.Undelivered(c.Request.Context(), actor(c), p)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toList(l, func(m mail.Message) mailDTO {
		return mailDTO{ID: m.ID, To: m.To, Kind: m.Kind, Subject: m.Subject, Status: m.Status, Attempts: m.Attempts,
			LastError: m.LastError, NextAttemptAt: m.NextAttemptAt, CreatedAt: m.CreatedAt}
	}))
}
