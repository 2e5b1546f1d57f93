package seed

import (
	"fmt"

	"jiebang/domain/qa"
)

// demoQuestion is a demo question (答疑) and its answer ("" leaves it pending).
type demoQuestion struct {
	text, answer string
}

// demoQuestions are asked on the carbon-fibre challenge: two answered and published (答疑1, 答疑2), one pending.
var demoQuestions = []demoQuestion{
	{text: "榜单要求成型周期不超过 5 分钟，是否包含脱模和修边时间？",
		answer: "成型周期指从合模到开模的时间，不含脱模后的修边与检测；补充通知1 对此作了说明。"},
	{text: "样件验证是否可以采用企业提供的模具，还是须由揭榜方自备？",
		answer: "验证样件可使用发榜企业现有的 HP-RTM 模具，揭榜方需自备工艺参数与树脂体系。"},
	{text: "阶段二的 1000 件小批量试制是否可以分两个批次完成？"},
}

// qaFollow makes the first three demo teams follow the challenge (关注).
func (s *challengeSeeder) qaFollow(key string) error {
	for _, tm := range s.d.Teams[:3] {
		if _, err := s.story.QA.Follow(s.ctx, tm.Actor, s.out.IDs[key], true); err != nil {
			return err
		}
	}
	return nil
}

// qaAsk asks q on the challenge as the demo team.
func (s *challengeSeeder) qaAsk(key string, team int, q demoQuestion) error {
	got, err := s.story.QA.Ask(s.ctx, s.d.Teams[team].Actor, s.out.IDs[key], q.text)
	s.questions = append(s.questions, got.ID)
	return err
}

// qaAnswer answers the demo question i as the challenge's owner.
func (s *challengeSeeder) qaAnswer(key string, i int) error {
	_, err := s.story.QA.Answer(s.ctx, s.owner(key), s.questions[i], demoQuestions[i].answer)
	return err
}

// qaPublish publishes the demo question i (答疑N).
func (s *challengeSeeder) qaPublish(i int) error {
	_, err := s.story.QA.Publish(s.ctx, s.d.Bureau.Actor, s.questions[i])
	return err
}

// qaAmend publishes the amendment that answers 答疑1 (补充通知1); fewer than seven days remain to the deadline,
// so it moves the deadline.
func (s *challengeSeeder) qaAmend(key string) error {
	q := s.questions[0]
	a, err := s.story.QA.Amend(s.ctx, s.d.Bureau.Actor, s.out.IDs[key], qa.AmendInput{QuestionID: &q,
		Content: "关于成型周期：榜单“成型周期不超过 5 分钟”指合模至开模时间，不含脱模后的修边与检测（见答疑1）。其余内容不变。"})
	if err == nil && a.DeadlineTo == nil {
		err = fmt.Errorf("the demo amendment did not move the deadline")
	}
	s.amendment = a.ID
	return err
}

// qaConfirm confirms the amendment as the demo team of a submitted bid.
func (s *challengeSeeder) qaConfirm(key string, team int) error {
	_, err := s.story.QA.Confirm(s.ctx, s.d.Teams[team].Actor, s.out.IDs[key], s.amendment)
	return err
}
