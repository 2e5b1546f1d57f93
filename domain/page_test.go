package domain_test

import (
	"math"
	"testing"

	"jiebang/domain"
)

func TestPageOffset(t *testing.T) {
	cases := []struct {
		p    domain.Page
		want int
	}{
		{domain.Page{Page: 1, PageSize: 20}, 0},
		{domain.Page{Page: 3, PageSize: 20}, 40},
		{domain.Page{Page: 0, PageSize: 20}, 0},
		// An absurd page must not wrap round to a small or negative offset (that would show the first rows).
		{domain.Page{Page: math.MaxInt, PageSize: 100}, math.MaxInt},
		{domain.Page{Page: math.MaxInt / 50, PageSize: 100}, math.MaxInt},
	}
	for _, tc := range cases {
		if got := tc.p.Offset(); got != tc.want {
			t.Errorf("%+v: offset %d, want %d", tc.p, got, tc.want)
		}
	}
}
