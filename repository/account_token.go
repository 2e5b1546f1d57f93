package repository

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"jiebang/domain/account"
)

type refreshTokenRow struct {
	ID        int64 `gorm:"primaryKey"`
	UserID    int64
	Family    string
	TokenHash string
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
	ExpiresAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
}

func (refreshTokenRow) TableName() string { return "refresh_tokens" }

func acctUTCPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func (r refreshTokenRow) toDomain() account.RefreshToken {
	return account.RefreshToken{ID: r.ID, UserID: r.UserID, Family: r.Family, Hash: r.TokenHash,
		CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC(), UsedAt: acctUTCPtr(r.UsedAt), RevokedAt: acctUTCPtr(r.RevokedAt)}
}

type loginAttemptRow struct {
	ID      int64 `gorm:"primaryKey"`
	Email   string
	IP      string `gorm:"column:ip"`
	Success bool
	// Pending: recorded, its check not yet ended.
	Pending bool
	At      time.Time
}

func (loginAttemptRow) TableName() string { return "login_attempts" }

// CreateRefreshToken stores a refresh token (its hash) and sets its ID.
func (s *AccountStore) CreateRefreshToken(ctx context.Context, t *account.RefreshToken) (err error) {
	defer wrap(&err, "account store: create refresh token of %d", t.UserID)
	row := refreshTokenRow{UserID: t.UserID, Family: t.Family, TokenHash: t.Hash, CreatedAt: dbTime(t.CreatedAt),
		ExpiresAt: dbTime(t.ExpiresAt)}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	t.ID = row.ID
	return nil
}

// RefreshTokenByHash returns the token with the hash.
func (s *AccountStore) RefreshTokenByHash(ctx context.Context, hash string) (_ account.RefreshToken, err error) {
	defer wrap(&err, "account store: refresh token by hash")
	var row refreshTokenRow
	if err := s.db.conn(ctx).Where("token_hash = ?", hash).Take(&row).Error; err != nil {
		return account.RefreshToken{}, translate(err)
	}
	return row.toDomain(), nil
}

// MarkRefreshTokenUsed compares and sets used_at on a live token.
func (s *AccountStore) MarkRefreshTokenUsed(ctx context.Context, id int64, at time.Time) (_ bool, err error) {
	defer wrap(&err, "account store: mark refresh token used %d", id)
	res := s.db.conn(ctx).Model(&refreshTokenRow{}).Where("id = ? AND used_at IS NULL AND revoked_at IS NULL", id).
		Update("used_at", dbTime(at))
	return res.RowsAffected == 1, translate(res.Error)
}

// RevokeRefreshFamily revokes every live token of the family.
func (s *AccountStore) RevokeRefreshFamily(ctx context.Context, family string, at time.Time) (err error) {
	defer wrap(&err, "account store: revoke refresh family")
	return translate(s.db.conn(ctx).Model(&refreshTokenRow{}).Where("family = ? AND revoked_at IS NULL", family).
		Update("revoked_at", dbTime(at)).Error)
}

// RevokeUserRefreshTokens revokes every live token of the user but those of the family keep ("": all).
func (s *AccountStore) RevokeUserRefreshTokens(ctx context.Context, userID int64, keep string, at time.Time) (err error) {
	defer wrap(&err, "account store: revoke user refresh tokens %d", userID)
	q := s.db.conn(ctx).Model(&refreshTokenRow{}).Where("user_id = ? AND revoked_at IS NULL", userID)
	if keep != "" {
		q = q.Where("family <> ?", keep)
	}
	return translate(q.Update("revoked_at", dbTime(at)).Error)
}

// SessionLive reports whether the family of the user has an unrevoked, unexpired token at now.
func (s *AccountStore) SessionLive(ctx context.Context, userID int64, family string, now time.Time) (_ bool, err error) {
	defer wrap(&err, "account store: session live %d", userID)
	var ids []int64
	err = s.db.conn(ctx).Model(&refreshTokenRow{}).
		Where("family = ? AND user_id = ? AND revoked_at IS NULL AND expires_at > ?", family, userID, dbTime(now)).
		Limit(1).Pluck("id", &ids).Error
	return len(ids) > 0, err
}

// RecordLoginAttempt stores one attempt and returns its id.
func (s *AccountStore) RecordLoginAttempt(ctx context.Context, a account.LoginAttempt) (_ int64, err error) {
	defer wrap(&err, "account store: record login attempt")
	row := loginAttemptRow{Email: a.Email, IP: a.IP, Success: a.Success, Pending: a.Pending, At: dbTime(a.At)}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return 0, translate(err)
	}
	return row.ID, nil
}

// MarkLoginSucceeded turns a recorded attempt into a success.
func (s *AccountStore) MarkLoginSucceeded(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "account store: mark login succeeded %d", id)
	return translate(s.db.conn(ctx).Model(&loginAttemptRow{}).Where("id = ?", id).
		Updates(map[string]any{"success": true, "pending": false}).Error)
}

