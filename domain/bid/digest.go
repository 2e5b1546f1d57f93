package bid

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// canonicalBid is the submitted content in its canonical form: the API's field names, the lead share made
// explicit, attachments named by their SHA-256. Its canonical JSON is what a version stores and what the
// receipt's digest is computed over.
type canonicalBid struct {
	ChallengeID           int64               `json:"challenge_id"`
	LeadOrgID             int64               `json:"lead_org_id"`
	PI                    canonicalPI         `json:"pi"`
	LeadSharePct          int                 `json:"lead_share_pct"`
	Partners              []canonicalPartner  `json:"partners"`
	Members               []canonicalMember   `json:"members"`
	Approach              string              `json:"approach"`
	Plan                  []canonicalStage    `json:"plan"`
	Budget                []canonicalBudget   `json:"budget"`
	CommitmentSigned      bool                `json:"commitment_signed"`
	IntegrityPledgeSigned bool                `json:"integrity_pledge_signed"`
	Attachments           []canonicalAttached `json:"attachments"`
}

type canonicalPI struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

type canonicalPartner struct {
	OrgName    string `json:"org_name"`
	CreditCode string `json:"credit_code"`
	Role       string `json:"role"`
	SharePct   int    `json:"share_pct"`
}

type canonicalMember struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

type canonicalStage struct {
	Stage        int                `json:"stage"`
	KPITargets   map[string]float64 `json:"kpi_targets"`
	Deliverables string             `json:"deliverables"`
}

type canonicalBudget struct {
	Item      string `json:"item"`
	AmountFen int64  `json:"amount_fen"`
}

type canonicalAttached struct {
	ID          int64  `json:"id"`
	Filename    string `json:"filename"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
	SHA256      string `json:"sha256"`
}

// Canonical returns the canonical JSON of a bid's submitted content (sorted keys, no insignificant whitespace,
// no HTML escaping) and its SHA-256 digest in hex.
func Canonical(challengeID, leadOrgID int64, c Content, atts []AttachmentRef) ([]byte, string, error) {
	cb := canonicalBid{
		ChallengeID: challengeID, LeadOrgID: leadOrgID,
		PI:           canonicalPI{Name: c.PI.Name, Email: c.PI.Email},
		LeadSharePct: c.EffectiveLeadShare(), Approach: c.Approach,
		CommitmentSigned: c.CommitmentSigned, IntegrityPledgeSigned: c.IntegrityPledgeSigned,
		Partners: []canonicalPartner{}, Members: []canonicalMember{}, Plan: []canonicalStage{},
		Budget: []canonicalBudget{}, Attachments: []canonicalAttached{},
	}
	for _, p := range c.Partners {
		cb.Partners = append(cb.Partners, canonicalPartner(p))
	}
	for _, m := range c.Members {
		cb.Members = append(cb.Members, canonicalMember(m))
	}
	for _, p := range c.Plan {
		t := p.KPITargets
		if t == nil {
			t = map[string]float64{}
		}
		cb.Plan = append(cb.Plan, canonicalStage{Stage: p.Stage, KPITargets: t, Deliverables: p.Deliverables})
	}
	for _, b := range c.Budget {
		cb.Budget = append(cb.Budget, canonicalBudget(b))
	}
	for _, a := range atts {
		cb.Attachments = append(cb.Attachments, canonicalAttached{ID: a.ID, Filename: a.Filename, Size: a.Size,
			ContentType: a.ContentType, SHA256: a.SHA256})
	}
	raw, err := json.Marshal(cb)
	if err != nil {
		return nil, "", err
	}
	out, err := CanonicalizeJSON(raw)
	if err != nil {
		return nil, "", err
	}
	return out, Digest(out), nil
}

// Digest is the SHA-256 of b in lower-case hex.
func Digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// CanonicalizeJSON rewrites a JSON document with object keys sorted, no insignificant whitespace and no HTML
// escaping; numbers keep their text.
func CanonicalizeJSON(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// ParseCanonical reads a version's canonical JSON back into content and attachment references.
func ParseCanonical(b []byte) (Content, []AttachmentRef, error) {
	var cb canonicalBid
	if err := json.Unmarshal(b, &cb); err != nil {
		return Content{}, nil, fmt.Errorf("parse bid version: %w", err)
	}
	lead := cb.LeadSharePct
	c := Content{PI: PI{Name: cb.PI.Name, Email: cb.PI.Email}, LeadSharePct: &lead, Approach: cb.Approach,
		CommitmentSigned: cb.CommitmentSigned, IntegrityPledgeSigned: cb.IntegrityPledgeSigned}
	for _, p := range cb.Partners {
		c.Partners = append(c.Partners, Partner(p))
	}
	for _, m := range cb.Members {
		c.Members = append(c.Members, Member(m))
	}
	for _, p := range cb.Plan {
		c.Plan = append(c.Plan, StagePlan{Stage: p.Stage, KPITargets: p.KPITargets, Deliverables: p.Deliverables})
	}
	for _, x := range cb.Budget {
		c.Budget = append(c.Budget, BudgetItem(x))
	}
	atts := make([]AttachmentRef, 0, len(cb.Attachments))
	for _, a := range cb.Attachments {
		atts = append(atts, AttachmentRef{ID: a.ID, Filename: a.Filename, Size: a.Size, ContentType: a.ContentType, SHA256: a.SHA256})
	}
	return c, atts, nil
}
