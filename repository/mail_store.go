package repository

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"jiebang/domain"
	"jiebang/domain/mail"
)

// MailStore implements mail.Store.
type MailStore struct{ db *DB }

// NewMailStore returns the mail store.
func NewMailStore(db *DB) *MailStore { return &MailStore{db: db} }

var _ mail.Store = (*MailStore)(nil)

type mailRow struct {
	ID            int64 `gorm:"primaryKey"`
	IdemKey       string
	UserID        int64
	ToAddr        string
	Kind          string
	Subject       string
	Body          string
	Status        string
	Attempts      int
	NextAttemptAt time.Time
	LeaseOwner    string
	LeaseUntil    *time.Time
	LastError     string
	CreatedAt     time.Time
	SentAt        *time.Time
}

func (mailRow) TableName() string { return "mail_outbox" }

func (r mailRow) toDomain() mail.Message {
	return mail.Message{ID: r.ID, Key: r.IdemKey, UserID: r.UserID, To: r.ToAddr, Kind: r.Kind, Subject: r.Subject,
		Body: r.Body, Status: r.Status, Attempts: r.Attempts, NextAttemptAt: r.NextAttemptAt.UTC(), LastError: r.LastError,
		CreatedAt: r.CreatedAt.UTC(), SentAt: acctUTCPtr(r.SentAt)}
}

type mailPrefsRow struct {
	UserID    int64 `gorm:"primaryKey"`
	Lang      string
	Muted     string
	UpdatedAt time.Time
}

func (mailPrefsRow) TableName() string { return "mail_prefs" }

func (r mailPrefsRow) toDomain() mail.Prefs {
	p := mail.Prefs{Lang: r.Lang, Muted: []string{}}
	_ = json.Unmarshal([]byte(r.Muted), &p.Muted)
	return p
}

// Recipients returns the enabled users among ids with their preferences.
func (s *MailStore) Recipients(ctx context.Context, ids []int64) (_ []mail.Recipient, err error) {
	defer wrap(&err, "mail store: recipients")
	var rows []struct {
		ID    int64
		Email string
		Lang  *string
		Muted *string
	}
	err = s.db.conn(ctx).Table("users").Select("users.id, users.email, mail_prefs.lang, mail_prefs.muted").
		Joins("LEFT JOIN mail_prefs ON mail_prefs.user_id = users.id").
		Where("users.id IN ? AND NOT users.disabled", ids).Order("users.id").Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]mail.Recipient, len(rows))
	for i, r := range rows {
		p := mailPrefsRow{Lang: "zh-CN", Muted: "[]"}
		if r.Lang != nil {
			p.Lang = *r.Lang
		}
		if r.Muted != nil {
			p.Muted = *r.Muted
		}
		out[i] = mail.Recipient{UserID: r.ID, Email: r.Email, Prefs: p.toDomain()}
	}
	return out, nil
}

// Enqueue writes the messages.
func (s *MailStore) Enqueue(ctx context.Context, ms []mail.Message) (err error) {
	defer wrap(&err, "mail store: enqueue")
	rows := make([]mailRow, len(ms))
	for i, m := range ms {
		rows[i] = mailRow{IdemKey: m.Key, UserID: m.UserID, ToAddr: m.To, Kind: m.Kind, Subject: m.Subject, Body: m.Body,
			Status: mail.StatusPending, NextAttemptAt: dbTime(m.NextAttemptAt), CreatedAt: dbTime(m.CreatedAt)}
	}
	return translate(s.db.conn(ctx).Create(&rows).Error)
}

// Claim leases up to n due messages to owner. On PostgreSQL the candidate rows are locked with FOR UPDATE SKIP
// LOCKED, so concurrent workers take disjoint batches without waiting; on SQLite the transaction is the single
// writer's. The UPDATE re-checks the lease, so a row is never held by two owners.
func (s *MailStore) Claim(ctx context.Context, owner string, now, leaseUntil time.Time, n int) (_ []mail.Message, err error) {
	defer wrap(&err, "mail store: claim %d", n)
	var out []mail.Message
	err = NewTxManager(s.db).InTx(ctx, func(ctx context.Context) error {
		q := s.db.conn(ctx).Model(&mailRow{}).Select("id").
			Where("status = ? AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)", mail.StatusPending, dbTime(now), dbTime(now)).
			Order("id").Limit(n)
		if s.db.Dialect == DialectPostgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
		}
		var ids []int64
		if err := q.Pluck("id", &ids).Error; err != nil {
			return translate(err)
		}
		if len(ids) == 0 {
			return nil
		}
		err := s.db.conn(ctx).Model(&mailRow{}).
			Where("id IN ? AND status = ? AND (lease_until IS NULL OR lease_until <= ?)", ids, mail.StatusPending, dbTime(now)).
			Updates(map[string]any{"lease_owner": owner, "lease_until": dbTime(leaseUntil), "attempts": gorm.Expr("attempts + 1")}).Error
		if err != nil {
			return translate(err)
		}
		var rows []mailRow
		if err := s.db.conn(ctx).Where("id IN ? AND lease_owner = ? AND status = ?", ids, owner, mail.StatusPending).
			Order("id").Find(&rows).Error; err != nil {
			return translate(err)
		}
		for _, r := range rows {
			out = append(out, r.toDomain())
		}
		return nil
	})
	return out, err
}

