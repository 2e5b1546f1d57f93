package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/calendar"
	"jiebang/domain/challenge"
)

// DemoChallenges are the demo challenges by key (motor, carbon, wind, battery, software, cart, sic, reducer)
// for the seeders that build on them (bids on the published ones, review of the closed one).
type DemoChallenges struct {
	IDs map[string]int64
	// Published are open for bidding (deadline in the future); Closed has bidding closed.
	Published []int64
	Closed    []int64
	// storyBids are the wind challenge's bids by demo bid key, made in its story while its bidding was open.
	storyBids map[string]int64
	lines     []string
}

// seedChallenges creates the demo challenges through the challenge service, so history and audit trail are
// those of real use. The story happens over the last 60 days: the service runs on its own clock that starts
// 60 days ago and moves forward event by event up to now, which lets one challenge's bidding close at its
// deadline by the scheduled job; the teams bid on it (demoBidSpecs of the wind challenge) while it is open.
// Result: two published (deadlines in the future), one bidding_closed, one approved, one submitted (the bureau's
// queue), one returned with an opinion, one draft and one cancelled.
func (a *demo) seedChallenges(ctx context.Context, d DemoAccounts) (DemoChallenges, error) {
	if len(d.Enterprises) < 3 || len(d.Teams) < 3 {
		return DemoChallenges{}, fmt.Errorf("the challenge demo needs 3 enterprises and 3 teams, got %d and %d", len(d.Enterprises), len(d.Teams))
	}
	now := a.Clock.Now().UTC().Truncate(time.Minute)
	clk := domain.NewFrozenClock(now.Add(-60 * 24 * time.Hour))
	st, err := a.storyAt(clk)
	if err != nil {
		return DemoChallenges{}, err
	}
	svc := st.Challenges
	s := &challengeSeeder{ctx: ctx, svc: svc, story: st, clk: clk, now: now, d: d,
		out: DemoChallenges{IDs: map[string]int64{}, storyBids: map[string]int64{}}, specs: map[string]demoChallengeSpec{}}
	for _, sp := range demoChallengeSpecs {
		s.specs[sp.key] = sp
	}
	boss := d.Bureau.Actor
	steps := []struct {
		daysAgo float64
		do      func() error
	}{
		{60, func() error { return s.create("wind") }},
		{59, func() error { return s.submit("wind") }},
		{57, func() error {
			return s.validate("wind", challenge.DecisionApprove, "需求明确，指标可考核，同意张榜。")
		}},
		{56, func() error { return s.publish("wind", now, -27) }},
		{50, func() error { return s.create("reducer") }},
		{49, func() error { return s.submit("reducer") }},
		{45, func() error {
			_, err := svc.Cancel(ctx, boss, s.out.IDs["reducer"], "发榜企业已通过自主研发解决该问题，申请撤榜。")
			return err
		}},
		{40, func() error { return s.create("motor") }},
		{39.75, func() error { return s.bid("wind-donghai") }},
		{39.5, func() error { return s.bid("wind-yongcheng") }},
		{39.25, func() error { return s.bid("wind-zhongke") }},
		{39, func() error { return s.submit("motor") }},
		{37, func() error {
			return s.validate("motor", challenge.DecisionReturn, "请补充重稀土用量与高温退磁两项指标，并明确效率测试依据的国家标准。")
		}},
		{36.5, func() error {
			p := s.specs["motor"].patch
			more := *p.Problem + "效率测试依据 GB/T 18488.2，高温退磁按 150℃ 负载 2 h 考核。"
			_, err := svc.Update(ctx, s.owner("motor"), s.out.IDs["motor"], challenge.Patch{Problem: &more})
			return err
		}},
		{36, func() error { return s.submit("motor") }},
		{34, func() error {
			return s.validate("motor", challenge.DecisionApprove, "经专家论证，同意以赛马方式张榜。")
		}},
		{30, func() error { return s.create("carbon") }},
		{29, func() error { return s.submit("carbon") }},
		{27, func() error { return s.validate("carbon", challenge.DecisionApprove, "") }},
		{25, func() error {
			n, err := svc.CloseDueBidding(ctx)
			if err == nil && n != 1 {
				err = fmt.Errorf("closing the demo's due bidding closed %d challenges, want 1", n)
			}
			return err
		}},
		{20, func() error { return s.create("battery") }},
		{18, func() error { return s.submit("battery") }},
		{15, func() error { return s.validate("battery", challenge.DecisionApprove, "同意，待统一张榜。") }},
		{12, func() error { return s.create("cart") }},
		{11, func() error { return s.submit("cart") }},
		// The carbon-fibre challenge's 答疑 (qa): published with a short deadline, asked and answered, bid on,
		// then an amendment two days ago moved its deadline so that seven days remained.
		{10, func() error { return s.publish("carbon", now, 3) }},
		{9.5, func() error { return s.qaFollow("carbon") }},
		{9, func() error { return s.qaAsk("carbon", 2, demoQuestions[0]) }},
		{8.9, func() error { return s.qaAsk("carbon", 1, demoQuestions[1]) }},
		{8.5, func() error { return s.qaAnswer("carbon", 0) }},
		{8.4, func() error { return s.qaAnswer("carbon", 1) }},
		{8.1, func() error { return s.qaPublish(0) }},
		{8.05, func() error { return s.qaPublish(1) }},
		{8, func() error {
			return s.validate("cart", challenge.DecisionReturn, "资金安排中企业配套比例需说明来源；请补充 GMP 条件的具体要求。")
		}},
		{7, func() error { return s.qaAsk("carbon", 2, demoQuestions[2]) }},
		{5, func() error { return s.publish("motor", now, 25) }},
		{4.5, func() error { return s.bid("carbon-yongcheng") }},
		{4.4, func() error { return s.bid("carbon-zhongke") }},
		{4, func() error { return s.create("software") }},
		{3, func() error { return s.submit("software") }},
		{2, func() error { return s.qaAmend("carbon") }},
		{1.5, func() error { return s.qaConfirm("carbon", 1) }},
		{1, func() error { return s.create("sic") }},
	}
	for _, st := range steps {
		s.to(st.daysAgo)
		if err := st.do(); err != nil {
			return DemoChallenges{}, fmt.Errorf("demo challenges (%g days ago): %w", st.daysAgo, err)
		}
	}
	for _, key := range []string{"motor", "carbon"} {
		s.out.Published = append(s.out.Published, s.out.IDs[key])
	}
	s.out.Closed = []int64{s.out.IDs["wind"]}
	for _, sp := range demoChallengeSpecs {
		c, err := a.Challenges.Lookup(ctx, s.out.IDs[sp.key])
		if err != nil {
			return DemoChallenges{}, err
		}
		s.out.lines = append(s.out.lines, fmt.Sprintf("    #%-3d %-15s %s（%s）", c.ID, c.Status, c.Title, c.OrgName))
	}
	return s.out, nil
}

