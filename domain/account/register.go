package account

import (
	"context"
	"errors"
	"net/mail"
	"slices"
	"strconv"
	"strings"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// RegisterInput is a self-registration of an enterprise, team or expert user. When the credit code belongs to
// a known organisation the user joins it and the other organisation fields are ignored.
type RegisterInput struct {
	Email        string
	Password     string
	Name         string
	Role         domain.Role
	Org          OrgInput
	ExpertFields []string
}

// OrgInput is the organisation named at registration.
type OrgInput struct {
	Name       string
	Type       OrgType
	CreditCode string
}

// Registration limits.
const (
	MaxEmailLen   = 254
	MaxNameLen    = 100
	MaxOrgNameLen = 200
	MaxFields     = 10
)

// SelfRegisterRoles are the roles anyone may register for; bureau and admin accounts come from the command line.
var SelfRegisterRoles = []string{string(domain.RoleEnterprise), string(domain.RoleTeam), string(domain.RoleExpert)}

// compatibleOrg reports whether a user of role may belong to an organisation of type t: an enterprise user
// (发榜方) needs an enterprise; teams and experts may come from any kind of organisation.
func compatibleOrg(role domain.Role, t OrgType) bool {
	return role != domain.RoleEnterprise || t == OrgEnterprise
}

func checkEmail(v *domain.Validator, field, email string) {
	if !v.Required(field, email) || !v.MaxLen(field, email, MaxEmailLen) {
		return
	}
	a, err := mail.ParseAddress(email)
	at := strings.LastIndexByte(email, '@')
	v.Check(err == nil && a.Address == email && at > 0 && strings.Contains(email[at:], "."), field, "invalid_email",
		"电子邮箱格式不正确", "is not a valid e-mail address")
}

func checkName(v *domain.Validator, field, name string) {
	v.RequiredText(field, name, MaxNameLen)
}

func cleanName(s string) string { return strings.Join(strings.Fields(s), " ") }

// validate checks the request's own fields; the organisation fields are checked only when no organisation has
// the credit code (joined is then false). An expert's fields must be among fieldCodes (the bureau's active
// industry fields).
func (in *RegisterInput) validate(joined bool, existing Org, fieldCodes []string) error {
	var v domain.Validator
	checkEmail(&v, "email", in.Email)
	checkPassword(&v, "password", in.Password, in.Email)
	checkName(&v, "name", in.Name)
	roleOK := v.Required("role", string(in.Role)) && v.OneOf("role", string(in.Role), SelfRegisterRoles...)
	if v.Required("org.credit_code", in.Org.CreditCode) {
		v.Check(ValidCreditCode(in.Org.CreditCode), "org.credit_code", "invalid_credit_code",
			"统一社会信用代码无效（应为 18 位且校验位正确）", "is not a valid unified social credit code (18 characters with a correct check character)")
	}
	if joined {
		if roleOK {
			v.Check(compatibleOrg(in.Role, existing.Type), "org.credit_code", "org_type_mismatch",
				"该信用代码对应的单位不是企业，发榜方须属于企业", "this credit code belongs to an organisation that is not an enterprise; enterprise users need an enterprise")
		}
	} else {
		v.RequiredText("org.name", in.Org.Name, MaxOrgNameLen)
		if v.Required("org.type", string(in.Org.Type)) && v.OneOf("org.type", string(in.Org.Type), OrgTypes...) && roleOK {
			v.Check(compatibleOrg(in.Role, in.Org.Type), "org.type", "org_type_mismatch",
				"发榜方须属于企业（单位类型应为 enterprise）", "enterprise users need an organisation of type enterprise")
		}
	}
	if in.Role == domain.RoleExpert {
		if v.Check(len(in.ExpertFields) <= MaxFields, "expert_fields", "too_many", "专业领域最多 10 个", "at most 10 fields") {
			for i, f := range in.ExpertFields {
				v.OneOf(fieldPath("expert_fields", i), f, fieldCodes...)
			}
		}
	}
	return v.Err()
}

func fieldPath(name string, i int) string { return name + "[" + strconv.Itoa(i) + "]" }

// Register creates a user of an enterprise, team or expert and either creates its organisation (unverified,
// credit good) and becomes its administrator, or asks to join the organisation that already has the credit
// code: the membership is then pending and the user acts for no organisation until it is approved.
func (s *Service) Register(ctx context.Context, actor domain.Actor, in RegisterInput) (User, error) {
	in.Email = NormalizeEmail(in.Email)
	in.Org.CreditCode = NormalizeCreditCode(in.Org.CreditCode)
	in.Org.Name = cleanName(in.Org.Name)
	in.Name = cleanName(in.Name)
	if in.Role != domain.RoleExpert {
		in.ExpertFields = nil
	}
	for i, f := range in.ExpertFields {
		in.ExpertFields[i] = strings.TrimSpace(f) // as the expert profile does
	}
	in.ExpertFields = slices.Compact(slices.Sorted(slices.Values(in.ExpertFields)))
	var existing Org
	joined := false
	if ValidCreditCode(in.Org.CreditCode) {
		o, err := s.store.OrgByCreditCode(ctx, in.Org.CreditCode)
		switch {
		case err == nil:
			existing, joined = o, true
		case !errors.Is(err, domain.ErrNotFound):
			return User{}, err
		}
	}
	codes := IndustryFields
	if s.fields != nil && in.Role == domain.RoleExpert {
		var err error
		if codes, err = s.fields.ActiveFieldCodes(ctx); err != nil {
			return User{}, err
		}
	}
	if err := in.validate(joined, existing, codes); err != nil {
		return User{}, err
	}
	if err := s.registrationWait(ctx, actor.IP); err != nil {
		return User{}, err
	}
	hash, err := s.hasher.Hash(ctx, in.Password)
	if err != nil {
		return User{}, err
	}
	var u User
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.checkRegistrationLimit(ctx, actor.IP); err != nil {
			return err
		}
		if actor.IP != "" {
			if err := s.store.RecordRegistration(ctx, actor.IP, s.clock.Now()); err != nil {
				return err
			}
		}
		org := existing
		if !joined {
			now := s.clock.Now()
			org = Org{Name: in.Org.Name, Type: in.Org.Type, CreditCode: in.Org.CreditCode, CreditStatus: CreditGood,
				CreatedAt: now, UpdatedAt: now}
			if err := s.store.CreateOrg(ctx, &org); err != nil {
				if errors.Is(err, domain.ErrConflict) {
					return domain.Conflict("conflict", "该单位刚刚由他人注册，请重试", "the organisation was just registered by someone else, please retry")
				}
				return err
			}
		}
		// The organisation's creator is its administrator; anyone else with the code asks to join.
		u = User{Email: in.Email, Name: in.Name, Role: in.Role, OrgID: org.ID, Org: &org, ExpertFields: in.ExpertFields,
			Membership: MembershipActive, OrgAdmin: !joined}
		if joined {
			u.Membership = MembershipPending
		}
		if err := s.createUser(ctx, &u, hash); err != nil {
			return err
		}
		self := actor
		self.UserID, self.Name, self.Email, self.Role, self.OrgID = u.ID, u.Name, u.Email, u.Role, u.Actor().OrgID
		if !joined {
			if err := s.audit.Log(ctx, self, audit.Record{Entity: audit.EntityOrg, EntityID: org.ID, Action: "create",
				After: orgSummary(org)}); err != nil {
				return err
			}
		}
		after := userSummary(u)
		after["joined_org"] = joined
		if err := s.audit.Log(ctx, self, audit.Record{Entity: audit.EntityUser, EntityID: u.ID, Action: "register", After: after}); err != nil {
			return err
		}
		if joined {
			return s.publish(ctx, self, EventMembershipRequest, org, u, "")
		}
		return nil
	})
	var de *domain.Error
	if errors.As(err, &de) && de.Code == "conflict" {
		// Lost the race to create the organisation: when the e-mail was registered meanwhile (the same form sent
		// twice), say so; a retry could only answer that.
		if _, _, cerr := s.store.Credentials(ctx, in.Email); cerr == nil {
			return User{}, errEmailTaken()
		}
	}
	if err != nil {
		return User{}, err
	}
	return u, nil
}
