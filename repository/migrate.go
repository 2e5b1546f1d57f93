package repository

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"

	"jiebang/migrations"
)

// MigrationFS returns the migration files of a dialect.
func MigrationFS(dialect string) (fs.FS, error) {
	return fs.Sub(migrations.FS, dialect)
}

func (d *DB) provider() (*goose.Provider, error) {
	fsys, err := MigrationFS(d.Dialect)
	if err != nil {
		return nil, err
	}
	gd := goose.DialectSQLite3
	if d.Dialect == DialectPostgres {
		gd = goose.DialectPostgres
	}
	return goose.NewProvider(gd, d.SQL(), fsys)
}

// MigrateUp applies every pending migration.
func (d *DB) MigrateUp(ctx context.Context) error {
	p, err := d.provider()
	if err != nil {
		return err
	}
	if err := d.CheckSchemaNotNewer(ctx); err != nil {
		return err
	}
	if _, err = p.Up(ctx); err != nil {
		return err
	}
	_, err = d.IndexUnindexed(ctx)
	return err
}

// MigrateDown rolls back the latest migration.
func (d *DB) MigrateDown(ctx context.Context) error {
	p, err := d.provider()
	if err != nil {
		return err
	}
	_, err = p.Down(ctx)
	return err
}

// MigrationStatus lists each known migration and whether it is applied.
func (d *DB) MigrationStatus(ctx context.Context) ([]*goose.MigrationStatus, error) {
	p, err := d.provider()
	if err != nil {
		return nil, err
	}
	return p.Status(ctx)
}

// CheckSchemaNotNewer refuses a database whose schema version is newer than this binary knows: an older
// binary must not serve a newer schema.
func (d *DB) CheckSchemaNotNewer(ctx context.Context) error {
	p, err := d.provider()
	if err != nil {
		return err
	}
	cur, err := p.GetDBVersion(ctx)
	if err != nil {
		return err
	}
	srcs := p.ListSources()
	var max int64
	if n := len(srcs); n > 0 {
		max = srcs[n-1].Version
	}
	if cur > max {
		return fmt.Errorf("database schema version %d is newer than this binary knows (%d): upgrade jiebang", cur, max)
	}
	return nil
}
