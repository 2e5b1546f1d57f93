package app

import (
	"context"
	"fmt"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/datefmt"
	"jiebang/domain/event"
	"jiebang/domain/notify"
	"jiebang/domain/reminder"
	"jiebang/domain/schedule"
	"jiebang/repository"
)

// Notification kinds of the challenge and bid flows (users can mute e-mail per kind).
const (
	KindChallengeSubmitted = "challenge.submitted"
	KindChallengeReturned  = "challenge.returned"
	KindChallengeApproved  = "challenge.approved"
	KindChallengeRejected  = "challenge.rejected"
	KindChallengePublished = "challenge.published"
	KindBiddingClosed      = "challenge.bidding_closed"
	KindBidEligible        = "bid.eligible"
	KindBidIneligible      = "bid.ineligible"
)

// wireNotify subscribes the notifications of the challenge and bid flows to their events: each is written in
// the transaction of the change it reports (the handler runs inside it), in both languages.
func (a *App) wireNotify() {
	n := a.Notify
	chMsg := func(kind string, c challenge.Challenge, zh, en, bodyZh, bodyEn string) notify.Message {
		return notify.Message{Kind: kind, TitleZh: zh, TitleEn: en, BodyZh: bodyZh, BodyEn: bodyEn,
			Link: fmt.Sprintf("/challenges/%d", c.ID), Entity: audit.EntityChallenge, EntityID: c.ID}
	}
	// Titles are cut so that a notification never fails (and with it the change it reports) on length.
	wrap := func(f func(ctx context.Context, ch challenge.Changed) error) func(ctx context.Context, ch challenge.Changed) error {
		return func(ctx context.Context, ch challenge.Changed) error {
			ch.Challenge.Title = short(ch.Challenge.Title, 60)
			ch.Note = short(ch.Note, 2000)
			return f(ctx, ch)
		}
	}
	onChallenge := func(name string, f func(ctx context.Context, ch challenge.Changed) error) {
		a.Events.On(name, func(ctx context.Context, e event.Event) error {
			ch, ok := e.Data.(challenge.Changed)
			if !ok {
				return fmt.Errorf("notify: %s carries %T", e.Name, e.Data)
			}
			return wrap(f)(ctx, ch)
		})
	}
	onChallenge(challenge.EventSubmit, func(ctx context.Context, ch challenge.Changed) error {
		c := ch.Challenge
		return n.ToRole(ctx, domain.RoleBureau, chMsg(KindChallengeSubmitted, c,
			"待论证：《"+c.Title+"》已提交", "To validate: \""+c.Title+"\" was submitted", c.OrgName, c.OrgName))
	})
	onChallenge(challenge.EventReturn, func(ctx context.Context, ch challenge.Changed) error {
		c := ch.Challenge
		return n.ToOrg(ctx, c.OrgID, chMsg(KindChallengeReturned, c,
			"榜单《"+c.Title+"》被退回修改", "Challenge \""+c.Title+"\" was returned for revision",
			"论证意见："+ch.Note, "Opinion: "+ch.Note))
	})
	onChallenge(challenge.EventApprove, func(ctx context.Context, ch challenge.Changed) error {
		c := ch.Challenge
		return n.ToOrg(ctx, c.OrgID, chMsg(KindChallengeApproved, c,
			"榜单《"+c.Title+"》已通过论证", "Challenge \""+c.Title+"\" was approved", ch.Note, ch.Note))
	})
	onChallenge(challenge.EventReject, func(ctx context.Context, ch challenge.Changed) error {
		c := ch.Challenge
		return n.ToOrg(ctx, c.OrgID, chMsg(KindChallengeRejected, c,
			"榜单《"+c.Title+"》未通过论证", "Challenge \""+c.Title+"\" was rejected",
			"论证意见："+ch.Note, "Opinion: "+ch.Note))
	})
	onChallenge(challenge.EventPublish, func(ctx context.Context, ch challenge.Changed) error {
		c := ch.Challenge
		zh, en := publishedBody(c)
		return n.ToOrg(ctx, c.OrgID, chMsg(KindChallengePublished, c,
			"榜单《"+c.Title+"》已张榜", "Challenge \""+c.Title+"\" is published", zh, en))
	})
	bids := repository.NewBidStore(a.DB)
	onChallenge(challenge.EventCloseBidding, func(ctx context.Context, ch challenge.Changed) error {
		c := ch.Challenge
		var teams []int64
		var total int64
		for page := 1; ; page++ {
			l, err := bids.List(ctx, bid.Filter{ChallengeID: c.ID, Submitted: true,
				ExcludeStatuses: []bid.Status{bid.StatusWithdrawn}}, domain.Page{Page: page, PageSize: domain.MaxPageSize})
			if err != nil {
				return err
			}
			for _, b := range l.Items {
				teams = append(teams, b.CreatedBy)
			}
			total = l.Total
			if len(l.Items) < domain.MaxPageSize {
				break
			}
		}
		count := fmt.Sprint(total)
		if err := n.ToOrg(ctx, c.OrgID, chMsg(KindBiddingClosed, c, "榜单《"+c.Title+"》揭榜已截止",
			"Bidding on \""+c.Title+"\" has closed", "共收到 "+count+" 份申报", count+" bids were submitted")); err != nil {
			return err
		}
		if err := n.ToRole(ctx, domain.RoleBureau, chMsg(KindBiddingClosed, c, "待形式审查：《"+c.Title+"》揭榜已截止",
			"Eligibility check due: bidding on \""+c.Title+"\" has closed", "共 "+count+" 份申报待审查", count+" bids await the check")); err != nil {
			return err
		}
		return n.ToUsers(ctx, teams, chMsg(KindBiddingClosed, c, "您申报的榜单《"+c.Title+"》揭榜已截止",
			"Bidding on \""+c.Title+"\", which you bid on, has closed", "进入形式审查", "The eligibility check follows"))
	})
	onBid := func(name, kind, zh, en string, withReason bool) {
		a.Events.On(name, func(ctx context.Context, e event.Event) error {
			ch, ok := e.Data.(bid.Changed)
			if !ok {
				return fmt.Errorf("notify: %s carries %T", e.Name, e.Data)
			}
			b := ch.Bid
			m := notify.Message{Kind: kind, TitleZh: zh, TitleEn: en, Link: fmt.Sprintf("/bids/%d", b.ID),
				Entity: audit.EntityBid, EntityID: b.ID}
			if withReason && ch.Note != "" {
				m.BodyZh, m.BodyEn = "理由："+short(ch.Note, 2000), "Reason: "+short(ch.Note, 2000)
			}
			return n.ToUsers(ctx, []int64{b.CreatedBy}, m)
		})
	}
	rem := reminder.NewService(repository.NewReminderStore(a.DB), a.Claims, a.Notify, a.Tx)
	a.AddJob(schedule.Job{Name: reminder.Job, Every: time.Minute, Run: func(ctx context.Context, now time.Time) error {
		sent, err := rem.BidDeadlines(ctx, now)
		if sent > 0 {
			a.Logger.Info("bid deadline reminders sent", "reminders", sent)
		}
		return err
	}})
	onBid(bid.EventMarkEligible, KindBidEligible, "您的申报通过形式审查", "Your bid passed the eligibility check", false)
	onBid(bid.EventMarkIneligible, KindBidIneligible, "您的申报未通过形式审查", "Your bid did not pass the eligibility check", true)
}

// publishedBody is the body of the publication notice: the bid deadline as people read it, China time.
func publishedBody(c challenge.Challenge) (zh, en string) {
	if c.BidDeadline == nil {
		return "", ""
	}
	return "揭榜截止时间：" + datefmt.DeadlineZh(*c.BidDeadline), "Bidding closes at " + datefmt.DeadlineEn(*c.BidDeadline) + "."
}

// short cuts s to at most n runes, marking the cut with an ellipsis.
func short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
