package repository_test

import (
	"io/fs"
	"slices"
	"testing"

	"jiebang/repository"
)

// Both dialects must carry the same migration versions, so a schema version means the same on each.
func TestMigrationVersionsMatchAcrossDialects(t *testing.T) {
	t.Parallel()
	names := map[string][]string{}
	for _, d := range []string{repository.DialectSQLite, repository.DialectPostgres} {
		fsys, err := repository.MigrationFS(d)
		if err != nil {
			t.Fatal(err)
		}
		files, err := fs.Glob(fsys, "*.sql")
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no migrations (%v)", d, err)
		}
		names[d] = files
	}
	if !slices.Equal(names[repository.DialectSQLite], names[repository.DialectPostgres]) {
		t.Fatalf("migration files differ:\nsqlite   %v\npostgres %v", names[repository.DialectSQLite], names[repository.DialectPostgres])
	}
}
