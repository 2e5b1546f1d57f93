package repository_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

var bidSeq atomic.Int64

// bidFixture is an organisation with a user and a published challenge of another organisation.
type bidFixture struct {
	db        *repository.DB
	tx        *repository.TxManager
	st        *repository.BidStore
	challenge int64
	org       int64
	user      int64
}

func newBidFixture(t *testing.T, db *repository.DB) bidFixture {
	t.Helper()
	f := bidFixture{db: db, tx: repository.NewTxManager(db), st: repository.NewBidStore(db)}
	poster := chOrg(t, db, "发榜企业")
	f.org = chOrg(t, db, "揭榜大学")
	f.user = bidUser(t, db, f.org)
	dl := chT0.Add(30 * 24 * time.Hour)
	c := chInsert(t, db, challenge.Challenge{OrgID: poster, Status: challenge.StatusPublished, Title: "减速器",
		BidDeadline: &dl, PublishedAt: chAt(0)})
	f.challenge = c.ID
	return f
}

func bidUser(t *testing.T, db *repository.DB, org int64) int64 {
	t.Helper()
	u := account.User{Email: fmt.Sprintf("bidder%d@example.cn", bidSeq.Add(1)), Name: "揭榜人", Role: domain.RoleTeam,
		OrgID: org, CreatedAt: chT0, UpdatedAt: chT0}
	err := repository.NewTxManager(db).InTx(context.Background(), func(ctx context.Context) error {
		return repository.NewAccountStore(db).CreateUser(ctx, &u, "x")
	})
	if err != nil {
		t.Fatalf("user: %v", err)
	}
	return u.ID
}

func (f bidFixture) create(t *testing.T, challengeID, org int64) (bid.Bid, error) {
	t.Helper()
	lead := 60
	b := bid.Bid{ChallengeID: challengeID, LeadOrgID: org, Status: bid.StatusDraft, CreatedBy: f.user,
		CreatedAt: chT0, UpdatedAt: chT0, Content: bid.Content{PI: bid.PI{Name: "李青", Email: "Li@Example.cn"},
			LeadSharePct: &lead, Partners: []bid.Partner{{OrgName: "乙", CreditCode: "X", Role: "试制", SharePct: 40}},
			Plan:   []bid.StagePlan{{Stage: 1, KPITargets: map[string]float64{"精度": 1.5}, Deliverables: "样机"}},
			Budget: []bid.BudgetItem{{Item: "设备", AmountFen: 100}}, CommitmentSigned: true}}
	err := f.tx.InTx(context.Background(), func(ctx context.Context) error { return f.st.Create(ctx, &b) })
	return b, err
}

func (f bidFixture) submit(ctx context.Context, b bid.Bid, version int, email string) error {
	canon, digest, err := bid.Canonical(b.ChallengeID, b.LeadOrgID, b.Content, nil)
	if err != nil {
		return err
	}
	return f.st.SaveSubmission(ctx, b.Status, bid.Version{BidID: b.ID, Version: version, SubmittedAt: chT0.Add(time.Hour),
		SubmittedBy: f.user, Digest: digest, Canonical: canon}, email)
}

func TestBidStoreLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		f := newBidFixture(t, db)
		b, err := f.create(t, f.challenge, f.org)
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.st.Get(ctx, b.ID)
		if err != nil || got.Content.PI != b.Content.PI || *got.Content.LeadSharePct != 60 || got.Content.Plan[0].KPITargets["精度"] != 1.5 ||
			got.Status != bid.StatusDraft || !got.CreatedAt.Equal(chT0) {
			t.Fatalf("round trip: %+v %v", got, err)
		}
		if _, err := f.st.Get(ctx, b.ID+100); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("missing bid: %v", err)
		}
		if _, err := f.create(t, f.challenge, f.org); !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("second open bid of the organisation: %v", err)
		}
		if id, err := f.st.OpenBidOf(ctx, f.challenge, f.org); err != nil || id != b.ID {
			t.Fatalf("open bid: %d %v", id, err)
		}

		err = f.tx.InTx(ctx, func(ctx context.Context) error {
			c := b.Content
			c.LeadSharePct = nil
			c.Approach = "新方案"
			if err := f.st.SaveContent(ctx, b.ID, bid.StatusDraft, c, true, chT0.Add(time.Minute)); err != nil {
				return err
			}
			return f.st.SaveContent(ctx, b.ID, bid.StatusSubmitted, c, true, chT0)
		})
		if !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("compare-and-set on status: %v", err)
		}
		err = f.tx.InTx(ctx, func(ctx context.Context) error {
			c := b.Content
			c.LeadSharePct = nil
			return f.st.SaveContent(ctx, b.ID, bid.StatusDraft, c, true, chT0.Add(time.Minute))
		})
		if got, _ := f.st.Get(ctx, b.ID); err != nil || got.Content.LeadSharePct != nil || !got.Dirty {
			t.Fatalf("save content: %+v %v", got, err)
		}
		b, _ = f.st.Get(ctx, b.ID)

		for v := 1; v <= 2; v++ {
			if err := f.tx.InTx(ctx, func(ctx context.Context) error { return f.submit(ctx, b, v, "li@example.cn") }); err != nil {
				t.Fatalf("submit %d: %v", v, err)
			}
			b, _ = f.st.Get(ctx, b.ID)
		}
		if err := f.tx.InTx(ctx, func(ctx context.Context) error { return f.submit(ctx, b, 2, "li@example.cn") }); !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("stale version number: %v", err)
		}
		if b.Status != bid.StatusSubmitted || b.Version != 2 || b.Dirty || b.PIEmail != "li@example.cn" || b.Digest == "" {
			t.Fatalf("after submission: %+v", b)
		}
		vs, err := f.st.Versions(ctx, b.ID)
		if err != nil || len(vs) != 2 || vs[0].Version != 1 || vs[1].Digest != b.Digest || bid.Digest(vs[1].Canonical) != b.Digest {
			t.Fatalf("versions: %+v %v", vs, err)
		}
		if latest, err := f.st.LatestVersion(ctx, b.ID); err != nil || latest.Version != 2 || latest.Content.EffectiveLeadShare() != 60 {
			t.Fatalf("latest: %+v %v", latest, err)
		}
		if n, err := f.st.CountActiveByPI(ctx, "li@example.cn", 0, 0); err != nil || n != 1 {
			t.Fatalf("active by PI: %d %v", n, err)
		}
		if n, _ := f.st.CountActiveByPI(ctx, "li@example.cn", 0, b.ID); n != 0 {
			t.Fatalf("active by PI except itself: %d", n)
		}
		if n, _ := f.st.CountActiveByOrg(ctx, f.org, 0, 0); n != 1 {
			t.Fatalf("active by org: %d", n)
		}

		err = f.tx.InTx(ctx, func(ctx context.Context) error {
			return f.st.SetStatus(ctx, b.ID, bid.StatusSubmitted, bid.StatusWithdrawn, "", chT0.Add(2*time.Hour))
		})
		if b, _ = f.st.Get(ctx, b.ID); err != nil || b.Status != bid.StatusWithdrawn || b.WithdrawnAt == nil {
			t.Fatalf("withdraw: %+v %v", b, err)
		}
		if n, _ := f.st.CountActiveByOrg(ctx, f.org, 0, 0); n != 0 {
			t.Fatalf("withdrawn bids are not active: %d", n)
		}
		again, err := f.create(t, f.challenge, f.org)
		if err != nil {
			t.Fatalf("a new bid after withdrawal: %v", err)
		}
		l, err := f.st.List(ctx, bid.Filter{ChallengeID: f.challenge, Submitted: true}, domain.Page{Page: 1, PageSize: 10})
		if err != nil || l.Total != 1 || l.Items[0].ID != b.ID {
			t.Fatalf("submitted list: %+v %v", l, err)
		}
		l, err = f.st.List(ctx, bid.Filter{LeadOrgID: f.org, NewestFirst: true, ExcludeStatuses: []bid.Status{bid.StatusSubmitted}}, domain.Page{Page: 1, PageSize: 10})
		if err != nil || l.Total != 2 || l.Items[0].ID != again.ID {
			t.Fatalf("org list: %+v %v", l, err)
		}
		// The total is counted for a full or an empty page, taken from a short one: the same either way.
		orgAll := bid.Filter{LeadOrgID: f.org, NewestFirst: true}
		for _, c := range []struct{ page, size, items int }{{1, 1, 1}, {2, 1, 1}, {3, 1, 0}, {1, 2, 2}, {1, 10, 2}, {2, 10, 0}} {
			l, err := f.st.List(ctx, orgAll, domain.Page{Page: c.page, PageSize: c.size})
			if err != nil || l.Total != 2 || len(l.Items) != c.items {
				t.Fatalf("org list page %d of %d: total %d, %d items, %v", c.page, c.size, l.Total, len(l.Items), err)
			}
		}
	})
}

