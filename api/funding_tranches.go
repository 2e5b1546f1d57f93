package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/funding"
)

func (a *API) registerTrancheRoutes() {
	bureau := []domain.Role{domain.RoleBureau}
	team := []domain.Role{domain.RoleTeam}
	a.handle(op{Method: http.MethodGet, Path: "/funding/due", Summary: "待拨付: every government tranche decided and not fully paid, due now or held with its reason (taskbook_unsigned, stage_not_decided, cofunding_missing, rectification_pending, not_accepted, terminated, revoked); the refunds outstanding; the teams' open termination requests",
		Tag: "funding", Roles: bureau, Resp: fundingDueDTO{}}, a.fundingDue)
	a.handle(op{Method: http.MethodGet, Path: "/racers/{id}/funding", Summary: "A racer's payment plan (拨付计划): each tranche planned, decided, paid, its state and hold; the termination or revocation, expenses and refunds; the bureau and the owner enterprise, and the racer's team",
		Tag: "funding", Auth: true, Resp: racerPlanDTO{}}, a.racerPlan)
	a.handle(op{Method: http.MethodPost, Path: "/racers/{id}/terminate", Summary: "Terminate a racer (终止, bureau): a ground from the list and a reason; no further tranche; government funds disbursed minus accepted expenses become a refund due (409 already_ended)",
		Tag: "funding", Roles: bureau, Req: terminateReq{}, Resp: endingDTO{}, Status: http.StatusCreated}, a.terminateRacer)
	a.handle(op{Method: http.MethodPost, Path: "/racers/{id}/revoke", Summary: "Revoke a racer (撤销, misconduct; bureau): every government fund disbursed is due back; credit_status warned or barred is recorded on the organisation's credit ledger (409 already_ended)",
		Tag: "funding", Roles: bureau, Req: revokeReq{}, Resp: endingDTO{}, Status: http.StatusCreated}, a.revokeRacer)
	a.handle(op{Method: http.MethodPost, Path: "/racers/{id}/termination-request", Summary: "The team asks the bureau to terminate its racer (申请终止; a team user of the racer's organisation)",
		Tag: "funding", Roles: team, Req: reasonReq{}, Resp: terminationRequestDTO{}, Status: http.StatusCreated, Errors: []int{http.StatusConflict}}, a.requestTermination)
	a.handle(op{Method: http.MethodPost, Path: "/racers/{id}/expenses", Summary: "The team reports expenses of the government funds (at most what was disbursed: 409 expenses_exceed_disbursed)",
		Tag: "funding", Roles: team, Req: expenseReq{}, Resp: expenseDTO{}, Status: http.StatusCreated, Errors: []int{http.StatusConflict}}, a.reportExpense)
	a.handle(op{Method: http.MethodPost, Path: "/racers/{id}/expenses/accept", Summary: "The bureau accepts an amount of the reported expenses (409 expenses_exceed_reported); after a termination the refund due drops by it",
		Tag: "funding", Roles: bureau, Req: acceptExpensesReq{}, Resp: expenseDTO{}, Status: http.StatusCreated, Errors: []int{http.StatusConflict}}, a.acceptExpenses)
	a.handle(op{Method: http.MethodPost, Path: "/racers/{id}/refunds", Summary: "Record a refund received from the racer (bureau): at most what is still due (409 refund_exceeds)",
		Tag: "funding", Roles: bureau, Req: refundReq{}, Resp: refundDTO{}, Status: http.StatusCreated, Errors: []int{http.StatusConflict}}, a.recordRefund)
}

type terminateReq struct {
	Ground string `json:"ground" description:"kpi_unachievable, team_request, force_majeure, key_personnel_lost, funding_unavailable or other"`
	Reason string `json:"reason"`
}

type revokeReq struct {
	Reason       string `json:"reason"`
	CreditStatus string `json:"credit_status" description:"good (leave it), warned or barred: recorded on the organisation's credit ledger"`
}

type expenseReq struct {
	AmountFen int64  `json:"amount_fen"`
	Note      string `json:"note"`
}

type acceptExpensesReq struct {
	AmountFen int64 `json:"amount_fen"`
}

type refundReq struct {
	AmountFen  int64  `json:"amount_fen"`
	ReceivedOn string `json:"received_on" description:"YYYY-MM-DD"`
	Reference  string `json:"reference" description:"the transfer's reference"`
}