// MarkSent marks a message sent if owner still holds it.
func (s *MailStore) MarkSent(ctx context.Context, id int64, owner string, at time.Time) (_ bool, err error) {
	defer wrap(&err, "mail store: mark sent %d", id)
	var won bool
	err = NewTxManager(s.db).InTx(ctx, func(ctx context.Context) error {
		res := s.db.conn(ctx).Model(&mailRow{}).Where("id = ? AND lease_owner = ? AND status = ?", id, owner, mail.StatusPending).
			Updates(map[string]any{"status": mail.StatusSent, "sent_at": dbTime(at), "lease_until": nil, "last_error": ""})
		won = res.RowsAffected == 1
		return translate(res.Error)
	})
	return won, err
}

// Retry records a failed send.
func (s *MailStore) Retry(ctx context.Context, id int64, owner, lastError string, next time.Time, giveUp bool) (err error) {
	defer wrap(&err, "mail store: retry %d", id)
	status := mail.StatusPending
	if giveUp {
		status = mail.StatusFailed
	}
	return NewTxManager(s.db).InTx(ctx, func(ctx context.Context) error {
		return translate(s.db.conn(ctx).Model(&mailRow{}).Where("id = ? AND lease_owner = ? AND status = ?", id, owner, mail.StatusPending).
			Updates(map[string]any{"status": status, "last_error": lastError, "next_attempt_at": dbTime(next), "lease_until": nil}).Error)
	})
}

// Undelivered lists pending and failed messages, oldest first.
func (s *MailStore) Undelivered(ctx context.Context, p domain.Page) (_ domain.List[mail.Message], err error) {
	defer wrap(&err, "mail store: undelivered")
	q := s.db.conn(ctx).Model(&mailRow{}).Where("status <> ?", mail.StatusSent)
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return domain.List[mail.Message]{}, translate(err)
	}
	var rows []mailRow
	if err := q.Order("id").Offset(p.Offset()).Limit(p.PageSize).Find(&rows).Error; err != nil {
		return domain.List[mail.Message]{}, translate(err)
	}
	l := domain.List[mail.Message]{Items: make([]mail.Message, len(rows)), Total: total, Page: p.Page, PageSize: p.PageSize}
	for i, r := range rows {
		l.Items[i] = r.toDomain()
	}
	return l, nil
}

// Prefs returns a user's preferences (the defaults when never saved).
func (s *MailStore) Prefs(ctx context.Context, userID int64) (_ mail.Prefs, err error) {
	defer wrap(&err, "mail store: prefs %d", userID)
	var r mailPrefsRow
	err = s.db.conn(ctx).Where("user_id = ?", userID).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return mail.Prefs{Lang: "zh-CN", Muted: []string{}}, nil
	}
	if err != nil {
		return mail.Prefs{}, translate(err)
	}
	return r.toDomain(), nil
}

// SavePrefs replaces a user's preferences.
func (s *MailStore) SavePrefs(ctx context.Context, userID int64, p mail.Prefs, at time.Time) (err error) {
	defer wrap(&err, "mail store: save prefs %d", userID)
	muted, err := json.Marshal(p.Muted)
	if err != nil {
		return err
	}
	r := mailPrefsRow{UserID: userID, Lang: p.Lang, Muted: string(muted), UpdatedAt: dbTime(at)}
	return translate(s.db.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"lang", "muted", "updated_at"}),
	}).Create(&r).Error)
}

// KindsOf lists the notification kinds the user has received.
func (s *MailStore) KindsOf(ctx context.Context, userID int64) (_ []string, err error) {
	defer wrap(&err, "mail store: kinds of %d", userID)
	var kinds []string
	err = s.db.conn(ctx).Table("notifications").Where("user_id = ?", userID).Distinct("kind").Order("kind").Pluck("kind", &kinds).Error
	return kinds, translate(err)
}
