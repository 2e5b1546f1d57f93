package repository_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

func TestAuditChainConcurrentAppendAndTamper(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		tx := repository.NewTxManager(db)
		svc := audit.NewService(repository.NewAuditStore(db), domain.NewFrozenClock(time.Date(2026, 11, 2, 9, 0, 0, 123456789, time.UTC)))
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := 0; i < 40; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				errs <- tx.InTx(ctx, func(ctx context.Context) error {
					return svc.Log(ctx, domain.Actor{UserID: int64(i), Name: "测试", Role: domain.RoleBureau},
						audit.Record{Entity: audit.EntityOrg, EntityID: int64(i), Action: "verify", After: map[string]any{"verified": true}})
				})
			}(i)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		res, err := svc.Verify(ctx)
		if err != nil || !res.OK || res.Entries != 40 {
			t.Fatalf("verify: %+v %v", res, err)
		}
		if err := db.Writer.Exec("UPDATE audit_entries SET action = 'forged' WHERE id = 17").Error; err != nil {
			t.Fatal(err)
		}
		res, err = svc.Verify(ctx)
		if err != nil || res.OK || res.FirstBrokenID != 17 {
			t.Fatalf("want broken at 17, got %+v %v", res, err)
		}
		list, err := svc.List(ctx, domain.Actor{UserID: 1, Role: domain.RoleBureau}, audit.Filter{Entity: audit.EntityOrg, EntityID: 3}, domain.Page{})
		if err != nil || list.Total != 1 || list.Items[0].EntityID != 3 {
			t.Fatalf("list: %+v %v", list, err)
		}
	})
}

// TestAuditEachReadsInOrderAcrossRanges: the chain is read in ranges on several connections; fn still sees every
// entry once, in ID order, including after a removed entry (a gap), a forged far-away ID (ranges are not used
// then) and inside a transaction.
func TestAuditEachReadsInOrderAcrossRanges(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		const n = 12_345
		prev := audit.GenesisHash
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		var rows []map[string]any
		for id := int64(1); id <= n; id++ {
			e := audit.Entry{ID: id, At: t0.Add(time.Duration(id) * time.Second), ActorName: "审计", ActorRole: "team",
				Entity: audit.EntityBid, EntityID: id, Action: "submit"}
			e.PrevHash, e.Hash = prev, audit.ComputeHash(prev, e)
			prev = e.Hash
			rows = append(rows, map[string]any{"id": e.ID, "at": e.At, "actor_name": e.ActorName, "actor_role": e.ActorRole,
				"entity": e.Entity, "entity_id": e.EntityID, "action": e.Action, "prev_hash": e.PrevHash, "hash": e.Hash})
		}
		if err := db.Writer.Table("audit_entries").CreateInBatches(rows, 500).Error; err != nil {
			t.Fatal(err)
		}
		store := repository.NewAuditStore(db)
		svc := audit.NewService(store, domain.SystemClock{})
		walk := func(ctx context.Context) []int64 {
			var ids []int64
			if err := store.Each(ctx, func(e audit.Entry) error { ids = append(ids, e.ID); return nil }); err != nil {
				t.Fatal(err)
			}
			return ids
		}
		ids := walk(ctx)
		if len(ids) != n || ids[0] != 1 || ids[n-1] != n {
			t.Fatalf("read %d entries", len(ids))
		}
		for i := 1; i < len(ids); i++ {
			if ids[i] != ids[i-1]+1 {
				t.Fatalf("out of order at %d: %d after %d", i, ids[i], ids[i-1])
			}
		}
		if res, err := svc.Verify(ctx); err != nil || !res.OK || res.Entries != n {
			t.Fatalf("verify: %+v %v", res, err)
		}
		// Inside a transaction the walk is by key on the transaction's connection.
		err := repository.NewTxManager(db).InTx(ctx, func(ctx context.Context) error {
			if got := walk(ctx); len(got) != n {
				t.Errorf("in a transaction: %d entries", len(got))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Writer.Exec("DELETE FROM audit_entries WHERE id = 7001").Error; err != nil {
			t.Fatal(err)
		}
		if res, err := svc.Verify(ctx); err != nil || res.OK || res.FirstBrokenID != 7002 || res.Entries != n-1 {
			t.Fatalf("after removing 7001: %+v %v", res, err)
		}
		if err := db.Writer.Exec("UPDATE audit_entries SET id = 9000000 WHERE id = 12000").Error; err != nil {
			t.Fatal(err)
		}
		ids = walk(ctx)
		if len(ids) != n-1 || ids[len(ids)-1] != 9000000 || ids[len(ids)-2] != n {
			t.Fatalf("with a forged far ID: %d entries, last %v", len(ids), ids[len(ids)-3:])
		}
		if res, err := svc.Verify(ctx); err != nil || res.OK || res.FirstBrokenID != 7002 {
			t.Fatalf("still broken first at 7002: %+v %v", res, err)
		}
	})
}