// Summary lists the demo challenges for the seed command's output.
func (c DemoChallenges) Summary() string {
	return fmt.Sprintf("  challenges: %d\n%s\n", len(c.lines), strings.Join(c.lines, "\n"))
}

// challengeSeeder runs the demo story's steps.
type challengeSeeder struct {
	ctx   context.Context
	svc   *challenge.Service
	story Services
	clk   *domain.ManualClock
	now   time.Time
	d     DemoAccounts
	specs map[string]demoChallengeSpec
	out   DemoChallenges
	// questions are the demo's questions in the order asked; amendment the carbon challenge's addendum.
	questions []int64
	amendment int64
}

// to moves the story's clock forward to daysAgo days before now.
func (s *challengeSeeder) to(daysAgo float64) {
	target := s.now.Add(-time.Duration(daysAgo * float64(24*time.Hour)))
	if d := target.Sub(s.clk.Now()); d > 0 {
		s.clk.Advance(d)
	}
}

func (s *challengeSeeder) owner(key string) domain.Actor {
	return s.d.Enterprises[s.specs[key].enterprise].Actor
}

func (s *challengeSeeder) create(key string) error {
	c, err := s.svc.Create(s.ctx, s.owner(key), s.specs[key].patch)
	s.out.IDs[key] = c.ID
	return err
}

func (s *challengeSeeder) submit(key string) error {
	_, err := s.svc.Submit(s.ctx, s.owner(key), s.out.IDs[key])
	return err
}

func (s *challengeSeeder) validate(key string, d challenge.Decision, opinion string) error {
	_, err := s.svc.Validate(s.ctx, s.d.Bureau.Actor, s.out.IDs[key], challenge.ValidateInput{Decision: d, Opinion: opinion})
	return err
}

// publish publishes with the deadline at the end (24:00 China time) of the date days after now's China date (a
// negative days is in the past: the wind challenge's bidding closed before the story's step 25 days ago).
func (s *challengeSeeder) publish(key string, now time.Time, days int) error {
	day := calendar.EndOfDayAfter(now, days)
	_, err := s.svc.Publish(s.ctx, s.d.Bureau.Actor, s.out.IDs[key], &day)
	return err
}

// bid makes the demo bid key on the story's services, while its challenge is open.
func (s *challengeSeeder) bid(key string) error {
	for _, sp := range demoBidSpecs {
		if sp.key == key {
			id, err := makeBid(s.ctx, s.story, s.d, sp, s.out.IDs[sp.challenge])
			s.out.storyBids[key] = id
			return err
		}
	}
	return fmt.Errorf("no demo bid %s", key)
}
