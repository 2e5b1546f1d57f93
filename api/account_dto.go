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
	CreatedAt      time.Time `json:"created_at" required:"true"`
	Actions        []string  `json:"actions" required:"true" description:"what the caller may do now to this user: on an organisation's members (account.MemberActionsFor) approve, reject, remove, hand_over; on the administrator's user list (account.UserActionsFor) enable, disable; empty elsewhere (the caller's own account)"`
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
		ExpertFields: u.ExpertFields, CreatedAt: u.CreatedAt, Actions: []string{}}
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
}

func toSessionResp(s account.Session, now time.Time) sessionResp {
	return sessionResp{AccessToken: s.AccessToken, TokenType: "Bearer", ExpiresIn: int64(s.AccessExpiresAt.Sub(now).Seconds()),
		RefreshToken: s.RefreshToken, RefreshExpiresAt: s.RefreshExpiresAt, User: toUserDTO(s.User)}
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
