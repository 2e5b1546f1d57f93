package domain

import "context"

// TxManager runs fn in one database transaction. The transaction travels in the context: repository methods
// called with that context use it. A nested call runs in a savepoint of the outer transaction (both databases):
// if it fails, only its own writes are undone and the caller decides whether to go on; if it succeeds, its
// writes commit or roll back with the outer transaction.
type TxManager interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}
