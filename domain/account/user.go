package account

import (
	"errors"
	"strings"
	"time"

	"jiebang/domain"
)

// User is a platform account. Bureau and admin accounts belong to no organisation (OrgID 0, Org nil).
type User struct {
	ID       int64
	Email    string
	Name     string
	Role     domain.Role
	OrgID    int64
	Org      *Org
	Disabled bool
	// Membership is the user's standing in its organisation: only an active member acts for it.
	Membership Membership
	// MembershipNote is the reason given when the membership was rejected or ended ("" otherwise).
	MembershipNote string
	// OrgAdmin marks the organisation's administrator (单位管理员), who approves its members.
	OrgAdmin bool
	// ExpertFields are an expert's fields of expertise (industry field codes); empty for other roles.
	ExpertFields []string
	// MFAEnabled: the user has a confirmed second factor (TOTP) and logs in with it.
	MFAEnabled bool
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Actor returns the acting identity of the user. A user whose membership is not active acts for no
// organisation (OrgID 0): every service that scopes by organisation then refuses it or shows it nothing.
func (u User) Actor() domain.Actor {
	a := domain.Actor{UserID: u.ID, Name: u.Name, Email: u.Email, Role: u.Role}
	if u.ActiveMember() {
		a.OrgID = u.OrgID
	}
	return a
}

// ActiveMember reports whether the user acts for its organisation.
func (u User) ActiveMember() bool { return u.OrgID != 0 && u.Membership == MembershipActive }

// userSummary is what the audit trail records of a user (never the password hash).
func userSummary(u User) map[string]any {
	return map[string]any{"id": u.ID, "email": u.Email, "name": u.Name, "role": u.Role, "org_id": u.OrgID,
		"disabled": u.Disabled, "expert_fields": u.ExpertFields, "membership": u.Membership, "org_admin": u.OrgAdmin,
		"mfa_enabled": u.MFAEnabled}
}

// NormalizeEmail trims and lower-cases an e-mail address; addresses are stored and compared lower-cased.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// IndustryFields are the industry field codes of docs/api-details.md (the same as challenge.FieldCodes(), which
// this package cannot import; a test keeps them equal); an expert's fields are chosen from them.
var IndustryFields = []string{"equipment", "materials", "energy", "biomedicine", "electronics", "ai",
	"environment", "agriculture", "marine", "other"}

// notFoundAs replaces a store's not-found error by the bilingual one; other errors pass through.
func notFoundAs(err error, nf *domain.Error) error {
	if errors.Is(err, domain.ErrNotFound) {
		return nf
	}
	return err
}

// errUserNotFound is the 404 for a user.
func errUserNotFound() *domain.Error { return domain.NotFound("用户", "user") }
