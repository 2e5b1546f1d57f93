package app

import (
	"context"
	"fmt"
	"os"
	"time"

	"jiebang/domain/mail"
	"jiebang/domain/notify"
	"jiebang/domain/schedule"
	"jiebang/repository"
)

// MailJob is the scheduled job that delivers the e-mail outbox.
const MailJob = "mail_deliver"

// notifyStore is the notification store; with an SMTP server configured it also queues one e-mail per
// recipient in the same transaction (the outbox).
func (a *App) notifyStore() notify.Store {
	st := repository.NewNotifyStore(a.DB)
	if a.Cfg.SMTPURL == "" {
		return st
	}
	c, _ := parseSMTPURL(a.Cfg.SMTPURL) // checked by Validate
	return mail.NotifyStore{Store: st, Outbox: mail.NewOutbox(repository.NewMailStore(a.DB), a.Clock, c.baseURL)}
}

// wireMail builds the e-mail settings service and, with an SMTP server, the worker that delivers the outbox
// every 10 seconds (once per message across servers: the claim is a lease in the database).
func (a *App) wireMail() {
	store := repository.NewMailStore(a.DB)
	a.Mail = mail.NewService(store, a.Tx, a.Clock, a.Cfg.SMTPURL != "")
	if a.Cfg.SMTPURL == "" {
		return
	}
	c, _ := parseSMTPURL(a.Cfg.SMTPURL)
	host, _ := os.Hostname()
	a.MailWorker = mail.NewWorker(store, smtpSender{c}, a.Clock, fmt.Sprintf("%s-%d-%s", host, os.Getpid(), mail.NewKey()[:8]))
	a.AddJob(schedule.Job{Name: MailJob, Every: 10 * time.Second, Run: func(ctx context.Context, _ time.Time) error {
		sent, err := a.MailWorker.RunOnce(ctx)
		if sent > 0 {
			a.Logger.Info("mail delivered", "messages", sent)
		}
		return err
	}})
}
