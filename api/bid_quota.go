package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"jiebang/domain/bid"
)

// bidQuotaQuery is the query of GET /challenges/{id}/bid-quota.
type bidQuotaQuery struct {
	PIEmail string `query:"pi_email" format:"email" description:"the PI to count the active bids of (default: the caller)"`
}

// bidQuotaBlockDTO says why a new bid cannot be started.
type bidQuotaBlockDTO struct {
	Code    string `json:"code" required:"true" description:"org_limit_exceeded, pi_limit_exceeded (限项), bidding_closed / challenge_not_open"`
	Message string `json:"message" required:"true"`
}

// bidQuotaDTO is where the caller's organisation and PI stand against the limits (限项) on a challenge.
type bidQuotaDTO struct {
	ChallengeID int64             `json:"challenge_id" required:"true"`
	OrgActive   int64             `json:"org_active" required:"true" description:"active bids (submitted, eligible, selected) the caller's organisation leads, counted within the challenge's call (申报批次; the challenges outside any call count together)"`
	OrgLimit    int               `json:"org_limit" required:"true" description:"the most active bids one organisation may lead in that call; 0 = no limit (无限项)"`
	PIEmail     string            `json:"pi_email" required:"true" description:"the PI counted (normalised)"`
	PIActive    int64             `json:"pi_active" required:"true" description:"active bids that PI leads"`
	PILimit     int               `json:"pi_limit" required:"true" description:"the most active bids one PI may lead in that call; 0 = no limit"`
	OrgBidID    *int64            `json:"org_bid_id" required:"true" description:"the organisation's open bid on this challenge (edit it instead of starting one), null when none"`
	CanStart    bool              `json:"can_start" required:"true" description:"whether a new bid may be started now"`
	Blocked     *bidQuotaBlockDTO `json:"blocked" required:"true" description:"why no new bid may be started (null when one may, or when the organisation already has one here)"`
}

func toBidQuotaDTO(c *gin.Context, q bid.Quota) bidQuotaDTO {
	d := bidQuotaDTO{ChallengeID: q.ChallengeID, OrgActive: q.OrgActive, OrgLimit: quotaLimit(q.OrgLimit), PIEmail: q.PIEmail,
		PIActive: q.PIActive, PILimit: quotaLimit(q.PILimit), CanStart: q.CanStart}
	if q.OrgBidID != 0 {
		id := q.OrgBidID
		d.OrgBidID = &id
	}
	if q.Blocked != nil {
		d.Blocked = &bidQuotaBlockDTO{Code: q.Blocked.Code, Message: pick(c, q.Blocked.Zh, q.Blocked.En)}
	}
	return d
}

func (a *API) bidQuota(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	q, err := a.d.Bids.Quota(c.Request.Context(), actor(c), id, c.Query("pi_email"))
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toBidQuotaDTO(c, q))
}

// quotaLimit writes a limit for the API: 0 for no limit.
func quotaLimit(n int) int {
	if n == bid.NoLimit {
		return 0
	}
	return n
}
