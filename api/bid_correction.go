package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/bid"
)

// bidDefectDTO is one defect of a request for correction: a content field, an attachment to replace, or
// "attachments" for a missing document.
type bidDefectDTO struct {
	Field        string `json:"field,omitempty" description:"a content field of the bid (pi, lead_share_pct, partners, members, approach, plan, budget, commitment_signed, integrity_pledge_signed) or attachments (a missing document: the team may add one file)"`
	AttachmentID int64  `json:"attachment_id,omitempty" description:"an attachment of the submitted version the team may replace"`
	What         string `json:"what" required:"true" description:"what is wrong (at most 2000 characters)"`
}

// bidCorrectionReq is the bureau's request for correction (补正通知).
type bidCorrectionReq struct {
	Defects []bidDefectDTO `json:"defects" required:"true" description:"1 to 30 defects, each naming a field or an attachment once"`
	Due     string         `json:"due,omitempty" format:"date" description:"the China date the correction is due (after today); default: the 5th working day after today on the bureau's calendar"`
}

// bidCorrectionDTO is a bid's latest correction, for its team and the bureau.
type bidCorrectionDTO struct {
	ID                 int64          `json:"id" required:"true"`
	Status             string         `json:"status" required:"true" enum:"open,resubmitted,corrected,lapsed,void" description:"open and resubmitted are pending: the team may change the named defects until due_at"`
	Defects            []bidDefectDTO `json:"defects" required:"true"`
	DueAt              time.Time      `json:"due_at" required:"true" description:"the end (24:00 China time) of the due date"`
	DueOn              string         `json:"due_on" required:"true" format:"date" description:"the China date the correction is due"`
	BaseVersion        int            `json:"base_version" required:"true" description:"the version the defects were found in"`
	RequestedAt        time.Time      `json:"requested_at" required:"true"`
	ResubmittedVersion int            `json:"resubmitted_version" required:"true" description:"the latest version resubmitted under this correction, 0 when none"`
	ResubmittedAt      *time.Time     `json:"resubmitted_at,omitempty"`
	ClosedAt           *time.Time     `json:"closed_at,omitempty"`
}

func toBidCorrectionDTO(c *bid.Correction) *bidCorrectionDTO {
	if c == nil {
		return nil
	}
	return &bidCorrectionDTO{ID: c.ID, Status: string(c.Status), Defects: convertAll(c.Defects, func(d bid.Defect) bidDefectDTO { return bidDefectDTO(d) }),
		DueAt: c.DueAt, DueOn: dueOn(c.DueAt), BaseVersion: c.BaseVersion, RequestedAt: c.RequestedAt,
		ResubmittedVersion: c.ResubmittedVersion, ResubmittedAt: c.ResubmittedAt, ClosedAt: c.ClosedAt}
}

func (a *API) registerBidCorrectionRoutes() {
	bureau := []domain.Role{domain.RoleBureau}
	a.handle(op{Method: http.MethodPost, Path: "/bids/{id}/correction", Summary: "Ask a submitted bid for correction (补正) after bidding closed, instead of finding it ineligible: the team may change only the named fields and attachments until the due date",
		Tag: "bids", Roles: bureau, Req: bidCorrectionReq{}, Resp: bidDTO{}, Errors: []int{http.StatusConflict, http.StatusUnprocessableEntity}}, a.requestBidCorrection)
	a.handle(op{Method: http.MethodPost, Path: "/bids/{id}/correction/close", Summary: "Close the bid's pending correction as corrected: the bid returns to the eligibility decision",
		Tag: "bids", Roles: bureau, Resp: bidDTO{}, Errors: []int{http.StatusConflict}}, a.closeBidCorrection)
}

func (a *API) requestBidCorrection(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req bidCorrectionReq
	if !bindJSON(c, &req) {
		return
	}
	in := bid.CorrectionInput{Due: req.Due, Defects: convertAll(req.Defects, func(d bidDefectDTO) bid.Defect { return bid.Defect(d) })}
	v, err := a.d.Bids.RequestCorrection(c.Request.Context(), actor(c), id, in)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toBidDTO(c, v))
}

func (a *API) closeBidCorrection(c *gin.Context) {
	a.bidAction(c, func(c *gin.Context, id int64) (bid.View, error) {
		return a.d.Bids.CloseCorrection(c.Request.Context(), actor(c), id)
	})
}
