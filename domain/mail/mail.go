// Package mail is e-mail delivery of notifications through an outbox (邮件外发): when a notification is written,
// one outbox message per recipient who has not muted its kind is written in the same transaction, with its own
// idempotency key; a background Worker claims due messages with a lease, sends them, and marks them sent, or
// schedules a retry with backoff. A refusing or unreachable SMTP server never fails the request that caused the
// notification; the bureau sees the messages that wait or failed.
//
// Delivery guarantee: the outbox gives at-least-once delivery to the SMTP server (a worker that dies between the
// server's acceptance and the mark leaves the message to be sent again once its lease ends). Every send of a
// message carries the same Message-ID, derived from its idempotency key, so a receiver that deduplicates by
// Message-ID (as mail stores commonly do) sees each message exactly once. No SMTP client can promise more.
package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/notify"
)

// Status of an outbox message.
const (
	StatusPending = "pending"
	StatusSent    = "sent"
	StatusFailed  = "failed"
)

// Message is one e-mail in the outbox.
type Message struct {
	ID int64
	// Key is the idempotency key; the Message-ID header is derived from it.
	Key     string
	UserID  int64
	To      string
	Kind    string
	Subject string
	Body    string
	Status  string
	// Attempts counts claims (sends tried); LastError is the latest failure.
	Attempts      int
	NextAttemptAt time.Time
	LastError     string
	CreatedAt     time.Time
	SentAt        *time.Time
}

// Recipient is what the outbox needs of a user: the address, the language and the muted kinds.
type Recipient struct {
	UserID int64
	Email  string
	Prefs  Prefs
}

// Prefs are a user's e-mail settings: the language of the mails and the kinds that are not mailed.
type Prefs struct {
	Lang  string
	Muted []string
}

// Store keeps the outbox and the preferences. Methods take their database handle from ctx.
type Store interface {
	// Recipients returns the enabled users among ids with their preferences.
	Recipients(ctx context.Context, ids []int64) ([]Recipient, error)
	// Enqueue writes messages (in the caller's transaction).
	Enqueue(ctx context.Context, ms []Message) error
	// Claim leases up to n due pending messages to owner until leaseUntil and counts the attempt; messages
	// leased by another owner whose lease has not ended are skipped (FOR UPDATE SKIP LOCKED on PostgreSQL).
	Claim(ctx context.Context, owner string, now, leaseUntil time.Time, n int) ([]Message, error)
	// MarkSent marks a message the owner still holds sent; false when the lease was lost.
	MarkSent(ctx context.Context, id int64, owner string, at time.Time) (bool, error)
	// Retry records a failed send of a message the owner holds: status stays pending until next, or becomes
	// failed when giveUp.
	Retry(ctx context.Context, id int64, owner, lastError string, next time.Time, giveUp bool) error
	// Undelivered lists pending and failed messages, oldest first.
	Undelivered(ctx context.Context, p domain.Page) (domain.List[Message], error)
	// Prefs returns a user's preferences (defaults when never saved); SavePrefs replaces them.
	Prefs(ctx context.Context, userID int64) (Prefs, error)
	SavePrefs(ctx context.Context, userID int64, p Prefs, at time.Time) error
	// KindsOf lists the notification kinds the user has received.
	KindsOf(ctx context.Context, userID int64) ([]string, error)
}

// Outbox writes the messages of notifications; Notified runs in the notification's transaction.
type Outbox struct {
	store Store
	clock domain.Clock
	// BaseURL prefixes the notification's link in the mail ("" leaves the path alone).
	BaseURL string
}

// NewOutbox builds the outbox.
func NewOutbox(store Store, clock domain.Clock, baseURL string) *Outbox {
	return &Outbox{store: store, clock: clock, BaseURL: strings.TrimRight(baseURL, "/")}
}

// NewKey returns a fresh idempotency key (128 random bits).
func NewKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Notified queues one e-mail per recipient of m who has an address and has not muted m.Kind, in the recipient's
// language, in the caller's transaction.
func (o *Outbox) Notified(ctx context.Context, userIDs []int64, m notify.Message) error {
	rs, err := o.store.Recipients(ctx, userIDs)
	if err != nil {
		return err
	}
	now := o.clock.Now().UTC().Truncate(time.Microsecond)
	var ms []Message
	for _, r := range rs {
		if r.Email == "" || slices.Contains(r.Prefs.Muted, m.Kind) {
			continue
		}
		subject, body := m.TitleZh, m.BodyZh
		footer := "登录揭榜挂帅平台查看："
		if r.Prefs.Lang == "en" {
			subject, body, footer = m.TitleEn, m.BodyEn, "View it on the platform: "
		}
		if m.Link != "" {
			body = strings.TrimSpace(body + "\n\n" + footer + o.BaseURL + m.Link)
		}
		ms = append(ms, Message{Key: NewKey(), UserID: r.UserID, To: r.Email, Kind: m.Kind, Subject: subject,
			Body: body, Status: StatusPending, NextAttemptAt: now, CreatedAt: now})
	}
	if len(ms) == 0 {
		return nil
	}
	return o.store.Enqueue(ctx, ms)
}
