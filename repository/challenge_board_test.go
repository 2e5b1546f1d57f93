package repository_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// boardTexts are titles and problems with Chinese, mixed-case ASCII, LIKE wildcards and a non-ASCII letter
// that has case.
var boardTexts = [][2]string{
	{"永磁同步电机高效控制", "电机效率提升至 97%，噪声低于 60 dB"},
	{"海上风电运维机器人", "风电叶片检测：无人机与爬壁机器人"},
	{"车规级芯片封装", "芯片 SiC 模块的热管理，100_000 次循环"},
	{"电池回收", "退役锂电池正极材料再生；电机外壳回收"},
	{"Motor Control ASIC", "a field-oriented control chip for MOTORS"},
	{"Édition spéciale", "café au lait, ÉTÉ"},
	{"", ""},
	{"电", "机"},
}

// boardQueries are 1-, 2- and 3-character queries and longer ones.
var boardQueries = []string{"电", "机", "电机", "风电", "芯片", "机器人", "电池回收", "回收", "m", "M", "mo", "MOT",
	"motor", "100_", "_", "%", "97%", "é", "É", "ét", "été", "控制", "制芯", "电机外壳", "无", "x", "ō", " ", "机 "}

// substringIDs is the reference: the plain substring match on title or problem, as the board did it before
// the term index.
func substringIDs(t *testing.T, db *repository.DB, q string, public bool) []int64 {
	like := "LIKE"
	if db.Dialect == repository.DialectPostgres {
		like = "ILIKE"
	}
	pat := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q) + "%"
	query := db.Reader.Table("challenges").Where("(title "+like+" ? ESCAPE '\\' OR problem "+like+" ? ESCAPE '\\')", pat, pat)
	if public {
		query = query.Where("status = ?", string(challenge.StatusPublished))
	}
	var ids []int64
	if err := query.Order("id DESC").Pluck("id", &ids).Error; err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestBoardSearchEqualsSubstringMatch(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		org := chOrg(t, db, "搜索测试企业")
		for i, tp := range boardTexts {
			st := challenge.StatusPublished
			if i%3 == 2 {
				st = challenge.StatusDraft
			}
			var pub *time.Time
			if st == challenge.StatusPublished {
				pub = chAt(time.Duration(i) * time.Minute)
			}
			chInsert(t, db, challenge.Challenge{OrgID: org, Status: st, Title: tp[0], Problem: tp[1], PublishedAt: pub})
		}
		// A content edit re-indexes: the old words no longer match, the new ones do.
		edited := chInsert(t, db, challenge.Challenge{OrgID: org, Status: challenge.StatusDraft, Title: "旧标题", Problem: "旧问题"})
		edited.Title, edited.Problem = "新标题电机", "新问题"
		err := repository.NewTxManager(db).InTx(ctx, func(ctx context.Context) error {
			return repository.NewChallengeStore(db).UpdateContent(ctx, edited)
		})
		if err != nil {
			t.Fatal(err)
		}
		store := repository.NewChallengeStore(db)
		for _, q := range append(boardQueries, "旧", "新标") {
			for _, public := range []bool{false, true} {
				l, err := store.List(ctx, challenge.Filter{Q: q, PublicOnly: public}, domain.Page{Page: 1, PageSize: 100})
				if err != nil {
					t.Fatalf("q=%q: %v", q, err)
				}
				var got []int64
				for _, c := range l.Items {
					got = append(got, c.ID)
				}
				slices.Sort(got)
				slices.Reverse(got)
				want := substringIDs(t, db, q, public)
				if !slices.Equal(got, want) || l.Total != int64(len(want)) {
					t.Errorf("q=%q public=%v: got %v (total %d), substring match gives %v", q, public, got, l.Total, want)
				}
			}
		}
	})
}

