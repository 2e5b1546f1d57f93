package repository_test

import (
	"context"
	"strings"
	"testing"

	"jiebang/repository"
	"jiebang/repository/testdb"
)

func TestRefusesSchemaNewerThanBinary(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		if err := db.CheckSchemaNotNewer(ctx); err != nil {
			t.Fatalf("fresh schema refused: %v", err)
		}
		if err := db.Writer.Exec("INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, true)").Error; err != nil {
			t.Fatal(err)
		}
		err := db.MigrateUp(ctx)
		if err == nil || !strings.Contains(err.Error(), "newer") {
			t.Fatalf("want refusal of a newer schema, got %v", err)
		}
	})
}

func TestDownAndUpAgain(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		st, err := db.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for range st {
			if err := db.MigrateDown(ctx); err != nil {
				t.Fatalf("down: %v", err)
			}
		}
		if err := db.MigrateUp(ctx); err != nil {
			t.Fatalf("up again: %v", err)
		}
	})
}
