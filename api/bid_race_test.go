package api_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/bid"
	"jiebang/repository"
)

// lockThenLate is the real bid store whose LockLimits lets the clock pass the deadline while the submission
// waits for the locks (another submission holding them, a slow database).
type lockThenLate struct {
	*repository.BidStore
	clock *domain.ManualClock
	wait  time.Duration
}

func (s lockThenLate) LockLimits(ctx context.Context, orgID int64, piEmail string) error {
	s.clock.Advance(s.wait)
	return s.BidStore.LockLimits(ctx, orgID, piEmail)
}

// TestBidSubmitDeadlineCheckedAfterTheLocks: a submission that started before the deadline but got its locks
// after it is refused with deadline_passed and stores no version; the deadline is not checked only at the door.
func TestBidSubmitDeadlineCheckedAfterTheLocks(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, tm := h.enterprise(), h.team()
		ch := h.chPublished(owner, time.Hour)
		id := h.bidDraft(tm, ch)
		svc := bid.NewService(h.app.Bids.Config(), bid.Deps{
			Store: lockThenLate{BidStore: repository.NewBidStore(h.app.DB), clock: h.clock, wait: 2 * time.Hour},
			Tx:    h.app.Tx, Audit: h.app.Audit, Clock: h.clock, Orgs: h.app.Accounts, Challenges: h.app.Challenges})
		team := domain.Actor{UserID: tm.ID, Role: domain.RoleTeam, OrgID: tm.OrgID, Name: "team"}
		_, err := svc.Submit(context.Background(), team, id)
		if !errors.Is(err, domain.ErrDeadlinePassed) || domain.CodeOf(err) != "deadline_passed" {
			t.Fatalf("submission recorded after the deadline: %v", err)
		}
		h.relogin(&tm)
		r := h.must(h.do("GET", bidPath(id), tm.Token, nil), http.StatusOK)
		if r.str("status") != "draft" || r.num("version") != 0 {
			t.Fatalf("a refused submission left a version: %s", r.Raw)
		}
	})
}

// lateTx is the real transaction manager that lets the clock pass the deadline before the transaction gets
// going, as when it queues behind the single SQLite writer.
type lateTx struct {
	inner domain.TxManager
	clock *domain.ManualClock
	wait  time.Duration
}

func (l lateTx) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	l.clock.Advance(l.wait)
	return l.inner.InTx(ctx, fn)
}

// TestBidChangesDeadlineCheckedInTheTransaction: edit, withdraw and attachment changes that reach the
// database after the deadline are refused with deadline_passed and change nothing.
func TestBidChangesDeadlineCheckedInTheTransaction(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, tm := h.enterprise(), h.team()
		team := domain.Actor{UserID: tm.ID, Role: domain.RoleTeam, OrgID: tm.OrgID, Name: "team"}
		blobs, err := repository.NewFileBlobs(filepath.Join(t.TempDir(), "uploads"))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		for name, do := range map[string]func(svc *bid.Service, id int64) error{
			"edit": func(svc *bid.Service, id int64) error {
				approach := "截止后的修改"
				_, err := svc.Update(ctx, team, id, bid.Patch{Approach: &approach})
				return err
			},
			"withdraw": func(svc *bid.Service, id int64) error { _, err := svc.Withdraw(ctx, team, id); return err },
			"create": func(svc *bid.Service, id int64) error {
				h.must(h.do("POST", bidPath(id, "withdraw"), tm.Token, nil), http.StatusOK) // make room for a new bid
				b, err := h.app.Bids.Get(ctx, team, id)
				if err != nil {
					return err
				}
				_, err = svc.Create(ctx, team, b.ChallengeID, bid.Content{Approach: "截止后的修改"})
				return err
			},
			"attach": func(svc *bid.Service, id int64) error {
				_, err := svc.AddAttachment(ctx, team, id, "a.pdf", bytes.NewReader(pdfBytes("late")))
				return err
			},
		} {
			h.relogin(&tm, &owner)
			ch := h.chPublished(owner, time.Hour)
			id := h.bidDraft(tm, ch)
			svc := bid.NewService(h.app.Bids.Config(), bid.Deps{Store: repository.NewBidStore(h.app.DB), Blobs: blobs,
				Tx: lateTx{inner: h.app.Tx, clock: h.clock, wait: 2 * time.Hour}, Audit: h.app.Audit, Clock: h.clock,
				Orgs: h.app.Accounts, Challenges: h.app.Challenges})
			if err := do(svc, id); !errors.Is(err, domain.ErrDeadlinePassed) {
				t.Errorf("%s recorded after the deadline: %v", name, err)
				continue
			}
			h.relogin(&tm)
			r := h.must(h.do("GET", bidPath(id), tm.Token, nil), http.StatusOK)
			if atts, _ := r.Body["attachments"].([]any); (r.str("status") != "draft" && name != "create") || r.str("approach") == "截止后的修改" || len(atts) != 0 {
				t.Errorf("%s changed the bid after the deadline: %s", name, r.Raw)
			}
			if mine := h.must(h.do("GET", "/api/v1/me/bids?page_size=100", tm.Token, nil), http.StatusOK); name == "create" {
				for _, it := range mine.items() {
					if it["approach"] == "截止后的修改" {
						t.Errorf("a bid was created after the deadline: %v", it["id"])
					}
				}
			}
		}
	})
}

// editDuringSubmit is the real bid store where a teammate's edit of the working copy lands while the
// submission waits for its locks.
type editDuringSubmit struct {
	*repository.BidStore
	bidID int64
	at    time.Time
}

func (s editDuringSubmit) LockLimits(ctx context.Context, orgID int64, piEmail string) error {
	b, err := s.BidStore.Get(ctx, s.bidID)
	if err != nil {
		return err
	}
	b.Content.Approach = "队友刚刚保存的修改"
	if err := s.BidStore.SaveContent(ctx, b.ID, b.Status, b.Content, true, s.at); err != nil {
		return err
	}
	return s.BidStore.LockLimits(ctx, orgID, piEmail)
}

// TestBidSubmitRefusesContentChangedMeanwhile: a submission whose working copy changed after it was read is
// 409 instead of storing the older content and marking the newer edit as submitted.
func TestBidSubmitRefusesContentChangedMeanwhile(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, tm := h.enterprise(), h.team()
		ch := h.chPublished(owner, 72*time.Hour)
		id := h.bidDraft(tm, ch)
		svc := bid.NewService(h.app.Bids.Config(), bid.Deps{
			Store: editDuringSubmit{BidStore: repository.NewBidStore(h.app.DB), bidID: id, at: h.clock.Now()},
			Tx:    h.app.Tx, Audit: h.app.Audit, Clock: h.clock, Orgs: h.app.Accounts, Challenges: h.app.Challenges})
		team := domain.Actor{UserID: tm.ID, Role: domain.RoleTeam, OrgID: tm.OrgID, Name: "team"}
		if _, err := svc.Submit(context.Background(), team, id); !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("submission over a teammate's edit: %v", err)
		}
		r := h.must(h.do("GET", bidPath(id), tm.Token, nil), http.StatusOK)
		if r.str("status") != "draft" || r.num("version") != 0 {
			t.Fatalf("a refused submission left a version: %s", r.Raw)
		}
	})
}
