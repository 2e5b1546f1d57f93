package repository

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"

	"jiebang/domain"
)

// errBusy is a write that lost to another transaction on a lock or a serialisation check (a deadlock on
// PostgreSQL, a busy database on SQLite past its timeout): the client may retry.
var errBusy = domain.NewError(domain.ErrConflict, "busy", "系统繁忙，请稍后重试", "the database was busy; please retry")

// errBadText is text the database refuses to store (an invalid byte sequence, a value too long for its column).
var errBadText = domain.NewError(domain.ErrUnprocessable, "invalid_text", "内容包含无法保存的字符或过长",
	"the text holds characters that cannot be stored, or is too long")

// translate maps database errors onto the domain's sentinels, keeping the original in the chain: not found,
// unique and foreign-key violations (gorm's translation, both dialects), lock and serialisation failures, and
// text the database refuses. An error already translated passes unchanged, so translating twice is harmless;
// any other error passes unchanged (the api answers it with a logged 500).
func translate(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, domain.ErrNotFound), errors.Is(err, domain.ErrConflict),
		errors.Is(err, domain.ErrUnprocessable), errors.Is(err, domain.ErrBadRequest):
		return err
	case errors.Is(err, gorm.ErrRecordNotFound):
		return fmt.Errorf("%w: %w", domain.ErrNotFound, err)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return fmt.Errorf("%w: duplicate key: %w", domain.ErrConflict, err)
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return fmt.Errorf("%w: foreign key: %w", domain.ErrConflict, err)
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "40001", "40P01", "55P03": // serialization_failure, deadlock_detected, lock_not_available
			return fmt.Errorf("%w: %w", errBusy, err)
		case "22021", "22P05", "22001": // invalid byte sequence, untranslatable character, value too long
			return fmt.Errorf("%w: %w", errBadText, err)
		}
	}
	var lite sqlite3.Error
	if errors.As(err, &lite) {
		switch lite.Code {
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return fmt.Errorf("%w: %w", errBusy, err)
		case sqlite3.ErrConstraint:
			switch lite.ExtendedCode {
			case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
				return fmt.Errorf("%w: duplicate key: %w", domain.ErrConflict, err)
			case sqlite3.ErrConstraintForeignKey:
				return fmt.Errorf("%w: foreign key: %w", domain.ErrConflict, err)
			}
		}
	}
	return err
}

// registerTranslation makes every gorm operation on g (create, query, update, delete, raw, row) translate its
// error and name the table it touched, so no store method can return a raw driver error, whether or not it
// calls translate itself.
func registerTranslation(g *gorm.DB) error {
	cb := func(db *gorm.DB) {
		if db.Error == nil {
			return
		}
		t := translate(db.Error)
		if db.Statement != nil && db.Statement.Table != "" && t != db.Error {
			t = fmt.Errorf("%s: %w", db.Statement.Table, t)
		}
		db.Error = t
	}
	const name = "jiebang:translate_error"
	c := g.Callback()
	for _, err := range []error{
		c.Create().Register(name, cb), c.Query().Register(name, cb), c.Update().Register(name, cb),
		c.Delete().Register(name, cb), c.Raw().Register(name, cb), c.Row().Register(name, cb),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// casResult is the outcome of a compare-and-set UPDATE: the translated error, or domain.ErrStale (with the
// row's identity) when no row was in the expected state.
func casResult(err error, rows int64, entity string, id int64) error {
	if err != nil {
		return translate(err)
	}
	if rows == 0 {
		return fmt.Errorf("%s %d: %w", entity, id, domain.ErrStale)
	}
	return nil
}
