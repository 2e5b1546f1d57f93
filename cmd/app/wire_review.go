package app

import (
	"time"

	"jiebang/domain/review"
	"jiebang/domain/schedule"
	"jiebang/domain/settings"
	"jiebang/repository"
)

// wireReviews builds the review engine over the challenge, account, bid and settings areas. The race's items are wired
// when the race exists (until then stage reviews and acceptance answer 409 race_not_started).
func (a *App) wireReviews() {
	store := repository.NewReviewStore(a.DB)
	a.Reviews = review.NewService(review.Deps{Store: store, Tx: a.Tx, Audit: a.Audit, Clock: a.Clock, Seeder: a.Seeder,
		Challenges: a.Challenges, Orgs: a.Accounts,
		Bids: a.Bids, RaceBids: store, Corrections: a.Bids,
		Claims: a.Claims, Events: a.Events, Rubrics: settings.ForReview{S: a.Settings}, Panels: a.Settings, Fields: a.Settings})
	a.AddJob(schedule.Job{Name: review.ReminderJob, Every: 10 * time.Minute, Run: a.Reviews.RemindDue})
}
