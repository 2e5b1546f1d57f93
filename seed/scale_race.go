package seed

import (
	"context"
	"fmt"
	"math"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/funding"
	"jiebang/domain/notify"
	"jiebang/domain/race"
	"jiebang/domain/review"
)

// scaleRacer is a racer of the challenge being seeded with the bid it came from.
type scaleRacer struct {
	race.Racer
	bid scaleBid
	// quality is what its stage scores centre on (66–95, so a racer falls by the keep-top rule, not the minimum).
	quality int
	report  race.Report
}

// seedRace runs a started challenge's race as the race service would have: the top bids of the closed bid
// review go on a public notice (公示) that closed without objections, become racers with their task books
// (任务书), report on each stage that is over, a stage review scores the reports, the stage decision keeps the
// best (race mode drops the last) and, on a completed challenge, the enterprise's opinions and the acceptance
// name the winner. The funding ledger follows the default split.
func (s *scaleSeeder) seedRace(ctx context.Context, c challenge.Challenge, owner domain.Actor, start time.Time, ranked []scaleBid) error {
	r := s.r
	n := min(c.MaxRacers, len(ranked))
	if n == 0 {
		return fmt.Errorf("scale seed: challenge %d started without eligible bids", c.ID)
	}
	sel := ranked[:n]
	noticeAt := days(*c.ClosedAt, 11)
	nt := race.Notice{ChallengeID: c.ID, Seq: 1, BidIDs: []int64{}, NoticeDays: race.DefaultNoticeDays, StartsAt: noticeAt,
		EndsAt: days(noticeAt, 7), Status: race.NoticeOpen, CreatedBy: s.bureau.UserID}
	for _, b := range sel {
		nt.BidIDs = append(nt.BidIDs, b.ID)
	}
	if err := s.races.CreateNotice(ctx, &nt); err != nil {
		return err
	}
	if _, err := s.races.SetNoticeStatus(ctx, nt.ID, race.NoticeOpen, race.NoticeClosed, nt.EndsAt); err != nil {
		return err
	}
	s.audit(s.bureau, noticeAt, audit.EntityNotice, nt.ID, "open", map[string]any{"bid_ids": nt.BidIDs, "notice_days": nt.NoticeDays})
	s.audit(s.bureau, nt.EndsAt, audit.EntityNotice, nt.ID, race.ActionClose, map[string]any{"status": race.NoticeClosed})
	chosen := map[int64]bool{}
	for _, b := range sel {
		chosen[b.ID] = true
	}
	for _, b := range s.eligible {
		to := bid.StatusNotSelected
		if chosen[b.ID] {
			to = bid.StatusSelected
		}
		if err := s.bidStore.SetStatus(ctx, b.ID, bid.StatusEligible, to, "", noticeAt); err != nil {
			return err
		}
		s.audit(s.bureau, noticeAt, audit.EntityBid, b.ID, "outcome", map[string]any{"status": to})
		k := notify.RaceNotSelected
		if chosen[b.ID] {
			k = notify.RaceSelected
		}
		if err := s.tell(k, []int64{b.Lead.UserID}, nt.ID, notify.Params{"ChallengeID": c.ID, "Title": notify.Short(c.Title, 60), "NoticeID": nt.ID}, noticeAt); err != nil {
			return err
		}
	}
	racers := make([]*scaleRacer, 0, n)
	for _, b := range sel {
		x := &scaleRacer{bid: b, quality: 66 + r.IntN(30), Racer: race.Racer{ChallengeID: c.ID, BidID: b.ID, OrgID: b.LeadOrgID,
			OrgName: b.OrgName, Status: race.RacerRacing, StartedAt: start, UpdatedAt: start,
			TaskBook: race.NewTaskBook(c, b.Bid, b.OrgName, start)}}
		if err := s.races.CreateRacer(ctx, &x.Racer); err != nil {
			return err
		}
		if err := s.races.AddEvent(ctx, &race.Event{RacerID: x.ID, ChallengeID: c.ID, Kind: race.EventStarted, ActorID: s.bureau.UserID, At: start}); err != nil {
			return err
		}
		s.audit(s.bureau, start, audit.EntityRacer, x.ID, "start", map[string]any{"challenge_id": c.ID, "bid_id": b.ID, "org_id": b.LeadOrgID, "status": x.Status})
		racers = append(racers, x)
	}
	s.n.Racers += len(racers)
	told := []int64{owner.UserID}
	for _, x := range racers {
		told = append(told, x.bid.Lead.UserID)
	}
	if err := s.tell(notify.RaceStarted, told, c.ID, notify.Params{"ChallengeID": c.ID, "Title": notify.Short(c.Title, 60)}, start); err != nil {
		return err
	}
	last := 1
	if c.Status == challenge.StatusCompleted {
		last = len(c.Stages)
	}
	outcomes := make([]funding.StageOutcome, len(c.Stages))
	decidedAt := make([]time.Time, len(c.Stages))
	var advance []int64
	for k := 1; k <= last; k++ {
		var err error
		if advance, err = s.seedStage(ctx, c, k, start, racers); err != nil {
			return err
		}
		outcomes[k-1] = funding.StageOutcome{Decided: true, Advanced: advance}
		decidedAt[k-1] = days(race.StageDue(start, c.Stages[k-1].OffsetMonths), 10)
	}
	var concluded time.Time
	if c.Status == challenge.StatusCompleted {
		concluded = days(race.StageDue(start, c.DurationMonths), 14)
		if err := s.conclude(ctx, &c, owner, racers, advance, concluded); err != nil {
			return err
		}
	}
	return s.seedLedger(ctx, c, start, racers, outcomes, decidedAt, concluded)
}

