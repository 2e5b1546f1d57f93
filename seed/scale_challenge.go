package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/notify"
	"jiebang/domain/review"
)

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

// scaleBid is a submitted bid of the challenge being seeded.
type scaleBid struct {
	bid.Bid
	OrgName string
	// Code is its lead organisation's credit code.
	Code string
	// Lead is the team user who submitted it.
	Lead domain.Actor
	// Quality is what its experts' scores centre on.
	Quality int
}

// scaleStep is one step of a challenge's history.
type scaleStep struct {
	act challenge.Action
	at  time.Time
}

// raced reports whether a challenge of status st has racers (立项 or later).
func raced(st challenge.Status) bool {
	return st == challenge.StatusInProgress || st == challenge.StatusCompleted
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
	// A race started far enough back for its first stage (in progress) or all of it (completed) to be over:
	// bidding closed 25 days before the start, after 30 days on the board.
	var start time.Time
	switch st {
	case challenge.StatusInProgress:
		start = s.base.AddDate(0, -c.DurationMonths/2, -(20 + r.IntN(45)))
	case challenge.StatusCompleted:
		start = s.base.AddDate(0, -c.DurationMonths, -(30 + r.IntN(90)))
	}
	if raced(st) {
		created = days(start, -65)
		c.CreatedAt = created
	}
	steps := []scaleStep{{challenge.ActionCreate, created}}
	if st != challenge.StatusDraft {
		t := days(created, 1)
		c.SubmittedAt = &t
		steps = append(steps, scaleStep{challenge.ActionSubmit, t})
	}
	if st == challenge.StatusReturned {
		steps, c.LastOpinion = append(steps, scaleStep{challenge.ActionReturn, days(created, 5)}), "指标的测试方法不明确，请补充。"
	}
	public := st != challenge.StatusDraft && st != challenge.StatusSubmitted && st != challenge.StatusReturned && st != challenge.StatusApproved
	if st == challenge.StatusApproved || public {
		t := days(created, 5)
		c.ApprovedAt = &t
		steps = append(steps, scaleStep{challenge.ActionApprove, t})
	}
	if public {
		pub := days(created, 10)
		// Open challenges close between 2 hours and 45 days from today; one in ten within the next 3 hours.
		deadline := s.at(time.Duration(2+r.IntN(45*24)) * time.Hour)
		if i%10 == 4 {
			deadline = s.at(time.Duration(2*60+r.IntN(60)) * time.Minute)
		}
		steps = append(steps, scaleStep{challenge.ActionPublish, pub})
		if st != challenge.StatusPublished {
			deadline = days(pub, 30)
			c.ClosedAt = &deadline
			steps = append(steps, scaleStep{challenge.ActionCloseBidding, deadline})
		}
		if st == challenge.StatusReviewing || raced(st) {
			steps = append(steps, scaleStep{challenge.ActionStartReview, days(deadline, 3)})
		}
		if raced(st) {
			steps = append(steps, scaleStep{challenge.ActionSelect, days(deadline, 11)}, scaleStep{challenge.ActionStart, start})
		}
		c.PublishedAt, c.BidDeadline = &pub, &deadline
	}
	c.UpdatedAt = steps[len(steps)-1].at
	if err := s.chStore.Create(ctx, &c); err != nil {
		return err
	}
	s.n.Challenges++
	from := challenge.Status("")
	for _, step := range steps {
		to, _ := challenge.Next(from, step.act)
		if step.act == challenge.ActionCreate {
			to = challenge.StatusDraft
		}
		actor := owner.Actor()
		if challenge.MayAct(domain.RoleBureau, step.act) && step.act != challenge.ActionCreate && step.act != challenge.ActionSubmit {
			actor = s.bureau
		}
		s.history = append(s.history, challenge.HistoryEntry{ChallengeID: c.ID, Action: step.act, FromStatus: from, ToStatus: to,
			ActorID: actor.UserID, ActorName: actor.Name, ActorRole: string(actor.Role), At: step.at, Opinion: opinionOf(step.act, c)})
		s.audit(actor, step.at, audit.EntityChallenge, c.ID, string(step.act), `{"status":"`+string(to)+`"}`)
		from = to
	}
	switch {
	case st == challenge.StatusSubmitted:
		return s.seedValidation(ctx, c, false)
	case st == challenge.StatusApproved || public:
		if err := s.seedValidation(ctx, c, true); err != nil {
			return err
		}
	}
	if !public {
		return nil
	}
	if err := s.tell(notify.ChallengePublished, []int64{owner.ID}, c.ID, challengeParams(c), *c.PublishedAt); err != nil {
		return err
	}
	if err := s.seedBids(ctx, c); err != nil {
		return err
	}
	switch {
	case st == challenge.StatusReviewing:
		_, err := s.seedBidReview(ctx, c, false)
		return err
	case raced(st):
		ranking, err := s.seedBidReview(ctx, c, true)
		if err != nil {
			return err
		}
		return s.seedRace(ctx, c, owner.Actor(), start, ranking)
	}
	return nil
}

// opinionOf is the opinion a history step records.
func opinionOf(act challenge.Action, c challenge.Challenge) string {
	switch act {
	case challenge.ActionReturn:
		return c.LastOpinion
	case challenge.ActionApprove:
		return "需求明确，指标可考核，同意张榜。"
	}
	return ""
}

