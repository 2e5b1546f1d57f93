package app

import (
	"context"
	"time"

	"jiebang/domain/race"
	"jiebang/domain/review"
	"jiebang/domain/schedule"
	"jiebang/repository"
)

// wireReviews builds the review engine over the challenge, account and bid areas. The race's items are wired
// when the race exists (until then stage reviews and acceptance answer 409 race_not_started).
func (a *App) wireReviews() {
	store := repository.NewReviewStore(a.DB)
	a.Reviews = review.NewService(review.Deps{Store: store, Tx: a.Tx, Audit: a.Audit, Clock: a.Clock, Seeder: a.Seeder,
		Challenges: a.Challenges, Orgs: a.Accounts,
		Bids: a.Bids, RaceBids: store,
		Claims: a.Claims, Events: a.Events, Rubrics: reviewRubrics{a}, Panels: settingsDefaults{a}})
	a.AddJob(schedule.Job{Name: review.ReminderJob, Every: 10 * time.Minute, Run: a.Reviews.RemindDue})
}

// reviewRubrics reads the bureau's rubric templates from the settings (wired after the review, hence read
// through the App at each use).
type reviewRubrics struct{ a *App }

func (r reviewRubrics) RubricTemplate(ctx context.Context, kind review.Kind) ([]review.Criterion, error) {
	if r.a.Settings == nil {
		return review.DefaultRubric(kind), nil
	}
	cs, err := r.a.Settings.RubricTemplate(ctx, string(kind))
	if err != nil {
		return nil, err
	}
	out := make([]review.Criterion, len(cs))
	for i, c := range cs {
		out[i] = review.Criterion{Name: c.Name, Weight: c.Weight}
	}
	return out, nil
}

// settingsDefaults reads the bureau's default panel size and notice period from the settings at each use
// (so a change takes effect without a restart); without settings the areas use their own defaults.
type settingsDefaults struct{ a *App }

func (d settingsDefaults) DefaultExpertsPerItem(ctx context.Context) (int, error) {
	if d.a.Settings == nil {
		return review.DefaultExpertsPerItem, nil
	}
	l, err := d.a.Settings.Limits(ctx)
	return l.ExpertsPerItem, err
}

func (d settingsDefaults) DefaultNoticeDays(ctx context.Context) (int, error) {
	if d.a.Settings == nil {
		return race.DefaultNoticeDays, nil
	}
	l, err := d.a.Settings.Limits(ctx)
	return l.NoticeDays, err
}