// seedStage writes one stage that is over: the racing racers' reports, the stage review (closed, scored), and
// the decision by the stage's rule. It returns the racers that advanced, best first.
func (s *scaleSeeder) seedStage(ctx context.Context, c challenge.Challenge, k int, start time.Time, racers []*scaleRacer) ([]int64, error) {
	r := s.r
	st := c.Stages[k-1]
	due := race.StageDue(start, st.OffsetMonths)
	var racing []*scaleRacer
	for _, x := range racers {
		if x.Status == race.RacerRacing {
			racing = append(racing, x)
		}
	}
	x := scaleRound{kind: review.KindStageReview, stage: k, opened: days(due, 2)}
	x.deadline = days(x.opened, 7)
	end := days(due, 9)
	x.closed = &end
	for _, rc := range racing {
		lead := rc.bid.Lead
		rep := race.Report{RacerID: rc.ID, ChallengeID: c.ID, Stage: k, Summary: fmt.Sprintf("第 %d 阶段（%s）按任务书完成样机研制与测试，指标实测值见附表。", k, st.Name),
			KPIValues: map[string]float64{}, DueAt: due, SubmittedAt: days(due, -(1 + r.IntN(10))), SubmittedBy: lead.UserID}
		for _, kpi := range c.KPIs {
			target := stageTarget(kpi, k, len(c.Stages))
			f := 0.85 + 0.0025*float64(rc.quality)
			if kpi.Comparison == challenge.CmpAtMost {
				f = 2 - f
			}
			rep.KPIValues[kpi.Name] = math.Round(target*f*100) / 100
		}
		if err := s.races.SaveReport(ctx, &rep); err != nil {
			return nil, err
		}
		rc.report = rep
		s.n.Reports++
		s.audit(lead, rep.SubmittedAt, audit.EntityRacer, rc.ID, "report", map[string]any{"stage": k, "late": false, "kpi_values": rep.KPIValues})
		codes := []string{rc.bid.Code}
		for _, p := range rc.bid.Content.Partners {
			codes = append(codes, p.CreditCode)
		}
		x.items = append(x.items, review.Item{BidID: rc.BidID, BidVersion: 1, RacerID: rc.ID, ReportID: rep.ID, OrgID: rc.OrgID,
			Label: rc.OrgName, SubmittedAt: rep.SubmittedAt, Parties: review.Parties{OrgIDs: []int64{rc.OrgID}, CreditCodes: codes,
				PI: review.Person{Email: rc.bid.PIEmail, Name: rc.bid.Content.PI.Name, OrgID: rc.OrgID}}})
		x.quality = append(x.quality, rc.quality)
	}
	rs, err := s.writeRound(ctx, c, x)
	if err != nil {
		return nil, err
	}
	racerOf := map[int64]int64{}
	for _, it := range x.items {
		racerOf[it.ID] = it.RacerID
	}
	scores := map[int64]float64{}
	for _, res := range rs {
		if res.Final != nil {
			scores[racerOf[res.ItemID]] = *res.Final
		}
	}
	ids := make([]int64, len(racing))
	for i, rc := range racing {
		ids[i] = rc.ID
	}
	advance, eliminate, _, _ := race.Propose(st, ids, scores, true)
	at := days(due, 10)
	d := race.Decision{ChallengeID: c.ID, Stage: k, Advance: advance, Eliminate: []race.Elimination{}, Scores: scores,
		DecidedBy: s.bureau.UserID, DecidedAt: at}
	for _, id := range eliminate {
		d.Eliminate = append(d.Eliminate, race.Elimination{RacerID: id, Tolerance: true,
			Reason: fmt.Sprintf("第 %d 阶段考核评分位列末位，按规则淘汰；已尽职履约，适用容错条款。", k)})
	}
	if err := s.races.CreateDecision(ctx, d); err != nil {
		return nil, err
	}
	s.n.StageDecisions++
	s.audit(s.bureau, at, audit.EntityChallenge, c.ID, "stage_decision", map[string]any{"stage": k, "advance": d.Advance, "eliminate": d.Eliminate, "reason": ""})
	for _, id := range advance {
		if err := s.races.AddEvent(ctx, &race.Event{RacerID: id, ChallengeID: c.ID, Stage: k, Kind: race.EventAdvanced, ActorID: s.bureau.UserID, At: at}); err != nil {
			return nil, err
		}
	}
	for _, e := range d.Eliminate {
		for _, rc := range racing {
			if rc.ID != e.RacerID {
				continue
			}
			tol := true
			rc.Status, rc.Tolerance, rc.EliminatedStage, rc.EliminationReason, rc.UpdatedAt = race.RacerEliminated, &tol, k, e.Reason, at
			if _, err := s.races.UpdateRacer(ctx, rc.Racer, race.RacerRacing); err != nil {
				return nil, err
			}
			if err := s.races.AddEvent(ctx, &race.Event{RacerID: rc.ID, ChallengeID: c.ID, Stage: k, Kind: race.EventEliminated,
				Reason: e.Reason, ActorID: s.bureau.UserID, At: at}); err != nil {
				return nil, err
			}
			s.audit(s.bureau, at, audit.EntityRacer, rc.ID, race.ActionEliminate, map[string]any{"status": race.RacerEliminated, "stage": k, "tolerance": true})
		}
	}
	return advance, nil
}

