package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/race"
)

func (a *API) registerStageRoutes() {
	bureau := []domain.Role{domain.RoleBureau}
	a.handle(op{Method: http.MethodGet, Path: "/challenges/{id}/racers", Summary: "The race board: racers with status and outcomes; the detail for their team, the owner enterprise and the bureau",
		Tag: "race", Resp: boardDTO{}}, a.getRacers)
	a.handle(op{Method: http.MethodGet, Path: "/racers/{id}", Summary: "One racer with its task book (任务书): its team, the owner enterprise, the bureau",
		Tag: "race", Auth: true, Resp: racerDTO{}}, a.getRacer)
	a.handle(op{Method: http.MethodPost, Path: "/racers/{id}/reports", Summary: "Submit (or replace before the decision) the stage report; late ones are accepted and marked late",
		Tag: "race", Roles: []domain.Role{domain.RoleTeam}, Req: reportReq{}, Resp: reportDTO{}, Status: http.StatusCreated}, a.postReport)
	a.handle(op{Method: http.MethodGet, Path: "/challenges/{id}/stages/{stage}/decision", Summary: "The outcome the stage's rule proposes (keep the top K, eliminate below the minimum score), with the decision once it is in",
		Tag: "race", Roles: bureau, Resp: proposalDTO{}}, a.getDecision)
	a.handle(op{Method: http.MethodPost, Path: "/challenges/{id}/stages/{stage}/decision", Summary: "Decide a stage: who advances, who rectifies (限期整改, due date and requirements), who is eliminated (reason, tolerance 容错, credit status); a reason when departing from the proposal",
		Tag: "race", Roles: bureau, Req: decisionReq{}, Resp: decisionDTO{}}, a.postDecision)
	a.handle(op{Method: http.MethodPost, Path: "/racers/{id}/readmit", Summary: "Re-admit an eliminated racer at a later stage (复活), with a reason",
		Tag: "race", Roles: bureau, Req: reasonReq{}, Resp: racerDTO{}}, a.readmitRacer)
	a.handle(op{Method: http.MethodPost, Path: "/racers/{id}/merge", Summary: "Merge a racer into another (强强联合), with a reason",
		Tag: "race", Roles: bureau, Req: mergeReq{}, Resp: racerDTO{}}, a.mergeRacer)
	a.handle(op{Method: http.MethodPost, Path: "/challenges/{id}/acceptance/opinions", Summary: "The owner enterprise's acceptance opinion (验收意见) on a racing racer, per KPI",
		Tag: "race", Roles: []domain.Role{domain.RoleEnterprise}, Req: opinionReq{}, Resp: opinionDTO{}, Status: http.StatusCreated}, a.postOpinion)
	a.handle(op{Method: http.MethodPost, Path: "/challenges/{id}/acceptance", Summary: "Conclude the acceptance (验收): completed (passed) with the winners, failed (tolerance per racer), or once instead of failing rectify (限期整改) and then passed_after_rectification or failed",
		Tag: "race", Roles: bureau, Req: acceptanceReq{}, Resp: boardDTO{}}, a.postAcceptance)
	a.handle(op{Method: http.MethodGet, Path: "/results", Summary: "Finished challenges: winners and stage outcomes (public)",
		Tag: "race", Query: pageQueryDoc{}, Resp: listResp[boardDTO]{}}, a.listResults)
}

func (a *API) getRacers(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	a.answerBoard(c, id)
}

func (a *API) getRacer(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	v, ch, err := a.d.Race.Racer(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toRacerDTO(actor(c), v, ch))
}

func (a *API) postReport(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req reportReq
	if !bindJSON(c, &req) {
		return
	}
	r, err := a.d.Race.SubmitReport(c.Request.Context(), actor(c), id, race.ReportInput{Stage: req.Stage, Summary: req.Summary, KPIValues: req.KPIValues})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toReportDTO(r))
}

// stagePath reads {id} and {stage}.
func stagePath(c *gin.Context) (int64, int, bool) {
	id, ok := pathID(c, "id")
	if !ok {
		return 0, 0, false
	}
	st, ok := pathID(c, "stage")
	if !ok {
		return 0, 0, false
	}
	return id, int(min(st, 1<<30)), true
}

