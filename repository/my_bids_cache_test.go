package repository

import (
	"testing"

	"jiebang/domain"
	"jiebang/domain/bid"
)

// TestMyBidsCacheStaysBounded: the cache keeps no more entries and no more (estimated) bytes than its bounds,
// and replacing a page does not count it twice.
func TestMyBidsCacheStaysBounded(t *testing.T) {
	c := &MyBidsCache{m: map[myBidsKey]myBidsEntry{}, maxEntries: 10, maxBytes: 10_000}
	page := bid.MinePage{List: domain.List[bid.View]{Items: []bid.View{{}}}}
	for org := int64(1); org <= 100; org++ {
		c.put(myBidsKey{org: org, page: 1, pageSize: 20}, myBidsEntry{page: page, size: 1_500})
		c.put(myBidsKey{org: org, page: 1, pageSize: 20}, myBidsEntry{page: page, size: 1_500})
		if len(c.m) > c.maxEntries || c.bytes > c.maxBytes {
			t.Fatalf("after org %d: %d entries, %d bytes", org, len(c.m), c.bytes)
		}
	}
	sum := 0
	for _, e := range c.m {
		sum += e.size
	}
	if sum != c.bytes || len(c.m) != 6 {
		t.Fatalf("%d entries of %d bytes, counted %d", len(c.m), sum, c.bytes)
	}
	c.put(myBidsKey{org: 1000}, myBidsEntry{size: c.maxBytes})
	if _, ok := c.m[myBidsKey{org: 1000}]; ok {
		t.Fatal("a page larger than a quarter of the budget is kept")
	}
}
