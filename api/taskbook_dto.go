package api

import (
	"time"

	"jiebang/domain"
	"jiebang/domain/race"
	"jiebang/domain/taskbook"
)

// signatureDTO is one signature of a task book version.
type signatureDTO struct {
	Version  int       `json:"version" required:"true"`
	Seq      int       `json:"seq" required:"true"`
	Slot     string    `json:"slot" required:"true" description:"pi, lead, partner-N, owner or bureau"`
	Role     string    `json:"role" required:"true" description:"pi, lead, partner, owner or bureau"`
	OrgID    int64     `json:"org_id" required:"true"`
	OrgName  string    `json:"org_name" required:"true"`
	OnBehalf bool      `json:"on_behalf" required:"true" description:"the lead organisation's administrator signed for a partner not on the platform"`
	UserID   int64     `json:"user_id" required:"true"`
	UserName string    `json:"user_name" required:"true"`
	Digest   string    `json:"digest" required:"true" description:"SHA-256 (hex) of the canonical version signed"`
	SignedAt time.Time `json:"signed_at" required:"true"`
}

func toSignatureDTO(s taskbook.Signature) signatureDTO {
	return signatureDTO{Version: s.Version, Seq: s.Seq, Slot: s.Slot, Role: string(s.Role), OrgID: s.OrgID, OrgName: s.OrgName,
		OnBehalf: s.OnBehalf, UserID: s.UserID, UserName: s.UserName, Digest: s.Digest, SignedAt: s.SignedAt}
}

// slotDTO is one signature a version needs, in order, with the signature once given.
type slotDTO struct {
	Slot       string        `json:"slot" required:"true"`
	Role       string        `json:"role" required:"true"`
	Partner    int           `json:"partner" required:"true" description:"the partner's 1-based number (0 for other slots)"`
	OrgName    string        `json:"org_name" required:"true"`
	SignerRole string        `json:"signer_role" required:"true" description:"the user role that signs: team, enterprise or bureau"`
	OrgID      int64         `json:"org_id" required:"true" description:"the organisation signing (0 for the bureau)"`
	UserID     int64         `json:"user_id" required:"true" description:"the one user who may sign (0: any user of the role in the organisation)"`
	OnBehalf   bool          `json:"on_behalf" required:"true"`
	Signature  *signatureDTO `json:"signature" required:"true"`
}

// taskbookDTO is a racer's current task book: its latest version (number, digest, canonical content), the
// signatures in order and who is next; task_book has the fields of the racer's task book as before, from the
// latest version.
type taskbookDTO struct {
	RacerID    int64            `json:"racer_id" required:"true"`
	Version    int              `json:"version" required:"true"`
	Digest     string           `json:"digest" required:"true" description:"SHA-256 (hex) of the canonical JSON of content"`
	Content    taskbook.Content `json:"content" required:"true"`
	TaskBook   *taskBookDTO     `json:"task_book" required:"true"`
	CreatedAt  time.Time        `json:"created_at" required:"true"`
	Slots      []slotDTO        `json:"slots" required:"true"`
	Signatures []signatureDTO   `json:"signatures" required:"true"`
	Next       *slotDTO         `json:"next" required:"true" description:"the next signature (null when complete)"`
	Complete   bool             `json:"complete" required:"true"`
	MaySign    bool             `json:"may_sign" required:"true" description:"the caller is the next signer"`
	Versions   int              `json:"versions" required:"true"`
	MFA        bool             `json:"mfa" required:"true" description:"the caller signs with a second-factor code instead of the password"`
}

func toSlotDTO(s taskbook.SlotView) slotDTO {
	out := slotDTO{Slot: s.Slot.Key, Role: string(s.Slot.Role), Partner: s.Slot.Partner, OrgName: s.Slot.OrgName,
		SignerRole: string(s.Signer.Role), OrgID: s.Signer.OrgID, UserID: s.Signer.UserID, OnBehalf: s.Signer.OnBehalf}
	if s.Signature != nil {
		d := toSignatureDTO(*s.Signature)
		out.Signature = &d
	}
	return out
}

// contentTaskBook is the content of a version in the shape of the racer's task book.
func contentTaskBook(c taskbook.Content, started time.Time) race.TaskBook {
	tb := race.TaskBook{ChallengeTitle: c.Title, LeadOrg: c.LeadOrg.OrgName, PI: c.PI.Name, PIEmail: c.PI.Email,
		Partners: []string{}, Approach: c.Approach, KPIs: c.KPIs, Stages: c.Stages, Budget: c.Budget, BudgetFen: c.BudgetFen,
		Terms: c.Terms, StartedAt: started}
	for _, p := range c.Partners {
		tb.Partners = append(tb.Partners, p.OrgName)
	}
	return tb
}

func toTaskbookDTO(v taskbook.View, mfa bool) taskbookDTO {
	out := taskbookDTO{RacerID: v.Racer.ID, Version: v.Version.Number, Digest: v.Version.Digest, Content: v.Version.Content,
		TaskBook: toTaskBookDTO(contentTaskBook(v.Version.Content, v.Racer.StartedAt)), CreatedAt: v.Version.CreatedAt,
		Slots: []slotDTO{}, Signatures: []signatureDTO{}, Complete: v.Complete, MaySign: v.MaySign, Versions: v.Versions, MFA: mfa}
	for _, s := range v.Slots {
		d := toSlotDTO(s)
		out.Slots = append(out.Slots, d)
		if d.Signature != nil {
			out.Signatures = append(out.Signatures, *d.Signature)
		}
	}
	if v.Next != nil {
		d := toSlotDTO(*v.Next)
		out.Next = &d
	}
	return out
}