type endingDTO struct {
	RacerID      int64       `json:"racer_id" required:"true"`
	ChallengeID  int64       `json:"challenge_id" required:"true"`
	Kind         string      `json:"kind" required:"true" description:"terminate or revoke"`
	Ground       string      `json:"ground" required:"true"`
	Reason       string      `json:"reason" required:"true"`
	CreditStatus string      `json:"credit_status" required:"true"`
	DecidedBy    int64       `json:"decided_by" required:"true"`
	DecidedName  string      `json:"decided_by_name" required:"true"`
	DecidedAt    time.Time   `json:"decided_at" required:"true"`
	RefundDueOn  string      `json:"refund_due_on" required:"true" description:"last day to pay the refund back"`
	Refunds      []refundDTO `json:"refunds" required:"true" description:"the refund-due entries the ending added"`
}

func (a *API) toEndingDTO(e funding.Ending, rs []funding.Refund) endingDTO {
	out := endingDTO{RacerID: e.RacerID, ChallengeID: e.ChallengeID, Kind: e.Kind, Ground: e.Ground, Reason: e.Reason,
		CreditStatus: e.CreditStatus, DecidedBy: e.DecidedBy, DecidedName: e.DecidedName, DecidedAt: e.DecidedAt,
		RefundDueOn: a.d.Funding.RefundDueOn(e), Refunds: []refundDTO{}}
	for _, r := range rs {
		out.Refunds = append(out.Refunds, toRefundDTO(r))
	}
	return out
}

type terminationRequestDTO struct {
	ID            int64     `json:"id" required:"true"`
	RacerID       int64     `json:"racer_id" required:"true"`
	ChallengeID   int64     `json:"challenge_id" required:"true"`
	Reason        string    `json:"reason" required:"true"`
	RequestedBy   int64     `json:"requested_by" required:"true"`
	RequestedName string    `json:"requested_by_name" required:"true"`
	RequestedAt   time.Time `json:"requested_at" required:"true"`
}

func toTerminationRequestDTO(q funding.TerminationRequest) terminationRequestDTO {
	return terminationRequestDTO{ID: q.ID, RacerID: q.RacerID, ChallengeID: q.ChallengeID, Reason: q.Reason,
		RequestedBy: q.RequestedBy, RequestedName: q.RequestedName, RequestedAt: q.RequestedAt}
}

type expenseDTO struct {
	ID        int64     `json:"id" required:"true"`
	RacerID   int64     `json:"racer_id" required:"true"`
	Kind      string    `json:"kind" required:"true" description:"reported (by the team) or accepted (by the bureau)"`
	AmountFen int64     `json:"amount_fen" required:"true"`
	Note      string    `json:"note" required:"true"`
	ByName    string    `json:"by_name" required:"true"`
	At        time.Time `json:"at" required:"true"`
}

func toExpenseDTO(e funding.Expense) expenseDTO {
	return expenseDTO{ID: e.ID, RacerID: e.RacerID, Kind: e.Kind, AmountFen: e.AmountFen, Note: e.Note, ByName: e.ByName, At: e.At}
}

type refundDTO struct {
	ID           int64     `json:"id" required:"true"`
	RacerID      int64     `json:"racer_id" required:"true"`
	ChallengeID  int64     `json:"challenge_id" required:"true"`
	Kind         string    `json:"kind" required:"true" description:"due (negative when accepted expenses lower it) or received"`
	AmountFen    int64     `json:"amount_fen" required:"true"`
	ReceivedOn   string    `json:"received_on" required:"true"`
	Reference    string    `json:"reference" required:"true"`
	Note         string    `json:"note" required:"true"`
	RecordedName string    `json:"recorded_by_name" required:"true"`
	RecordedAt   time.Time `json:"recorded_at" required:"true"`
}

func toRefundDTO(r funding.Refund) refundDTO {
	return refundDTO{ID: r.ID, RacerID: r.RacerID, ChallengeID: r.ChallengeID, Kind: r.Kind, AmountFen: r.AmountFen,
		ReceivedOn: r.ReceivedOn, Reference: r.Reference, Note: r.Note, RecordedName: r.RecordedName, RecordedAt: r.RecordedAt}
}

type planTrancheDTO struct {
	Tranche      string         `json:"tranche" required:"true"`
	PlannedFen   int64          `json:"planned_fen" required:"true" description:"the default split's amount (government funds)"`
	Provisional  bool           `json:"provisional" required:"true"`
	DecidedFen   int64          `json:"decided_fen" required:"true"`
	DisbursedFen int64          `json:"disbursed_fen" required:"true"`
	State        string         `json:"state" required:"true" description:"due, held, paid or to_decide"`
	Hold         string         `json:"hold" required:"true" description:"why it may not be paid now, empty when it may"`
	HoldDetails  map[string]any `json:"hold_details" required:"true"`
	DecisionIDs  []int64        `json:"decision_ids" required:"true" description:"open government decisions of the tranche to pay against"`
}

