package app

import (
	"time"

	"jiebang/domain/credit"
	"jiebang/domain/schedule"
	"jiebang/repository"
)

// wireCredit builds the organisations' credit ledger over the account service (credit status written
// compare-and-set) and schedules the end of bars at their end date.
func (a *App) wireCredit() {
	a.Credit = credit.NewService(credit.Config{}, repository.NewCreditStore(a.DB), a.Accounts,
		a.Tx, a.Audit, a.Clock, a.Events)
	a.AddJob(schedule.Job{Name: "credit_bar_expiry", Every: time.Minute, Run: a.Credit.ExpireBars})
}
