package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/notify"
)

func (a *API) registerNotifyRoutes() {
	a.handle(op{Method: http.MethodGet, Path: "/me/notifications", Summary: "My notifications (站内通知), newest first, with the unread count",
		Tag: "notifications", Auth: true, Query: notificationsQuery{}, Resp: notificationsResp{}}, a.listNotifications)
	a.handle(op{Method: http.MethodPost, Path: "/notifications/{id}/read", Summary: "Mark one of my notifications read (another user's: 404)",
		Tag: "notifications", Auth: true, Resp: unreadResp{}}, a.readNotification)
	a.handle(op{Method: http.MethodPost, Path: "/notifications/read-all", Summary: "Mark all my notifications read",
		Tag: "notifications", Auth: true, Resp: unreadResp{}}, a.readAllNotifications)
}

type notificationsQuery struct {
	pageQueryDoc
	Unread *bool `query:"unread" description:"1 or true: only unread ones"`
}

// notificationDTO is one notification; title and body are in the request's language, both texts are given too.
type notificationDTO struct {
	ID        int64      `json:"id" required:"true"`
	Kind      string     `json:"kind" required:"true"`
	Title     string     `json:"title" required:"true"`
	Body      string     `json:"body" required:"true"`
	TitleZh   string     `json:"title_zh" required:"true"`
	TitleEn   string     `json:"title_en" required:"true"`
	BodyZh    string     `json:"body_zh" required:"true"`
	BodyEn    string     `json:"body_en" required:"true"`
	Link      string     `json:"link" required:"true" description:"path in the web app"`
	NextLabel string     `json:"next_label" required:"true" description:"what the reader should do next, in the request's language (the button that opens link: 去评分, 查看申报 …); \"\" for a kind no longer in the catalogue"`
	Entity    string     `json:"entity" required:"true"`
	EntityID  int64      `json:"entity_id" required:"true"`
	CreatedAt time.Time  `json:"created_at" required:"true"`
	ReadAt    *time.Time `json:"read_at" required:"true"`
}

type notificationsResp struct {
	listResp[notificationDTO]
	Unread int `json:"unread" required:"true"`
}

type unreadResp struct {
	Unread int `json:"unread" required:"true"`
}

func toNotificationDTO(c *gin.Context, n notify.Notification) notificationDTO {
	zh, en, _ := notify.NextStep(n.Kind, actor(c).Role)
	return notificationDTO{NextLabel: pick(c, zh, en), ID: n.ID, Kind: n.Kind, Title: pick(c, n.TitleZh, n.TitleEn), Body: pick(c, n.BodyZh, n.BodyEn),
		TitleZh: n.TitleZh, TitleEn: n.TitleEn, BodyZh: n.BodyZh, BodyEn: n.BodyEn, Link: n.Link, Entity: n.Entity,
		EntityID: n.EntityID, CreatedAt: n.CreatedAt, ReadAt: n.ReadAt}
}

func (a *API) listNotifications(c *gin.Context) {
	p, ok := pageQuery(c)
	if !ok {
		return
	}
	unread, ok := queryBool(c, "unread")
	if !ok {
		return
	}
	l, n, err := a.d.Notify.List(c.Request.Context(), actor(c), unread != nil && *unread, p)
	if err != nil {
		fail(c, err)
		return
	}
	out := notificationsResp{listResp: toList(l, func(x notify.Notification) notificationDTO { return toNotificationDTO(c, x) }), Unread: n}
	c.JSON(http.StatusOK, out)
}

func (a *API) readNotification(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	if err := a.d.Notify.MarkRead(c.Request.Context(), actor(c), id); err != nil {
		fail(c, err)
		return
	}
	a.answerUnread(c)
}

func (a *API) readAllNotifications(c *gin.Context) {
	if err := a.d.Notify.MarkAllRead(c.Request.Context(), actor(c)); err != nil {
		fail(c, err)
		return
	}
	a.answerUnread(c)
}

// answerUnread answers a read action with the actor's unread count (the bell's number).
func (a *API) answerUnread(c *gin.Context) {
	_, n, err := a.d.Notify.List(c.Request.Context(), actor(c), true, domain.Page{Page: 1, PageSize: 1})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, unreadResp{Unread: n})
}