func toPlanTrancheDTO(t funding.PlanTranche) planTrancheDTO {
	out := planTrancheDTO{Tranche: t.Tranche, PlannedFen: t.PlannedFen, Provisional: t.Provisional, DecidedFen: t.DecidedFen,
		DisbursedFen: t.DisbursedFen, State: t.State, Hold: t.Hold, HoldDetails: t.HoldDetails, DecisionIDs: t.DecisionIDs}
	if out.HoldDetails == nil {
		out.HoldDetails = map[string]any{}
	}
	if out.DecisionIDs == nil {
		out.DecisionIDs = []int64{}
	}
	return out
}

type refundFiguresDTO struct {
	DueFen         int64 `json:"due_fen" required:"true"`
	ReceivedFen    int64 `json:"received_fen" required:"true"`
	OutstandingFen int64 `json:"outstanding_fen" required:"true"`
}

func toRefundFiguresDTO(f funding.RefundFigures) refundFiguresDTO {
	return refundFiguresDTO{DueFen: f.DueFen, ReceivedFen: f.ReceivedFen, OutstandingFen: f.Outstanding()}
}

type racerPlanDTO struct {
	RacerID             int64                   `json:"racer_id" required:"true"`
	ChallengeID         int64                   `json:"challenge_id" required:"true"`
	Title               string                  `json:"title" required:"true"`
	OrgName             string                  `json:"org_name" required:"true"`
	Status              string                  `json:"status" required:"true"`
	Tranches            []planTrancheDTO        `json:"tranches" required:"true"`
	Ending              *endingDTO              `json:"ending" required:"true"`
	ExpensesReportedFen int64                   `json:"expenses_reported_fen" required:"true"`
	ExpensesAcceptedFen int64                   `json:"expenses_accepted_fen" required:"true"`
	Refund              refundFiguresDTO        `json:"refund" required:"true"`
	Refunds             []refundDTO             `json:"refunds" required:"true"`
	Expenses            []expenseDTO            `json:"expenses" required:"true"`
	Requests            []terminationRequestDTO `json:"termination_requests" required:"true"`
	Grounds             []string                `json:"grounds" required:"true" description:"the termination grounds to choose from"`
	Actions             []string                `json:"actions" required:"true" description:"terminate, revoke, accept_expenses, record_refund (bureau); request_termination, report_expense (the team)"`
}

func (a *API) toRacerPlanDTO(p funding.RacerPlan) racerPlanDTO {
	out := racerPlanDTO{RacerID: p.Racer.ID, ChallengeID: p.Challenge.ID, Title: p.Challenge.Title, OrgName: p.Racer.OrgName,
		Status: p.Racer.Status, Tranches: []planTrancheDTO{}, ExpensesReportedFen: p.Expenses.ReportedFen,
		ExpensesAcceptedFen: p.Expenses.AcceptedFen, Refund: toRefundFiguresDTO(p.Refunds), Refunds: []refundDTO{},
		Expenses: []expenseDTO{}, Requests: []terminationRequestDTO{}, Grounds: funding.TerminationGrounds, Actions: p.Actions}
	for _, t := range p.Tranches {
		out.Tranches = append(out.Tranches, toPlanTrancheDTO(t))
	}
	if p.Ending != nil {
		e := a.toEndingDTO(*p.Ending, nil)
		out.Ending = &e
	}
	for _, r := range p.RefundList {
		out.Refunds = append(out.Refunds, toRefundDTO(r))
	}
	for _, e := range p.ExpenseList {
		out.Expenses = append(out.Expenses, toExpenseDTO(e))
	}
	for _, q := range p.Requests {
		out.Requests = append(out.Requests, toTerminationRequestDTO(q))
	}
	return out
}

type dueItemDTO struct {
	ChallengeID    int64          `json:"challenge_id" required:"true"`
	Title          string         `json:"title" required:"true"`
	RacerID        int64          `json:"racer_id" required:"true"`
	OrgName        string         `json:"org_name" required:"true"`
	Tranche        string         `json:"tranche" required:"true"`
	Source         string         `json:"source" required:"true" description:"government: only government tranches are gated"`
	DecidedFen     int64          `json:"decided_fen" required:"true"`
	DisbursedFen   int64          `json:"disbursed_fen" required:"true"`
	UndisbursedFen int64          `json:"undisbursed_fen" required:"true"`
	Hold           string         `json:"hold" required:"true"`
	HoldDetails    map[string]any `json:"hold_details" required:"true"`
	DecisionIDs    []int64        `json:"decision_ids" required:"true"`
}

