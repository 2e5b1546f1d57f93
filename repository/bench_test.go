package repository_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// benchBoard seeds n challenges (3/4 public, ~5 KB of text) for the board benchmarks.
func benchBoard(b *testing.B, n int) (*repository.DB, *repository.ChallengeStore) {
	b.Helper()
	db := testdb.New(b, repository.DialectSQLite)
	var orgs []int64
	for i := range 20 {
		orgs = append(orgs, chOrgB(b, db, fmt.Sprintf("基准测试企业%d", i)))
	}
	store := repository.NewChallengeStore(db)
	text := strings.Repeat("永磁同步电机的效率与噪声，海上风电主轴承寿命，车规级芯片封装热管理。", 30)
	err := repository.NewTxManager(db).InTx(context.Background(), func(ctx context.Context) error {
		for i := range n {
			st, pub := challenge.StatusPublished, chAt(time.Duration(i)*time.Minute)
			if i%4 == 0 {
				st, pub = challenge.StatusDraft, nil
			}
			c := challenge.Challenge{OrgID: orgs[i%len(orgs)], Status: st, Title: fmt.Sprintf("第%d号榜单：电机控制", i),
				Field: challenge.Fields[i%len(challenge.Fields)].Code, Background: text, Problem: text, PublishedAt: pub,
				Mode: challenge.ModeSingle, MaxRacers: 1, CreatedAt: chT0, UpdatedAt: chT0, WinnerRacerIDs: []int64{}}
			if err := store.Create(ctx, &c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return db, store
}

func chOrgB(b *testing.B, db *repository.DB, name string) int64 {
	var id int64
	now := time.Now().UTC()
	res := db.Writer.Exec("INSERT INTO orgs (name, type, credit_code, verified, credit_status, created_at, updated_at) VALUES (?, 'enterprise', ?, true, 'good', ?, ?)",
		name, fmt.Sprintf("BENCH%013d", chOrgSeq.Add(1)), now, now)
	if res.Error != nil {
		b.Fatal(res.Error)
	}
	if err := db.Writer.Raw("SELECT MAX(id) FROM orgs").Scan(&id).Error; err != nil {
		b.Fatal(err)
	}
	return id
}

func BenchmarkBoardListPage3(b *testing.B) {
	_, store := benchBoard(b, 2000)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := store.List(ctx, challenge.Filter{PublicOnly: true}, domain.Page{Page: 3, PageSize: 20}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBoardSearch2Chars(b *testing.B) {
	_, store := benchBoard(b, 2000)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := store.List(ctx, challenge.Filter{PublicOnly: true, Q: "芯片"}, domain.Page{Page: 1, PageSize: 20}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBoardSearch4Chars(b *testing.B) {
	_, store := benchBoard(b, 2000)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := store.List(ctx, challenge.Filter{PublicOnly: true, Q: "同步电机"}, domain.Page{Page: 1, PageSize: 20}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDetailVersionCheck(b *testing.B) {
	_, store := benchBoard(b, 200)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := store.Version(ctx, 42); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuditVerify1M verifies a chain of one million entries (target: under 5 s per verification).
// Run it alone: go test ./repository -run '^$' -bench AuditVerify1M -benchtime 1x
func BenchmarkAuditVerify1M(b *testing.B) {
	db := testdb.New(b, repository.DialectSQLite)
	const n = 1_000_000
	prev := audit.GenesisHash
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for start := 1; start <= n; start += 10_000 {
		err := func() error {
			var sb strings.Builder
			var args []any
			for id := start; id < start+10_000 && id <= n; id++ {
				e := audit.Entry{ID: int64(id), At: t0.Add(time.Duration(id) * time.Second), ActorID: int64(id % 97),
					ActorName: "审计基准", ActorRole: "team", Entity: audit.EntityBid, EntityID: int64(id / 3), Action: "submit",
					After: `{"digest":"0123456789abcdef0123456789abcdef"}`}
				e.PrevHash, e.Hash = prev, audit.ComputeHash(prev, e)
				prev = e.Hash
				if sb.Len() > 0 {
					sb.WriteString(",")
				}
				sb.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
				args = append(args, e.ID, e.At, e.ActorID, e.ActorName, e.ActorRole, e.Entity, e.EntityID, e.Action,
					e.Before, e.After, e.RequestID, e.IP, e.PrevHash, e.Hash)
				if len(args) >= 14*2000 {
					if err := insertAudit(db, sb.String(), args); err != nil {
						return err
					}
					sb.Reset()
					args = args[:0]
				}
			}
			if len(args) > 0 {
				return insertAudit(db, sb.String(), args)
			}
			return nil
		}()
		if err != nil {
			b.Fatal(err)
		}
	}
	svc := audit.NewService(repository.NewAuditStore(db), domain.SystemClock{})
	b.ResetTimer()
	for b.Loop() {
		res, err := svc.Verify(context.Background())
		if err != nil || !res.OK || res.Entries != n {
			b.Fatalf("verify: %+v %v", res, err)
		}
	}
}

func insertAudit(db *repository.DB, values string, args []any) error {
	return db.Writer.Exec("INSERT INTO audit_entries (id, at, actor_id, actor_name, actor_role, entity, entity_id, "+
		"action, before, after, request_id, ip, prev_hash, hash) VALUES "+values, args...).Error
}

// BenchmarkChallengeInTx compares the two reads a bid write may make of its challenge inside its transaction
// (where the one SQLite writer is held): the whole challenge, and only its status and deadline.
func BenchmarkChallengeInTx(b *testing.B) {
	db, store := benchBoard(b, 200)
	var id int64
	if err := db.Reader.Raw("SELECT MAX(id) FROM challenges").Scan(&id).Error; err != nil {
		b.Fatal(err)
	}
	tx := repository.NewTxManager(db)
	for _, c := range []struct {
		name string
		read func(ctx context.Context) error
	}{
		{"get", func(ctx context.Context) error { _, err := store.Get(ctx, id); return err }},
		{"state", func(ctx context.Context) error { _, err := store.State(ctx, id); return err }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := tx.InTx(context.Background(), c.read); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
