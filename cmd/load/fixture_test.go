package load_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"jiebang/cmd/app"
	"jiebang/cmd/load"
	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/review"
	"jiebang/repository"
)

// addLoadExperts gives a scale-seeded database what the score mix logs in as, unless the seed made them: the
// load experts loadexpert1..N@scale.jiebang.cn, each an active member of its own organisation, with perExpert
// pending assignments on items of the bid review rounds being scored.
func addLoadExperts(t testing.TB, a *app.App, perExpert int) {
	t.Helper()
	ctx := context.Background()
	var seededAlready int64
	if err := a.DB.Reader.Raw("SELECT COUNT(*) FROM users WHERE email = 'loadexpert1@scale.jiebang.cn'").Scan(&seededAlready).Error; err != nil {
		t.Fatal(err)
	}
	if seededAlready > 0 { // the scale seed made them
		return
	}
	params := a.Cfg.PasswordHash
	if params == (account.HashParams{}) {
		params = account.DefaultHashParams
	}
	h, err := account.NewHasher(params, 1).Hash(ctx, app.ScalePassword)
	if err != nil {
		t.Fatal(err)
	}
	var items []struct {
		ID      int64
		RoundID int64
	}
	if err := a.DB.Reader.Raw("SELECT i.id, i.round_id FROM review_items i JOIN review_rounds r ON r.id = i.round_id " +
		"WHERE r.status = 'assigned' ORDER BY i.id").Scan(&items).Error; err != nil {
		t.Fatal(err)
	}
	if len(items) < perExpert {
		t.Fatalf("%d items under review, %d wanted per expert: seed more challenges", len(items), perExpert)
	}
	accounts, reviews := repository.NewAccountStore(a.DB), repository.NewReviewStore(a.DB)
	now := time.Now().UTC().Truncate(time.Second)
	err = a.Tx.InTx(ctx, func(ctx context.Context) error {
		var as []review.Assignment
		for e := 1; e <= load.LoadExperts; e++ {
			org := account.Org{Name: fmt.Sprintf("压测评审专家所%d", e), Type: account.OrgResearchInstitute,
				CreditCode: fmt.Sprintf("1299%014d", e), Verified: true, CreditStatus: account.CreditGood, CreatedAt: now, UpdatedAt: now}
			if err := accounts.CreateOrg(ctx, &org); err != nil {
				return err
			}
			u := account.User{Email: fmt.Sprintf("loadexpert%d@scale.jiebang.cn", e), Name: fmt.Sprintf("压测专家%d", e),
				Role: domain.RoleExpert, OrgID: org.ID, ExpertFields: []string{"energy"}, CreatedAt: now, UpdatedAt: now}
			if err := accounts.CreateUser(ctx, &u, h); err != nil {
				return err
			}
			for k := range perExpert {
				it := items[((e-1)*perExpert+k)%len(items)]
				as = append(as, review.Assignment{RoundID: it.RoundID, ItemID: it.ID, ExpertID: u.ID, Status: review.AssignmentPending,
					FieldMatch: true, Draw: 1, CreatedAt: now})
			}
		}
		return reviews.AddAssignments(ctx, as)
	})
	if err != nil {
		t.Fatal(err)
	}
}
