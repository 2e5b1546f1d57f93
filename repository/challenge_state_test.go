package repository_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// TestChallengeState: the narrow read returns the ID, status and bid deadline that Get returns (with and
// without a deadline, inside a transaction too) and nothing else; an absent challenge is ErrNotFound.
func TestChallengeState(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		st := repository.NewChallengeStore(db)
		org := chOrg(t, db, "丁")
		open := chInsert(t, db, challenge.Challenge{OrgID: org, Status: challenge.StatusPublished, Title: "状态读取",
			Background: "背景", Problem: "问题", BidDeadline: chAt(36*time.Hour + time.Microsecond)})
		draft := chInsert(t, db, challenge.Challenge{OrgID: org, Status: challenge.StatusDraft, Title: "草稿"})
		for _, c := range []challenge.Challenge{open, draft} {
			full, err := st.Get(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			var got challenge.Challenge
			err = repository.NewTxManager(db).InTx(ctx, func(ctx context.Context) error {
				got, err = st.State(ctx, c.ID)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			want := challenge.Challenge{ID: full.ID, Status: full.Status, BidDeadline: full.BidDeadline}
			if got.ID != want.ID || got.Status != want.Status || (got.BidDeadline == nil) != (want.BidDeadline == nil) ||
				(got.BidDeadline != nil && !got.BidDeadline.Equal(*want.BidDeadline)) || got.Title != "" || got.OrgID != 0 {
				t.Errorf("state %+v, want %+v", got, want)
			}
			if got.BidDeadline != nil && got.BidDeadline.Location() != time.UTC {
				t.Errorf("deadline not in UTC: %v", got.BidDeadline)
			}
		}
		if _, err := st.State(ctx, draft.ID+1000); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("absent challenge: %v", err)
		}
	})
}