func (a *API) getDecision(c *gin.Context) {
	id, st, ok := stagePath(c)
	if !ok {
		return
	}
	p, err := a.d.Race.StageDecision(c.Request.Context(), actor(c), id, st)
	if err != nil {
		fail(c, err)
		return
	}
	out := proposalDTO{Stage: p.Stage, Name: p.Name, KeepTop: p.KeepTop, MinScore: p.MinScore, Scored: p.Scored,
		Scores: scoresDTO(p.Scores), Advance: p.Advance, Eliminate: p.Eliminate, Actions: p.Actions, RacerIDs: p.Racers}
	if out.Advance == nil {
		out.Advance = []int64{}
	}
	if out.Eliminate == nil {
		out.Eliminate = []int64{}
	}
	if p.Decided != nil {
		d := toDecisionDTO(*p.Decided)
		out.Decision = &d
	}
	c.JSON(http.StatusOK, out)
}

func (a *API) postDecision(c *gin.Context) {
	id, st, ok := stagePath(c)
	if !ok {
		return
	}
	var req decisionReq
	if !bindJSON(c, &req) {
		return
	}
	in := race.DecisionInput{Advance: req.Advance, Reason: req.Reason}
	for _, e := range req.Eliminate {
		in.Eliminate = append(in.Eliminate, race.Elimination(e))
	}
	for _, x := range req.Rectify {
		in.Rectify = append(in.Rectify, race.RectifyInput{RacerID: x.RacerID, Requirements: x.Requirements, DueAt: x.DueAt})
	}
	d, err := a.d.Race.Decide(c.Request.Context(), actor(c), id, st, in)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toDecisionDTO(d))
}

func (a *API) answerRacer(c *gin.Context, r race.Racer, err error) {
	if err != nil {
		fail(c, err)
		return
	}
	v, ch, err := a.d.Race.Racer(c.Request.Context(), actor(c), r.ID)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toRacerDTO(actor(c), v, ch))
}

func (a *API) readmitRacer(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req reasonReq
	if !bindJSON(c, &req) {
		return
	}
	r, err := a.d.Race.Readmit(c.Request.Context(), actor(c), id, req.Reason)
	a.answerRacer(c, r, err)
}

func (a *API) mergeRacer(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req mergeReq
	if !bindJSON(c, &req) {
		return
	}
	r, err := a.d.Race.Merge(c.Request.Context(), actor(c), id, req.IntoRacerID, req.Reason)
	a.answerRacer(c, r, err)
}

func (a *API) postOpinion(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req opinionReq
	if !bindJSON(c, &req) {
		return
	}
	o, err := a.d.Race.RecordOpinion(c.Request.Context(), actor(c), id, race.OpinionInput{RacerID: req.RacerID, KPIResults: req.KPIResults, Opinion: req.Opinion})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, opinionDTO{RacerID: o.RacerID, KPIResults: o.KPIResults, Opinion: o.Opinion, At: o.At})
}

func (a *API) postAcceptance(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req acceptanceReq
	if !bindJSON(c, &req) {
		return
	}
	in := race.AcceptanceInput{Outcome: race.Outcome(req.Outcome), WinnerRacerIDs: req.WinnerRacerIDs, Opinion: req.Opinion,
		Tolerance: map[int64]bool{}, CreditStatus: map[int64]string{}, RectifyDueAt: req.RectifyDueAt, Requirements: req.Requirements}
	for _, r := range req.Racers {
		in.Tolerance[r.RacerID] = r.Tolerance
		in.CreditStatus[r.RacerID] = r.CreditStatus
	}
	if _, err := a.d.Race.Conclude(c.Request.Context(), actor(c), id, in); err != nil {
		fail(c, err)
		return
	}
	a.answerBoard(c, id)
}

func (a *API) listResults(c *gin.Context) {
	p, ok := pageQuery(c)
	if !ok {
		return
	}
	l, err := a.d.Race.Results(c.Request.Context(), p)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toList(l, func(r race.Result) boardDTO {
		b := toBoardDTO(actor(c), race.Board{Challenge: r.Challenge, Racers: r.Racers})
		if r.FundingFen != nil {
			b.FundingFen = map[string]int64{}
			for id, f := range r.FundingFen {
				b.FundingFen[strconv.FormatInt(id, 10)] = f
			}
		}
		return b
	}))
}
