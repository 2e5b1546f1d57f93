package api

import (
	"encoding/json"
	"time"

	"github.com/gin-gonic/gin"

	"jiebang/domain/bid"
)

// bidPIDTO is the principal investigator (挂帅人): a name and an e-mail, nothing about age, title or degree.
type bidPIDTO struct {
	Name  string `json:"name" required:"true"`
	Email string `json:"email" required:"true"`
}

// bidPartnerDTO is a consortium partner (联合体成员单位).
type bidPartnerDTO struct {
	OrgName    string `json:"org_name" required:"true"`
	CreditCode string `json:"credit_code" required:"true" description:"unified social credit code (统一社会信用代码), 18 characters"`
	Role       string `json:"role" required:"true"`
	SharePct   int    `json:"share_pct" required:"true" minimum:"0" maximum:"99"`
}

// bidMemberDTO is a team member: name and role only.
type bidMemberDTO struct {
	Name string `json:"name" required:"true"`
	Role string `json:"role" required:"true"`
}

// bidStageDTO is the plan for one stage of the challenge.
type bidStageDTO struct {
	Stage        int                `json:"stage" required:"true" minimum:"1" description:"1-based stage number of the challenge's plan"`
	KPITargets   map[string]float64 `json:"kpi_targets" required:"true" description:"a target for every KPI of the challenge, by KPI name"`
	Deliverables string             `json:"deliverables" required:"true"`
}

// bidBudgetDTO is one budget line in fen.
type bidBudgetDTO struct {
	Item      string `json:"item" required:"true"`
	AmountFen int64  `json:"amount_fen" required:"true" minimum:"0"`
}

// bidCreateReq is the body of POST /challenges/{id}/bids: the draft's initial content (all optional).
type bidCreateReq struct {
	PI                    *bidPIDTO       `json:"pi"`
	LeadSharePct          *int            `json:"lead_share_pct" description:"omitted: 100 minus the partners' shares"`
	Partners              []bidPartnerDTO `json:"partners"`
	Members               []bidMemberDTO  `json:"members"`
	Approach              string          `json:"approach"`
	Plan                  []bidStageDTO   `json:"plan"`
	Budget                []bidBudgetDTO  `json:"budget"`
	CommitmentSigned      bool            `json:"commitment_signed" description:"军令状: the PI's signed commitment to reach the KPIs"`
	IntegrityPledgeSigned bool            `json:"integrity_pledge_signed" description:"科研诚信承诺书"`
}

// bidPatchReq is the body of PATCH /bids/{id}: only present fields change; a list replaces the list;
// lead_share_pct: null returns to "100 minus the partners' shares".
type bidPatchReq struct {
	PI                    *bidPIDTO        `json:"pi"`
	LeadSharePct          *int             `json:"lead_share_pct"`
	Partners              *[]bidPartnerDTO `json:"partners"`
	Members               *[]bidMemberDTO  `json:"members"`
	Approach              *string          `json:"approach"`
	Plan                  *[]bidStageDTO   `json:"plan"`
	Budget                *[]bidBudgetDTO  `json:"budget"`
	CommitmentSigned      *bool            `json:"commitment_signed"`
	IntegrityPledgeSigned *bool            `json:"integrity_pledge_signed"`
}

// bidEligibilityReq is the bureau's eligibility decision.
type bidEligibilityReq struct {
	Eligible *bool  `json:"eligible" required:"true"`
	Reason   string `json:"reason" description:"required when eligible is false"`
}

// bidReceiptDTO is the submission receipt (回执).
type bidReceiptDTO struct {
	SubmittedAt time.Time `json:"submitted_at" required:"true"`
	Digest      string    `json:"digest" required:"true" description:"SHA-256 (hex) of the canonical JSON of the submitted content"`
	Version     int       `json:"version" required:"true"`
}

// bidAttachmentDTO is an attachment's metadata.
type bidAttachmentDTO struct {
	ID          int64      `json:"id" required:"true"`
	Filename    string     `json:"filename" required:"true"`
	Size        int64      `json:"size" required:"true"`
	ContentType string     `json:"content_type" required:"true"`
	SHA256      string     `json:"sha256" required:"true"`
	UploadedAt  *time.Time `json:"uploaded_at,omitempty"`
}

// bidCheckDTO is one automatic pre-check.
type bidCheckDTO struct {
	Code    string `json:"code" required:"true" enum:"credit_status,pi_limit,org_limit,complete,budget_cap,related_party"`
	OK      bool   `json:"ok" required:"true"`
	Message string `json:"message" required:"true"`
}

