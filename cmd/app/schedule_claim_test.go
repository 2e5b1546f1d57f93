package app

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/notify"
	"jiebang/domain/schedule"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// TestReminderJobOnceAcrossServers: a reminder-like job (it changes no status, it only writes a notification)
// runs on two App instances over one database (separate connection pools), concurrently and repeatedly; each
// reminder is written exactly once because the job claims (job, subject, due) in the notification's transaction.
func TestReminderJobOnceAcrossServers(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		db2, err := repository.Open(repository.Options{SQLitePath: db.Path, URL: db.URL})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db2.Close() })
		t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
		clk := domain.NewFrozenClock(t0)
		apps := []*App{newTestApp(t, db, clk, nil), newTestApp(t, db2, clk, nil)}

		const users = 8
		var ids []int64
		err = apps[0].Tx.InTx(ctx, func(ctx context.Context) error {
			store := repository.NewAccountStore(db)
			for i := range users {
				u := account.User{Email: fmt.Sprintf("u%d@x.cn", i), Name: "u", Role: domain.RoleExpert, CreatedAt: t0, UpdatedAt: t0}
				if err := store.CreateUser(ctx, &u, "h"); err != nil {
					return err
				}
				ids = append(ids, u.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		due := t0.Add(-time.Hour) // the reminder's moment, already passed
		for _, a := range apps {
			a.AddJob(schedule.Job{Name: "remind", Every: time.Minute, Run: func(ctx context.Context, now time.Time) error {
				for _, uid := range ids {
					err := a.Tx.InTx(ctx, func(ctx context.Context) error {
						won, err := a.Claims.Claim(ctx, "remind", fmt.Sprintf("user:%d", uid), due)
						if err != nil || !won {
							return err
						}
						return a.Notify.ToUsers(ctx, []int64{uid}, notify.Message{Kind: "review.deadline_near",
							TitleZh: "评审即将截止", TitleEn: "Review deadline near"})
					})
					if err != nil {
						return err
					}
				}
				return nil
			}})
		}
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := apps[i%2].RunDue(ctx); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("RunDue: %v", err)
		}
		for _, uid := range ids {
			l, unread, err := apps[1].Notify.List(ctx, domain.Actor{UserID: uid}, false, domain.Page{})
			if err != nil || l.Total != 1 || unread != 1 {
				t.Errorf("user %d: %d reminders (%v), want exactly 1", uid, l.Total, err)
			}
		}
	})
}