// conclude writes the acceptance (验收) of a completed challenge: the enterprise's opinion on every racer
// still racing, the best of them the winner and the others finished, the challenge's winners.
func (s *scaleSeeder) conclude(ctx context.Context, c *challenge.Challenge, owner domain.Actor, racers []*scaleRacer, advance []int64, at time.Time) error {
	winners := advance[:1]
	for _, rc := range racers {
		if rc.Status != race.RacerRacing {
			continue
		}
		op := race.Opinion{ChallengeID: c.ID, RacerID: rc.ID, KPIResults: map[string]race.KPIResult{}, By: owner.UserID, At: days(at, -2),
			Opinion: "样机经第三方检测，主要指标达到任务书要求，同意验收。"}
		for _, kpi := range c.KPIs {
			v := rc.report.KPIValues[kpi.Name]
			op.KPIResults[kpi.Name] = race.KPIResult{Value: v, Met: kpi.Met(v), Evidence: "第三方检测报告"}
		}
		if err := s.races.SaveOpinion(ctx, op); err != nil {
			return err
		}
		s.audit(owner, op.At, audit.EntityRacer, rc.ID, "opinion", map[string]any{"opinion": op.Opinion})
		action, kind, to := race.ActionFinish, race.EventFinished, race.RacerFinished
		if rc.ID == winners[0] {
			action, kind, to = race.ActionWin, race.EventWinner, race.RacerWinner
		}
		rc.Status, rc.UpdatedAt = to, at
		if _, err := s.races.UpdateRacer(ctx, rc.Racer, race.RacerRacing); err != nil {
			return err
		}
		if err := s.races.AddEvent(ctx, &race.Event{RacerID: rc.ID, ChallengeID: c.ID, Stage: len(c.Stages), Kind: kind,
			Reason: "验收通过", ActorID: s.bureau.UserID, At: at}); err != nil {
			return err
		}
		s.audit(s.bureau, at, audit.EntityRacer, rc.ID, action, map[string]any{"status": to})
	}
	c.WinnerRacerIDs, c.UpdatedAt = winners, at
	if err := s.chStore.UpdateStatus(ctx, *c, challenge.StatusCompleted); err != nil {
		return err
	}
	s.history = append(s.history, challenge.HistoryEntry{ChallengeID: c.ID, Action: challenge.ActionComplete,
		FromStatus: challenge.StatusInProgress, ToStatus: challenge.StatusCompleted, Opinion: "经企业验收与专家复核，验收通过。",
		ActorID: s.bureau.UserID, ActorName: s.bureau.Name, ActorRole: string(s.bureau.Role), At: at})
	s.audit(s.bureau, at, audit.EntityChallenge, c.ID, string(challenge.ActionComplete), `{"status":"completed"}`)
	s.audit(s.bureau, at, audit.EntityChallenge, c.ID, "acceptance", map[string]any{"outcome": race.OutcomeCompleted, "winner_racer_ids": winners})
	return nil
}