// bidPrecheckDTO is the eligibility pre-check shown to the bureau.
type bidPrecheckDTO struct {
	OK     bool          `json:"ok" required:"true"`
	Checks []bidCheckDTO `json:"checks" required:"true"`
}

// bidDTO is the contract's Bid.
type bidDTO struct {
	ID                    int64              `json:"id" required:"true"`
	ChallengeID           int64              `json:"challenge_id" required:"true"`
	ChallengeTitle        string             `json:"challenge_title" required:"true"`
	Status                string             `json:"status" required:"true" enum:"draft,submitted,withdrawn,eligible,ineligible,selected,not_selected,cancelled"`
	PI                    bidPIDTO           `json:"pi" required:"true"`
	LeadOrgID             int64              `json:"lead_org_id" required:"true"`
	LeadOrgName           string             `json:"lead_org_name" required:"true"`
	LeadSharePct          *int               `json:"lead_share_pct" required:"true" description:"the given share, else 100 minus the partners' shares; null when the partners leave none"`
	Partners              []bidPartnerDTO    `json:"partners" required:"true"`
	Members               []bidMemberDTO     `json:"members" required:"true"`
	Approach              string             `json:"approach" required:"true"`
	Plan                  []bidStageDTO      `json:"plan" required:"true"`
	Budget                []bidBudgetDTO     `json:"budget" required:"true"`
	BudgetTotalFen        int64              `json:"budget_total_fen" required:"true"`
	CommitmentSigned      bool               `json:"commitment_signed" required:"true"`
	IntegrityPledgeSigned bool               `json:"integrity_pledge_signed" required:"true"`
	Version               int                `json:"version" required:"true" description:"latest submitted version, 0 when never submitted"`
	Receipt               *bidReceiptDTO     `json:"receipt" required:"true"`
	EligibilityReason     string             `json:"eligibility_reason" required:"true" description:"the team and the bureau only"`
	HasUnsubmittedChanges bool               `json:"has_unsubmitted_changes" required:"true"`
	Attachments           []bidAttachmentDTO `json:"attachments" required:"true"`
	Precheck              *bidPrecheckDTO    `json:"precheck,omitempty" description:"bureau only"`
	CreatedAt             time.Time          `json:"created_at" required:"true"`
	UpdatedAt             time.Time          `json:"updated_at" required:"true"`
	SubmittedAt           *time.Time         `json:"submitted_at" required:"true"`
	EndReason             string             `json:"end_reason,omitempty" description:"why a cancelled bid ended: the bureau's reason for cancelling the challenge"`
	EndedAt               *time.Time         `json:"ended_at,omitempty" description:"when a cancelled bid ended"`
	Actions               []string           `json:"actions" required:"true" description:"what the caller may do now (bid.ActionsFor): its team edit, attach, detach, submit, withdraw while bidding is open, delete while never submitted, and edit, attach, detach, submit while a correction is pending; the bureau mark_eligible, mark_ineligible, request_correction while eligibility is checked, close_correction while a correction is pending"`
	Correction            *bidCorrectionDTO  `json:"correction,omitempty" description:"the latest request for correction (补正), for the team and the bureau only"`
}

// bidVersionDTO is one submitted version; content is the canonical JSON whose SHA-256 is the digest.
type bidVersionDTO struct {
	Version     int             `json:"version" required:"true"`
	SubmittedAt time.Time       `json:"submitted_at" required:"true"`
	Digest      string          `json:"digest" required:"true"`
	Content     json.RawMessage `json:"content" required:"true" description:"the submitted content as digested: sorted keys, attachments by SHA-256"`
}

// bidVersionsResp lists a bid's versions, oldest first.
type bidVersionsResp struct {
	Items []bidVersionDTO `json:"items" required:"true"`
}

// convertAll maps every element with conv and never returns nil, so lists encode as [] rather than null.
func convertAll[From, To any](xs []From, conv func(From) To) []To {
	out := make([]To, 0, len(xs))
	for _, x := range xs {
		out = append(out, conv(x))
	}
	return out
}

// convertSet converts an optional (PATCH) list; nil means "not sent".
func convertSet[From, To any](xs *[]From, conv func(From) To) *[]To {
	if xs == nil {
		return nil
	}
	out := convertAll(*xs, conv)
	return &out
}

func stageFromDTO(p bidStageDTO) bid.StagePlan { return bid.StagePlan(p) }

func toBidStageDTO(p bid.StagePlan) bidStageDTO {
	t := p.KPITargets
	if t == nil {
		t = map[string]float64{}
	}
	return bidStageDTO{Stage: p.Stage, KPITargets: t, Deliverables: p.Deliverables}
}

