package repository_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/challenge"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

var chOrgSeq atomic.Int64

// newOrg inserts an organisation and returns its ID.
func chOrg(t *testing.T, db *repository.DB, name string) int64 {
	t.Helper()
	now := time.Now().UTC()
	o := account.Org{Name: name, Type: account.OrgEnterprise, CreditCode: fmt.Sprintf("TEST%014d", chOrgSeq.Add(1)),
		Verified: true, CreditStatus: account.CreditGood, CreatedAt: now, UpdatedAt: now}
	err := repository.NewTxManager(db).InTx(context.Background(), func(ctx context.Context) error {
		return repository.NewAccountStore(db).CreateOrg(ctx, &o)
	})
	if err != nil {
		t.Fatalf("org: %v", err)
	}
	return o.ID
}

var chT0 = time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)

func chAt(d time.Duration) *time.Time { x := chT0.Add(d); return &x }

// insert stores c in its own transaction.
func chInsert(t *testing.T, db *repository.DB, c challenge.Challenge) challenge.Challenge {
	t.Helper()
	st := repository.NewChallengeStore(db)
	if c.CreatedAt.IsZero() {
		c.CreatedAt, c.UpdatedAt = chT0, chT0
	}
	if c.Mode == "" {
		c.Mode, c.MaxRacers = challenge.ModeSingle, 1
	}
	err := repository.NewTxManager(db).InTx(context.Background(), func(ctx context.Context) error {
		return st.Create(ctx, &c)
	})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return c
}

func TestChallengeRoundTrip(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		org := chOrg(t, db, "宁德某电池材料有限公司")
		keep := 2
		want := challenge.Challenge{OrgID: org, OrgName: "宁德某电池材料有限公司", Status: challenge.StatusPublished,
			Title: "退役锂电池高值化回收", Field: "environment", Background: "背景", Problem: "难题",
			KPIs: []challenge.KPI{
				{Name: "锂回收率", Target: 92.5, Unit: "%", Comparison: ">=", Method: "第三方检测"},
				{Name: "杂质", Target: 0, Unit: "ppm", Comparison: "<=", Method: "ICP"},
				{Name: "待定", NoTarget: true},
			},
			Deliverables: "中试线", DurationMonths: 24, BudgetFen: 3_000_000_00, GovFundingFen: 1_000_000_00,
			CofundingFen: 1_500_000_00, IPTerms: "共有", Eligibility: "不限", Mode: challenge.ModeRace, MaxRacers: 3,
			Stages: []challenge.Stage{{Name: "中期", OffsetMonths: 12, FundingSharePct: 30, KeepTop: &keep, MinScore: 60},
				{Name: "验收", OffsetMonths: 24, FundingSharePct: 30, MinScore: 65}},
			BidDeadline: chAt(30 * 24 * time.Hour), PublishedAt: chAt(time.Microsecond), SubmittedAt: chAt(-time.Hour),
			ApprovedAt: chAt(-time.Minute), LastOpinion: "意见", WinnerRacerIDs: []int64{}, CreatedAt: chT0.Add(-48 * time.Hour),
			UpdatedAt: chT0}
		want = chInsert(t, db, want)
		got, err := repository.NewChallengeStore(db).Get(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("round trip\n got %+v\nwant %+v", got, want)
		}
		if _, err := repository.NewChallengeStore(db).Get(ctx, want.ID+1000); err == nil || !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("missing challenge: %v", err)
		}
	})
}

