package repository

import (
	"context"

	"gorm.io/gorm"
)

type txKey struct{}

// TxManager implements domain.TxManager: InTx opens a transaction on the writer and puts it in the context.
type TxManager struct{ db *DB }

// NewTxManager returns the transaction manager of db.
func NewTxManager(db *DB) *TxManager { return &TxManager{db: db} }

// InTx runs fn in a transaction; a nested call joins the outer one.
func (m *TxManager) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return fn(ctx)
	}
	return translate(m.db.Writer.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(context.WithValue(ctx, txKey{}, tx))
	}))
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
