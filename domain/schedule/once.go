package schedule

import (
	"context"
	"time"

	"jiebang/domain"
)

// Once does a reminder-like effect once across servers and runs: in one transaction it claims (job, subject,
// due) and, when the claim is new, calls send (which writes its notification through the outbox in the same
// transaction). It reports whether send ran. A failing send rolls the claim back, so a later run tries again.
// Any area's reminder (stage reports, rectifications, signatures, refunds due) can use it.
func Once(ctx context.Context, tx domain.TxManager, claims Claims, job, subject string, due time.Time, send func(ctx context.Context) error) (bool, error) {
	sent := false
	err := tx.InTx(ctx, func(ctx context.Context) error {
		ok, err := claims.Claim(ctx, job, subject, due)
		if err != nil || !ok {
			return err
		}
		sent = true
		return send(ctx)
	})
	if err != nil {
		return false, err
	}
	return sent, nil
}
