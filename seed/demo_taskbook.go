package seed

import (
	"fmt"
	"time"

	"jiebang/domain/calendar"
	"jiebang/domain/taskbook"
)

// signTaskbook signs the racer's current task book version for its next n parties (n < 0: all), each by the
// demo user allowed to sign that slot, with the demo password, a few hours apart.
func (s *raceStory) signTaskbook(racer int64, n int) error {
	if s.tb == nil {
		return nil
	}
	users := append([]DemoUser{s.d.Bureau}, s.d.Enterprises...)
	users = append(users, s.d.Teams...)
	for i := 0; n < 0 || i < n; i++ {
		v, err := s.tb.Get(s.ctx, s.d.Bureau.Actor, racer)
		if err != nil {
			return fmt.Errorf("task book of racer %d: %w", racer, err)
		}
		if v.Complete {
			return nil
		}
		var who *DemoUser
		for j := range users {
			if v.Next.Signer.May(users[j].Actor) {
				who = &users[j]
				break
			}
		}
		if who == nil {
			return fmt.Errorf("no demo user signs slot %s of racer %d", v.Next.Slot.Key, racer)
		}
		if _, err := s.tb.Sign(s.ctx, who.Actor, racer, taskbook.SignInput{Version: v.Version.Number, Digest: v.Version.Digest,
			Password: DemoPassword}); err != nil {
			return fmt.Errorf("%s signs the task book of racer %d: %w", who.Email, racer, err)
		}
		s.clk.Advance(3 * time.Hour)
	}
	return nil
}

// extend has the racer's lead organisation (team) ask for a six-month extension (延期), the owner enterprise
// (ent) consent and the bureau approve it: the supplementary task book (补充任务书, v2), which the parties sign
// again.
func (s *raceStory) extend(racer int64, team, ent int) error {
	if s.tb == nil {
		return nil
	}
	v, err := s.tb.Get(s.ctx, s.d.Bureau.Actor, racer)
	if err != nil {
		return err
	}
	end, err := time.ParseInLocation(time.DateOnly, v.Version.Content.EndOn, calendar.China)
	if err != nil {
		return err
	}
	ch, err := s.tb.File(s.ctx, s.d.Teams[team].Actor, racer, taskbook.ChangeInput{Kind: taskbook.KindEndDate,
		Reason:   "伺服驱动器 SiC 功率器件交期推迟约五个月，整机联调与第三方检测须顺延。",
		Proposed: taskbook.Proposed{EndOn: calendar.Date(calendar.AddMonthsClamped(end, 6))}})
	if err != nil {
		return fmt.Errorf("extension of racer %d: %w", racer, err)
	}
	s.days(2)
	if _, err := s.tb.Act(s.ctx, s.d.Enterprises[ent].Actor, ch.Change.ID, taskbook.ChangeDecision{Action: taskbook.ActionConsent,
		Reason: "同意顺延，企业配套资金按原计划到位。"}); err != nil {
		return fmt.Errorf("consent to the extension of racer %d: %w", racer, err)
	}
	s.days(3)
	if _, err := s.tb.Act(s.ctx, s.d.Bureau.Actor, ch.Change.ID, taskbook.ChangeDecision{Action: taskbook.ActionApprove,
		Reason: "理由充分，同意延期六个月，签署补充任务书。"}); err != nil {
		return fmt.Errorf("approval of the extension of racer %d: %w", racer, err)
	}
	s.days(1)
	return s.signTaskbook(racer, -1)
}
