package taskbook

import (
	"fmt"
	"strings"
	"time"

	"jiebang/domain"
)

// SlotRole is which party a signature is given for.
type SlotRole string

// The parties that sign a task book, in this order (PI → lead organisation → each partner → owner enterprise
// → bureau).
const (
	SlotPI      SlotRole = "pi"      // 挂帅人
	SlotLead    SlotRole = "lead"    // 牵头单位 (its administrator)
	SlotPartner SlotRole = "partner" // 联合体成员单位 (its administrator)
	SlotOwner   SlotRole = "owner"   // 发榜企业 (its administrator)
	SlotBureau  SlotRole = "bureau"  // 科技局
)

// Slot is one signature a version needs: its key ("pi", "lead", "partner-1", "owner", "bureau"), the party
// and, for a partner, which one (1-based, in the task book's order).
type Slot struct {
	Key     string
	Role    SlotRole
	Partner int
	OrgName string
}

// Slots are the signatures a version needs, in the order they are given.
func Slots(c Content) []Slot {
	out := []Slot{{Key: string(SlotPI), Role: SlotPI, OrgName: c.LeadOrg.OrgName}, {Key: string(SlotLead), Role: SlotLead, OrgName: c.LeadOrg.OrgName}}
	for i, p := range c.Partners {
		out = append(out, Slot{Key: fmt.Sprintf("partner-%d", i+1), Role: SlotPartner, Partner: i + 1, OrgName: p.OrgName})
	}
	return append(out, Slot{Key: string(SlotOwner), Role: SlotOwner}, Slot{Key: string(SlotBureau), Role: SlotBureau})
}

// Signer is who may sign one slot, as the service resolves it from the accounts: the organisation the slot is
// signed for and the users allowed (any user of Role in OrgID when UserID is 0).
type Signer struct {
	Role   domain.Role
	OrgID  int64
	UserID int64
	// OnBehalf is set when the lead organisation's administrator signs for a partner that has no account
	// (or no administrator) on the platform.
	OnBehalf bool
}

// May reports whether actor may fill the slot whose signer is s.
func (s Signer) May(actor domain.Actor) bool {
	var member bool
	switch s.Role {
	case domain.RoleBureau:
		member = actor.Bureau()
	case domain.RoleEnterprise:
		member = actor.EnterpriseOf(s.OrgID)
	case domain.RoleTeam:
		member = actor.TeamOf(s.OrgID)
	}
	return member && (s.UserID == 0 || actor.UserID == s.UserID)
}

// SignerFacts are what the signers of a version are resolved from: the PI's user (0: the PI has no account in
// the lead organisation), the organisations' administrators (0: none), the partners' organisations (0: not
// on the platform) and the owner enterprise.
type SignerFacts struct {
	LeadOrgID     int64
	PIUserID      int64
	LeadAdminID   int64
	PartnerOrgIDs []int64
	PartnerAdmins []int64
	OwnerOrgID    int64
	OwnerAdminID  int64
}

// SignerFor resolves who signs slot sl:
//   - PI: the user whose e-mail is the PI's and who is a team user of the lead organisation; when there is
//     none, any team user of the lead organisation signs for the PI;
//   - lead: the lead organisation's administrator (any of its team users while it has none);
//   - partner-N: the partner's administrator (any of its team users while it has none); for a partner that
//     is not on the platform, the lead organisation's administrator signs on its behalf;
//   - owner: the owner enterprise's administrator (any of its enterprise users while it has none);
//   - bureau: any bureau officer.
func SignerFor(sl Slot, f SignerFacts) Signer {
	switch sl.Role {
	case SlotPI:
		return Signer{Role: domain.RoleTeam, OrgID: f.LeadOrgID, UserID: f.PIUserID}
	case SlotLead:
		return Signer{Role: domain.RoleTeam, OrgID: f.LeadOrgID, UserID: f.LeadAdminID}
	case SlotPartner:
		i := sl.Partner - 1
		if i < len(f.PartnerOrgIDs) && f.PartnerOrgIDs[i] != 0 {
			return Signer{Role: domain.RoleTeam, OrgID: f.PartnerOrgIDs[i], UserID: at(f.PartnerAdmins, i)}
		}
		return Signer{Role: domain.RoleTeam, OrgID: f.LeadOrgID, UserID: f.LeadAdminID, OnBehalf: true}
	case SlotOwner:
		return Signer{Role: domain.RoleEnterprise, OrgID: f.OwnerOrgID, UserID: f.OwnerAdminID}
	default:
		return Signer{Role: domain.RoleBureau}
	}
}

func at(xs []int64, i int) int64 {
	if i < len(xs) {
		return xs[i]
	}
	return 0
}

// Signature is one signature on a version: who signed, when, for which slot and organisation, and the digest
// of the canonical version signed.
type Signature struct {
	ID        int64
	VersionID int64
	RacerID   int64
	Version   int
	Seq       int
	Slot      string
	Role      SlotRole
	OrgID     int64
	OrgName   string
	OnBehalf  bool
	UserID    int64
	UserName  string
	Digest    string
	SignedAt  time.Time
}

// SignInput is a signature request: the version the signer read, optionally its digest, and the signer's
// password or second-factor code.
type SignInput struct {
	Version  int
	Digest   string
	Password string
	Code     string
}

var (
	errChanged = domain.Conflict("taskbook_changed", "任务书已有新版本，请阅读最新版本后再签署",
		"the task book has a newer version: read it and sign that one")
	errNotYourTurn = domain.Conflict("not_your_turn", "尚未轮到您签署（或您不是下一位签署人）",
		"it is not your turn to sign (or you are not the next signer)")
	errAlreadySigned = domain.Conflict("already_signed", "该版本的这一签署已完成", "this signature of the version is already given")
	errComplete      = domain.Conflict("taskbook_signed", "该版本已全部签署", "every party has signed this version")
)

// CheckTurn checks a sign request against the version: the version and digest it names must be the latest
// (409 taskbook_changed); the version must still lack a signature (409 taskbook_signed); the actor must be the
// next slot's signer (409 already_signed when the actor gave an earlier signature of the version and is not
// next, 409 not_your_turn otherwise). It returns the slot to sign.
func CheckTurn(v Version, in SignInput, actor domain.Actor, signers []Signer, signed []Signature) (Slot, Signer, error) {
	if in.Version != v.Number || (strings.TrimSpace(in.Digest) != "" && !strings.EqualFold(strings.TrimSpace(in.Digest), v.Digest)) {
		return Slot{}, Signer{}, errChanged.WithDetails(map[string]any{"version": v.Number, "digest": v.Digest})
	}
	slots := Slots(v.Content)
	if v.Signed >= len(slots) {
		return Slot{}, Signer{}, errComplete
	}
	next := slots[v.Signed]
	if signers[v.Signed].May(actor) {
		return next, signers[v.Signed], nil
	}
	for _, s := range signed {
		if s.UserID == actor.UserID {
			return Slot{}, Signer{}, errAlreadySigned
		}
	}
	return Slot{}, Signer{}, errNotYourTurn.WithDetails(map[string]any{"next": next.Key})
}
