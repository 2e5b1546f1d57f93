package app

import (
	"context"
	"fmt"

	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/event"
	"jiebang/domain/notify"
)

// wireCascade subscribes the effects that cross areas, each running in the transaction of its cause: a
// cancelled challenge (撤榜) ends its live bids, and each ended bid's team is told why.
func (a *App) wireCascade() {
	a.Events.On(challenge.EventCancel, func(ctx context.Context, e event.Event) error {
		c := e.Data.(challenge.Changed)
		_, err := a.Bids.EndForChallenge(ctx, e.Actor, c.Challenge.ID, c.Note)
		return err
	})
	a.Events.On(bid.EventCancel, func(ctx context.Context, e event.Event) error {
		b := e.Data.(bid.Changed)
		ch, err := a.Challenges.Lookup(ctx, b.Bid.ChallengeID)
		if err != nil {
			return err
		}
		return a.Notify.ToOrg(ctx, b.Bid.LeadOrgID, notify.Message{
			Kind:    bid.EventCancel,
			TitleZh: fmt.Sprintf("榜单「%s」已撤榜，本单位的揭榜申报已终止", ch.Title),
			TitleEn: fmt.Sprintf("The challenge \"%s\" was cancelled; your organisation's bid has ended", ch.Title),
			BodyZh:  "科技局撤榜理由：" + b.Note + "。该申报不再计入限项，挂帅人可以揭其他榜单。",
			BodyEn: "The bureau's reason for cancelling: " + b.Note + ". The bid no longer counts towards the limits; " +
				"its principal investigator may bid on other challenges.",
			Link: fmt.Sprintf("/bids/%d", b.Bid.ID), Entity: "bid", EntityID: b.Bid.ID,
		})
	})
}