func (r bidCreateReq) toContent() bid.Content {
	c := bid.Content{LeadSharePct: r.LeadSharePct, Partners: convertAll(r.Partners, func(p bidPartnerDTO) bid.Partner { return bid.Partner(p) }),
		Members:  convertAll(r.Members, func(m bidMemberDTO) bid.Member { return bid.Member(m) }),
		Approach: r.Approach, Plan: convertAll(r.Plan, stageFromDTO),
		Budget:           convertAll(r.Budget, func(b bidBudgetDTO) bid.BudgetItem { return bid.BudgetItem(b) }),
		CommitmentSigned: r.CommitmentSigned, IntegrityPledgeSigned: r.IntegrityPledgeSigned}
	if r.PI != nil {
		c.PI = bid.PI(*r.PI)
	}
	return c
}

func (r bidPatchReq) toPatch(clearLeadShare bool) bid.Patch {
	p := bid.Patch{LeadSharePct: r.LeadSharePct, ClearLeadShare: clearLeadShare, Approach: r.Approach,
		CommitmentSigned: r.CommitmentSigned, IntegrityPledgeSigned: r.IntegrityPledgeSigned}
	if r.PI != nil {
		pi := bid.PI(*r.PI)
		p.PI = &pi
	}
	p.Partners = convertSet(r.Partners, func(x bidPartnerDTO) bid.Partner { return bid.Partner(x) })
	p.Members = convertSet(r.Members, func(x bidMemberDTO) bid.Member { return bid.Member(x) })
	p.Plan = convertSet(r.Plan, stageFromDTO)
	p.Budget = convertSet(r.Budget, func(x bidBudgetDTO) bid.BudgetItem { return bid.BudgetItem(x) })
	return p
}

func toBidAttachmentDTO(a bid.AttachmentRef) bidAttachmentDTO {
	return bidAttachmentDTO{ID: a.ID, Filename: a.Filename, Size: a.Size, ContentType: a.ContentType, SHA256: a.SHA256,
		UploadedAt: a.UploadedAt}
}

// toBidDTO converts what the caller may see of a bid; messages follow the caller's language.
func toBidDTO(c *gin.Context, v bid.View) bidDTO {
	ct := v.Content
	d := bidDTO{ID: v.ID, ChallengeID: v.ChallengeID, ChallengeTitle: v.ChallengeTitle, Status: string(v.Status),
		PI: bidPIDTO(ct.PI), LeadOrgID: v.LeadOrgID, LeadOrgName: v.LeadOrgName,
		Partners: convertAll(ct.Partners, func(p bid.Partner) bidPartnerDTO { return bidPartnerDTO(p) }),
		Members:  convertAll(ct.Members, func(m bid.Member) bidMemberDTO { return bidMemberDTO(m) }),
		Approach: ct.Approach, Plan: convertAll(ct.Plan, toBidStageDTO),
		Budget: convertAll(ct.Budget, func(b bid.BudgetItem) bidBudgetDTO { return bidBudgetDTO(b) }), BudgetTotalFen: ct.BudgetTotal(), CommitmentSigned: ct.CommitmentSigned,
		IntegrityPledgeSigned: ct.IntegrityPledgeSigned, Version: v.Version, HasUnsubmittedChanges: v.Dirty,
		Attachments: convertAll(v.Attachments, toBidAttachmentDTO), CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt, SubmittedAt: v.SubmittedAt}
	if lead := ct.EffectiveLeadShare(); lead >= 1 {
		d.LeadSharePct = &lead
	}
	if v.Receipt != nil {
		d.Receipt = &bidReceiptDTO{SubmittedAt: v.Receipt.SubmittedAt, Digest: v.Receipt.Digest, Version: v.Receipt.Version}
	}
	if v.ShowReason {
		d.EligibilityReason = v.EligibilityReason
	}
	d.EndReason, d.EndedAt = v.EndReason, v.EndedAt
	d.Actions = v.ActionNames()
	d.Correction = toBidCorrectionDTO(v.Correction)
	if v.Precheck != nil {
		pc := &bidPrecheckDTO{OK: v.Precheck.OK, Checks: make([]bidCheckDTO, 0, len(v.Precheck.Checks))}
		for _, ch := range v.Precheck.Checks {
			pc.Checks = append(pc.Checks, bidCheckDTO{Code: ch.Code, OK: ch.OK, Message: pick(c, ch.Zh, ch.En)})
		}
		d.Precheck = pc
	}
	return d
}

func toBidVersionDTO(v bid.Version) bidVersionDTO {
	return bidVersionDTO{Version: v.Version, SubmittedAt: v.SubmittedAt, Digest: v.Digest, Content: json.RawMessage(v.Canonical)}
}
