package api

import (
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
)

// orgDTO is the contract's Org.
type orgDTO struct {
	ID           int64     `json:"id" required:"true"`
	Name         string    `json:"name" required:"true"`
	Type         string    `json:"type" required:"true" enum:"enterprise,university,research_institute,other"`
	CreditCode   string    `json:"credit_code" required:"true" description:"unified social credit code (统一社会信用代码)"`
	Verified     bool      `json:"verified" required:"true"`
	CreditStatus string    `json:"credit_status" required:"true" enum:"good,warned,barred"`
	CreatedAt    time.Time `json:"created_at" required:"true"`
}

func toOrgDTO(o account.Org) orgDTO {
	return orgDTO{ID: o.ID, Name: o.Name, Type: string(o.Type), CreditCode: o.CreditCode, Verified: o.Verified,
		CreditStatus: string(o.CreditStatus), CreatedAt: o.CreatedAt}
}

// userDTO is the contract's User; org is null for bureau and admin accounts.
type userDTO struct {
	ID         int64   `json:"id" required:"true"`
	Email      string  `json:"email" required:"true"`
	Name       string  `json:"name" required:"true"`
	Role       string  `json:"role" required:"true" enum:"enterprise,team,expert,bureau,admin"`
	Org        *orgDTO `json:"org" required:"true"`
	Disabled   bool    `json:"disabled" required:"true"`
	Membership string  `json:"membership" required:"true" enum:"active,pending,rejected" description:"only an active member acts for its organisation"`
	OrgAdmin   bool    `json:"org_admin" required:"true" description:"the organisation's administrator (单位管理员)"`
	// MembershipNote is the reason of a rejection or removal.
	MembershipNote string    `json:"membership_note" required:"true" description:"the reason of a rejection or removal; empty otherwise"`
	ExpertFields   []string  `json:"expert_fields" required:"true"`
	MFAEnabled     bool      `json:"mfa_enabled" required:"true" description:"the user signs in with a second factor (TOTP)"`
	CreatedAt      time.Time `json:"created_at" required:"true"`
	Actions        []string  `json:"actions" required:"true" description:"what the caller may do now to this user: on an organisation's members (account.MemberActionsFor) approve, reject, remove, hand_over; on the administrator's user list (account.UserActionsFor) enable, disable, reset_mfa; empty elsewhere (the caller's own account)"`
}

// memberDTOs converts the users of an organisation that act manages (the members' list and its changes).
func memberDTOs(act domain.Actor) func(account.User) userDTO {
	return func(u account.User) userDTO {
		d := toUserDTO(u)
		d.Actions = account.MemberActionsFor(act, true, u)
		return d
	}
}

// adminUserDTOs converts accounts as the platform's administrator act sees them.
func adminUserDTOs(act domain.Actor) func(account.User) userDTO {
	return func(u account.User) userDTO {
		d := toUserDTO(u)
		d.Actions = account.UserActionsFor(act, u)
		return d
	}
}

// toUserDTO converts u with no actions (the caller's own account, a registration).
func toUserDTO(u account.User) userDTO {
	d := userDTO{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), Disabled: u.Disabled,
		Membership: string(u.Membership), OrgAdmin: u.OrgAdmin, MembershipNote: u.MembershipNote,
		ExpertFields: u.ExpertFields, MFAEnabled: u.MFAEnabled, CreatedAt: u.CreatedAt, Actions: []string{}}
	if d.ExpertFields == nil {
		d.ExpertFields = []string{}
	}
	if u.Org != nil {
		o := toOrgDTO(*u.Org)
		d.Org = &o
	}
	return d
}

// orgReq is the organisation named at registration.
type orgReq struct {
	Name       string `json:"name" maxLength:"200" description:"ignored when the credit code already exists"`
	Type       string `json:"type" enum:"enterprise,university,research_institute,other" description:"ignored when the credit code already exists; enterprise users need enterprise"`
	CreditCode string `json:"credit_code" required:"true" minLength:"18" maxLength:"18"`
}

// registerReq is a self-registration.
type registerReq struct {
	Email        string   `json:"email" required:"true" format:"email"`
	Password     string   `json:"password" required:"true" minLength:"8" description:"at least 8 characters with a letter and a digit, not the e-mail"`
	Name         string   `json:"name" required:"true" maxLength:"100"`
	Role         string   `json:"role" required:"true" enum:"enterprise,team,expert"`
	Org          orgReq   `json:"org" required:"true"`
	ExpertFields []string `json:"expert_fields" description:"experts: industry field codes (see /meta/fields)"`
}

func (r registerReq) toInput() account.RegisterInput {
	return account.RegisterInput{Email: r.Email, Password: r.Password, Name: r.Name, Role: domain.Role(r.Role),
		Org:          account.OrgInput{Name: r.Org.Name, Type: account.OrgType(r.Org.Type), CreditCode: r.Org.CreditCode},
		ExpertFields: r.ExpertFields}
}

type loginReq struct {
	Email    string `json:"email" required:"true"`
	Password string `json:"password" required:"true"`
}

type refreshReq struct {
	RefreshToken string `json:"refresh_token" required:"true"`
}

