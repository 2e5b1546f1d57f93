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
