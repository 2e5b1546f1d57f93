package domain

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

// Offset is the number of rows to skip.
func (p Page) Offset() int { return (p.Page - 1) * p.PageSize }

// List is one page of results with the total count.
type List[T any] struct {
	Items    []T
	Total    int64
	Page     int
	PageSize int
}
