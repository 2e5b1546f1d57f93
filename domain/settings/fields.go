package settings

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// Field is an industry field (产业领域). Its Code is stable forever (challenges and expert profiles store it);
// its names may change; a field in use can only be Retired: it stays valid for what names it, for filters and
// for display, but cannot be chosen for new content.
type Field struct {
	Code     string
	NameZh   string
	NameEn   string
	Position int
	Retired  bool
}

// FieldPatch changes a field; nil members stay.
type FieldPatch struct {
	NameZh  *string
	NameEn  *string
	Retired *bool
}

const maxFieldName = 50

var fieldCode = regexp.MustCompile(`^[a-z][a-z0-9_]{1,31}$`)

// Fields lists every field in display order, retired ones included (anyone may read them).
func (s *Service) Fields(ctx context.Context) ([]Field, error) { return s.store.Fields(ctx) }

// ActiveFieldCodes lists the codes that new content may choose.
func (s *Service) ActiveFieldCodes(ctx context.Context) ([]string, error) {
	fs, err := s.store.Fields(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		if !f.Retired {
			out = append(out, f.Code)
		}
	}
	return out, nil
}

// KnownField reports whether code is a field, retired or not (filters accept both).
func (s *Service) KnownField(ctx context.Context, code string) (bool, error) {
	_, err := s.store.Field(ctx, code)
	if errors.Is(err, domain.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

func checkNames(v *domain.Validator, zh, en string) {
	if v.Required("name_zh", zh) {
		v.MaxLen("name_zh", zh, maxFieldName)
	}
	if v.Required("name_en", en) {
		v.MaxLen("name_en", en, maxFieldName)
	}
}

// AddField adds a field at the end of the list (bureau). The code is lower-case letters, digits and
// underscores (2..32, starting with a letter); a code that exists is 409 field_exists.
func (s *Service) AddField(ctx context.Context, actor domain.Actor, f Field) (Field, error) {
	if err := mayWrite(actor); err != nil {
		return Field{}, err
	}
	f.Code = strings.TrimSpace(f.Code)
	f.NameZh, f.NameEn = strings.TrimSpace(f.NameZh), strings.TrimSpace(f.NameEn)
	var v domain.Validator
	v.Check(fieldCode.MatchString(f.Code), "code", "invalid_code", "代码须为 2–32 位小写字母、数字或下划线，以字母开头",
		"2 to 32 lower-case letters, digits or underscores, starting with a letter")
	checkNames(&v, f.NameZh, f.NameEn)
	if err := v.Err(); err != nil {
		return Field{}, err
	}
	f.Retired = false
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.store.Field(ctx, f.Code); err == nil {
			return domain.Conflict("field_exists", "领域代码已存在："+f.Code, "the field code exists: "+f.Code)
		} else if !errors.Is(err, domain.ErrNotFound) {
			return err
		}
		all, err := s.store.Fields(ctx)
		if err != nil {
			return err
		}
		for _, g := range all {
			f.Position = max(f.Position, g.Position+1)
		}
		if err := s.store.InsertField(ctx, f); err != nil {
			return err
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: EntitySetting, Action: "field_add", After: f})
	})
	return f, err
}

// UpdateField renames, retires or restores a field (bureau). Unknown codes are 404.
func (s *Service) UpdateField(ctx context.Context, actor domain.Actor, code string, p FieldPatch) (Field, error) {
	if err := mayWrite(actor); err != nil {
		return Field{}, err
	}
	var out Field
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		f, err := s.store.Field(ctx, code)
		if err != nil {
			return fieldNotFound(err)
		}
		before := f
		if p.NameZh != nil {
			f.NameZh = strings.TrimSpace(*p.NameZh)
		}
		if p.NameEn != nil {
			f.NameEn = strings.TrimSpace(*p.NameEn)
		}
		if p.Retired != nil {
			f.Retired = *p.Retired
		}
		var v domain.Validator
		checkNames(&v, f.NameZh, f.NameEn)
		if err := v.Err(); err != nil {
			return err
		}
		if err := s.store.UpdateField(ctx, f); err != nil {
			return err
		}
		out = f
		return s.audit.Log(ctx, actor, audit.Record{Entity: EntitySetting, Action: "field_update", Before: before, After: f})
	})
	return out, err
}

// DeleteField removes a field nothing names (bureau); a field in use is 409 field_in_use: retire it instead.
func (s *Service) DeleteField(ctx context.Context, actor domain.Actor, code string) error {
	if err := mayWrite(actor); err != nil {
		return err
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		f, err := s.store.Field(ctx, code)
		if err != nil {
			return fieldNotFound(err)
		}
		used, err := s.store.FieldInUse(ctx, code)
		if err != nil {
			return err
		}
		if used {
			return domain.Conflict("field_in_use", "该领域已被榜单或专家使用，只能停用，不能删除",
				"the field is in use by a challenge or an expert: retire it instead of removing it")
		}
		if err := s.store.DeleteField(ctx, code); err != nil {
			return err
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: EntitySetting, Action: "field_delete", Before: f})
	})
}

func fieldNotFound(err error) error {
	if errors.Is(err, domain.ErrNotFound) {
		return domain.NewError(domain.ErrNotFound, "not_found", "未找到该领域", "no such field")
	}
	return err
}
