package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/challenge"
)

// registerBody is a valid registration of a new enterprise user; mutate changes it per case.
func (h *harness) registerBody(mutate func(b map[string]any)) map[string]any {
	n := h.seq.Add(1)
	b := map[string]any{
		"email": fmt.Sprintf("reg%d@example.cn", n), "password": testPassword, "name": "王工", "role": "enterprise",
		"org": map[string]any{"name": "宁波东方电机股份有限公司", "type": "enterprise", "credit_code": h.creditCode()},
	}
	if mutate != nil {
		mutate(b)
	}
	return b
}

func orgOf(b map[string]any) map[string]any { return b["org"].(map[string]any) }

func TestRegisterValidation(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		cases := []struct {
			name   string
			mutate func(b map[string]any)
			field  string
			code   string
		}{
			{"missing e-mail", func(b map[string]any) { delete(b, "email") }, "email", "required"},
			{"bad e-mail", func(b map[string]any) { b["email"] = "wang@" }, "email", "invalid_email"},
			{"long e-mail", func(b map[string]any) { b["email"] = strings.Repeat("a", 250) + "@x.cn" }, "email", "too_long"},
			{"short password", func(b map[string]any) { b["password"] = "a1" }, "password", "too_short"},
			{"password without digit", func(b map[string]any) { b["password"] = "password-only" }, "password", "weak_password"},
			{"password is the e-mail", func(b map[string]any) { b["email"], b["password"] = "wang88@example.cn", "WANG88@example.cn" }, "password", "same_as_email"},
			{"missing name", func(b map[string]any) { b["name"] = "  " }, "name", "required"},
			{"long name", func(b map[string]any) { b["name"] = strings.Repeat("王", 101) }, "name", "too_long"},
			{"role bureau", func(b map[string]any) { b["role"] = "bureau" }, "role", "invalid_choice"},
			{"role admin", func(b map[string]any) { b["role"] = "admin" }, "role", "invalid_choice"},
			{"missing role", func(b map[string]any) { delete(b, "role") }, "role", "required"},
			{"missing org name", func(b map[string]any) { delete(orgOf(b), "name") }, "org.name", "required"},
			{"long org name", func(b map[string]any) { orgOf(b)["name"] = strings.Repeat("厂", 201) }, "org.name", "too_long"},
			{"bad org type", func(b map[string]any) { orgOf(b)["type"] = "company" }, "org.type", "invalid_choice"},
			{"enterprise user in a university", func(b map[string]any) { orgOf(b)["type"] = "university" }, "org.type", "org_type_mismatch"},
			{"missing credit code", func(b map[string]any) { delete(orgOf(b), "credit_code") }, "org.credit_code", "required"},
			{"bad check character", func(b map[string]any) { orgOf(b)["credit_code"] = "91350100M000100Y44" }, "org.credit_code", "invalid_credit_code"},
			{"short credit code", func(b map[string]any) { orgOf(b)["credit_code"] = "91350100M000100Y4" }, "org.credit_code", "invalid_credit_code"},
			{"unknown expert field", func(b map[string]any) { b["role"], b["expert_fields"] = "expert", []string{"ai", "magic"} }, "expert_fields[1]", "invalid_choice"},
		}
		for _, c := range cases {
			r := h.do("POST", "/api/v1/auth/register", "", h.registerBody(c.mutate), "Accept-Language", "en")
			if r.Status != http.StatusUnprocessableEntity || r.code() != "validation_failed" || r.field(c.field) == "" {
				t.Errorf("%s: want 422 on %s, got %d %s", c.name, c.field, r.Status, r.Raw)
				continue
			}
			codes := r.Body["error"].(map[string]any)["details"].(map[string]any)["field_codes"].(map[string]any)
			if codes[c.field] != c.code {
				t.Errorf("%s: want code %s on %s, got %v", c.name, c.code, c.field, codes)
			}
		}
		// Chinese is the default language of messages.
		r := h.do("POST", "/api/v1/auth/register", "", h.registerBody(func(b map[string]any) { b["role"] = "bureau" }))
		if !strings.Contains(r.field("role"), "取值无效") {
			t.Errorf("want a Chinese message, got %s", r.Raw)
		}
	})
}

func TestRegisterMalformed(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	cases := []struct {
		name, body string
		status     int
		code       string
	}{
		{"not JSON", "{email:", http.StatusBadRequest, "malformed_json"},
		{"empty body", "", http.StatusBadRequest, "malformed_json"},
		{"wrong type", `{"email": 5}`, http.StatusBadRequest, "malformed_json"},
		{"org as string", `{"org": "x"}`, http.StatusBadRequest, "malformed_json"},
		{"two values", `{} {}`, http.StatusBadRequest, "malformed_json"},
		{"too large", `{"name": "` + strings.Repeat("x", 11<<20) + `"}`, http.StatusRequestEntityTooLarge, "body_too_large"},
	}
	for _, c := range cases {
		r := h.do("POST", "/api/v1/auth/register", "", []byte(c.body))
		if r.Status != c.status || r.code() != c.code {
			t.Errorf("%s: want %d %s, got %d %s", c.name, c.status, c.code, r.Status, r.Raw)
		}
	}
}

