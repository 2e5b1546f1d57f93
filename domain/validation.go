package domain

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// FieldError is one broken rule on one field; Field is the JSON path of the field in the request
// (`kpis[1].target`).
type FieldError struct {
	Field string
	Code  string
	Zh    string
	En    string
	// Params are the numbers the rule was checked against (out_of_range: "min" and "max"), so that a client can
	// say them in the user's unit (a money limit in fen is shown in 万元). Nil when the rule has none.
	Params map[string]int64
}

// ValidationError lists every field error of a request (422).
type ValidationError struct {
	Fields []FieldError
}

// Error summarises the fields in English.
func (v *ValidationError) Error() string {
	parts := make([]string, 0, len(v.Fields))
	for _, f := range v.Fields {
		parts = append(parts, f.Field+": "+f.En)
	}
	return "validation failed: " + strings.Join(parts, "; ")
}

// Has reports whether field has an error (for tests and callers that branch).
func (v *ValidationError) Has(field string) bool {
	for _, f := range v.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Validator accumulates field errors. The zero value is ready to use.
type Validator struct {
	fields []FieldError
}

// Add records a field error.
func (v *Validator) Add(field, code, zh, en string) {
	v.fields = append(v.fields, FieldError{Field: field, Code: code, Zh: zh, En: en})
}

// Merge adds every field error of err (a *ValidationError) under prefix; any other error is returned.
func (v *Validator) Merge(prefix string, err error) error {
	if err == nil {
		return nil
	}
	ve, ok := err.(*ValidationError)
	if !ok {
		return err
	}
	for _, f := range ve.Fields {
		if prefix != "" {
			f.Field = prefix + "." + f.Field
		}
		v.fields = append(v.fields, f)
	}
	return nil
}

// Check records a field error when ok is false, and returns ok.
func (v *Validator) Check(ok bool, field, code, zh, en string) bool {
	if !ok {
		v.Add(field, code, zh, en)
	}
	return ok
}

// Required records `required` when s is blank.
func (v *Validator) Required(field, s string) bool {
	return v.Check(strings.TrimSpace(s) != "", field, "required", "此项为必填项", "is required")
}

// RequiredText records `required` when s is blank, else `too_long` when its trimmed length exceeds n.
func (v *Validator) RequiredText(field, s string, n int) bool {
	return v.Required(field, s) && v.MaxLen(field, strings.TrimSpace(s), n)
}

// MaxLen records `too_long` when s has more than n characters (runes).
func (v *Validator) MaxLen(field, s string, n int) bool {
	return v.Check(utf8.RuneCountInString(s) <= n, field, "too_long",
		fmt.Sprintf("长度不能超过 %d 个字符", n), fmt.Sprintf("must be at most %d characters", n))
}

// Range records `out_of_range` when x is outside [lo, hi], with the limits as Params "min" and "max".
func (v *Validator) Range(field string, x, lo, hi int64) bool {
	if x >= lo && x <= hi {
		return true
	}
	v.fields = append(v.fields, FieldError{Field: field, Code: "out_of_range",
		Zh: fmt.Sprintf("应在 %d 到 %d 之间", lo, hi), En: fmt.Sprintf("must be between %d and %d", lo, hi),
		Params: map[string]int64{"min": lo, "max": hi}})
	return false
}

// NonNegative records `negative` when x < 0.
func (v *Validator) NonNegative(field string, x int64) bool {
	return v.Check(x >= 0, field, "negative", "不能为负数", "must not be negative")
}

// OneOf records `invalid_choice` when s is not among choices.
func (v *Validator) OneOf(field, s string, choices ...string) bool {
	for _, c := range choices {
		if s == c {
			return true
		}
	}
	return v.Check(false, field, "invalid_choice",
		"取值无效，可选："+strings.Join(choices, "、"), "must be one of: "+strings.Join(choices, ", "))
}

// Err returns the accumulated *ValidationError, or nil when there is none. Fields are sorted for stable output.
func (v *Validator) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	out := append([]FieldError(nil), v.fields...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return &ValidationError{Fields: out}
}

// FieldErr is a one-field *ValidationError.
func FieldErr(field, code, zh, en string) error {
	return &ValidationError{Fields: []FieldError{{Field: field, Code: code, Zh: zh, En: en}}}
}
