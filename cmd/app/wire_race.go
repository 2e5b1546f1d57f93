package app

import (
	"context"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/bid"
	"jiebang/domain/calendar"
	"jiebang/domain/notify"
	"jiebang/domain/race"
	"jiebang/domain/schedule"
	"jiebang/repository"
)

// wireRace builds the working-day calendar and the race over the challenge, bid, account and notification
// services, and registers the job that closes notices at their end.
func (a *App) wireRace() error {
	a.Calendar = calendar.NewService(repository.NewCalendarStore(a.DB), a.Tx, a.Audit, a.Clock)
	a.Race = race.NewService(race.Deps{
		Store: repository.NewRaceStore(a.DB), Tx: a.Tx, Audit: a.Audit, Clock: a.Clock,
		Challenges: a.Challenges,
		Bids:       raceBids{store: repository.NewBidStore(a.DB), svc: a.Bids},
		Reviews:    noReviews{},
		Calendar:   a.Calendar,
		Orgs:       a.Accounts,
		Credit:     raceCredit{accounts: a.Accounts},
		Notifier:   raceNotifier{n: a.Notify},
	})
	a.AddJob(schedule.Job{Name: "close_notices", Every: 30 * time.Second, Run: a.Race.CloseDueNotices})
	a.AddJob(schedule.Job{Name: race.ReminderJob, Every: 10 * time.Minute, Run: func(ctx context.Context, now time.Time) error {
		return a.Race.RemindReports(ctx, a.Claims, now)
	}})
	return nil
}

// raceBids adapts bidding to race.Bids: the submitted bids with the content of their latest version, and the
// bid service's SetOutcome.
type raceBids struct {
	store *repository.BidStore
	svc   *bid.Service
}

func (b raceBids) Submitted(ctx context.Context, challengeID int64) ([]bid.Bid, error) {
	var out []bid.Bid
	for p := (domain.Page{Page: 1, PageSize: domain.MaxPageSize}); ; p.Page++ {
		l, err := b.store.List(ctx, bid.Filter{ChallengeID: challengeID, Submitted: true}, p)
		if err != nil {
			return nil, err
		}
		for _, x := range l.Items {
			v, err := b.store.LatestVersion(ctx, x.ID)
			if err != nil {
				return nil, err
			}
			x.Content = v.Content
			out = append(out, x)
		}
		if len(l.Items) < p.PageSize {
			return out, nil
		}
	}
}

func (b raceBids) SetOutcome(ctx context.Context, actor domain.Actor, challengeID int64, selected []int64) error {
	return b.svc.SetOutcome(ctx, actor, challengeID, selected)
}

// noReviews answers "no closed round" until the review engine is wired.
type noReviews struct{}

func (noReviews) BidRanking(context.Context, int64) ([]race.Ranked, bool, error) {
	return nil, false, nil
}
func (noReviews) StageScores(context.Context, int64, int) (map[int64]float64, bool, error) {
	return nil, false, nil
}

// raceCredit applies an elimination's credit penalty with the account service's setter (never lowering a
// status that is already as bad or worse).
type raceCredit struct{ accounts *account.Service }

func (c raceCredit) Penalise(ctx context.Context, actor domain.Actor, orgID int64, status account.CreditStatus, reason string) error {
	o, err := c.accounts.OrgByID(ctx, orgID)
	if err != nil {
		return err
	}
	if o.CreditStatus == status || o.CreditStatus == account.CreditBarred {
		return nil
	}
	_, err = c.accounts.SetCredit(ctx, actor, orgID, account.CreditInput{Status: status, Reason: reason})
	return err
}

// raceNotifier adapts the notification outbox to race.Notifier.
type raceNotifier struct{ n *notify.Service }

func (r raceNotifier) Notify(ctx context.Context, n race.Note) error {
	m := notify.Message{Kind: n.Kind, TitleZh: n.TitleZh, TitleEn: n.TitleEn, BodyZh: n.BodyZh, BodyEn: n.BodyEn,
		Link: n.Link, Entity: n.Entity, EntityID: n.EntityID}
	seen := map[int64]bool{}
	for _, id := range n.OrgIDs {
		if id == 0 || seen[id] {
			continue
		}
		seen[id] = true
		if err := r.n.ToOrg(ctx, id, m); err != nil {
			return err
		}
	}
	if len(n.UserIDs) > 0 {
		if err := r.n.ToUsers(ctx, n.UserIDs, m); err != nil {
			return err
		}
	}
	if n.Bureau {
		return r.n.ToRole(ctx, domain.RoleBureau, m)
	}
	return nil
}
