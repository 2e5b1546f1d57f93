package domain

import "context"

// TxManager runs fn in one database transaction. The transaction travels in the context: repository methods
// called with that context use it. Nested calls join the outer transaction.
type TxManager interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}
