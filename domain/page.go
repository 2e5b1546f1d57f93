package domain

import "math"

// Page is a paging request: 1-based page, page size capped at MaxPageSize.
type Page struct {
	Page     int
	PageSize int
}

// Default and maximum page sizes of the contract.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// Normalize fills defaults and caps the size.
func (p Page) Normalize() Page {
	if p.Page < 1 {
		p.Page = 1
	}
	if p.PageSize < 1 {
		p.PageSize = DefaultPageSize
	}
	if p.PageSize > MaxPageSize {
		p.PageSize = MaxPageSize
	}
	return p
}

// Offset is the number of rows to skip. It saturates instead of overflowing, so an absurd page number gives
// an empty page rather than wrapping round to the first rows.
func (p Page) Offset() int {
	if p.Page <= 1 || p.PageSize <= 0 {
		return 0
	}
	if p.Page-1 > math.MaxInt/p.PageSize {
		return math.MaxInt
	}
	return (p.Page - 1) * p.PageSize
}

// List is one page of results with the total count.
type List[T any] struct {
	Items    []T
	Total    int64
	Page     int
	PageSize int
}
