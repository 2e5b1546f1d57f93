package api

import (
	"errors"
	"fmt"
	"testing"
)

type located struct {
	loc string
	err error
}

func (e located) Error() string    { return e.loc + ": " + e.err.Error() }
func (e located) Unwrap() error    { return e.err }
func (e located) Location() string { return e.loc }

// TestSourceOfIsTheDeepestLocation: the source of an error is where it was created or first wrapped, the
// deepest location in its chain, through fmt.Errorf wrapping with one or several %w and errors.Join.
func TestSourceOfIsTheDeepestLocation(t *testing.T) {
	base := errors.New("boom")
	inner := located{"repository/a.go:1", base}
	outer := located{"repository/b.go:2", fmt.Errorf("op: %w", inner)}
	for _, c := range []struct {
		err  error
		want string
	}{
		{base, ""},
		{inner, "repository/a.go:1"},
		{outer, "repository/a.go:1"},
		{fmt.Errorf("service: %w", outer), "repository/a.go:1"},
		{fmt.Errorf("%w: %w", errors.New("sentinel"), outer), "repository/a.go:1"},
		{errors.Join(base, located{"repository/c.go:3", base}), "repository/c.go:3"},
		{located{"repository/d.go:4", errors.Join(base)}, "repository/d.go:4"},
	} {
		if got := sourceOf(c.err); got != c.want {
			t.Errorf("sourceOf(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
