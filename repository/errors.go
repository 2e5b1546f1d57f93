package repository

import (
	"errors"
	"fmt"

	"gorm.io/gorm"

	"jiebang/domain"
)

// translate maps gorm errors onto the domain's sentinels; other errors pass through unchanged.
func translate(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return fmt.Errorf("%w: %w", domain.ErrNotFound, err)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return fmt.Errorf("%w: duplicate key: %w", domain.ErrConflict, err)
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return fmt.Errorf("%w: foreign key: %w", domain.ErrConflict, err)
	}
	return err
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
