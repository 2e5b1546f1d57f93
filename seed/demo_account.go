package seed

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"jiebang/domain"
	"jiebang/domain/account"
)

// DemoPassword is the password of every demo account (documented in the seed summary and the README).
const DemoPassword = "Demo2026!"

// DemoUser is one demo account with the actor to run further seed use cases as.
type DemoUser struct {
	ID    int64
	OrgID int64
	Email string
	Name  string
	Actor domain.Actor
}

// DemoAccounts are the demo organisations and users the challenge and bid seeders build on. All
// organisations are verified and in good standing.
type DemoAccounts struct {
	Bureau DemoUser
	Admin  DemoUser
	// Enterprises are the posting enterprises' users (发榜方), one per enterprise organisation.
	Enterprises []DemoUser
	// Teams are bidding team users (揭榜方) of universities and institutes; Teams[0] and Teams[3] belong to
	// the same university; Teams[4] is of 浙东新能源技术研究院 (the servo race's fourth racer), Teams[5] of
	// 甬港理工学院 (its bid is under correction).
	Teams []DemoUser
	// Experts are the expert pool (评审专家), with fields and affiliations.
	Experts []DemoUser
	// Orgs by credit code, for partners in consortia.
	Orgs map[string]account.Org
}

// withCheck completes a 17-character credit code body with its GB 32100-2015 check character.
func withCheck(body17 string) string {
	c, ok := account.CreditCodeCheckChar(body17)
	if !ok {
		panic("bad demo credit code body " + body17)
	}
	return body17 + string(c)
}

type demoSpec struct {
	email, name string
	role        domain.Role
	org         account.OrgInput
	fields      []string
}

// Demo organisations (fictional, with valid credit codes: 91 = enterprise, 12 = public institution).
var (
	demoDongfang  = account.OrgInput{Name: "宁波东方电机股份有限公司", Type: account.OrgEnterprise, CreditCode: withCheck("91330200MA2AD0F1K")}
	demoHaitian   = account.OrgInput{Name: "浙江海天新材料科技有限公司", Type: account.OrgEnterprise, CreditCode: withCheck("91330212MA2H7T5X4")}
	demoYongjiang = account.OrgInput{Name: "甬江智能装备集团有限公司", Type: account.OrgEnterprise, CreditCode: withCheck("91330206MA2CJ8N3R")}
	demoDonghai   = account.OrgInput{Name: "东海理工大学", Type: account.OrgUniversity, CreditCode: withCheck("12330000470051726")}
	demoYongcheng = account.OrgInput{Name: "甬城大学", Type: account.OrgUniversity, CreditCode: withCheck("12330200419526018")}
	demoZhongke   = account.OrgInput{Name: "中科甬江先进制造研究院", Type: account.OrgResearchInstitute, CreditCode: withCheck("12330200MB1D2Q7H5")}
	demoYonggang  = account.OrgInput{Name: "甬港理工学院", Type: account.OrgUniversity, CreditCode: withCheck("12330200MB0C4R8T2")}
	demoXinneng   = account.OrgInput{Name: "浙东新能源技术研究院", Type: account.OrgResearchInstitute, CreditCode: withCheck("52330200MJ9K8L4P2")}
)

var (
	demoEnterprises = []demoSpec{
		{"enterprise@demo.jiebang.cn", "陈志远", domain.RoleEnterprise, demoDongfang, nil},
		{"enterprise2@demo.jiebang.cn", "林海燕", domain.RoleEnterprise, demoHaitian, nil},
		{"enterprise3@demo.jiebang.cn", "周建国", domain.RoleEnterprise, demoYongjiang, nil},
	}
	demoTeams = []demoSpec{
		{"team@demo.jiebang.cn", "王磊", domain.RoleTeam, demoDonghai, nil},
		{"team2@demo.jiebang.cn", "刘晓婷", domain.RoleTeam, demoYongcheng, nil},
		{"team3@demo.jiebang.cn", "赵明", domain.RoleTeam, demoZhongke, nil},
		{"team4@demo.jiebang.cn", "孙悦", domain.RoleTeam, demoDonghai, nil},
		{"team5@demo.jiebang.cn", "沈嘉", domain.RoleTeam, demoXinneng, nil},
		{"team6@demo.jiebang.cn", "钱程", domain.RoleTeam, demoYonggang, nil},
	}
	demoExperts = []demoSpec{
		{"expert@demo.jiebang.cn", "郑国华 教授", domain.RoleExpert, demoYongcheng, []string{"equipment", "electronics"}},
		{"expert2@demo.jiebang.cn", "黄丽 研究员", domain.RoleExpert, demoXinneng, []string{"energy", "equipment"}},
		{"expert3@demo.jiebang.cn", "吴强 教授级高工", domain.RoleExpert, demoYongjiang, []string{"equipment", "ai"}},
		{"expert4@demo.jiebang.cn", "马文静 教授", domain.RoleExpert, demoDonghai, []string{"materials", "environment"}},
		{"expert5@demo.jiebang.cn", "何超 研究员", domain.RoleExpert, demoZhongke, []string{"ai", "electronics", "equipment"}},
		{"expert6@demo.jiebang.cn", "钱伟 高级工程师", domain.RoleExpert, demoXinneng, []string{"energy", "materials"}},
		{"expert7@demo.jiebang.cn", "冯雪 教授", domain.RoleExpert, demoYongcheng, []string{"materials", "biomedicine"}},
	}
)