// MarkLoginFailed settles a recorded attempt as a failure.
func (s *AccountStore) MarkLoginFailed(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "account store: mark login failed %d", id)
	return translate(s.db.conn(ctx).Model(&loginAttemptRow{}).Where("id = ? AND pending = ?", id, true).
		Update("pending", false).Error)
}

// DeleteLoginAttempt removes a recorded attempt.
func (s *AccountStore) DeleteLoginAttempt(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "account store: delete login attempt %d", id)
	return translate(s.db.conn(ctx).Where("id = ?", id).Delete(&loginAttemptRow{}).Error)
}

// KnownLoginAddress reports whether the e-mail logged in successfully from the address after since.
func (s *AccountStore) KnownLoginAddress(ctx context.Context, email, ip string, since time.Time) (_ bool, err error) {
	defer wrap(&err, "account store: known login address")
	var ids []int64
	err = s.db.conn(ctx).Model(&loginAttemptRow{}).Where("email = ? AND ip = ? AND success = ? AND at > ?",
		email, ip, true, dbTime(since)).Limit(1).Pluck("id", &ids).Error
	return len(ids) > 0, err
}

// LockThrottle takes a transaction-scoped advisory lock per key on PostgreSQL. On SQLite every write
// transaction is already exclusive (BEGIN IMMEDIATE on the one writer connection), so there is nothing to do.
func (s *AccountStore) LockThrottle(ctx context.Context, keys ...string) (err error) {
	defer wrap(&err, "account store: lock throttle")
	if s.db.Dialect != DialectPostgres {
		return nil
	}
	if !InTxContext(ctx) {
		return errors.New("LockThrottle needs a transaction")
	}
	for _, k := range keys {
		if err := s.db.conn(ctx).Exec("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", k).Error; err != nil {
			return translate(err)
		}
	}
	return nil
}

type registrationRow struct {
	ID int64 `gorm:"primaryKey"`
	IP string
	At time.Time
}

func (registrationRow) TableName() string { return "registrations" }

// RecordRegistration stores a registration from an address.
func (s *AccountStore) RecordRegistration(ctx context.Context, ip string, at time.Time) (err error) {
	defer wrap(&err, "account store: record registration")
	return translate(s.db.conn(ctx).Create(&registrationRow{IP: ip, At: dbTime(at)}).Error)
}

// RecentRegistrations returns the newest registration times of an address after since, newest first.
func (s *AccountStore) RecentRegistrations(ctx context.Context, ip string, since time.Time, limit int) (_ []time.Time, err error) {
	defer wrap(&err, "account store: recent registrations %d", limit)
	var rows []registrationRow
	if err := s.db.conn(ctx).Select("id", "at").Where("ip = ? AND at > ?", ip, dbTime(since)).
		Order("id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]time.Time, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.At.UTC())
	}
	return out, nil
}

// RecentLoginFailures returns the newest failed or pending attempts after since and after the attempt afterID,
// newest first; a pending attempt recorded before staleBefore counts as a failure.
func (s *AccountStore) RecentLoginFailures(ctx context.Context, byEmail bool, key string, since, staleBefore time.Time,
	afterID int64, limit int) (_ []account.AttemptMark, err error) {
	defer wrap(&err, "account store: recent login failures %q %d %d", key, afterID, limit)
	col := "ip"
	if byEmail {
		col = "email"
	}
	var rows []loginAttemptRow
	if err := s.db.conn(ctx).Select("id", "at", "pending").
		Where(col+" = ? AND success = ? AND at > ? AND id > ?", key, false, dbTime(since), afterID).
		Order("id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, err
	}
	stale := dbTime(staleBefore)
	out := make([]account.AttemptMark, 0, len(rows))
	for _, r := range rows {
		out = append(out, account.AttemptMark{At: r.At.UTC(), Pending: r.Pending && r.At.After(stale)})
	}
	return out, nil
}

// LastLoginSuccess returns the id of the newest successful login of the e-mail after since (0: none).
func (s *AccountStore) LastLoginSuccess(ctx context.Context, email string, since time.Time) (_ int64, err error) {
	defer wrap(&err, "account store: last login success")
	var row loginAttemptRow
	err = s.db.conn(ctx).Select("id").Where("email = ? AND success = ? AND at > ?", email, true, dbTime(since)).
		Order("id DESC").Limit(1).Take(&row).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return 0, nil
	case err != nil:
		return 0, err
	}
	return row.ID, nil
}

// Prune deletes login attempts and expired refresh tokens older than before.
func (s *AccountStore) Prune(ctx context.Context, before time.Time) (err error) {
	defer wrap(&err, "account store: prune")
	tx := s.db.conn(ctx)
	if err := tx.Where("at < ?", dbTime(before)).Delete(&loginAttemptRow{}).Error; err != nil {
		return translate(err)
	}
	if err := tx.Where("at < ?", dbTime(before)).Delete(&registrationRow{}).Error; err != nil {
		return translate(err)
	}
	return translate(tx.Where("expires_at < ?", dbTime(before)).Delete(&refreshTokenRow{}).Error)
}
