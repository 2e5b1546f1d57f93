package api

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/funding"
)

func (a *API) registerFundingRoutes() {
	bureau := []domain.Role{domain.RoleBureau}
	a.handle(op{Method: http.MethodPost, Path: "/challenges/{id}/funding-decisions", Summary: "Record a funding decision (资助决定), or with reverses_id the reversal of one; 422 names the broken rule, 409 an invariant with the figures (cap_fen, decided_fen, requested_fen) in details",
		Tag: "funding", Roles: bureau, Req: fundingDecisionReq{}, Resp: fundingDecisionDTO{}, Status: http.StatusCreated}, a.decideFunding)
	a.handle(op{Method: http.MethodPost, Path: "/challenges/{id}/disbursements", Summary: "Record a payment against a decision (拨付); disbursed never exceeds decided per decision, racer and source",
		Tag: "funding", Roles: bureau, Req: disbursementReq{}, Resp: disbursementDTO{}, Status: http.StatusCreated}, a.disburseFunding)
	a.handle(op{Method: http.MethodGet, Path: "/challenges/{id}/funding", Summary: "The challenge's funding ledger: the bureau and the owner enterprise see every record, a racer its own records and the totals",
		Tag: "funding", Auth: true, Resp: fundingDTO{}}, a.getFunding)
	a.handle(op{Method: http.MethodGet, Path: "/challenges/{id}/funding/proposal", Summary: "The default split of the cap (start-up 20% equally, each stage's share among those who advanced, the rest to the winners)",
		Tag: "funding", Roles: bureau, Resp: fundingProposalDTO{}}, a.fundingProposal)
	a.handle(op{Method: http.MethodGet, Path: "/challenges/{id}/funding.xlsx", Summary: "The ledger as an Excel workbook (amounts in 万元)",
		Tag: "funding", Roles: []domain.Role{domain.RoleBureau, domain.RoleEnterprise},
		RespContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, a.fundingXLSX)
	a.handle(op{Method: http.MethodGet, Path: "/challenges/{id}/funding/totals", Summary: "Public government funding totals of a finished challenge, decided and disbursed, in total and per racer (404 before it is finished)",
		Tag: "funding", Resp: publicFundingDTO{}}, a.publicFunding)
}

func (a *API) decideFunding(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req fundingDecisionReq
	if !bindJSON(c, &req) {
		return
	}
	d, err := a.d.Funding.Decide(c.Request.Context(), actor(c), id, req.toInput())
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toFundingDecisionDTO(actor(c), d))
}

func (a *API) disburseFunding(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req disbursementReq
	if !bindJSON(c, &req) {
		return
	}
	p, err := a.d.Funding.Disburse(c.Request.Context(), actor(c), id, funding.DisbursementInput{RacerID: req.RacerID,
		DecisionID: req.DecisionID, AmountFen: req.AmountFen, PaidOn: req.PaidOn, Reference: req.Reference})
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toDisbursementDTO(p))
}

func (a *API) getFunding(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	l, err := a.d.Funding.Ledger(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toFundingDTO(actor(c), l, a.d.Funding.Config().CofundingRatioPct))
}

func (a *API) fundingProposal(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	p, err := a.d.Funding.Proposal(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toFundingProposalDTO(p))
}

func (a *API) publicFunding(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	t, err := a.d.Funding.PublicTotalsOf(c.Request.Context(), id)
	if err != nil {
		fail(c, err)
		return
	}
	out := publicFundingDTO{ChallengeID: t.ChallengeID, DecidedFen: t.DecidedFen, DisbursedFen: t.DisbursedFen, PerRacer: []racerTotalDTO{}}
	ids := make([]int64, 0, len(t.PerRacer))
	for r := range t.PerRacer {
		ids = append(ids, r)
	}
	slices.Sort(ids)
	for _, r := range ids {
		out.PerRacer = append(out.PerRacer, racerTotalDTO{RacerID: r, DecidedFen: t.PerRacer[r].DecidedFen, DisbursedFen: t.PerRacer[r].DisbursedFen})
	}
	c.JSON(http.StatusOK, out)
}

func (a *API) fundingXLSX(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	l, err := a.d.Funding.CanExport(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	f, err := ledgerWorkbook(l)
	if err != nil {
		fail(c, err)
		return
	}
	defer func() { _ = f.Close() }()
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="challenge-%d-funding.xlsx"`, id))
	c.Header("Cache-Control", "private, no-store")
	c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Status(http.StatusOK)
	_ = f.Write(c.Writer)
}