func TestBoardListCarriesSummaryAndKeptCounts(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		org := chOrg(t, db, "计数测试企业")
		store := repository.NewChallengeStore(db)
		long := strings.Repeat("难题描述", 100)
		var ids []int64
		for i := range 12 {
			c := challenge.Challenge{OrgID: org, Status: challenge.StatusDraft, Title: fmt.Sprintf("榜%d", i),
				Field: []string{"energy", "ai"}[i%2], Problem: long, Background: long}
			ids = append(ids, chInsert(t, db, c).ID)
		}
		// Publish some, cancel one after publication, delete a draft: the kept counts follow every change.
		for i, id := range ids[:8] {
			c, err := store.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			c.Status, c.PublishedAt = challenge.StatusPublished, chAt(time.Duration(i)*time.Hour)
			if i == 7 {
				c.Status = challenge.StatusCancelled
			}
			mustTx(t, db, func(ctx context.Context) error {
				return store.UpdateStatus(ctx, c, challenge.StatusDraft)
			})
		}
		if err := db.Writer.Exec("DELETE FROM challenges WHERE id = ?", ids[11]).Error; err != nil {
			t.Fatal(err)
		}
		filters := []challenge.Filter{{}, {PublicOnly: true}, {PublicOnly: true, Field: "ai"},
			{Status: challenge.StatusDraft}, {PublicOnly: true, Status: challenge.StatusCancelled}, {Mode: challenge.ModeRace},
			{OrgID: org}, {OrgID: org, Field: "energy"}}
		for _, f := range filters {
			l, err := store.List(ctx, f, domain.Page{Page: 1, PageSize: 100})
			if err != nil {
				t.Fatal(err)
			}
			if l.Total != int64(len(l.Items)) {
				t.Errorf("filter %+v: total %d, %d items", f, l.Total, len(l.Items))
			}
		}
		l, err := store.List(ctx, challenge.Filter{PublicOnly: true}, domain.Page{Page: 1, PageSize: 3})
		if err != nil {
			t.Fatal(err)
		}
		if l.Total != 8 || len(l.Items) != 3 {
			t.Fatalf("board: total %d, %d items", l.Total, len(l.Items))
		}
		first := l.Items[0]
		if first.ID != ids[7] || first.Problem != "" || first.Background != "" || len([]rune(first.Summary)) != 120 ||
			!strings.HasPrefix(long, first.Summary) || first.Version == 0 {
			t.Errorf("first item: id %d (want %d), summary %d runes, problem %d bytes, version %d", first.ID, ids[7],
				len([]rune(first.Summary)), len(first.Problem), first.Version)
		}
	})
}

func TestChallengeVersionChangesWithAmendmentsAndState(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		store := repository.NewChallengeStore(db)
		c := chInsert(t, db, challenge.Challenge{OrgID: chOrg(t, db, "版本测试企业"), Status: challenge.StatusPublished,
			Title: "版本", PublishedAt: chAt(0)})
		v := func() int64 {
			st, err := store.Version(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !st.Public {
				t.Fatal("published challenge not public")
			}
			return st.Version
		}
		v0 := v()
		mustTx(t, db, func(ctx context.Context) error {
			return store.AddAmendment(ctx, &challenge.Amendment{ChallengeID: c.ID, Content: "更正", CreatedAt: chT0})
		})
		v1 := v()
		c.Status = challenge.StatusBiddingClosed
		mustTx(t, db, func(ctx context.Context) error {
			return store.UpdateStatus(ctx, c, challenge.StatusPublished)
		})
		if v2 := v(); !(v0 < v1 && v1 < v2) {
			t.Fatalf("versions %d, %d, %d do not grow", v0, v1, v2)
		}
		if _, err := store.Version(ctx, c.ID+1000); err == nil {
			t.Fatal("version of a missing challenge")
		}
	})
}

