package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/qa"
)

// registerQARoutes are questions and answers (答疑), following a challenge (关注) and the confirmations of
// amendments (补充通知). No response ever names who asked a question, except the asker's own list.
func (a *API) registerQARoutes() {
	team := []domain.Role{domain.RoleTeam}
	enterprise := []domain.Role{domain.RoleEnterprise}
	bureau := []domain.Role{domain.RoleBureau}
	a.handle(op{Method: http.MethodGet, Path: "/challenges/{id}/questions", Summary: "Questions and answers (答疑) of a challenge: the published answers (答疑N) for everyone; the queue for the bureau and the owner enterprise (never who asked); the caller's own questions; the question window; following and, for the owner and the bureau, the follower count; amendments the caller's team has yet to confirm",
		Tag: "questions", Resp: qaViewDTO{}}, a.getQuestions)
	a.handle(op{Method: http.MethodPost, Path: "/challenges/{id}/questions", Summary: "Ask a question (team users) while the challenge is published and its question window is open (422 questions_closed otherwise); plain text, at most 2,000 characters",
		Tag: "questions", Roles: team, Req: questionReq{}, Resp: questionDTO{}, Status: http.StatusCreated}, a.askQuestion)
	a.handle(op{Method: http.MethodPost, Path: "/questions/{id}/answer", Summary: "Answer a question, or replace the answer before publication (the owner enterprise)",
		Tag: "questions", Roles: enterprise, Req: questionReq{}, Resp: questionDTO{}}, a.answerQuestion)
	a.handle(op{Method: http.MethodPost, Path: "/questions/{id}/publish", Summary: "Publish an answered question as the challenge's next 答疑N (bureau); followers and teams holding a bid are told, without the asker",
		Tag: "questions", Roles: bureau, Resp: questionDTO{}}, a.publishQuestion)
	a.handle(op{Method: http.MethodPost, Path: "/questions/{id}/decline", Summary: "Decline a question with a reason (bureau); only the asker is told",
		Tag: "questions", Roles: bureau, Req: declineReq{}, Resp: questionDTO{}}, a.declineQuestion)
	a.handle(op{Method: http.MethodPost, Path: "/challenges/{id}/follow", Summary: "Follow a published challenge (team users; idempotent): be told of its answers and amendments",
		Tag: "questions", Roles: team, Resp: followDTO{}}, a.follow(true))
	a.handle(op{Method: http.MethodDelete, Path: "/challenges/{id}/follow", Summary: "Stop following a challenge (team users; idempotent)",
		Tag: "questions", Roles: team, Resp: followDTO{}}, a.follow(false))
	a.handle(op{Method: http.MethodPost, Path: "/challenges/{id}/amendments/{aid}/confirm", Summary: "Confirm the caller's team has read an amendment, for its submitted bid (403 no_submitted_bid without one; idempotent)",
		Tag: "questions", Roles: team, Resp: confirmationDTO{}}, a.confirmAmendment)
	a.handle(op{Method: http.MethodGet, Path: "/challenges/{id}/amendments/{aid}/confirmations", Summary: "Which teams of submitted bids have confirmed an amendment (bureau)",
		Tag: "questions", Roles: bureau, Resp: confirmationsDTO{}}, a.amendmentConfirmations)
}

// questionReq is a question's or an answer's text.
type questionReq struct {
	Text string `json:"text" required:"true" description:"plain text, at most 2,000 characters after trimming"`
}

// declineReq is the bureau's reason for declining.
type declineReq struct {
	Reason string `json:"reason" required:"true" description:"at most 2,000 characters"`
}

// questionDTO is a question as anyone may see it: never who asked.
type questionDTO struct {
	ID            int64      `json:"id" required:"true"`
	ChallengeID   int64      `json:"challenge_id" required:"true"`
	Number        *int       `json:"number" required:"true" description:"given at publication, in publishing order; null before"`
	Label         string     `json:"label" required:"true" description:"答疑N once published; empty before"`
	Text          string     `json:"text" required:"true"`
	Status        string     `json:"status" required:"true" enum:"pending,answered,published,declined"`
	Answer        string     `json:"answer" required:"true" description:"empty until answered"`
	AnsweredAt    *time.Time `json:"answered_at" required:"true"`
	PublishedAt   *time.Time `json:"published_at" required:"true"`
	DeclineReason string     `json:"decline_reason" required:"true" description:"the bureau's reason (declined only)"`
	CreatedAt     time.Time  `json:"created_at" required:"true"`
}

func toQuestionDTO(q qa.Question) questionDTO {
	d := questionDTO{ID: q.ID, ChallengeID: q.ChallengeID, Number: q.Number, Text: q.Text, Status: string(q.Status),
		Answer: q.Answer, AnsweredAt: q.AnsweredAt, PublishedAt: q.PublishedAt, DeclineReason: q.DeclineReason,
		CreatedAt: q.CreatedAt}
	if q.Number != nil {
		d.Label = qa.Label(*q.Number)
	}
	return d
}

func toQuestionDTOs(qs []qa.Question) []questionDTO {
	out := make([]questionDTO, 0, len(qs))
	for _, q := range qs {
		out = append(out, toQuestionDTO(q))
	}
	return out
}

