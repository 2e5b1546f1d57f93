package repository_test

import (
	"context"
	"strings"
	"testing"

	"jiebang/repository"
	"jiebang/repository/testdb"
)

// TestLockBidHoldsOffConcurrentEdits: while a submission holds the bid's row lock, another server's edit of
// the working copy cannot write (here it gives up after the server-side lock_timeout); once the submission
// commits, the edit goes through. SQLite needs no lock: its single writer connection serialises transactions.
func TestLockBidHoldsOffConcurrentEdits(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		if db.Dialect != repository.DialectPostgres {
			t.Skip("SQLite serialises write transactions on its single writer connection")
		}
		f := newBidFixture(t, db)
		b, err := f.create(t, f.challenge, f.org)
		if err != nil {
			t.Fatal(err)
		}
		other, err := repository.Open(repository.Options{URL: db.URL + "&lock_timeout=300ms"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = other.Close() })
		otherTx, otherSt := repository.NewTxManager(other), repository.NewBidStore(other)
		edit := func() error {
			return otherTx.InTx(context.Background(), func(ctx context.Context) error {
				c := b.Content
				c.Approach = "另一台服务器上的修改"
				return otherSt.SaveContent(ctx, b.ID, b.Status, c, true, chT0)
			})
		}
		locked, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		go func() {
			done <- f.tx.InTx(context.Background(), func(ctx context.Context) error {
				if err := f.st.LockBid(ctx, b.ID); err != nil {
					return err
				}
				close(locked)
				<-release
				return nil
			})
		}()
		<-locked
		err = edit()
		close(release)
		if err == nil || !strings.Contains(err.Error(), "lock timeout") {
			t.Fatalf("an edit went through while the bid was locked: %v", err)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if err := edit(); err != nil {
			t.Fatalf("edit after the lock was released: %v", err)
		}
	})
}