func TestChallengeCompareAndSet(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		st := repository.NewChallengeStore(db)
		c := chInsert(t, db, challenge.Challenge{OrgID: chOrg(t, db, "甲"), Status: challenge.StatusSubmitted, Title: "标题"})
		tx := repository.NewTxManager(db)
		var second error
		err := tx.InTx(ctx, func(ctx context.Context) error {
			c.Status, c.ApprovedAt = challenge.StatusApproved, chAt(0)
			if err := st.UpdateStatus(ctx, c, challenge.StatusSubmitted); err != nil {
				return err
			}
			c.Status = challenge.StatusRejected
			second = st.UpdateStatus(ctx, c, challenge.StatusSubmitted)
			return nil
		})
		if err != nil || !errors.Is(second, domain.ErrStale) || domain.CodeOf(second) != "" {
			t.Fatalf("CAS: second %v err %v", second, err)
		}
		err = tx.InTx(ctx, func(ctx context.Context) error {
			c.Status, c.Title = challenge.StatusSubmitted, "改"
			if err := st.UpdateContent(ctx, c); !errors.Is(err, domain.ErrStale) {
				t.Errorf("content written although the status moved on: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := st.Get(ctx, c.ID)
		if got.Status != challenge.StatusApproved || got.Title != "标题" || got.ApprovedAt == nil {
			t.Errorf("after CAS: %+v", got)
		}
	})
}

func TestChallengeList(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		st := repository.NewChallengeStore(db)
		a, b := chOrg(t, db, "甲企业"), chOrg(t, db, "乙企业")
		mk := func(org int64, status challenge.Status, title, problem, field string, mode challenge.Mode, pub *time.Time, created time.Duration) int64 {
			c := challenge.Challenge{OrgID: org, Status: status, Title: title, Problem: problem, Field: field, Mode: mode,
				MaxRacers: 1, PublishedAt: pub, CreatedAt: chT0.Add(created), UpdatedAt: chT0}
			return chInsert(t, db, c).ID
		}
		motor := mk(a, challenge.StatusPublished, "高功率密度永磁同步电机", "功率密度不足", "equipment", challenge.ModeRace, chAt(2*time.Hour), 0)
		fiber := mk(a, challenge.StatusBiddingClosed, "碳纤维复合材料低成本制备", "成本高", "materials", challenge.ModeSingle, chAt(time.Hour), time.Hour)
		wind := mk(b, challenge.StatusPublished, "Offshore WIND 100% 国产化", "海上风电 主轴承_寿命", "energy", challenge.ModeSingle, chAt(2*time.Hour), 2*time.Hour)
		draft := mk(a, challenge.StatusDraft, "工业软件 CAE 求解器", "电机仿真", "electronics", challenge.ModeSingle, nil, 3*time.Hour)
		cancelledPub := mk(b, challenge.StatusCancelled, "生物医药 CAR-T 工艺", "工艺放大", "biomedicine", challenge.ModeSingle, chAt(-time.Hour), 0)
		cancelledDraft := mk(b, challenge.StatusCancelled, "锂电池回收", "回收率", "environment", challenge.ModeSingle, nil, 4*time.Hour)

		tests := []struct {
			name string
			f    challenge.Filter
			want []int64
		}{
			{"everything, board order", challenge.Filter{}, []int64{cancelledDraft, draft, wind, motor, fiber, cancelledPub}},
			{"public board", challenge.Filter{PublicOnly: true}, []int64{wind, motor, fiber, cancelledPub}},
			{"status", challenge.Filter{Status: challenge.StatusPublished}, []int64{wind, motor}},
			{"field", challenge.Filter{Field: "materials"}, []int64{fiber}},
			{"mode", challenge.Filter{Mode: challenge.ModeRace}, []int64{motor}},
			{"org", challenge.Filter{OrgID: a}, []int64{draft, motor, fiber}},
			{"chinese in title", challenge.Filter{Q: "同步电机"}, []int64{motor}},
			{"chinese in problem or title", challenge.Filter{Q: "电机"}, []int64{draft, motor}},
			{"public chinese", challenge.Filter{Q: "电机", PublicOnly: true}, []int64{motor}},
			{"ascii ignores case", challenge.Filter{Q: "offshore wind"}, []int64{wind}},
			{"percent is literal", challenge.Filter{Q: "100%"}, []int64{wind}},
			{"lone percent", challenge.Filter{Q: "%"}, []int64{wind}},
			{"underscore is literal", challenge.Filter{Q: "轴承_寿"}, []int64{wind}},
			{"underscore matches no other char", challenge.Filter{Q: "主_承"}, nil},
			{"no match", challenge.Filter{Q: "量子"}, nil},
		}
		for _, tt := range tests {
			l, err := st.List(ctx, tt.f, domain.Page{Page: 1, PageSize: 20})
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			var got []int64
			for _, c := range l.Items {
				got = append(got, c.ID)
			}
			if !reflect.DeepEqual(got, tt.want) || l.Total != int64(len(tt.want)) {
				t.Errorf("%s: got %v (total %d), want %v", tt.name, got, l.Total, tt.want)
			}
		}
		l, err := st.List(ctx, challenge.Filter{}, domain.Page{Page: 2, PageSize: 4})
		if err != nil {
			t.Fatal(err)
		}
		if l.Total != 6 || len(l.Items) != 2 || l.Items[0].ID != fiber || l.Items[0].OrgName != "甲企业" {
			t.Errorf("page 2: total %d items %+v", l.Total, l.Items)
		}
	})
}

func TestChallengeDueHistoryAmendments(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		st := repository.NewChallengeStore(db)
		org := chOrg(t, db, "丙")
		due := chInsert(t, db, challenge.Challenge{OrgID: org, Status: challenge.StatusPublished, BidDeadline: chAt(-time.Second)})
		exact := chInsert(t, db, challenge.Challenge{OrgID: org, Status: challenge.StatusPublished, BidDeadline: chAt(0)})
		chInsert(t, db, challenge.Challenge{OrgID: org, Status: challenge.StatusPublished, BidDeadline: chAt(time.Microsecond)})
		chInsert(t, db, challenge.Challenge{OrgID: org, Status: challenge.StatusBiddingClosed, BidDeadline: chAt(-time.Hour)})
		ids, err := st.DueForClosing(ctx, chT0)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(ids, []int64{due.ID, exact.ID}) {
			t.Errorf("due %v, want %v", ids, []int64{due.ID, exact.ID})
		}
		err = repository.NewTxManager(db).InTx(ctx, func(ctx context.Context) error {
			for i, a := range []challenge.Action{challenge.ActionPublish, challenge.ActionCloseBidding} {
				h := challenge.HistoryEntry{ChallengeID: due.ID, Action: a, ToStatus: challenge.StatusPublished,
					Opinion: "意见", ActorName: "科长", At: chT0.Add(time.Duration(i) * time.Hour)}
				if err := st.AddHistory(ctx, &h); err != nil {
					return err
				}
				am := challenge.Amendment{ChallengeID: due.ID, Content: fmt.Sprintf("更正%d", i), CreatedAt: chT0, CreatedByName: "科长"}
				if err := st.AddAmendment(ctx, &am); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		h, err := st.History(ctx, due.ID)
		if err != nil || len(h) != 2 || h[0].Action != challenge.ActionPublish || h[1].At != chT0.Add(time.Hour) {
			t.Errorf("history %+v %v", h, err)
		}
		am, err := st.Amendments(ctx, due.ID)
		if err != nil || len(am) != 2 || am[1].Content != "更正1" || !am[0].CreatedAt.Equal(chT0) {
			t.Errorf("amendments %+v %v", am, err)
		}
	})
}
