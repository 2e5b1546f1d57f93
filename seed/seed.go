// Package seed fills an empty database: the demo (演示数据) that shows every state of the programme, and the
// scale programme (规模数据) of the load tests.
//
// The seed is a client of the domain. The demo calls the same domain services users' requests call, so it can
// never reach a state the product cannot: each part of its history is told on services built (by the Factory it
// is given, which cmd/jiebang and the tests implement with app.New) on a story clock that starts in the past and
// moves only to the instants the process computes (a bidding deadline, the end of a notice). The scale seed
// writes ten thousand challenges in about 100 s, which a service call per row could not: it writes through the
// repository stores in bulk, in transactions of 100 challenges, and keeps the audit chain itself.
//
// Both run in one transaction carried in ctx (every service on any App uses the transaction in ctx, so the
// story services share it) that first checks, inside it, that the database is empty.
package seed

import (
	"context"
	"errors"
	"fmt"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
	"jiebang/domain/bid"
	"jiebang/domain/calendar"
	"jiebang/domain/call"
	"jiebang/domain/challenge"
	"jiebang/domain/credit"
	"jiebang/domain/funding"
	"jiebang/domain/notify"
	"jiebang/domain/qa"
	"jiebang/domain/race"
	"jiebang/domain/review"
	"jiebang/domain/settings"
	"jiebang/domain/taskbook"
	"jiebang/repository"
)

// Services are the domain services of one wired application on one clock, as users' requests reach them.
type Services struct {
	Accounts   *account.Service
	Challenges *challenge.Service
	// Calls are the calls for needs (申报批次).
	Calls    *call.Service
	Bids     *bid.Service
	Reviews  *review.Service
	Calendar *calendar.Service
	Race     *race.Service
	Funding  *funding.Service
	// Taskbook signs task books and files their changes (nil: the demo leaves them unsigned).
	Taskbook *taskbook.Service
	Credit   *credit.Service
	Settings *settings.Service
	Notify   *notify.Service
	Audit    *audit.Service
	// QA is questions and answers (答疑), follows and amendments.
	QA *qa.Service
	// Tx opens the seed's transaction; the services use the one in ctx.
	Tx domain.TxManager
	// Clock is the services' clock: the seed's now.
	Clock domain.Clock
	// DB is the database the services write to (the emptiness check; the scale seed's bulk writes).
	DB *repository.DB
	// PasswordHash is the argon2id cost the scale seed hashes its one password with (zero: the production default).
	PasswordHash account.HashParams
}

// Factory builds the services of the application on clock, over the same database as the seed's Services: the
// demo tells each part of its history on services whose clock starts in the past.
type Factory func(clock domain.Clock) (Services, error)

// ErrNotEmpty is returned by the seeds when the database already holds data: a seed only fills an empty
// database, and refusing changes nothing.
var ErrNotEmpty = errors.New("the database already has data: the seed only fills an empty database (delete the data directory, or use an empty database, to seed again)")

// atomically runs fill in one transaction that first checks, inside it, that the database is empty: a seed that
// fails, or a process killed part-way, leaves the database as empty as it was (nothing that `seed --if-empty`
// could mistake for a demo), and a seed into a database that holds data changes nothing.
func atomically(ctx context.Context, s Services, fill func(ctx context.Context) error) error {
	return s.Tx.InTx(ctx, func(ctx context.Context) error {
		empty, err := s.DB.IsEmpty(ctx)
		if err != nil {
			return fmt.Errorf("checking that the database is empty: %w", err)
		}
		if !empty {
			return ErrNotEmpty
		}
		return fill(ctx)
	})
}