// seedBids writes the bids of a public challenge (none to 26, about 13; a race that started has at least
// as many eligible bids as racers): submitted, and after bidding closed found eligible or not.
func (s *scaleSeeder) seedBids(ctx context.Context, c challenge.Challenge) error {
	r := s.r
	s.eligible = s.eligible[:0]
	n := r.IntN(27)
	if raced(c.Status) {
		n = max(n, c.MaxRacers+2)
	}
	bs := make([]scaleBid, 0, n)
	vs := make([]bid.Version, 0, n)
	for range n {
		lead := s.teams[s.nextLead%len(s.teams)]
		s.nextLead++
		at := c.PublishedAt.Add(time.Duration(1+r.IntN(29*24)) * time.Hour)
		content := bid.Content{PI: bid.PI{Name: scalePerson(r), Email: fmt.Sprintf("pi%d@scale.jiebang.cn", s.n.Bids+len(bs)+1)},
			Members:  []bid.Member{{Name: scalePerson(r), Role: "总体设计"}, {Name: scalePerson(r), Role: "试验验证"}},
			Approach: strings.Repeat(pick(r, scalePhrases)+"；", 6), CommitmentSigned: true, IntegrityPledgeSigned: true,
			Budget: []bid.BudgetItem{{Item: "设备费", AmountFen: c.GovFundingFen / 2}, {Item: "材料费", AmountFen: c.GovFundingFen / 4}}}
		for k := range r.IntN(4) { // a consortium (联合体) of 0-3 partners
			p := s.teams[(s.nextLead+7*(k+1))%len(s.teams)]
			content.Partners = append(content.Partners, bid.Partner{OrgName: p.orgName, CreditCode: p.code, Role: "联合单位", SharePct: 10})
		}
		for k, stg := range c.Stages {
			targets := map[string]float64{}
			for _, kpi := range c.KPIs {
				targets[kpi.Name] = stageTarget(kpi, k+1, len(c.Stages))
			}
			content.Plan = append(content.Plan, bid.StagePlan{Stage: k + 1, KPITargets: targets, Deliverables: stg.Name + "报告"})
		}
		canon, digest, err := bid.Canonical(c.ID, lead.orgID, content, nil)
		if err != nil {
			return err
		}
		b := scaleBid{Bid: bid.Bid{ChallengeID: c.ID, LeadOrgID: lead.orgID, Status: bid.StatusSubmitted, Content: content,
			CreatedBy: lead.UserID, CreatedAt: at, UpdatedAt: at, Version: 1, SubmittedAt: &at, Digest: digest,
			PIEmail: bid.NormalizeEmail(content.PI.Email)}, OrgName: lead.orgName, Code: lead.code, Lead: lead.Actor, Quality: 60 + r.IntN(33)}
		if c.Status != challenge.StatusPublished {
			decided := c.ClosedAt.Add(48 * time.Hour)
			b.Status, b.DecidedAt, b.UpdatedAt = bid.StatusEligible, &decided, decided
			// One in five is found ineligible, unless a race that started would be left short of racers.
			if r.IntN(5) == 0 && !(raced(c.Status) && n-len(bs) <= c.MaxRacers-countEligible(bs)) {
				b.Status, b.EligibilityReason = bid.StatusIneligible, "联合体缺少具备中试能力的单位。"
			}
		}
		bs = append(bs, b)
		vs = append(vs, bid.Version{Version: 1, SubmittedAt: at, Canonical: canon, Digest: digest, SubmittedBy: lead.UserID})
	}
	plain := make([]bid.Bid, len(bs))
	for k := range bs {
		plain[k] = bs[k].Bid
	}
	if err := s.bidStore.CreateSubmitted(ctx, plain, vs); err != nil {
		return err
	}
	s.n.Bids += len(bs)
	for k := range bs {
		b := &bs[k]
		b.ID = plain[k].ID
		s.audit(b.Lead, *b.SubmittedAt, audit.EntityBid, b.ID, "submit", `{"digest":"`+b.Digest+`"}`)
		if b.DecidedAt != nil {
			s.audit(s.bureau, *b.DecidedAt, audit.EntityBid, b.ID, "mark_"+string(b.Status), `{"status":"`+string(b.Status)+`"}`)
			k := notify.BidEligible
			if b.Status == bid.StatusIneligible {
				k = notify.BidIneligible
			}
			p := notify.Params{"BidID": b.ID, "Title": notify.Short(c.Title, 60), "Note": b.EligibilityReason}
			if err := s.tell(k, []int64{b.Lead.UserID}, b.ID, p, *b.DecidedAt); err != nil {
				return err
			}
		}
		if b.Status == bid.StatusEligible {
			s.eligible = append(s.eligible, *b)
		}
	}
	return nil
}

func countEligible(bs []scaleBid) int {
	n := 0
	for _, b := range bs {
		if b.Status == bid.StatusEligible {
			n++
		}
	}
	return n
}

// itemsOfBids are the bid review items of the eligible bids.
func (s *scaleSeeder) itemsOfBids(roundID int64, c challenge.Challenge) []review.Item {
	items := make([]review.Item, 0, len(s.eligible))
	for k, b := range s.eligible {
		codes := []string{b.Code}
		for _, p := range b.Content.Partners {
			codes = append(codes, p.CreditCode)
		}
		items = append(items, review.Item{RoundID: roundID, BidID: b.ID, BidVersion: 1, OrgID: b.LeadOrgID,
			Label: review.Label(k), SubmittedAt: *b.SubmittedAt,
			Parties: review.Parties{OrgIDs: []int64{b.LeadOrgID}, CreditCodes: codes,
				PI: review.Person{Email: b.PIEmail, Name: b.Content.PI.Name, OrgID: b.LeadOrgID}}})
	}
	return items
}