// sessionResp is the answer of login and refresh.
type sessionResp struct {
	AccessToken      string    `json:"access_token" required:"true"`
	TokenType        string    `json:"token_type" required:"true" enum:"Bearer"`
	ExpiresIn        int64     `json:"expires_in" required:"true" description:"seconds until the access token expires"`
	RefreshToken     string    `json:"refresh_token" required:"true"`
	RefreshExpiresAt time.Time `json:"refresh_expires_at" required:"true"`
	User             userDTO   `json:"user" required:"true"`
	// MFAEnrolmentRequired tells the client to send the user to enrol a second factor first.
	MFAEnrolmentRequired bool `json:"mfa_enrolment_required" required:"true" description:"the user's role must use two-factor sign-in and the user has not enrolled: until it does, every call but GET /me, /me/mfa/... and logout answers 403 mfa_enrolment_required"`
}

func toSessionResp(s account.Session, now time.Time) sessionResp {
	return sessionResp{AccessToken: s.AccessToken, TokenType: "Bearer", ExpiresIn: int64(s.AccessExpiresAt.Sub(now).Seconds()),
		RefreshToken: s.RefreshToken, RefreshExpiresAt: s.RefreshExpiresAt, User: toUserDTO(s.User),
		MFAEnrolmentRequired: s.MFAEnrolmentRequired}
}

// mfaChallengeResp is a login's answer for a user with a second factor: no tokens yet, the token of the
// second step (POST /auth/login/mfa).
type mfaChallengeResp struct {
	MFARequired  bool   `json:"mfa_required" required:"true" const:"true"`
	MFAToken     string `json:"mfa_token" required:"true" description:"for POST /auth/login/mfa only, bound to the user, valid 5 minutes"`
	MFAExpiresIn int64  `json:"mfa_token_expires_in" required:"true" description:"seconds until mfa_token expires"`
}

// loginResp is the answer of a login: a session, or the second step's token.
type loginResp struct{}

// JSONSchemaOneOf declares the two shapes of a login's answer.
func (loginResp) JSONSchemaOneOf() []any { return []any{sessionResp{}, mfaChallengeResp{}} }

type loginMFAReq struct {
	MFAToken string `json:"mfa_token" required:"true"`
	Code     string `json:"code" required:"true" maxLength:"64" description:"the 6-digit code of the authenticator app, or an unused recovery code (XXXXX-XXXXX)"`
}

// mfaEnrolmentResp is a started enrolment.
type mfaEnrolmentResp struct {
	Secret     string `json:"secret" required:"true" description:"base32 TOTP secret, to type into an authenticator app"`
	OtpauthURL string `json:"otpauth_url" required:"true" description:"otpauth://totp/... (RFC 6238: SHA1, 6 digits, 30 s)"`
	QRPNG      string `json:"qr_png" required:"true" description:"the otpauth_url as a QR code: a data: URL of a PNG image"`
}

type mfaCodeReq struct {
	Code string `json:"code" required:"true" maxLength:"64" description:"a current 6-digit code of the authenticator app"`
}

type recoveryCodesResp struct {
	RecoveryCodes []string `json:"recovery_codes" required:"true" nullable:"false" minItems:"10" maxItems:"10" description:"one-time recovery codes, shown only now"`
}

type mfaDisableReq struct {
	Code     string `json:"code,omitempty" maxLength:"64" description:"a current code or an unused recovery code"`
	Password string `json:"password,omitempty" description:"the password, instead of a code"`
}

// mfaStatusResp is the caller's second factor.
type mfaStatusResp struct {
	Enabled           bool       `json:"enabled" required:"true"`
	Required          bool       `json:"required" required:"true" description:"the caller's role must use two-factor sign-in (it cannot be turned off)"`
	Pending           bool       `json:"pending" required:"true" description:"an enrolment was started and waits for its first code"`
	ConfirmedAt       *time.Time `json:"confirmed_at" required:"true"`
	RecoveryCodesLeft int        `json:"recovery_codes_left" required:"true"`
}

type passwordChangeReq struct {
	CurrentPassword string `json:"current_password" required:"true"`
	NewPassword     string `json:"new_password" required:"true" minLength:"8" description:"at least 8 characters with a letter and a digit, not the e-mail"`
}

type orgLookupQuery struct {
	CreditCode string `query:"credit_code" required:"true"`
}

type orgLookupResp struct {
	Valid  bool   `json:"valid" required:"true" description:"18 characters with a correct GB 32100-2015 check character"`
	Exists bool   `json:"exists" required:"true" description:"an organisation with this code is registered: registering joins it"`
	Name   string `json:"name" required:"true"`
	Type   string `json:"type,omitempty" enum:"enterprise,university,research_institute,other"`
}

func toOrgLookupResp(l account.OrgLookup) orgLookupResp {
	return orgLookupResp{Valid: l.Valid, Exists: l.Exists, Name: l.Name, Type: string(l.Type)}
}

type orgListQuery struct {
	pageQueryDoc
	Verified *bool  `query:"verified"`
	Q        string `query:"q" description:"part of the name or the credit code"`
}

type creditReq struct {
	CreditStatus string `json:"credit_status" required:"true" enum:"good,warned,barred"`
	Reason       string `json:"reason" required:"true" maxLength:"2000"`
}

type userListQuery struct {
	pageQueryDoc
	Role     string `query:"role" enum:"enterprise,team,expert,bureau,admin"`
	Disabled *bool  `query:"disabled"`
	Q        string `query:"q" description:"part of the name or the e-mail"`
}

// ForceRequestBody documents the body of DELETE /me/mfa (the OpenAPI generator leaves DELETE bodies out by
// default).
func (mfaDisableReq) ForceRequestBody() {}
