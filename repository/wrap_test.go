package repository_test

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/challenge"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// storeLocation is where a store error says it was returned from.
func storeLocation(err error) string {
	var l interface{ Location() string }
	if errors.As(err, &l) {
		return l.Location()
	}
	return ""
}

// checkWrapped fails unless err names the operation (its message starts with op), says which store file
// returned it, and is still each of the sentinels.
func checkWrapped(t *testing.T, err error, op, file string, sentinels ...error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error", op)
	}
	if !strings.HasPrefix(err.Error(), op+": ") {
		t.Fatalf("error %q does not name the operation %q", err, op)
	}
	if loc := storeLocation(err); !regexp.MustCompile(`^repository/` + regexp.QuoteMeta(file) + `:\d+$`).MatchString(loc) {
		t.Fatalf("error %q located at %q, want repository/%s:<line>", err, loc, file)
	}
	for _, s := range sentinels {
		if !errors.Is(err, s) {
			t.Fatalf("error %q is no longer %v", err, s)
		}
	}
}

// TestStoreErrorsNameTheOperation: an error a store returns names the operation and its key and where the
// store returned it, and keeps the translation to the domain's sentinels (so the api maps it as before):
// not found, a lost compare-and-set, a duplicate key, and an unexpected failure (a closed database).
func TestStoreErrorsNameTheOperation(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		st := repository.NewChallengeStore(db)

		_, err := st.Get(ctx, 424242)
		checkWrapped(t, err, "challenge store: get 424242", "challenge_store.go", domain.ErrNotFound)

		c := chInsert(t, db, challenge.Challenge{OrgID: chOrg(t, db, "包装测试企业"), Title: "包装", Status: challenge.StatusDraft})
		c.Status = challenge.StatusPublished
		tx := repository.NewTxManager(db)
		err = tx.InTx(ctx, func(ctx context.Context) error { return st.UpdateStatus(ctx, c, challenge.StatusSubmitted) })
		checkWrapped(t, err, "challenge store: update status "+itoa(c.ID)+" submitted", "challenge_store.go",
			domain.ErrStale, domain.ErrInvalidTransition)

		accounts := repository.NewAccountStore(db)
		o, err := accounts.OrgByID(ctx, c.OrgID)
		if err != nil {
			t.Fatal(err)
		}
		dup := account.Org{Name: "重复", Type: account.OrgEnterprise, CreditCode: o.CreditCode, CreditStatus: account.CreditGood,
			CreatedAt: chT0, UpdatedAt: chT0}
		err = tx.InTx(ctx, func(ctx context.Context) error { return accounts.CreateOrg(ctx, &dup) })
		checkWrapped(t, err, "account store: create org", "account_org.go", domain.ErrConflict)

		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		_, err = st.Get(ctx, c.ID)
		checkWrapped(t, err, "challenge store: get "+itoa(c.ID), "challenge_store.go")
		if errors.Is(err, domain.ErrNotFound) || errors.Is(err, domain.ErrConflict) {
			t.Fatalf("a closed database is not a domain outcome: %v", err)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