// qaViewDTO is a challenge's questions and answers for the caller.
type qaViewDTO struct {
	ChallengeID   int64          `json:"challenge_id" required:"true"`
	Open          bool           `json:"open" required:"true" description:"a team user may ask now"`
	ClosesAt      *time.Time     `json:"closes_at" required:"true" description:"when the question window closes (question_window_days before the bidding deadline); null without a deadline"`
	ClosesOn      *string        `json:"closes_on" required:"true" format:"date" description:"the China date of closes_at (24:00 counts as the date it ends): the last day to ask"`
	WindowDays    int            `json:"window_days" required:"true"`
	Published     []questionDTO  `json:"published" required:"true" nullable:"false" description:"published answers by number, for everyone"`
	Queue         []questionDTO  `json:"queue" required:"true" nullable:"false" description:"pending and answered questions: the bureau and the owner enterprise only (empty for others)"`
	Mine          []questionDTO  `json:"mine" required:"true" nullable:"false" description:"the caller's own questions, every status"`
	Following     bool           `json:"following" required:"true"`
	FollowerCount *int           `json:"follower_count" required:"true" description:"how many follow (not who): the bureau and the owner enterprise only, null for others"`
	ToConfirm     []amendmentDTO `json:"to_confirm" required:"true" nullable:"false" description:"amendments the caller's team has yet to confirm for its submitted bid"`
	ToConfirmBid  *int64         `json:"to_confirm_bid" required:"true" description:"the caller's team's submitted bid those are for; null: none"`
}

func (a *API) getQuestions(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	v, err := a.d.QA.Get(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	out := qaViewDTO{ChallengeID: v.ChallengeID, Open: v.Open, ClosesAt: v.ClosesAt, ClosesOn: deadlineOn(v.ClosesAt),
		WindowDays: v.WindowDays, Published: toQuestionDTOs(v.Published), Queue: toQuestionDTOs(v.Queue),
		Mine: toQuestionDTOs(v.Mine), Following: v.Following, FollowerCount: v.FollowerCount,
		ToConfirm: make([]amendmentDTO, 0, len(v.ToConfirm))}
	for _, am := range v.ToConfirm {
		out.ToConfirm = append(out.ToConfirm, toAmendmentDTO(am))
	}
	if v.ToConfirmBid != 0 {
		b := v.ToConfirmBid
		out.ToConfirmBid = &b
	}
	c.JSON(http.StatusOK, out)
}

func (a *API) askQuestion(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req questionReq
	if !bindJSON(c, &req) {
		return
	}
	q, err := a.d.QA.Ask(c.Request.Context(), actor(c), id, req.Text)
	respondQuestion(c, http.StatusCreated, q, err)
}

func respondQuestion(c *gin.Context, status int, q qa.Question, err error) {
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(status, toQuestionDTO(q))
}

func (a *API) answerQuestion(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req questionReq
	if !bindJSON(c, &req) {
		return
	}
	q, err := a.d.QA.Answer(c.Request.Context(), actor(c), id, req.Text)
	respondQuestion(c, http.StatusOK, q, err)
}

func (a *API) publishQuestion(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	q, err := a.d.QA.Publish(c.Request.Context(), actor(c), id)
	respondQuestion(c, http.StatusOK, q, err)
}

func (a *API) declineQuestion(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req declineReq
	if !bindJSON(c, &req) {
		return
	}
	q, err := a.d.QA.Decline(c.Request.Context(), actor(c), id, req.Reason)
	respondQuestion(c, http.StatusOK, q, err)
}

// followDTO is whether the caller now follows the challenge.
type followDTO struct {
	ChallengeID int64 `json:"challenge_id" required:"true"`
	Following   bool  `json:"following" required:"true"`
}

func (a *API) follow(on bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := pathID(c, "id")
		if !ok {
			return
		}
		f, err := a.d.QA.Follow(c.Request.Context(), actor(c), id, on)
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, followDTO{ChallengeID: id, Following: f})
	}
}

// confirmationDTO is whether one submitted bid's team has read an amendment.
type confirmationDTO struct {
	BidID           int64      `json:"bid_id" required:"true"`
	OrgName         string     `json:"org_name" required:"true" description:"the bid's lead organisation"`
	ConfirmedAt     *time.Time `json:"confirmed_at" required:"true" description:"null: not confirmed (yet)"`
	ConfirmedByName string     `json:"confirmed_by_name" required:"true"`
	Resubmitted     bool       `json:"resubmitted" required:"true" description:"the bid was resubmitted after the amendment (counts as read)"`
}

func toConfirmationDTO(cf qa.Confirmation) confirmationDTO {
	return confirmationDTO{BidID: cf.BidID, OrgName: cf.OrgName, ConfirmedAt: cf.ConfirmedAt,
		ConfirmedByName: cf.ConfirmedByName, Resubmitted: cf.Resubmitted}
}

// confirmationsDTO is an amendment with its confirmations.
type confirmationsDTO struct {
	Amendment     amendmentDTO      `json:"amendment" required:"true"`
	Confirmations []confirmationDTO `json:"confirmations" required:"true" nullable:"false"`
}

func (a *API) confirmAmendment(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	aid, ok := pathID(c, "aid")
	if !ok {
		return
	}
	cf, err := a.d.QA.Confirm(c.Request.Context(), actor(c), id, aid)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toConfirmationDTO(cf))
}

func (a *API) amendmentConfirmations(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	aid, ok := pathID(c, "aid")
	if !ok {
		return
	}
	am, cfs, err := a.d.QA.Confirmations(c.Request.Context(), actor(c), id, aid)
	if err != nil {
		fail(c, err)
		return
	}
	out := confirmationsDTO{Amendment: toAmendmentDTO(am), Confirmations: make([]confirmationDTO, 0, len(cfs))}
	for _, cf := range cfs {
		out.Confirmations = append(out.Confirmations, toConfirmationDTO(cf))
	}
	c.JSON(http.StatusOK, out)
}
