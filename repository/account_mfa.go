package repository

import (
	"context"
	"errors"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
)

type userMFARow struct {
	UserID      int64 `gorm:"primaryKey;autoIncrement:false"`
	Secret      string
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
	ConfirmedAt *time.Time
	LastStep    int64
}

func (userMFARow) TableName() string { return "user_mfa" }

func (r userMFARow) toDomain() account.MFA {
	return account.MFA{UserID: r.UserID, Secret: r.Secret, CreatedAt: r.CreatedAt.UTC(),
		ConfirmedAt: acctUTCPtr(r.ConfirmedAt), LastStep: r.LastStep}
}

type recoveryCodeRow struct {
	ID        int64 `gorm:"primaryKey"`
	UserID    int64
	CodeHash  string
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
	UsedAt    *time.Time
}

func (recoveryCodeRow) TableName() string { return "mfa_recovery_codes" }

// MFAByUser returns the user's second factor.
func (s *AccountStore) MFAByUser(ctx context.Context, userID int64) (_ account.MFA, err error) {
	defer wrap(&err, "account store: mfa of %d", userID)
	var row userMFARow
	if err := s.db.conn(ctx).Where("user_id = ?", userID).Take(&row).Error; err != nil {
		return account.MFA{}, translate(err)
	}
	return row.toDomain(), nil
}

// PutPendingMFA replaces the user's unconfirmed second factor by m; false when a confirmed one exists.
func (s *AccountStore) PutPendingMFA(ctx context.Context, m account.MFA) (_ bool, err error) {
	defer wrap(&err, "account store: put pending mfa of %d", m.UserID)
	tx := s.db.conn(ctx)
	if err := tx.Where("user_id = ? AND confirmed_at IS NULL", m.UserID).Delete(&userMFARow{}).Error; err != nil {
		return false, translate(err)
	}
	var n int64
	if err := tx.Model(&userMFARow{}).Where("user_id = ?", m.UserID).Count(&n).Error; err != nil {
		return false, translate(err)
	}
	if n > 0 {
		return false, nil
	}
	row := userMFARow{UserID: m.UserID, Secret: m.Secret, CreatedAt: dbTime(m.CreatedAt)}
	if err := tx.Create(&row).Error; err != nil {
		return false, translate(err)
	}
	return true, nil
}

// ConfirmMFA confirms the user's unconfirmed second factor of the secret.
func (s *AccountStore) ConfirmMFA(ctx context.Context, userID int64, secret string, step int64, at time.Time) (_ bool, err error) {
	defer wrap(&err, "account store: confirm mfa of %d", userID)
	res := s.db.conn(ctx).Model(&userMFARow{}).Where("user_id = ? AND secret = ? AND confirmed_at IS NULL", userID, secret).
		Updates(map[string]any{"confirmed_at": dbTime(at), "last_step": step})
	return res.RowsAffected == 1, translate(res.Error)
}

// UseMFAStep compares and sets the newest used time step.
func (s *AccountStore) UseMFAStep(ctx context.Context, userID, step int64) (_ bool, err error) {
	defer wrap(&err, "account store: use mfa step of %d", userID)
	res := s.db.conn(ctx).Model(&userMFARow{}).
		Where("user_id = ? AND confirmed_at IS NOT NULL AND last_step < ?", userID, step).Update("last_step", step)
	return res.RowsAffected == 1, translate(res.Error)
}

// DeleteMFA removes the user's second factor and recovery codes.
func (s *AccountStore) DeleteMFA(ctx context.Context, userID int64) (_ bool, err error) {
	defer wrap(&err, "account store: delete mfa of %d", userID)
	tx := s.db.conn(ctx)
	if err := tx.Where("user_id = ?", userID).Delete(&recoveryCodeRow{}).Error; err != nil {
		return false, translate(err)
	}
	res := tx.Where("user_id = ? AND confirmed_at IS NOT NULL", userID).Delete(&userMFARow{})
	if res.Error != nil {
		return false, translate(res.Error)
	}
	if err := tx.Where("user_id = ?", userID).Delete(&userMFARow{}).Error; err != nil {
		return false, translate(err)
	}
	return res.RowsAffected == 1, nil
}

// ReplaceRecoveryCodes replaces the user's recovery codes.
func (s *AccountStore) ReplaceRecoveryCodes(ctx context.Context, userID int64, hashes []string, at time.Time) (err error) {
	defer wrap(&err, "account store: replace recovery codes of %d", userID)
	tx := s.db.conn(ctx)
	if err := tx.Where("user_id = ?", userID).Delete(&recoveryCodeRow{}).Error; err != nil {
		return translate(err)
	}
	rows := make([]recoveryCodeRow, len(hashes))
	for i, h := range hashes {
		rows[i] = recoveryCodeRow{UserID: userID, CodeHash: h, CreatedAt: dbTime(at)}
	}
	if len(rows) == 0 {
		return nil
	}
	return translate(tx.Create(&rows).Error)
}

// UseRecoveryCode consumes the user's unused recovery code of the hash.
func (s *AccountStore) UseRecoveryCode(ctx context.Context, userID int64, hash string, at time.Time) (_ bool, err error) {
	defer wrap(&err, "account store: use recovery code of %d", userID)
	var row recoveryCodeRow
	err = s.db.conn(ctx).Where("user_id = ? AND code_hash = ? AND used_at IS NULL", userID, hash).Take(&row).Error
	if err != nil {
		if err = translate(err); isNotFound(err) {
			return false, nil
		}
		return false, err
	}
	res := s.db.conn(ctx).Model(&recoveryCodeRow{}).Where("id = ? AND used_at IS NULL", row.ID).Update("used_at", dbTime(at))
	return res.RowsAffected == 1, translate(res.Error)
}

// RecoveryCodesLeft counts the user's unused recovery codes.
func (s *AccountStore) RecoveryCodesLeft(ctx context.Context, userID int64) (_ int, err error) {
	defer wrap(&err, "account store: recovery codes left of %d", userID)
	var n int64
	err = s.db.conn(ctx).Model(&recoveryCodeRow{}).Where("user_id = ? AND used_at IS NULL", userID).Count(&n).Error
	return int(n), err
}

func isNotFound(err error) bool { return err != nil && errors.Is(err, domain.ErrNotFound) }
