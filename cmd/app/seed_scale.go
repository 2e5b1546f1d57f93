package app

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/repository"
)

// ScalePassword is the password of every account the scale seed creates.
const ScalePassword = "Scale-pass-2026"

// ScaleLoadAccounts is the number of team accounts (load1..loadN@scale.jiebang.cn, each with its own
// organisation and no bids) that the load command's write mix logs in as.
const ScaleLoadAccounts = 128

// ScaleOptions configure the scale seed.
type ScaleOptions struct {
	// N is the number of challenges.
	N int
	// Seed makes the data deterministic: the same seed gives the same programme (timestamps count from the
	// start of the current hour, so published challenges are still open and some close within 2–3 hours).
	Seed int64
	// Progress receives a progress bar (nil: none).
	Progress io.Writer
}

// scaleBatch is the number of challenges (with their bids and audit entries) written per transaction.
const scaleBatch = 100

// scaleSeeder holds the state of one scale seed run.
type scaleSeeder struct {
	a          *App
	r          *rand.Rand
	base       time.Time
	hash       string
	bureau     domain.Actor
	enterprise []account.User
	teams      []account.User
	teamOrgs   map[int64]account.Org
	experts    []int64
	eligible   []int64 // eligible bids of the challenge being seeded
	rounds     int
	scores     int
	nextLead   int
	challenges int
	bids       int
	audits     int
	accounts   *repository.AccountStore
	chStore    *repository.ChallengeStore
	bidStore   *repository.BidStore
	auditStore *repository.AuditStore
	reviews    *repository.ReviewStore
}

