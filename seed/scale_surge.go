package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
)

// ScaleSurgeTeams is the default number of surge teams (surge1..surgeN@scale.jiebang.cn): each its own
// research organisation with one team user and no bid, for the load command's surge mix (the deadline surge).
const ScaleSurgeTeams = 2000

// ScaleSurgeChallenges is the number of surge challenges: published, all with the same bidding deadline
// (ScaleSurgeDeadline after the seed's hour), titled with SurgeTitle so that a board search finds them.
const ScaleSurgeChallenges = 4

// ScaleSurgeDeadline is how long after the start of the seed's hour the surge challenges close: before any
// other challenge of the scale seed (the first closes two hours after), so that moving the test clock to it
// closes nothing else.
const ScaleSurgeDeadline = time.Hour

// SurgeTitle begins the title of every surge challenge (a board search for it finds them).
const SurgeTitle = "截止冲刺压测榜单"

// SurgeEmail is the email of surge team i (1-based).
func SurgeEmail(i int) string { return fmt.Sprintf("surge%d@scale.jiebang.cn", i) }

// seedSurge writes the surge teams and the surge challenges (none when teams is 0). It has its own random
// source, so the rest of the scale data is the same with or without it.
func (s *scaleSeeder) seedSurge(ctx context.Context, teams int) error {
	if teams <= 0 {
		return nil
	}
	r := rand.New(rand.NewPCG(uint64(teams), 0x7375726765))
	t := s.at(-400 * 24 * time.Hour)
	for i := 1; i <= teams; i++ {
		org := account.Org{Name: fmt.Sprintf("%s冲刺研究院%d", pick(r, scaleOrgWords), i), Type: account.OrgResearchInstitute,
			CreditCode: withCheck(fmt.Sprintf("12340000%09d", i)), Verified: true, CreditStatus: account.CreditGood, CreatedAt: t, UpdatedAt: t}
		if err := s.accounts.CreateOrg(ctx, &org); err != nil {
			return err
		}
		u := account.User{Email: SurgeEmail(i), Name: scalePerson(r), Role: domain.RoleTeam, OrgID: org.ID, CreatedAt: t, UpdatedAt: t}
		if err := s.accounts.CreateUser(ctx, &u, s.hash); err != nil {
			return err
		}
		s.n.Orgs++
		s.n.Users++
	}
	deadline := s.at(ScaleSurgeDeadline)
	for k := 1; k <= ScaleSurgeChallenges; k++ {
		if err := s.seedSurgeChallenge(ctx, r, k, deadline); err != nil {
			return err
		}
	}
	return nil
}

// seedSurgeChallenge writes one published surge challenge closing at deadline, with its history and audit.
func (s *scaleSeeder) seedSurgeChallenge(ctx context.Context, r *rand.Rand, k int, deadline time.Time) error {
	owner := s.enterprise[(k-1)%len(s.enterprise)]
	subject := pick(r, scaleSubjects)
	created := s.at(-40 * 24 * time.Hour)
	submitted, approved, pub := days(created, 1), days(created, 5), days(created, 10)
	gov := int64(100+50*k) * 10_000_00
	c := challenge.Challenge{OrgID: owner.OrgID, Status: challenge.StatusPublished,
		Title: fmt.Sprintf("%s%d：%s", SurgeTitle, k, subject), Field: challenge.Fields[k%len(challenge.Fields)].Code,
		Background: scaleParagraph(r, subject, 1500), Problem: scaleParagraph(r, subject, 1500),
		KPIs: []challenge.KPI{{Name: "效率", Target: 95, Unit: "%", Comparison: challenge.CmpAtLeast, Method: "第三方检测"},
			{Name: "寿命", Target: 8000, Unit: "h", Comparison: challenge.CmpAtLeast, Method: "加速寿命试验"}},
		Deliverables: "工程样机、试验报告", DurationMonths: 12, GovFundingFen: gov, CofundingFen: gov,
		BudgetFen: 2 * gov, IPTerms: "发榜方与揭榜方共有", Eligibility: "不限年龄、职称、学历",
		Mode: challenge.ModeSingle, MaxRacers: 1, CreatedAt: created, UpdatedAt: pub, WinnerRacerIDs: []int64{},
		Stages: []challenge.Stage{{Name: "中期", OffsetMonths: 6, FundingSharePct: 30, MinScore: 60},
			{Name: "验收", OffsetMonths: 12, FundingSharePct: 30, MinScore: 60}},
		SubmittedAt: &submitted, ApprovedAt: &approved, PublishedAt: &pub, BidDeadline: &deadline}
	if err := s.chStore.Create(ctx, &c); err != nil {
		return err
	}
	s.n.Challenges++
	from := challenge.Status("")
	for _, step := range []scaleStep{{challenge.ActionCreate, created}, {challenge.ActionSubmit, submitted},
		{challenge.ActionApprove, approved}, {challenge.ActionPublish, pub}} {
		to, _ := challenge.Next(from, step.act)
		if step.act == challenge.ActionCreate {
			to = challenge.StatusDraft
		}
		actor := owner.Actor()
		if step.act == challenge.ActionApprove || step.act == challenge.ActionPublish {
			actor = s.bureau
		}
		s.history = append(s.history, challenge.HistoryEntry{ChallengeID: c.ID, Action: step.act, FromStatus: from, ToStatus: to,
			ActorID: actor.UserID, ActorName: actor.Name, ActorRole: string(actor.Role), At: step.at, Opinion: opinionOf(step.act, c)})
		s.audit(actor, step.at, audit.EntityChallenge, c.ID, string(step.act), `{"status":"`+string(to)+`"}`)
		from = to
	}
	return nil
}