func mustTx(t *testing.T, db *repository.DB, fn func(ctx context.Context) error) {
	t.Helper()
	if err := repository.NewTxManager(db).InTx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

// TestVersionChecksFollowAnotherServer: the version checks (prepared statements on the read pool) of a second
// server on the same database see every change committed through the first at once; a missing challenge is
// ErrNotFound; inside a transaction they see the transaction's own change.
func TestVersionChecksFollowAnotherServer(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		other, err := repository.Open(repository.Options{URL: db.URL, SQLitePath: db.Path})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = other.Close() })
		writer, reader := repository.NewChallengeStore(db), repository.NewChallengeStore(other)
		c := chInsert(t, db, challenge.Challenge{OrgID: chOrg(t, db, "两台服务器企业"), Status: challenge.StatusPublished,
			Title: "版本检查", PublishedAt: chAt(0)})
		versions := func() (int64, int64) {
			t.Helper()
			st, err := reader.Version(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			b, err := reader.BoardVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return st.Version, b
		}
		v0, b0 := versions()
		mustTx(t, db, func(ctx context.Context) error {
			return writer.AddAmendment(ctx, &challenge.Amendment{ChallengeID: c.ID, Content: "更正", CreatedAt: chT0})
		})
		v1, _ := versions()
		if v1 == v0 {
			t.Fatalf("amendment on the first server: version still %d on the second", v1)
		}
		c.Status = challenge.StatusBiddingClosed
		mustTx(t, db, func(ctx context.Context) error { return writer.UpdateStatus(ctx, c, challenge.StatusPublished) })
		v2, b2 := versions()
		if v2 == v1 || b2 == b0 {
			t.Fatalf("state change on the first server: versions %d -> %d, board %d -> %d on the second", v1, v2, b0, b2)
		}
		if _, err := reader.Version(ctx, c.ID+1000); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("missing challenge: %v, want ErrNotFound", err)
		}
		mustTx(t, db, func(ctx context.Context) error {
			c.Status = challenge.StatusCancelled
			if err := writer.UpdateStatus(ctx, c, challenge.StatusBiddingClosed); err != nil {
				return err
			}
			st, err := writer.Version(ctx, c.ID)
			if err != nil {
				return err
			}
			b, err := writer.BoardVersion(ctx)
			if err != nil {
				return err
			}
			if st.Version == v2 || b == b2 {
				t.Errorf("inside the transaction: version %d, board %d unchanged", st.Version, b)
			}
			return nil
		})
	})
}

// TestChallengeSummariesByID: Summaries reads the challenges with the ids as list items (summary, organisation
// name, title, status; no long texts), skips ids that do not exist, and reads nothing for none.
func TestChallengeSummariesByID(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		store := repository.NewChallengeStore(db)
		org := chOrg(t, db, "摘要测试企业")
		long := strings.Repeat("难题描述", 100)
		a := chInsert(t, db, challenge.Challenge{OrgID: org, Status: challenge.StatusPublished, Title: "甲榜",
			Problem: long, Background: long, PublishedAt: chAt(0)})
		b := chInsert(t, db, challenge.Challenge{OrgID: org, Status: challenge.StatusDraft, Title: "乙榜", Problem: long})
		got, err := store.Summaries(ctx, []int64{b.ID, a.ID, b.ID + 1000})
		if err != nil {
			t.Fatal(err)
		}
		byID := map[int64]challenge.Challenge{}
		for _, c := range got {
			byID[c.ID] = c
		}
		if len(got) != 2 || byID[a.ID].Title != "甲榜" || byID[b.ID].Title != "乙榜" || byID[a.ID].OrgName != "摘要测试企业" ||
			byID[a.ID].Status != challenge.StatusPublished || byID[b.ID].Status != challenge.StatusDraft {
			t.Fatalf("summaries: %+v", got)
		}
		if c := byID[a.ID]; c.Problem != "" || c.Background != "" || c.Summary == "" {
			t.Errorf("a summary carries the long texts or no summary: problem %d, summary %q", len(c.Problem), c.Summary)
		}
		if none, err := store.Summaries(ctx, nil); err != nil || len(none) != 0 {
			t.Errorf("no ids: %v, %v", none, err)
		}
	})
}
