package mail

import (
	"context"
	"time"

	"jiebang/domain/notify"
)

// NotifyStore is a notification store that also queues each notification's e-mails in the Outbox, in the
// same transaction (a message marked NoMail is only stored).
type NotifyStore struct {
	notify.Store
	Outbox *Outbox
}

// Add stores the notification, then queues one e-mail per recipient.
func (s NotifyStore) Add(ctx context.Context, userIDs []int64, m notify.Message, at time.Time) error {
	if err := s.Store.Add(ctx, userIDs, m, at); err != nil || m.NoMail {
		return err
	}
	return s.Outbox.Notified(ctx, userIDs, m)
}
