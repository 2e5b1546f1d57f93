package repository

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"

	"gorm.io/gorm"
)

type txKey struct{}

// depthKey carries how deep the savepoints of the current transaction go.
type depthKey struct{}

// TxManager implements domain.TxManager: InTx opens a transaction on the writer and puts it in the context.
type TxManager struct{ db *DB }

// NewTxManager returns the transaction manager of db.
func NewTxManager(db *DB) *TxManager { return &TxManager{db: db} }

// InTx runs fn in a transaction. A nested call (ctx already carries one) runs fn in a savepoint of the outer
// transaction, the same on SQLite and PostgreSQL: when fn fails, its writes are rolled back and the outer
// transaction may go on (on PostgreSQL it would otherwise be aborted by a failed statement); when fn
// succeeds, its writes commit or roll back with the outer transaction.
func (m *TxManager) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return savepoint(ctx, tx, fn)
	}
	var err error
	for attempt := 0; attempt < 2; attempt++ {
		var fnErr error
		err = m.db.Writer.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			fnErr = fn(context.WithValue(ctx, txKey{}, tx))
			return fnErr
		})
		// A pooled connection that broke after it was handed out (on PostgreSQL, one whose statement another
		// request's cancellation interrupted) fails the transaction before its commit with driver.ErrBadConn,
		// which database/sql retries only outside transactions. Nothing was committed, so the transaction runs
		// once more on a fresh connection. A failed COMMIT is never retried: its outcome is unknown.
		if err == nil || !errors.Is(fnErr, driver.ErrBadConn) || ctx.Err() != nil {
			break
		}
	}
	return translate(err)
}

// savepoint runs fn inside a savepoint named after its depth.
func savepoint(ctx context.Context, tx *gorm.DB, fn func(ctx context.Context) error) (err error) {
	depth, _ := ctx.Value(depthKey{}).(int)
	depth++
	name := fmt.Sprintf("jiebang_sp%d", depth)
	if err := tx.Exec("SAVEPOINT " + name).Error; err != nil {
		return translate(err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Exec("ROLLBACK TO SAVEPOINT " + name).Error
			panic(p)
		}
	}()
	if err := fn(context.WithValue(ctx, depthKey{}, depth)); err != nil {
		if rerr := tx.Exec("ROLLBACK TO SAVEPOINT " + name).Error; rerr != nil {
			return errors.Join(err, translate(rerr))
		}
		_ = tx.Exec("RELEASE SAVEPOINT " + name).Error
		return err
	}
	return translate(tx.Exec("RELEASE SAVEPOINT " + name).Error)
}

// conn returns the transaction in ctx, or the read pool. Writes must run inside InTx (on SQLite the read
// pool is query-only, so a write outside a transaction fails loudly).
func (d *DB) conn(ctx context.Context) *gorm.DB {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return tx
	}
	return d.Reader.WithContext(ctx)
}

// InTxContext reports whether ctx carries a transaction.
func InTxContext(ctx context.Context) bool {
	_, ok := ctx.Value(txKey{}).(*gorm.DB)
	return ok
}
