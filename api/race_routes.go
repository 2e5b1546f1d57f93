package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/race"
)

func (a *API) registerRaceRoutes() {
	bureau := []domain.Role{domain.RoleBureau}
	a.handle(op{Method: http.MethodGet, Path: "/challenges/{id}/selection", Summary: "The closed bid review's ranking and how many racers may be selected (bureau)",
		Tag: "race", Roles: bureau, Resp: selectionDTO{}}, a.getSelection)
	a.handle(op{Method: http.MethodPost, Path: "/challenges/{id}/selection", Summary: "Select the racers from the ranking and open the public notice (公示); after an upheld objection, select again and re-notice",
		Tag: "race", Roles: bureau, Req: selectionReq{}, Resp: noticeDTO{}}, a.postSelection)
	a.handle(op{Method: http.MethodGet, Path: "/notices", Summary: "Public notices, newest first, with their objection counts",
		Tag: "race", Query: noticeListQuery{}, Resp: listResp[noticeDTO]{}}, a.listNotices)
	a.handle(op{Method: http.MethodGet, Path: "/notices/{id}", Summary: "A notice page: the selected teams and organisations, the objection count and the bureau's answers (no scores, experts or objectors)",
		Tag: "race", Resp: noticeDTO{}}, a.getNotice)
	a.handle(op{Method: http.MethodGet, Path: "/challenges/{id}/notice", Summary: "The challenge's current notice",
		Tag: "race", Resp: noticeDTO{}}, a.getChallengeNotice)
	a.handle(op{Method: http.MethodPost, Path: "/notices/{id}/objections", Summary: "File an objection (异议) with reasons during the notice period (409 notice_closed after it)",
		Tag: "race", Auth: true, Req: objectionReq{}, Resp: objectionDTO{}, Status: http.StatusCreated}, a.postObjection)
	a.handle(op{Method: http.MethodPost, Path: "/objections/{id}/resolve", Summary: "Answer an objection: upheld or dismissed, with a written answer shown on the notice",
		Tag: "race", Roles: bureau, Req: resolveReq{}, Resp: objectionDTO{}}, a.resolveObjection)
	a.handle(op{Method: http.MethodPost, Path: "/challenges/{id}/start", Summary: "Start the project (立项) after the notice: racers with task books, challenge in_progress (409 notice_running, objection_open)",
		Tag: "race", Roles: bureau, Resp: boardDTO{}}, a.startRace)
	a.registerStageRoutes()
	a.registerTaskbookRoutes()
	a.registerRectificationRoutes()
	a.registerRaceAttachmentRoutes()
}

func (a *API) getSelection(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	sel, err := a.d.Race.Ranking(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	out := selectionDTO{ReviewClosed: sel.Closed, Mode: string(sel.Mode), Min: sel.Min, Max: sel.Max, Ranking: []rankedDTO{}}
	for _, r := range sel.Ranking {
		out.Ranking = append(out.Ranking, rankedDTO{BidID: r.BidID, Rank: r.Rank, FinalScore: r.Score})
	}
	c.JSON(http.StatusOK, out)
}

func (a *API) postSelection(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req selectionReq
	if !bindJSON(c, &req) {
		return
	}
	n, err := a.d.Race.Select(c.Request.Context(), actor(c), id, race.SelectionInput{BidIDs: req.BidIDs, NoticeDays: req.NoticeDays, Reason: req.Reason})
	if err != nil {
		fail(c, err)
		return
	}
	v, err := a.d.Race.Notice(c.Request.Context(), actor(c), n.ID)
	a.answerNotice(c, v, err)
}

func (a *API) answerNotice(c *gin.Context, v race.NoticeView, err error) {
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toNoticeDTO(actor(c), v, a.d.Clock.Now()))
}

func (a *API) listNotices(c *gin.Context) {
	p, ok := pageQuery(c)
	if !ok {
		return
	}
	f := race.NoticeFilter{Status: race.NoticeStatus(c.Query("status"))}
	if s := c.Query("challenge_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			fail(c, badRequest("invalid_query", "challenge_id 应为整数", "challenge_id must be an integer"))
			return
		}
		f.ChallengeID = id
	}
	switch f.Status {
	case "", race.NoticeOpen, race.NoticeClosed, race.NoticeSuperseded:
	default:
		fail(c, badRequest("invalid_query", "status 取值无效", "invalid status"))
		return
	}
	l, err := a.d.Race.Notices(c.Request.Context(), f, p)
	if err != nil {
		fail(c, err)
		return
	}
	now := a.d.Clock.Now()
	c.JSON(http.StatusOK, toList(l, func(v race.NoticeView) noticeDTO { return toNoticeDTO(actor(c), v, now) }))
}

func (a *API) getNotice(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	v, err := a.d.Race.Notice(c.Request.Context(), actor(c), id)
	a.answerNotice(c, v, err)
}

func (a *API) getChallengeNotice(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	v, err := a.d.Race.CurrentNotice(c.Request.Context(), actor(c), id)
	a.answerNotice(c, v, err)
}

func (a *API) postObjection(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req objectionReq
	if !bindJSON(c, &req) {
		return
	}
	o, err := a.d.Race.Object(c.Request.Context(), actor(c), id, req.Reason)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toObjectionDTO(actor(c), o))
}

func (a *API) resolveObjection(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req resolveReq
	if !bindJSON(c, &req) {
		return
	}
	o, err := a.d.Race.Resolve(c.Request.Context(), actor(c), id, race.ResolveInput{Outcome: race.ObjectionStatus(req.Outcome), Answer: req.Answer})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toObjectionDTO(actor(c), o))
}

func (a *API) startRace(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	if _, err := a.d.Race.Start(c.Request.Context(), actor(c), id); err != nil {
		fail(c, err)
		return
	}
	a.answerBoard(c, id)
}

func (a *API) answerBoard(c *gin.Context, challengeID int64) {
	b, err := a.d.Race.Board(c.Request.Context(), actor(c), challengeID)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toBoardDTO(actor(c), b))
}
