package repository

import (
	"fmt"
	"path/filepath"
	"runtime"
)

// storeError is an error a store returns to the domain: the operation and key that failed ("challenge store:
// get 12"), the place in the repository that returned it, and the cause, translated to the domain's sentinels
// (errors.Is(err, domain.ErrNotFound) and errors.As(err, &*domain.Error) see through it).
type storeError struct {
	op   string
	file string
	line int
	err  error
}

func (e *storeError) Error() string { return e.op + ": " + e.err.Error() }

func (e *storeError) Unwrap() error { return e.err }

// Location is where the store returned the error ("repository/challenge_store.go:48"): the api logs it with an
// unexpected error (a 500) so a report can be traced to its source; it is never shown to a client.
func (e *storeError) Location() string { return fmt.Sprintf("%s:%d", e.file, e.line) }

// wrap names the operation and key of a store method in the error it returns, and where it returned it. It
// is deferred at the top of every exported store method with the method's named error result:
//
//	func (s *ChallengeStore) Get(ctx context.Context, id int64) (_ challenge.Challenge, err error) {
//		defer wrap(&err, "challenge store: get %d", id)
//
// so every return path is covered. A nil error stays nil and costs nothing but the deferred call; the location
// is the return statement that produced the error (runtime.Caller of the deferred call, cheap and only on
// failure). The cause is translated (a no-op for the errors the gorm callback translated already).
func wrap(errp *error, format string, args ...any) {
	if *errp == nil {
		return
	}
	_, file, line, _ := runtime.Caller(1)
	*errp = &storeError{op: fmt.Sprintf(format, args...), file: shortPath(file), line: line, err: translate(*errp)}
}

// shortPath keeps the last directory and the file name of a source path ("repository/challenge_store.go").
func shortPath(file string) string {
	dir, name := filepath.Split(file)
	return filepath.Join(filepath.Base(dir), name)
}