type refundLineDTO struct {
	ChallengeID int64            `json:"challenge_id" required:"true"`
	Title       string           `json:"title" required:"true"`
	RacerID     int64            `json:"racer_id" required:"true"`
	OrgName     string           `json:"org_name" required:"true"`
	Kind        string           `json:"kind" required:"true"`
	DueOn       string           `json:"due_on" required:"true"`
	Refund      refundFiguresDTO `json:"refund" required:"true"`
}

type fundingDueDTO struct {
	Due      []dueItemDTO            `json:"due" required:"true"`
	Held     []dueItemDTO            `json:"held" required:"true"`
	Refunds  []refundLineDTO         `json:"refunds" required:"true"`
	Requests []terminationRequestDTO `json:"termination_requests" required:"true"`
}

func toDueItemDTO(it funding.DueItem) dueItemDTO {
	t := toPlanTrancheDTO(it.Tranche)
	return dueItemDTO{ChallengeID: it.Challenge.ID, Title: it.Challenge.Title, RacerID: it.Racer.ID, OrgName: it.Racer.OrgName,
		Tranche: t.Tranche, Source: string(funding.SourceGovernment), DecidedFen: t.DecidedFen, DisbursedFen: t.DisbursedFen,
		UndisbursedFen: it.UndisbursedFen, Hold: t.Hold, HoldDetails: t.HoldDetails, DecisionIDs: t.DecisionIDs}
}

func (a *API) fundingDue(c *gin.Context) {
	l, err := a.d.Funding.Due(c.Request.Context(), actor(c))
	if err != nil {
		fail(c, err)
		return
	}
	out := fundingDueDTO{Due: []dueItemDTO{}, Held: []dueItemDTO{}, Refunds: []refundLineDTO{}, Requests: []terminationRequestDTO{}}
	for _, it := range l.Due {
		out.Due = append(out.Due, toDueItemDTO(it))
	}
	for _, it := range l.Held {
		out.Held = append(out.Held, toDueItemDTO(it))
	}
	for _, r := range l.Refunds {
		out.Refunds = append(out.Refunds, refundLineDTO{ChallengeID: r.Challenge.ID, Title: r.Challenge.Title, RacerID: r.Racer.ID,
			OrgName: r.Racer.OrgName, Kind: r.Ending.Kind, DueOn: r.DueOn, Refund: toRefundFiguresDTO(r.Figures)})
	}
	for _, q := range l.Requests {
		out.Requests = append(out.Requests, toTerminationRequestDTO(q))
	}
	c.JSON(http.StatusOK, out)
}

func (a *API) racerPlan(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	p, err := a.d.Funding.Plan(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, a.toRacerPlanDTO(p))
}

func (a *API) terminateRacer(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req terminateReq
	if !bindJSON(c, &req) {
		return
	}
	e, rs, err := a.d.Funding.Terminate(c.Request.Context(), actor(c), id, funding.EndingInput{Ground: req.Ground, Reason: req.Reason})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, a.toEndingDTO(e, rs))
}

func (a *API) revokeRacer(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req revokeReq
	if !bindJSON(c, &req) {
		return
	}
	e, rs, err := a.d.Funding.Revoke(c.Request.Context(), actor(c), id, funding.EndingInput{Reason: req.Reason, CreditStatus: req.CreditStatus})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, a.toEndingDTO(e, rs))
}

func (a *API) requestTermination(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req reasonReq
	if !bindJSON(c, &req) {
		return
	}
	q, err := a.d.Funding.RequestTermination(c.Request.Context(), actor(c), id, req.Reason)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toTerminationRequestDTO(q))
}

func (a *API) reportExpense(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req expenseReq
	if !bindJSON(c, &req) {
		return
	}
	e, err := a.d.Funding.ReportExpense(c.Request.Context(), actor(c), id, req.AmountFen, req.Note)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toExpenseDTO(e))
}

func (a *API) acceptExpenses(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req acceptExpensesReq
	if !bindJSON(c, &req) {
		return
	}
	e, err := a.d.Funding.AcceptExpenses(c.Request.Context(), actor(c), id, req.AmountFen)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toExpenseDTO(e))
}

func (a *API) recordRefund(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req refundReq
	if !bindJSON(c, &req) {
		return
	}
	r, err := a.d.Funding.RecordRefund(c.Request.Context(), actor(c), id, funding.RefundInput{AmountFen: req.AmountFen,
		ReceivedOn: req.ReceivedOn, Reference: req.Reference})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toRefundDTO(r))
}
