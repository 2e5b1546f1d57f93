package repository

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm/clause"

	"jiebang/domain"
	"jiebang/domain/settings"
)

// SettingsStore implements settings.Store.
type SettingsStore struct{ db *DB }

// NewSettingsStore returns the settings store.
func NewSettingsStore(db *DB) *SettingsStore { return &SettingsStore{db: db} }

var _ settings.Store = (*SettingsStore)(nil)

type fieldRow struct {
	Code      string `gorm:"primaryKey"`
	NameZh    string
	NameEn    string
	Position  int
	Retired   bool
	UpdatedAt time.Time
}

func (fieldRow) TableName() string { return "industry_fields" }

func (r fieldRow) toDomain() settings.Field {
	return settings.Field{Code: r.Code, NameZh: r.NameZh, NameEn: r.NameEn, Position: r.Position, Retired: r.Retired}
}

type settingRow struct {
	Key       string `gorm:"primaryKey"`
	Value     string
	UpdatedAt time.Time
	UpdatedBy *int64
}

func (settingRow) TableName() string { return "settings" }

// Fields lists every field in display order.
func (s *SettingsStore) Fields(ctx context.Context) (_ []settings.Field, err error) {
	defer wrap(&err, "settings store: fields")
	var rows []fieldRow
	if err := s.db.conn(ctx).Order("position, code").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]settings.Field, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// Field returns one field.
func (s *SettingsStore) Field(ctx context.Context, code string) (_ settings.Field, err error) {
	defer wrap(&err, "settings store: field %q", code)
	var r fieldRow
	if err := s.db.conn(ctx).Where("code = ?", code).Take(&r).Error; err != nil {
		return settings.Field{}, translate(err)
	}
	return r.toDomain(), nil
}

// InsertField adds a field.
func (s *SettingsStore) InsertField(ctx context.Context, f settings.Field) (err error) {
	defer wrap(&err, "settings store: insert field %q", f.Code)
	r := fieldRow{Code: f.Code, NameZh: f.NameZh, NameEn: f.NameEn, Position: f.Position, Retired: f.Retired,
		UpdatedAt: time.Now().UTC()}
	return translate(s.db.conn(ctx).Create(&r).Error)
}

// UpdateField writes the names, position and retirement of a field.
func (s *SettingsStore) UpdateField(ctx context.Context, f settings.Field) (err error) {
	defer wrap(&err, "settings store: update field %q", f.Code)
	res := s.db.conn(ctx).Model(&fieldRow{}).Where("code = ?", f.Code).Updates(map[string]any{
		"name_zh": f.NameZh, "name_en": f.NameEn, "position": f.Position, "retired": f.Retired,
		"updated_at": time.Now().UTC(),
	})
	if res.Error == nil && res.RowsAffected == 0 {
		return domain.ErrNotFound
	}
	return translate(res.Error)
}

// DeleteField removes a field.
func (s *SettingsStore) DeleteField(ctx context.Context, code string) (err error) {
	defer wrap(&err, "settings store: delete field %q", code)
	return translate(s.db.conn(ctx).Where("code = ?", code).Delete(&fieldRow{}).Error)
}

// FieldInUse reports whether a challenge or an expert profile names code (expert_fields is comma-separated).
func (s *SettingsStore) FieldInUse(ctx context.Context, code string) (_ bool, err error) {
	defer wrap(&err, "settings store: field in use %q", code)
	var n int64
	if err := s.db.conn(ctx).Table("challenges").Where("field = ?", code).Limit(1).Count(&n).Error; err != nil {
		return false, translate(err)
	}
	if n > 0 {
		return true, nil
	}
	err = s.db.conn(ctx).Table("users").
		Where("expert_fields = ? OR expert_fields LIKE ? OR expert_fields LIKE ? OR expert_fields LIKE ?",
			code, code+",%", "%,"+code, "%,"+code+",%").Limit(1).Count(&n).Error
	return n > 0, translate(err)
}

// Value returns the JSON stored under key.
func (s *SettingsStore) Value(ctx context.Context, key string) (_ string, _ bool, err error) {
	defer wrap(&err, "settings store: value %q", key)
	var r settingRow
	err = s.db.conn(ctx).Where("key = ?", key).Take(&r).Error
	if err != nil {
		err = translate(err)
		if errors.Is(err, domain.ErrNotFound) {
			return "", false, nil
		}
		return "", false, err
	}
	return r.Value, true, nil
}

// PutValue stores value under key (insert or replace).
func (s *SettingsStore) PutValue(ctx context.Context, key, value string, at time.Time, by int64) (err error) {
	defer wrap(&err, "settings store: put value %q %d", key, by)
	r := settingRow{Key: key, Value: value, UpdatedAt: at}
	if by != 0 {
		r.UpdatedBy = &by
	}
	return translate(s.db.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "key"}},
		DoUpdates: clause.AssignmentColumns([]string{"value", "updated_at", "updated_by"}),
	}).Create(&r).Error)
}
