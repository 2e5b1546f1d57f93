package account

import (
	"context"
	"time"
)

// SetOrgCredit writes an organisation's credit status compare-and-set in the caller's transaction (false when
// it was no longer from). It is the credit ledger's write (domain/credit decides, audits and records the
// event); it checks no actor.
func (s *Service) SetOrgCredit(ctx context.Context, id int64, from, to CreditStatus, at time.Time) (bool, error) {
	return s.store.SetOrgCredit(ctx, id, from, to, at)
}