func TestBidStoreAttachments(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		f := newBidFixture(t, db)
		b, err := f.create(t, f.challenge, f.org)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		err = f.tx.InTx(ctx, func(ctx context.Context) error {
			for _, name := range []string{"方案.pdf", "预算.xlsx"} {
				a := bid.Attachment{BidID: b.ID, Filename: name, Size: 3, ContentType: "application/pdf",
					SHA256: strings.Repeat("0", 64), UploadedBy: f.user, UploadedAt: chT0}
				if err := f.st.AddAttachment(ctx, &a); err != nil {
					return err
				}
				ids = append(ids, a.ID)
			}
			return f.st.Touch(ctx, b.ID, bid.StatusDraft, chT0)
		})
		if err != nil {
			t.Fatal(err)
		}
		err = f.tx.InTx(ctx, func(ctx context.Context) error { return f.st.RemoveAttachment(ctx, b.ID, ids[0], chT0) })
		if err != nil {
			t.Fatal(err)
		}
		err = f.tx.InTx(ctx, func(ctx context.Context) error { return f.st.RemoveAttachment(ctx, b.ID, ids[0], chT0) })
		if !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("removing twice: %v", err)
		}
		list, err := f.st.Attachments(ctx, b.ID)
		if err != nil || len(list) != 1 || list[0].ID != ids[1] || list[0].Filename != "预算.xlsx" {
			t.Fatalf("attachments: %+v %v", list, err)
		}
		removed, err := f.st.Attachment(ctx, b.ID, ids[0])
		if err != nil || removed.RemovedAt == nil {
			t.Fatalf("removed attachment: %+v %v", removed, err)
		}
		if _, err := f.st.Attachment(ctx, b.ID+1, ids[1]); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("attachment of another bid: %v", err)
		}
	})
}

