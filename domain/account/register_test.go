package account

import (
	"testing"

	"jiebang/domain"
)

func TestRegisterValidation(t *testing.T) {
	t.Parallel()
	valid := func() RegisterInput {
		return RegisterInput{Email: "li@example.cn", Password: "Passw0rd", Name: "李工", Role: domain.RoleEnterprise,
			Org: OrgInput{Name: "宁波东方电机股份有限公司", Type: OrgEnterprise, CreditCode: "91350100M000100Y43"}}
	}
	enterpriseOrg := Org{ID: 1, Type: OrgEnterprise}
	university := Org{ID: 2, Type: OrgUniversity}
	cases := []struct {
		name     string
		mutate   func(*RegisterInput)
		joined   bool
		existing Org
		field    string
		code     string
	}{
		{"valid", nil, false, Org{}, "", ""},
		{"bad e-mail", func(i *RegisterInput) { i.Email = "not-an-email" }, false, Org{}, "email", "invalid_email"},
		{"e-mail without domain dot", func(i *RegisterInput) { i.Email = "a@localhost" }, false, Org{}, "email", "invalid_email"},
		{"e-mail with display name", func(i *RegisterInput) { i.Email = "Li <li@example.cn>" }, false, Org{}, "email", "invalid_email"},
		{"missing e-mail", func(i *RegisterInput) { i.Email = "" }, false, Org{}, "email", "required"},
		{"weak password", func(i *RegisterInput) { i.Password = "password" }, false, Org{}, "password", "weak_password"},
		{"missing name", func(i *RegisterInput) { i.Name = " " }, false, Org{}, "name", "required"},
		{"bureau role", func(i *RegisterInput) { i.Role = domain.RoleBureau }, false, Org{}, "role", "invalid_choice"},
		{"admin role", func(i *RegisterInput) { i.Role = domain.RoleAdmin }, false, Org{}, "role", "invalid_choice"},
		{"missing org name", func(i *RegisterInput) { i.Org.Name = "" }, false, Org{}, "org.name", "required"},
		{"bad org type", func(i *RegisterInput) { i.Org.Type = "club" }, false, Org{}, "org.type", "invalid_choice"},
		{"enterprise user in a university", func(i *RegisterInput) { i.Org.Type = OrgUniversity }, false, Org{}, "org.type", "org_type_mismatch"},
		{"bad credit code", func(i *RegisterInput) { i.Org.CreditCode = "91350100M000100Y44" }, false, Org{}, "org.credit_code", "invalid_credit_code"},
		{"missing credit code", func(i *RegisterInput) { i.Org.CreditCode = "" }, false, Org{}, "org.credit_code", "required"},
		{"joining ignores org fields", func(i *RegisterInput) { i.Org.Name, i.Org.Type = "", "" }, true, enterpriseOrg, "", ""},
		{"enterprise joining a university", nil, true, university, "org.credit_code", "org_type_mismatch"},
		{"team joining a university", func(i *RegisterInput) { i.Role = domain.RoleTeam }, true, university, "", ""},
		{"team in an enterprise", func(i *RegisterInput) { i.Role = domain.RoleTeam }, false, Org{}, "", ""},
		{"expert without fields", func(i *RegisterInput) { i.Role = domain.RoleExpert }, false, Org{}, "", ""},
		{"expert with too many fields", func(i *RegisterInput) {
			i.Role, i.ExpertFields = domain.RoleExpert, make([]string, 11)
		}, false, Org{}, "expert_fields", "too_many"},
		{"expert with unknown field", func(i *RegisterInput) {
			i.Role, i.ExpertFields = domain.RoleExpert, []string{"ai", "astrology"}
		}, false, Org{}, "expert_fields[1]", "invalid_choice"},
		{"expert with fields", func(i *RegisterInput) {
			i.Role, i.ExpertFields = domain.RoleExpert, []string{"ai", "materials"}
		}, false, Org{}, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := valid()
			if c.mutate != nil {
				c.mutate(&in)
			}
			err := in.validate(c.joined, c.existing, IndustryFields)
			if c.field == "" {
				if err != nil {
					t.Fatalf("want ok, got %v", err)
				}
				return
			}
			ve, ok := err.(*domain.ValidationError)
			if !ok {
				t.Fatalf("want a validation error on %s, got %v", c.field, err)
			}
			for _, f := range ve.Fields {
				if f.Field == c.field && f.Code == c.code {
					return
				}
			}
			t.Fatalf("want %s %s, got %v", c.field, c.code, err)
		})
	}
}