// SeedScale fills an empty database with a programme of opts.N challenges: proportional organisations and
// users (N/10 enterprises, 2N research organisations with a team user each, N/20 experts), challenges with
// ~5 KB of text of which 3/4 are published or later, about 13 bids with consortia per published challenge,
// their history and audit entries. Writes go through the stores in transactions of 100 challenges.
func (a *App) SeedScale(ctx context.Context, opts ScaleOptions) (string, error) {
	if opts.N < 1 {
		return "", fmt.Errorf("--scale must be at least 1")
	}
	start := time.Now()
	params := a.Cfg.PasswordHash
	if params == (account.HashParams{}) {
		params = account.DefaultHashParams
	}
	h, err := account.NewHasher(params, 1).Hash(ctx, ScalePassword)
	if err != nil {
		return "", err
	}
	s := &scaleSeeder{a: a, r: rand.New(rand.NewPCG(uint64(opts.Seed), 0x6a696562)), hash: h,
		base: a.Clock.Now().UTC().Truncate(time.Hour), teamOrgs: map[int64]account.Org{},
		accounts: repository.NewAccountStore(a.DB), chStore: repository.NewChallengeStore(a.DB),
		bidStore: repository.NewBidStore(a.DB), auditStore: repository.NewAuditStore(a.DB),
		reviews: repository.NewReviewStore(a.DB)}
	bar := newProgress(opts.Progress)
	if err := s.seedAccounts(ctx, opts.N, bar); err != nil {
		return "", err
	}
	for done := 0; done < opts.N; done += scaleBatch {
		n := min(scaleBatch, opts.N-done)
		err := a.Tx.InTx(ctx, func(ctx context.Context) error {
			for i := range n {
				if err := s.seedChallenge(ctx, done+i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return "", err
		}
		bar.show("challenges and bids", done+n, opts.N)
	}
	bar.done()
	return fmt.Sprintf("scale data (seed %d): %d organisations, %d users, %d challenges, %d bids, %d review rounds, %d scores, %d audit entries in %s\n"+
		"  every account's password: %s; bureau@scale.jiebang.cn, ent1@…, team1@…, load1..load%d@scale.jiebang.cn\n",
		opts.Seed, len(s.enterprise)+len(s.teams), len(s.enterprise)+len(s.teams)+opts.N/20+2, s.challenges, s.bids,
		s.rounds, s.scores, s.audits, time.Since(start).Round(time.Millisecond), ScalePassword, ScaleLoadAccounts), nil
}

// at is the base time shifted by d.
func (s *scaleSeeder) at(d time.Duration) time.Time { return s.base.Add(d).Truncate(time.Microsecond) }

func (s *scaleSeeder) audit(ctx context.Context, actor domain.Actor, at time.Time, entity string, id int64, action, after string) error {
	s.audits++
	return s.auditStore.Append(ctx, &audit.Entry{At: at, ActorID: actor.UserID, ActorName: actor.Name,
		ActorRole: string(actor.Role), Entity: entity, EntityID: id, Action: action, After: after, RequestID: "seed"})
}

func (s *scaleSeeder) seedAccounts(ctx context.Context, n int, bar *progress) error {
	ents, teams, experts := max(2, n/10), max(4, 2*n), max(5, n/20)
	total := ents + teams + experts + ScaleLoadAccounts
	user := func(ctx context.Context, email, name string, role domain.Role, org *account.Org, fields []string) (account.User, error) {
		t := s.at(-400 * 24 * time.Hour)
		if org != nil {
			o := *org
			o.Verified, o.CreditStatus, o.CreatedAt, o.UpdatedAt = true, account.CreditGood, t, t
			if err := s.accounts.CreateOrg(ctx, &o); err != nil {
				return account.User{}, err
			}
			*org = o
		}
		u := account.User{Email: email, Name: name, Role: role, ExpertFields: fields, CreatedAt: t, UpdatedAt: t}
		if org != nil {
			u.OrgID = org.ID
		}
		err := s.accounts.CreateUser(ctx, &u, s.hash)
		return u, err
	}
	made := 0
	return s.a.Tx.InTx(ctx, func(ctx context.Context) error {
		b, err := user(ctx, "bureau@scale.jiebang.cn", "省科技厅成果处", domain.RoleBureau, nil, nil)
		if err != nil {
			return err
		}
		s.bureau = b.Actor()
		for i := 1; i <= ents; i++ {
			org := account.Org{Name: fmt.Sprintf("%s%s%s股份有限公司%d", pick(s.r, scaleOrgWords), pick(s.r, scaleOrgWords), pick(s.r, scaleIndustry), i),
				Type: account.OrgEnterprise, CreditCode: withCheck(fmt.Sprintf("91330200%09d", i))}
			u, err := user(ctx, fmt.Sprintf("ent%d@scale.jiebang.cn", i), scalePerson(s.r), domain.RoleEnterprise, &org, nil)
			if err != nil {
				return err
			}
			s.enterprise = append(s.enterprise, u)
			made++
		}
		for i := 1; i <= teams+ScaleLoadAccounts; i++ {
			email := fmt.Sprintf("team%d@scale.jiebang.cn", i)
			if i > teams {
				email = fmt.Sprintf("load%d@scale.jiebang.cn", i-teams)
			}
			typ, name := account.OrgUniversity, fmt.Sprintf("%s理工大学%d", pick(s.r, scaleOrgWords), i)
			if i%3 == 0 {
				typ, name = account.OrgResearchInstitute, fmt.Sprintf("%s%s研究院%d", pick(s.r, scaleOrgWords), pick(s.r, scaleIndustry), i)
			}
			org := account.Org{Name: name, Type: typ, CreditCode: withCheck(fmt.Sprintf("12330000%09d", i))}
			u, err := user(ctx, email, scalePerson(s.r), domain.RoleTeam, &org, nil)
			if err != nil {
				return err
			}
			if i <= teams {
				s.teams = append(s.teams, u)
				s.teamOrgs[u.OrgID] = org
			}
			made++
			if made%500 == 0 {
				bar.show("accounts", made, total)
			}
		}
		for i := 1; i <= experts; i++ {
			f := challenge.Fields[i%len(challenge.Fields)].Code
			u, err := user(ctx, fmt.Sprintf("expert%d@scale.jiebang.cn", i), scalePerson(s.r), domain.RoleExpert, nil, []string{f})
			if err != nil {
				return err
			}
			s.experts = append(s.experts, u.ID)
			made++
		}
		bar.show("accounts", total, total)
		return nil
	})
}

// scaleStatuses are the challenges' statuses by share (out of 20): 3/4 public.
var scaleStatuses = []struct {
	st    challenge.Status
	share int
}{{challenge.StatusDraft, 2}, {challenge.StatusSubmitted, 1}, {challenge.StatusReturned, 1}, {challenge.StatusApproved, 1},
	{challenge.StatusPublished, 8}, {challenge.StatusBiddingClosed, 3}, {challenge.StatusReviewing, 2},
	{challenge.StatusInProgress, 1}, {challenge.StatusCompleted, 1}}

func (s *scaleSeeder) status(i int) challenge.Status {
	k := i % 20
	for _, x := range scaleStatuses {
		if k < x.share {
			return x.st
		}
		k -= x.share
	}
	return challenge.StatusDraft
}

func (s *scaleSeeder) seedChallenge(ctx context.Context, i int) error {
	r := s.r
	owner := s.enterprise[r.IntN(len(s.enterprise))]
	subject := pick(r, scaleSubjects)
	st := s.status(i)
	created := s.at(-time.Duration(60+r.IntN(300)) * 24 * time.Hour)
	race := r.IntN(3) == 0
	gov := int64(50+r.IntN(450)) * 10_000_00
	c := challenge.Challenge{OrgID: owner.OrgID, Status: st, Title: subject + pick(r, scaleVerbs),
		Field:      challenge.Fields[r.IntN(len(challenge.Fields))].Code,
		Background: scaleParagraph(r, subject, 2500), Problem: scaleParagraph(r, subject, 2500),
		KPIs: []challenge.KPI{{Name: "效率", Target: float64(90 + r.IntN(9)), Unit: "%", Comparison: challenge.CmpAtLeast, Method: "第三方检测"},
			{Name: "寿命", Target: float64(5000 + 1000*r.IntN(10)), Unit: "h", Comparison: challenge.CmpAtLeast, Method: "加速寿命试验"},
			{Name: "成本", Target: float64(100 + r.IntN(900)), Unit: "元/台", Comparison: challenge.CmpAtMost, Method: "成本核算"}},
		Deliverables: "工程样机、试验报告、专利申请", DurationMonths: 12 + 6*r.IntN(4), GovFundingFen: gov,
		CofundingFen: gov + int64(r.IntN(200))*10_000_00, IPTerms: "发榜方与揭榜方共有", Eligibility: "不限年龄、职称、学历",
		Mode: challenge.ModeSingle, MaxRacers: 1, CreatedAt: created, UpdatedAt: created, WinnerRacerIDs: []int64{}}
	c.BudgetFen = c.GovFundingFen + c.CofundingFen + int64(r.IntN(100))*10_000_00
	if race {
		c.Mode, c.MaxRacers = challenge.ModeRace, 3
	}
	c.Stages = []challenge.Stage{{Name: "中期", OffsetMonths: c.DurationMonths / 2, FundingSharePct: 30, MinScore: 60},
		{Name: "验收", OffsetMonths: c.DurationMonths, FundingSharePct: 30, MinScore: 60}}
	steps := []challenge.Action{challenge.ActionCreate}
	if st != challenge.StatusDraft {
		t := created.Add(24 * time.Hour)
		c.SubmittedAt = &t
		steps = append(steps, challenge.ActionSubmit)
	}
	if st == challenge.StatusReturned {
		steps, c.LastOpinion = append(steps, challenge.ActionReturn), "指标的测试方法不明确，请补充。"
	}
	public := st != challenge.StatusDraft && st != challenge.StatusSubmitted && st != challenge.StatusReturned && st != challenge.StatusApproved
	if st == challenge.StatusApproved || public {
		t := created.Add(5 * 24 * time.Hour)
		c.ApprovedAt = &t
		steps = append(steps, challenge.ActionApprove)
	}
	if public {
		pub := created.Add(10 * 24 * time.Hour)
		// Open challenges close between 2 hours and 45 days from today; one in ten within the next 3 hours.
		deadline := s.at(time.Duration(2+r.IntN(45*24)) * time.Hour)
		if i%10 == 4 {
			deadline = s.at(time.Duration(2*60+r.IntN(60)) * time.Minute)
		}
		if st != challenge.StatusPublished {
			deadline = pub.Add(30 * 24 * time.Hour)
			c.ClosedAt = &deadline
			steps = append(steps, challenge.ActionPublish, challenge.ActionCloseBidding)
		} else {
			steps = append(steps, challenge.ActionPublish)
		}
		c.PublishedAt, c.BidDeadline = &pub, &deadline
	}
	c.UpdatedAt = created.Add(time.Duration(len(steps)) * 24 * time.Hour)
	if err := s.chStore.Create(ctx, &c); err != nil {
		return err
	}
	s.challenges++
	from := challenge.Status("")
	for k, act := range steps {
		to, _ := challenge.Next(from, act)
		if act == challenge.ActionCreate {
			to = challenge.StatusDraft
		}
		actor := owner.Actor()
		if challenge.MayAct(domain.RoleBureau, act) && act != challenge.ActionCreate && act != challenge.ActionSubmit {
			actor = s.bureau
		}
		at := created.Add(time.Duration(k) * 24 * time.Hour)
		h := challenge.HistoryEntry{ChallengeID: c.ID, Action: act, FromStatus: from, ToStatus: to, ActorID: actor.UserID,
			ActorName: actor.Name, ActorRole: string(actor.Role), At: at}
		if err := s.chStore.AddHistory(ctx, &h); err != nil {
			return err
		}
		if err := s.audit(ctx, actor, at, audit.EntityChallenge, c.ID, string(act), `{"status":"`+string(to)+`"}`); err != nil {
			return err
		}
		from = to
	}
	if !public {
		return nil
	}
	s.eligible = s.eligible[:0]
	for range r.IntN(27) {
		if err := s.seedBid(ctx, c); err != nil {
			return err
		}
	}
	if st == challenge.StatusReviewing {
		return s.seedReview(ctx, c)
	}
	return nil
}

func (s *scaleSeeder) seedBid(ctx context.Context, c challenge.Challenge) error {
	r := s.r
	lead := s.teams[s.nextLead%len(s.teams)]
	s.nextLead++
	at := c.PublishedAt.Add(time.Duration(1+r.IntN(29*24)) * time.Hour)
	content := bid.Content{PI: bid.PI{Name: scalePerson(r), Email: fmt.Sprintf("pi%d@scale.jiebang.cn", s.bids+1)},
		Members:  []bid.Member{{Name: scalePerson(r), Role: "总体设计"}, {Name: scalePerson(r), Role: "试验验证"}},
		Approach: strings.Repeat(pick(r, scalePhrases)+"；", 6), CommitmentSigned: true, IntegrityPledgeSigned: true,
		Budget: []bid.BudgetItem{{Item: "设备费", AmountFen: c.GovFundingFen / 2}, {Item: "材料费", AmountFen: c.GovFundingFen / 4}}}
	for k := range r.IntN(4) { // a consortium (联合体) of 0-3 partners
		p := s.teams[(s.nextLead+7*(k+1))%len(s.teams)]
		o := s.teamOrgs[p.OrgID]
		content.Partners = append(content.Partners, bid.Partner{OrgName: o.Name, CreditCode: o.CreditCode, Role: "联合单位", SharePct: 10})
	}
	for k, stg := range c.Stages {
		targets := map[string]float64{}
		for _, kpi := range c.KPIs {
			targets[kpi.Name] = kpi.Target
		}
		content.Plan = append(content.Plan, bid.StagePlan{Stage: k + 1, KPITargets: targets, Deliverables: stg.Name + "报告"})
	}
	b := bid.Bid{ChallengeID: c.ID, LeadOrgID: lead.OrgID, Status: bid.StatusDraft, Content: content, CreatedBy: lead.ID,
		CreatedAt: at, UpdatedAt: at}
	if err := s.bidStore.Create(ctx, &b); err != nil {
		return err
	}
	s.bids++
	canon, digest, err := bid.Canonical(c.ID, lead.OrgID, content, nil)
	if err != nil {
		return err
	}
	v := bid.Version{BidID: b.ID, Version: 1, SubmittedAt: at, Canonical: canon, Digest: digest, SubmittedBy: lead.ID}
	if err := s.bidStore.SaveSubmission(ctx, bid.StatusDraft, v, bid.NormalizeEmail(content.PI.Email)); err != nil {
		return err
	}
	if err := s.audit(ctx, lead.Actor(), at, audit.EntityBid, b.ID, "submit", `{"digest":"`+digest+`"}`); err != nil {
		return err
	}
	if c.Status == challenge.StatusPublished {
		return nil
	}
	to, reason := bid.StatusEligible, ""
	if r.IntN(5) == 0 {
		to, reason = bid.StatusIneligible, "联合体缺少具备中试能力的单位。"
	}
	decided := c.ClosedAt.Add(48 * time.Hour)
	if to == bid.StatusEligible {
		s.eligible = append(s.eligible, b.ID)
	}
	if err := s.bidStore.SetStatus(ctx, b.ID, bid.StatusSubmitted, to, reason, decided); err != nil {
		return err
	}
	return s.audit(ctx, s.bureau, decided, audit.EntityBid, b.ID, "mark_"+string(to), `{"status":"`+string(to)+`"}`)
}

// progress draws a progress bar on one line.
type progress struct {
	w     io.Writer
	start time.Time
	last  time.Time
}

func newProgress(w io.Writer) *progress { return &progress{w: w, start: time.Now()} }

func (p *progress) show(what string, done, total int) {
	if p.w == nil || (time.Since(p.last) < 200*time.Millisecond && done < total) {
		return
	}
	p.last = time.Now()
	const width = 30
	fill := width * done / max(total, 1)
	fmt.Fprintf(p.w, "\r%-20s [%s%s] %6d/%-6d %5.1fs", what, strings.Repeat("#", fill), strings.Repeat(" ", width-fill),
		done, total, time.Since(p.start).Seconds())
}

func (p *progress) done() {
	if p.w != nil {
		fmt.Fprintln(p.w)
	}
}