// seedAccounts creates the demo organisations (verified) and users of every role, all with DemoPassword.
// It refuses a database that already holds the demo bureau account.
func (a *demo) seedAccounts(ctx context.Context) (DemoAccounts, error) {
	out := DemoAccounts{Orgs: map[string]account.Org{}}
	staff := func(email, name string, role domain.Role) (DemoUser, error) {
		u, err := a.Accounts.CreateStaff(ctx, domain.System, account.StaffInput{Email: email, Password: DemoPassword, Name: name, Role: role})
		if err != nil {
			return DemoUser{}, fmt.Errorf("demo %s %s: %w", role, email, err)
		}
		return DemoUser{ID: u.ID, Email: u.Email, Name: u.Name, Actor: u.Actor()}, nil
	}
	var err error
	if out.Bureau, err = staff("bureau@demo.jiebang.cn", "张建平", domain.RoleBureau); err != nil {
		if domain.CodeOf(err) == "email_taken" {
			return DemoAccounts{}, errors.New("the demo accounts already exist: seed an empty database")
		}
		return DemoAccounts{}, err
	}
	if out.Admin, err = staff("admin@demo.jiebang.cn", "平台运维管理员", domain.RoleAdmin); err != nil {
		return DemoAccounts{}, err
	}
	register := func(specs []demoSpec) ([]DemoUser, error) {
		var users []DemoUser
		for _, s := range specs {
			u, err := a.Accounts.Register(ctx, domain.Actor{RequestID: "seed"}, account.RegisterInput{Email: s.email,
				Password: DemoPassword, Name: s.name, Role: s.role, Org: s.org, ExpertFields: s.fields})
			if err != nil {
				return nil, fmt.Errorf("demo %s %s: %w", s.role, s.email, err)
			}
			org := *u.Org
			if !org.Verified {
				if org, err = a.Accounts.VerifyOrg(ctx, out.Bureau.Actor, org.ID); err != nil {
					return nil, fmt.Errorf("verify demo org %s: %w", org.Name, err)
				}
			}
			if u.Membership == account.MembershipPending {
				// A later user of a demo organisation joins as its members do: the bureau approves it.
				if u, err = a.Accounts.ApproveMember(ctx, out.Bureau.Actor, org.ID, u.ID); err != nil {
					return nil, fmt.Errorf("approve demo member %s: %w", s.email, err)
				}
			}
			out.Orgs[org.CreditCode] = org
			users = append(users, DemoUser{ID: u.ID, OrgID: u.OrgID, Email: u.Email, Name: u.Name, Actor: u.Actor()})
		}
		return users, nil
	}
	if out.Enterprises, err = register(demoEnterprises); err != nil {
		return DemoAccounts{}, err
	}
	if out.Teams, err = register(demoTeams); err != nil {
		return DemoAccounts{}, err
	}
	if out.Experts, err = register(demoExperts); err != nil {
		return DemoAccounts{}, err
	}
	return out, nil
}

// Summary lists the demo logins for the seed command's output.
func (d DemoAccounts) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "  accounts (password %s):\n", DemoPassword)
	orgName := map[int64]string{}
	for _, o := range d.Orgs {
		orgName[o.ID] = o.Name
	}
	line := func(role string, u DemoUser) {
		fmt.Fprintf(&b, "    %-10s %-28s %s %s\n", role, u.Email, u.Name, orgName[u.OrgID])
	}
	line("bureau", d.Bureau)
	line("admin", d.Admin)
	for _, u := range d.Enterprises {
		line("enterprise", u)
	}
	for _, u := range d.Teams {
		line("team", u)
	}
	for _, u := range d.Experts {
		line("expert", u)
	}
	fmt.Fprintf(&b, "  organisations: %d (all verified)\n", len(d.Orgs))
	return b.String()
}