// seedLedger records the funding ledger (资助台账) of a race by the default split: start-up funds for every
// racer and the enterprise's co-funding at the start, each decided stage's share for the racers that advanced,
// the final award for the winner; payments follow each decision (half of the final award so far).
func (s *scaleSeeder) seedLedger(ctx context.Context, c challenge.Challenge, start time.Time, racers []*scaleRacer,
	outcomes []funding.StageOutcome, decidedAt []time.Time, concluded time.Time) error {
	if _, err := s.funds.Lock(ctx, c.ID); err != nil {
		return err
	}
	in := funding.ProposalInput{CapFen: c.GovFundingFen, StartupPct: 20, Outcomes: outcomes}
	ids := make([]int64, 0, len(racers))
	for _, rc := range racers {
		in.Racers = append(in.Racers, funding.Racer{ID: rc.ID, ChallengeID: c.ID, OrgID: rc.OrgID, Status: string(rc.Status)})
		ids = append(ids, rc.ID)
	}
	for _, st := range c.Stages {
		in.StageSharePct = append(in.StageSharePct, st.FundingSharePct)
	}
	record := func(racer int64, tranche string, src funding.Source, amount int64, at time.Time, basis string, pay int64) error {
		d := funding.Decision{ChallengeID: c.ID, RacerID: racer, Tranche: tranche, Source: src, AmountFen: amount, Basis: basis,
			DecidedBy: s.bureau.UserID, DecidedByName: s.bureau.Name, DecidedAt: at}
		if err := s.funds.AddDecision(ctx, &d); err != nil {
			return err
		}
		s.n.FundingDecisions++
		s.audit(s.bureau, at, audit.EntityFundingDecision, d.ID, "decide", map[string]any{"racer_id": racer, "tranche": tranche,
			"source": src, "amount_fen": amount, "basis": basis})
		paid := days(at, 10)
		if pay <= 0 || paid.After(s.base) {
			return nil
		}
		p := funding.Disbursement{ChallengeID: c.ID, RacerID: racer, DecisionID: d.ID, Source: src, AmountFen: pay,
			PaidOn: paid.Format("2006-01-02"), Reference: fmt.Sprintf("财拨〔%d〕%d号", paid.Year(), d.ID),
			RecordedBy: s.bureau.UserID, RecordedName: s.bureau.Name, RecordedAt: paid}
		if err := s.funds.AddDisbursement(ctx, &p); err != nil {
			return err
		}
		s.n.Disbursements++
		s.audit(s.bureau, paid, audit.EntityFundingDecision, d.ID, "disburse", map[string]any{"disbursement_id": p.ID,
			"racer_id": racer, "amount_fen": pay})
		return nil
	}
	// The enterprise's co-funding arrives at the start, shared equally.
	for k, id := range ids {
		part := c.CofundingFen / int64(len(ids))
		if k == 0 {
			part += c.CofundingFen % int64(len(ids))
		}
		if err := record(id, funding.TrancheStartup, funding.SourceEnterprise, part, days(start, 3), "企业配套资金到账回单", part); err != nil {
			return err
		}
	}
	for _, line := range funding.DefaultSplit(in).Lines {
		if line.Provisional || line.AmountFen <= 0 {
			continue
		}
		at, basis, pay := days(start, 7), "立项任务书，按默认分配方案", line.AmountFen
		switch stage, _ := funding.ParseTranche(line.Tranche); {
		case line.Tranche == funding.TrancheFinalAward:
			at, basis, pay = days(concluded, 5), "验收结论，按默认分配方案", line.AmountFen/2
		case stage > 0:
			at, basis = days(decidedAt[stage-1], 5), fmt.Sprintf("第 %d 阶段考核结论，按默认分配方案", stage)
		}
		if err := record(line.RacerID, line.Tranche, funding.SourceGovernment, line.AmountFen, at, basis, pay); err != nil {
			return err
		}
	}
	return nil
}
