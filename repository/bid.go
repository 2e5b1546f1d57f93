package repository

import (
	"encoding/json"
	"fmt"
	"time"

	"jiebang/domain/bid"
)

// bidRow is a row of bids. The working copy is JSON text (bidContentJSON): it is read and written whole.
type bidRow struct {
	ID                int64 `gorm:"primaryKey"`
	ChallengeID       int64
	LeadOrgID         int64
	Status            string
	Content           string
	Dirty             bool
	Version           int
	PIEmail           string `gorm:"column:pi_email"`
	SubmittedAt       *time.Time
	Digest            string
	EligibilityReason string
	DecidedAt         *time.Time
	CreatedBy         int64
	CreatedAt         time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt         time.Time `gorm:"autoUpdateTime:false"`
	WithdrawnAt       *time.Time
	EndReason         string
	EndedAt           *time.Time
}

func (bidRow) TableName() string { return "bids" }

// bidVersionRow is a row of bid_versions: Content is the canonical JSON the digest was computed over.
type bidVersionRow struct {
	BidID       int64 `gorm:"primaryKey;autoIncrement:false"`
	Version     int   `gorm:"primaryKey;autoIncrement:false"`
	Content     string
	Digest      string
	SubmittedAt time.Time
	SubmittedBy int64
}

func (bidVersionRow) TableName() string { return "bid_versions" }

// bidAttachmentRow is a row of bid_attachments.
type bidAttachmentRow struct {
	ID          int64 `gorm:"primaryKey"`
	BidID       int64
	Filename    string
	Size        int64
	ContentType string
	SHA256      string `gorm:"column:sha256"`
	UploadedBy  int64
	UploadedAt  time.Time
	RemovedAt   *time.Time
}

func (bidAttachmentRow) TableName() string { return "bid_attachments" }

// bidContentJSON is the stored shape of a working copy (the lead share may be unset).
type bidContentJSON struct {
	PI                    bidPIJSON        `json:"pi"`
	LeadSharePct          *int             `json:"lead_share_pct"`
	Partners              []bidPartnerJSON `json:"partners"`
	Members               []bidMemberJSON  `json:"members"`
	Approach              string           `json:"approach"`
	Plan                  []bidStageJSON   `json:"plan"`
	Budget                []bidBudgetJSON  `json:"budget"`
	CommitmentSigned      bool             `json:"commitment_signed"`
	IntegrityPledgeSigned bool             `json:"integrity_pledge_signed"`
}

type bidPIJSON struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

type bidPartnerJSON struct {
	OrgName    string `json:"org_name"`
	CreditCode string `json:"credit_code"`
	Role       string `json:"role"`
	SharePct   int    `json:"share_pct"`
}

type bidMemberJSON struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

type bidStageJSON struct {
	Stage        int                `json:"stage"`
	KPITargets   map[string]float64 `json:"kpi_targets"`
	Deliverables string             `json:"deliverables"`
}

type bidBudgetJSON struct {
	Item      string `json:"item"`
	AmountFen int64  `json:"amount_fen"`
}

func encodeBidContent(c bid.Content) (string, error) {
	j := bidContentJSON{PI: bidPIJSON(c.PI), LeadSharePct: c.LeadSharePct, Approach: c.Approach,
		CommitmentSigned: c.CommitmentSigned, IntegrityPledgeSigned: c.IntegrityPledgeSigned}
	for _, p := range c.Partners {
		j.Partners = append(j.Partners, bidPartnerJSON(p))
	}
	for _, m := range c.Members {
		j.Members = append(j.Members, bidMemberJSON(m))
	}
	for _, p := range c.Plan {
		j.Plan = append(j.Plan, bidStageJSON(p))
	}
	for _, b := range c.Budget {
		j.Budget = append(j.Budget, bidBudgetJSON(b))
	}
	b, err := json.Marshal(j)
	return string(b), err
}

func decodeBidContent(s string) (bid.Content, error) {
	var j bidContentJSON
	if err := json.Unmarshal([]byte(s), &j); err != nil {
		return bid.Content{}, fmt.Errorf("decode bid content: %w", err)
	}
	c := bid.Content{PI: bid.PI(j.PI), LeadSharePct: j.LeadSharePct, Approach: j.Approach,
		CommitmentSigned: j.CommitmentSigned, IntegrityPledgeSigned: j.IntegrityPledgeSigned}
	for _, p := range j.Partners {
		c.Partners = append(c.Partners, bid.Partner(p))
	}
	for _, m := range j.Members {
		c.Members = append(c.Members, bid.Member(m))
	}
	for _, p := range j.Plan {
		c.Plan = append(c.Plan, bid.StagePlan(p))
	}
	for _, b := range j.Budget {
		c.Budget = append(c.Budget, bid.BudgetItem(b))
	}
	return c, nil
}

func bidUTC(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func bidToRow(b bid.Bid) (bidRow, error) {
	content, err := encodeBidContent(b.Content)
	if err != nil {
		return bidRow{}, err
	}
	return bidRow{ID: b.ID, ChallengeID: b.ChallengeID, LeadOrgID: b.LeadOrgID, Status: string(b.Status), Content: content,
		Dirty: b.Dirty, Version: b.Version, PIEmail: b.PIEmail, SubmittedAt: bidUTC(b.SubmittedAt), Digest: b.Digest,
		EligibilityReason: b.EligibilityReason, DecidedAt: bidUTC(b.DecidedAt), CreatedBy: b.CreatedBy,
		CreatedAt: dbTime(b.CreatedAt), UpdatedAt: dbTime(b.UpdatedAt), WithdrawnAt: bidUTC(b.WithdrawnAt),
		EndReason: b.EndReason, EndedAt: bidUTC(b.EndedAt)}, nil
}

func (r bidRow) toDomain() (bid.Bid, error) {
	c, err := decodeBidContent(r.Content)
	if err != nil {
		return bid.Bid{}, err
	}
	return bid.Bid{ID: r.ID, ChallengeID: r.ChallengeID, LeadOrgID: r.LeadOrgID, Status: bid.Status(r.Status), Content: c,
		Dirty: r.Dirty, Version: r.Version, PIEmail: r.PIEmail, SubmittedAt: bidUTC(r.SubmittedAt), Digest: r.Digest,
		EligibilityReason: r.EligibilityReason, DecidedAt: bidUTC(r.DecidedAt), CreatedBy: r.CreatedBy,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), WithdrawnAt: bidUTC(r.WithdrawnAt),
		EndReason: r.EndReason, EndedAt: bidUTC(r.EndedAt)}, nil
}

func (r bidVersionRow) toDomain() (bid.Version, error) {
	c, atts, err := bid.ParseCanonical([]byte(r.Content))
	if err != nil {
		return bid.Version{}, err
	}
	return bid.Version{BidID: r.BidID, Version: r.Version, SubmittedAt: r.SubmittedAt.UTC(), SubmittedBy: r.SubmittedBy,
		Digest: r.Digest, Canonical: []byte(r.Content), Content: c, Attachments: atts}, nil
}

func (r bidAttachmentRow) toDomain() bid.Attachment {
	return bid.Attachment{ID: r.ID, BidID: r.BidID, Filename: r.Filename, Size: r.Size, ContentType: r.ContentType,
		SHA256: r.SHA256, UploadedBy: r.UploadedBy, UploadedAt: r.UploadedAt.UTC(), RemovedAt: bidUTC(r.RemovedAt)}
}