// TestBidLimitsSerialiseConcurrentSubmissions runs the submit sequence (lock, count, save) for two bids of the
// same PI on two challenges at once: exactly one may pass the limit of one active bid.
func TestBidLimitsSerialiseConcurrentSubmissions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		f := newBidFixture(t, db)
		g := newBidFixture(t, db)
		b1, err1 := f.create(t, f.challenge, f.org)
		b2, err2 := g.create(t, g.challenge, g.org)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		for round := 0; round < 5; round++ {
			var wg sync.WaitGroup
			var passed atomic.Int64
			errs := make(chan error, 2)
			for _, pair := range []struct {
				fx bidFixture
				b  bid.Bid
			}{{f, b1}, {g, b2}} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs <- pair.fx.tx.InTx(ctx, func(ctx context.Context) error {
						if err := pair.fx.st.LockLimits(ctx, pair.b.LeadOrgID, "li@example.cn"); err != nil {
							return err
						}
						n, err := pair.fx.st.CountActiveByPI(ctx, "li@example.cn", 0, pair.b.ID)
						if err != nil {
							return err
						}
						if err := bid.CheckLimits(n, 0, bid.Config{}); err != nil {
							return err
						}
						if err := pair.fx.submit(ctx, pair.b, 1, "li@example.cn"); err != nil {
							return err
						}
						passed.Add(1)
						return nil
					})
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil && domain.CodeOf(err) != "pi_limit_exceeded" {
					t.Fatalf("unexpected error: %v", err)
				}
			}
			if passed.Load() != 1 {
				t.Fatalf("round %d: %d submissions passed the PI limit of 1", round, passed.Load())
			}
			if n, _ := f.st.CountActiveByPI(ctx, "li@example.cn", 0, 0); n != 1 {
				t.Fatalf("active bids of the PI: %d", n)
			}
			// Reset for the next round: withdraw the one that passed and start two fresh drafts.
			err := f.tx.InTx(ctx, func(ctx context.Context) error {
				for _, b := range []bid.Bid{b1, b2} {
					cur, err := f.st.Get(ctx, b.ID)
					if err != nil {
						return err
					}
					if err := f.st.SetStatus(ctx, b.ID, cur.Status, bid.StatusWithdrawn, "", chT0); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if b1, err = f.create(t, f.challenge, f.org); err != nil {
				t.Fatal(err)
			}
			if b2, err = g.create(t, g.challenge, g.org); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestFileBlobs(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "uploads")
	blobs, err := repository.NewFileBlobs(dir)
	if err != nil {
		t.Fatal(err)
	}
	data := bytes.Repeat([]byte("%PDF-1.7 jiebang "), 1000)
	st, err := blobs.Stage(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() != int64(len(data)) || st.SHA256() != bid.Digest(data) || !bytes.HasPrefix(data, st.Head()) || len(st.Head()) == 0 {
		t.Fatalf("staged: size %d sha %s head %d", st.Size(), st.SHA256(), len(st.Head()))
	}
	if created, err := st.Commit(); err != nil || !created {
		t.Fatalf("commit: %v %v", created, err)
	}
	st.Discard()
	again, err := blobs.Stage(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if created, err := again.Commit(); err != nil || created {
		t.Fatalf("same content twice must be stored once: %v %v", created, err)
	}
	rc, err := blobs.Open(st.SHA256())
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	_ = rc.Close()
	if !bytes.Equal(got, data) {
		t.Fatal("stored bytes differ")
	}
	if _, err := blobs.Stage(bytes.NewReader(data), int64(len(data))-1); !errors.Is(err, domain.ErrTooLarge) {
		t.Fatalf("over the limit: %v", err)
	}
	staged, err := blobs.Stage(strings.NewReader("discard me"), 100)
	if err != nil {
		t.Fatal(err)
	}
	staged.Discard()
	tmp, _ := os.ReadDir(filepath.Join(dir, "tmp"))
	if len(tmp) != 0 {
		t.Fatalf("temporary files left behind: %d", len(tmp))
	}
	if _, err := blobs.Open("../../etc/passwd"); err == nil {
		t.Fatal("a path instead of a hash must be refused")
	}
	created, _ := blobs.Stage(strings.NewReader("undo me"), 100)
	if ok, err := created.Commit(); err != nil || !ok {
		t.Fatal(err)
	}
	// A second upload of the same bytes finds the file in place and references it; the first upload's
	// transaction then fails: the file stays for the second.
	same, _ := blobs.Stage(strings.NewReader("undo me"), 100)
	if ok, err := same.Commit(); err != nil || ok {
		t.Fatalf("the same content is stored once: %v %v", ok, err)
	}
	created.Uncommit()
	if f, err := blobs.Open(created.SHA256()); err != nil {
		t.Fatal("a failed commit removed a file another upload references")
	} else {
		_ = f.Close()
	}
}

// TestBidSingleReadsAreScoped: the scoped reads find a bid only for its lead organisation, or for the
// organisation that posted its challenge.
func TestBidSingleReadsAreScoped(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		f := newBidFixture(t, db)
		ctx := context.Background()
		b, err := f.create(t, f.challenge, f.org)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := f.st.GetForOrg(ctx, f.org, b.ID); err != nil || got.ID != b.ID {
			t.Errorf("lead organisation: %v", err)
		}
		if _, err := f.st.GetForOrg(ctx, f.org+1000, b.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("another organisation: %v", err)
		}
		ch, err := repository.NewChallengeStore(db).Get(ctx, f.challenge)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := f.st.GetOnChallengesOf(ctx, ch.OrgID, b.ID); err != nil || got.ID != b.ID {
			t.Errorf("posting enterprise: %v", err)
		}
		if _, err := f.st.GetOnChallengesOf(ctx, f.org, b.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("an organisation that did not post the challenge: %v", err)
		}
	})
}
