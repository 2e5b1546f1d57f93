package domain

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error a service returns wraps one of them; the api layer maps each to a status.
var (
	// ErrNotFound means the thing does not exist or the caller may not know it exists (404).
	ErrNotFound = errors.New("not found")
	// ErrForbidden means the caller is known but not allowed (403).
	ErrForbidden = errors.New("forbidden")
	// ErrUnauthenticated means the caller did not prove who it is (401).
	ErrUnauthenticated = errors.New("unauthenticated")
	// ErrConflict means the request clashes with the current state (409).
	ErrConflict = errors.New("conflict")
	// ErrInvalidTransition is a state change that the state machine does not allow from the current state (409).
	ErrInvalidTransition = fmt.Errorf("invalid transition: %w", ErrConflict)
	// ErrStale is what a store returns when a compare-and-set finds the row no longer in the expected state
	// (someone else changed it first); services turn it into their machine's invalid_transition (fsm.Machine.Lost).
	ErrStale = fmt.Errorf("changed meanwhile: %w", ErrInvalidTransition)
	// ErrDeadlinePassed is an action refused because its deadline has passed on the server clock (409).
	ErrDeadlinePassed = fmt.Errorf("deadline passed: %w", ErrConflict)
	// ErrRateLimited means too many attempts (429).
	ErrRateLimited = errors.New("rate limited")
	// ErrTooLarge means an upload or body over its size limit (413).
	ErrTooLarge = errors.New("too large")
	// ErrBadRequest means a malformed request, such as an unparsable parameter (400).
	ErrBadRequest = errors.New("bad request")
	// ErrUnprocessable is a well-formed request that breaks a rule without a field to name (422).
	ErrUnprocessable = errors.New("unprocessable")
	// ErrUnavailable means a service the operation needs (the attachment store) cannot be reached; the
	// request changed nothing and may be retried (503, with Retry-After).
	ErrUnavailable = errors.New("unavailable")
)

// Error is a domain error with a machine-readable code and a message in Chinese and English. It wraps one of
// the sentinels, which decides the HTTP status.
type Error struct {
	Kind    error
	Code    string
	Zh      string
	En      string
	Details map[string]any
	// RetryAfterSeconds is set on rate-limit errors.
	RetryAfterSeconds int
}

// Error returns the English message.
func (e *Error) Error() string { return e.Code + ": " + e.En }

// Unwrap lets errors.Is match the sentinel kind.
func (e *Error) Unwrap() error { return e.Kind }

// NewError builds an Error of a kind (one of the sentinels) with a code and both messages.
func NewError(kind error, code, zh, en string) *Error {
	return &Error{Kind: kind, Code: code, Zh: zh, En: en}
}

// WithDetails returns a copy of e carrying details.
func (e *Error) WithDetails(d map[string]any) *Error {
	c := *e
	c.Details = d
	return &c
}

// NotFound is the usual 404 for an entity the caller may not see, named in each language
// (NotFound("单位", "organisation")).
func NotFound(zh, en string) *Error {
	return NewError(ErrNotFound, "not_found", "未找到"+zh, en+" not found")
}

// StorageUnavailable is the 503 for an upload or download while the attachment store cannot be reached: nothing
// was written, and the client may retry after RetryAfterSeconds.
func StorageUnavailable() *Error {
	e := NewError(ErrUnavailable, "storage_unavailable", "附件存储暂时不可用，未保存任何内容，请稍后重试",
		"the attachment store is unavailable; nothing was saved, try again later")
	e.RetryAfterSeconds = 30
	return e
}

// Forbidden is a 403 with a reason.
func Forbidden(code, zh, en string) *Error { return NewError(ErrForbidden, code, zh, en) }

// Conflict is a 409 with a reason.
func Conflict(code, zh, en string) *Error { return NewError(ErrConflict, code, zh, en) }

// InvalidTransition is the 409 for a state change the state machine refuses.
func InvalidTransition(entity, from, action string) *Error {
	return NewError(ErrInvalidTransition, "invalid_transition",
		fmt.Sprintf("当前状态（%s）不允许此操作（%s）", from, action),
		fmt.Sprintf("%s in state %q cannot %s", entity, from, action)).
		WithDetails(map[string]any{"status": from, "action": action})
}

// DeadlinePassed is the 409 for an action after its deadline.
func DeadlinePassed(zh, en string) *Error {
	return NewError(ErrDeadlinePassed, "deadline_passed", zh, en)
}

// CodeOf returns the machine code of err, or "" when it carries none.
func CodeOf(err error) string {
	var de *Error
	if errors.As(err, &de) {
		return de.Code
	}
	var ve *ValidationError
	if errors.As(err, &ve) {
		return "validation_failed"
	}
	return ""
}