// taskbookVersionDTO is one version of the history.
type taskbookVersionDTO struct {
	Version    int              `json:"version" required:"true"`
	Digest     string           `json:"digest" required:"true"`
	Content    taskbook.Content `json:"content" required:"true"`
	CreatedAt  time.Time        `json:"created_at" required:"true"`
	Superseded *time.Time       `json:"superseded_at" required:"true"`
	Slots      int              `json:"slots" required:"true" description:"how many signatures the version needs"`
	Complete   bool             `json:"complete" required:"true"`
	Signatures []signatureDTO   `json:"signatures" required:"true"`
}

// signReq is a signature: the version read (and its digest), with the password or the second-factor code.
type signReq struct {
	Version  int    `json:"version" required:"true" minimum:"1"`
	Digest   string `json:"digest" maxLength:"64" description:"the digest read; a different one is 409 taskbook_changed"`
	Password string `json:"password" maxLength:"1024"`
	TOTPCode string `json:"totp_code" maxLength:"64" description:"a current code of the signer's second factor (required when the signer has one)"`
}

// changeRequestReq files a change request.
type changeRequestReq struct {
	Kind        string            `json:"kind" required:"true" enum:"pi,partner,kpi,end_date,budget,title"`
	Reason      string            `json:"reason" required:"true" maxLength:"2000"`
	Proposed    taskbook.Proposed `json:"proposed" required:"true"`
	Attachments []string          `json:"attachments" description:"references of supporting documents (at most 10)"`
}

// changeActionReq is the reason of a change decision (required to reject).
type changeActionReq struct {
	Reason string `json:"reason" maxLength:"2000"`
}

// changeRequestDTO is a change request (项目变更).
type changeRequestDTO struct {
	ID             int64             `json:"id" required:"true"`
	RacerID        int64             `json:"racer_id" required:"true"`
	ChallengeID    int64             `json:"challenge_id" required:"true"`
	Kind           string            `json:"kind" required:"true"`
	Major          bool              `json:"major" required:"true" description:"needs the owner enterprise's consent"`
	Reason         string            `json:"reason" required:"true"`
	Proposed       taskbook.Proposed `json:"proposed" required:"true"`
	Attachments    []string          `json:"attachments" required:"true"`
	Status         string            `json:"status" required:"true" description:"submitted, consented, approved, rejected or withdrawn"`
	FiledBy        int64             `json:"filed_by" required:"true"`
	FiledByName    string            `json:"filed_by_name" required:"true"`
	ByBureau       bool              `json:"by_bureau" required:"true"`
	ConsentedAt    *time.Time        `json:"consented_at" required:"true"`
	DecidedAt      *time.Time        `json:"decided_at" required:"true"`
	DecisionReason string            `json:"decision_reason" required:"true"`
	Version        int               `json:"version" required:"true" description:"the task book version the approval made (0 until approved)"`
	CreatedAt      time.Time         `json:"created_at" required:"true"`
	Actions        []string          `json:"actions" required:"true" description:"what the caller may do now: consent, approve, reject, withdraw"`
}

func toChangeRequestDTO(act domain.Actor, c taskbook.Change, leadOrg, ownerOrg int64) changeRequestDTO {
	out := changeRequestDTO{ID: c.ID, RacerID: c.RacerID, ChallengeID: c.ChallengeID, Kind: string(c.Kind), Major: c.Kind.Major(),
		Reason: c.Reason, Proposed: c.Proposed, Attachments: c.Attachments, Status: string(c.Status), FiledBy: c.FiledBy,
		FiledByName: c.FiledByName, ByBureau: c.ByBureau, ConsentedAt: c.ConsentedAt, DecidedAt: c.DecidedAt,
		DecisionReason: c.DecisionReason, Version: c.Version, CreatedAt: c.CreatedAt, Actions: []string{}}
	if out.Attachments == nil {
		out.Attachments = []string{}
	}
	for _, a := range []string{taskbook.ActionConsent, taskbook.ActionApprove, taskbook.ActionReject, taskbook.ActionWithdraw} {
		if _, ok := taskbook.Next(c.Kind, c.Status, a); !ok {
			continue
		}
		switch {
		case a == taskbook.ActionConsent && act.EnterpriseOf(ownerOrg),
			(a == taskbook.ActionApprove || a == taskbook.ActionReject) && act.Bureau(),
			a == taskbook.ActionWithdraw && (act.TeamOf(leadOrg) || act.Bureau()):
			out.Actions = append(out.Actions, a)
		}
	}
	return out
}

// changeRulesDTO are the change rules in force.
type changeRulesDTO struct {
	LeadDays           int  `json:"lead_days" required:"true"`
	MaxExtensionMonths int  `json:"max_extension_months" required:"true"`
	MaxExtensions      int  `json:"max_extensions" required:"true"`
	ExtensionsUsed     int  `json:"extensions_used" required:"true"`
	TooLate            bool `json:"too_late" required:"true" description:"the lead organisation may no longer file (the bureau still may)"`
	MayFile            bool `json:"may_file" required:"true"`
}

// changeRequestsDTO is a racer's change requests with the rules.
type changeRequestsDTO struct {
	Items []changeRequestDTO `json:"items" required:"true"`
	Rules changeRulesDTO     `json:"rules" required:"true"`
}