func TestRegisterCreatesOrJoinsOrg(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		body := h.registerBody(func(b map[string]any) { b["email"] = "  Wang.Gong@Example.CN " })
		code := orgOf(body)["credit_code"].(string)
		r := h.must(h.do("POST", "/api/v1/auth/register", "", body), http.StatusCreated)
		org := r.Body["org"].(map[string]any)
		if r.str("email") != "wang.gong@example.cn" || r.str("role") != "enterprise" || org["verified"] != false ||
			org["credit_status"] != "good" || org["credit_code"] != code || org["type"] != "enterprise" {
			t.Fatalf("register: %s", r.Raw)
		}
		if _, leaked := r.Body["password_hash"]; leaked {
			t.Fatal("the hash must never be returned")
		}

		// The same e-mail in another case is taken.
		dup := h.registerBody(func(b map[string]any) { b["email"] = "WANG.GONG@example.cn" })
		if r := h.do("POST", "/api/v1/auth/register", "", dup); r.Status != http.StatusConflict || r.code() != "email_taken" {
			t.Fatalf("duplicate: %d %s", r.Status, r.Raw)
		}

		// A second user with the same code (lower case) joins; the org fields are ignored.
		join := h.registerBody(func(b map[string]any) {
			b["org"] = map[string]any{"credit_code": strings.ToLower(code), "name": "别的名字", "type": "enterprise"}
		})
		r2 := h.must(h.do("POST", "/api/v1/auth/register", "", join), http.StatusCreated)
		org2 := r2.Body["org"].(map[string]any)
		if org2["id"] != org["id"] || org2["name"] != "宁波东方电机股份有限公司" {
			t.Fatalf("join: %s", r2.Raw)
		}
		// A team member may join an enterprise; an enterprise user may not join a university.
		h.must(h.do("POST", "/api/v1/auth/register", "", h.registerBody(func(b map[string]any) {
			b["role"], b["org"] = "team", map[string]any{"credit_code": code}
		})), http.StatusCreated)
		uni := h.team()
		r3 := h.do("POST", "/api/v1/auth/register", "", h.registerBody(func(b map[string]any) {
			b["org"] = map[string]any{"credit_code": uni.Credit}
		}))
		if r3.Status != http.StatusUnprocessableEntity || r3.field("org.credit_code") == "" {
			t.Fatalf("enterprise into a university: %d %s", r3.Status, r3.Raw)
		}

		// Experts keep their fields.
		ex := h.must(h.do("POST", "/api/v1/auth/register", "", h.registerBody(func(b map[string]any) {
			b["role"], b["expert_fields"] = "expert", []string{"materials", "ai", "ai"}
			b["org"] = map[string]any{"credit_code": uni.Credit}
		})), http.StatusCreated)
		if fmt.Sprint(ex.Body["expert_fields"]) != "[ai materials]" {
			t.Fatalf("expert fields: %s", ex.Raw)
		}

		// Audit: org created and users registered, in a chain that verifies.
		boss := h.bureau()
		a := h.must(h.do("GET", fmt.Sprintf("/api/v1/audit?entity=org&entity_id=%d", int64(org["id"].(float64))), boss.Token, nil), http.StatusOK)
		if len(a.items()) != 1 || a.items()[0]["action"] != "create" {
			t.Fatalf("org audit: %s", a.Raw)
		}
		a = h.must(h.do("GET", fmt.Sprintf("/api/v1/audit?entity=user&entity_id=%d", r2.num("id")), boss.Token, nil), http.StatusOK)
		if len(a.items()) != 1 || a.items()[0]["action"] != "register" || !strings.Contains(a.items()[0]["after"].(string), `"joined_org":true`) {
			t.Fatalf("user audit: %s", a.Raw)
		}
		v := h.must(h.do("GET", "/api/v1/audit/verify", boss.Token, nil), http.StatusOK)
		if v.Body["ok"] != true {
			t.Fatalf("audit chain: %s", v.Raw)
		}
	})
}

func TestOrgLookup(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		e := h.enterprise()
		cases := []struct {
			name, code    string
			valid, exists bool
			orgName       string
		}{
			{"registered", e.Credit, true, true, ""},
			{"registered, lower case", strings.ToLower(e.Credit), true, true, ""},
			{"valid, unknown", "91350100M000100Y43", true, false, ""},
			{"bad check character", "91350100M000100Y44", false, false, ""},
			{"empty", "", false, false, ""},
		}
		for _, c := range cases {
			r := h.must(h.do("GET", "/api/v1/orgs/lookup?credit_code="+c.code, "", nil), http.StatusOK)
			if r.Body["valid"] != c.valid || r.Body["exists"] != c.exists || (c.exists && !strings.HasPrefix(r.str("name"), "测试单位")) {
				t.Errorf("%s: %s", c.name, r.Raw)
			}
		}
	})
}

func accountStaff(email string, role domain.Role) account.StaffInput {
	return account.StaffInput{Email: email, Password: testPassword, Name: "张处长", Role: role}
}

// TestExpertFieldsMatchIndustryFields keeps the account package's copy of the field codes (it cannot import
// challenge, which imports it) equal to the challenge list.
func TestExpertFieldsMatchIndustryFields(t *testing.T) {
	t.Parallel()
	if fmt.Sprint(account.IndustryFields) != fmt.Sprint(challenge.FieldCodes()) {
		t.Fatalf("account.IndustryFields %v != challenge.FieldCodes() %v", account.IndustryFields, challenge.FieldCodes())
	}
}
