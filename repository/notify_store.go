package repository

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"jiebang/domain"
	"jiebang/domain/notify"
)

// NotifyStore implements notify.Store.
type NotifyStore struct{ db *DB }

// NewNotifyStore returns the notification store.
func NewNotifyStore(db *DB) *NotifyStore { return &NotifyStore{db: db} }

var _ notify.Store = (*NotifyStore)(nil)

// notificationRow is a row of notifications.
type notificationRow struct {
	ID        int64 `gorm:"primaryKey"`
	UserID    int64
	Kind      string
	TitleZh   string
	TitleEn   string
	BodyZh    string
	BodyEn    string
	Link      string
	Entity    string
	EntityID  int64
	CreatedAt time.Time
	ReadAt    *time.Time
}

func (notificationRow) TableName() string { return "notifications" }

func (r notificationRow) toDomain() notify.Notification {
	return notify.Notification{ID: r.ID, UserID: r.UserID, CreatedAt: r.CreatedAt.UTC(), ReadAt: acctUTCPtr(r.ReadAt),
		Message: notify.Message{Kind: r.Kind, TitleZh: r.TitleZh, TitleEn: r.TitleEn, BodyZh: r.BodyZh,
			BodyEn: r.BodyEn, Link: r.Link, Entity: r.Entity, EntityID: r.EntityID}}
}

// Add writes one notification of m per user.
func (s *NotifyStore) Add(ctx context.Context, userIDs []int64, m notify.Message, at time.Time) (err error) {
	defer wrap(&err, "notify store: add %q", m.Kind)
	if len(userIDs) == 0 {
		return nil
	}
	rows := make([]notificationRow, 0, len(userIDs))
	for _, id := range userIDs {
		rows = append(rows, notificationRow{UserID: id, Kind: m.Kind, TitleZh: m.TitleZh, TitleEn: m.TitleEn,
			BodyZh: m.BodyZh, BodyEn: m.BodyEn, Link: m.Link, Entity: m.Entity, EntityID: m.EntityID, CreatedAt: dbTime(at)})
	}
	return translate(s.db.conn(ctx).CreateInBatches(&rows, 200).Error)
}

// OrgMembers returns the enabled, active members of an organisation whose role is role (a pending or
// rejected user acts for no organisation and is told nothing of it; a member of another role is not told
// what the process tells this role).
func (s *NotifyStore) OrgMembers(ctx context.Context, orgID int64, role domain.Role) (_ []int64, err error) {
	defer wrap(&err, "notify store: %s members of org %d", role, orgID)
	var ids []int64
	err = s.db.conn(ctx).Model(&userRow{}).Where("org_id = ? AND role = ? AND disabled = ? AND membership = ?", orgID, string(role), false, "active").
		Order("id").Pluck("id", &ids).Error
	return ids, translate(err)
}

// RoleMembers returns the enabled users of a role.
func (s *NotifyStore) RoleMembers(ctx context.Context, role domain.Role) (_ []int64, err error) {
	defer wrap(&err, "notify store: role members %s", role)
	var ids []int64
	err = s.db.conn(ctx).Model(&userRow{}).Where("role = ? AND disabled = ?", string(role), false).Order("id").Pluck("id", &ids).Error
	return ids, translate(err)
}

// List returns one page of the user's notifications, newest first.
func (s *NotifyStore) List(ctx context.Context, userID int64, unreadOnly bool, p domain.Page) (_ domain.List[notify.Notification], err error) {
	defer wrap(&err, "notify store: list %d", userID)
	out := domain.List[notify.Notification]{Items: []notify.Notification{}, Page: p.Page, PageSize: p.PageSize}
	q := s.db.conn(ctx).Model(&notificationRow{}).Where("user_id = ?", userID)
	if unreadOnly {
		q = q.Where("read_at IS NULL")
	}
	if err := q.Count(&out.Total).Error; err != nil {
		return out, translate(err)
	}
	var rows []notificationRow
	if err := q.Order("id DESC").Offset(p.Offset()).Limit(p.PageSize).Find(&rows).Error; err != nil {
		return out, translate(err)
	}
	for _, r := range rows {
		out.Items = append(out.Items, r.toDomain())
	}
	return out, nil
}

// Unread counts the user's unread notifications.
func (s *NotifyStore) Unread(ctx context.Context, userID int64) (_ int, err error) {
	defer wrap(&err, "notify store: unread %d", userID)
	var n int64
	err = s.db.conn(ctx).Model(&notificationRow{}).Where("user_id = ? AND read_at IS NULL", userID).Count(&n).Error
	return int(n), translate(err)
}

// MarkRead marks the user's notification read; ErrNotFound when it is not the user's.
func (s *NotifyStore) MarkRead(ctx context.Context, userID, id int64, at time.Time) (err error) {
	defer wrap(&err, "notify store: mark read %d %d", userID, id)
	q := s.db.conn(ctx)
	res := q.Model(&notificationRow{}).Where("id = ? AND user_id = ? AND read_at IS NULL", id, userID).
		Update("read_at", dbTime(at))
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected > 0 {
		return nil
	}
	var n int64
	if err := q.Model(&notificationRow{}).Where("id = ? AND user_id = ?", id, userID).Count(&n).Error; err != nil {
		return translate(err)
	}
	if n == 0 {
		return domain.ErrNotFound
	}
	return nil
}

// MarkAllRead marks all the user's notifications read.
func (s *NotifyStore) MarkAllRead(ctx context.Context, userID int64, at time.Time) (err error) {
	defer wrap(&err, "notify store: mark all read %d", userID)
	return translate(s.db.conn(ctx).Model(&notificationRow{}).Where("user_id = ? AND read_at IS NULL", userID).
		Update("read_at", dbTime(at)).Error)
}

// ClaimStore implements schedule.Claims over the schedule_claims table.
type ClaimStore struct{ db *DB }

// NewClaimStore returns the claim store.
func NewClaimStore(db *DB) *ClaimStore { return &ClaimStore{db: db} }

// scheduleClaimRow is a row of schedule_claims.
type scheduleClaimRow struct {
	Job       string    `gorm:"primaryKey"`
	Subject   string    `gorm:"primaryKey"`
	DueAt     time.Time `gorm:"primaryKey"`
	ClaimedAt time.Time
}

func (scheduleClaimRow) TableName() string { return "schedule_claims" }

// Claim inserts (job, subject, due) in the caller's transaction (its own when there is none); false when the
// row exists. On PostgreSQL a concurrent claim of the same key waits for the first transaction and then finds
// the row, so exactly one of them gets true.
func (s *ClaimStore) Claim(ctx context.Context, job, subject string, due time.Time) (_ bool, err error) {
	defer wrap(&err, "claim store: claim")
	row := scheduleClaimRow{Job: job, Subject: subject, DueAt: dbTime(due), ClaimedAt: dbTime(time.Now())}
	claim := func(ctx context.Context) (bool, error) {
		res := s.db.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
		if res.Error != nil {
			return false, translate(res.Error)
		}
		return res.RowsAffected == 1, nil
	}
	if InTxContext(ctx) {
		return claim(ctx)
	}
	var won bool
	err = NewTxManager(s.db).InTx(ctx, func(ctx context.Context) (err error) {
		won, err = claim(ctx)
		return err
	})
	return won, err
}
