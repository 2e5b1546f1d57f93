package repository

import (
	"context"
	"sync"
	"time"

	"jiebang/domain"
	"jiebang/domain/bid"
)

// 我的揭榜 (GET /me/bids) builds each bid's view from the bid, its challenge, its attachments and its newest
// correction. A page is cached per organisation (every team user of it sees the same page) and served while
// the versions it was read at are current (migration 00067): org_bid_versions, bumped by triggers on the
// organisation's bids, their attachments and corrections and on its name, and bid_challenge_version, bumped
// when a challenge's title, status or deadline changes. Both are read by one prepared statement. As the
// actions change with the clock alone at a bidding deadline or a correction's due date, a page also holds
// only until the soonest of those among its items.

const (
	// MyBidsVersionSQL reads the versions a page of 我的揭榜 was read at (two primary-key lookups).
	MyBidsVersionSQL = "SELECT (SELECT v FROM bid_challenge_version WHERE id = 1), " +
		"COALESCE((SELECT v FROM org_bid_versions WHERE org_id = ?), 0)"
	// myBidsCacheEntries and myBidsCacheBytes bound the pages kept (a page or two per active organisation):
	// the bytes are estimated from the pages' texts, so the cache stays well under the RSS budget whatever
	// the number of organisations.
	myBidsCacheEntries = 20000
	myBidsCacheBytes   = 96 << 20
)

type myBidsKey struct {
	org            int64
	page, pageSize int
}

// myBidsEntry is the page read at the versions (challenges, org) at the instant from; it is the answer for
// any instant in [from, until) (until zero: no end) while the versions hold.
type myBidsEntry struct {
	challenges, org int64
	from, until     time.Time
	page            bid.MinePage
	size            int
}

func (e myBidsEntry) serves(challenges, org int64, now time.Time) bool {
	return e.challenges == challenges && e.org == org && !now.Before(e.from) && (e.until.IsZero() || now.Before(e.until))
}

// MyBidsCache is the bid service's MineCache.
type MyBidsCache struct {
	version *versionQuery
	mu      sync.RWMutex
	m       map[myBidsKey]myBidsEntry
	bytes   int
	// maxEntries and maxBytes bound the cache (tests lower them).
	maxEntries, maxBytes int
}

// NewMyBidsCache returns the cache of 我的揭榜's pages over db.
func NewMyBidsCache(db *DB) *MyBidsCache {
	return &MyBidsCache{version: newVersionQuery(db, MyBidsVersionSQL), m: map[myBidsKey]myBidsEntry{},
		maxEntries: myBidsCacheEntries, maxBytes: myBidsCacheBytes}
}

// Mine answers page p of org's bids at now: the cached page when the versions it was read at are current
// and the clock has not passed a deadline among its items, else read's (kept for the next readers).
func (c *MyBidsCache) Mine(ctx context.Context, org int64, p domain.Page, now time.Time, read bid.MineRead) (_ bid.MinePage, err error) {
	if InTxContext(ctx) {
		l, _, err := read(ctx)
		return bid.MinePage{List: l}, err
	}
	var cv, ov int64
	if err := c.version.scan(ctx, []any{org}, &cv, &ov); err != nil {
		wrap(&err, "my bids: version of org %d", org)
		return bid.MinePage{}, err
	}
	key := myBidsKey{org: org, page: p.Page, pageSize: p.PageSize}
	c.mu.RLock()
	e, ok := c.m[key]
	c.mu.RUnlock()
	if ok && e.serves(cv, ov, now) {
		return e.page, nil
	}
	// The versions were read before the page: a page is tagged with versions no newer than its data.
	l, until, err := read(ctx)
	if err != nil {
		return bid.MinePage{}, err
	}
	page := bid.MinePage{List: l, Memo: &bid.Memo{}}
	c.put(key, myBidsEntry{challenges: cv, org: ov, from: now, until: until, page: page, size: pageBytes(l)})
	return page, nil
}

func (c *MyBidsCache) put(key myBidsKey, e myBidsEntry) {
	if e.size > c.maxBytes/4 {
		return // a page this large is read each time rather than crowd out the others
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[key]; ok {
		c.bytes -= old.size
		delete(c.m, key)
	}
	for k, old := range c.m {
		if len(c.m) < c.maxEntries && c.bytes+e.size <= c.maxBytes {
			break
		}
		c.bytes -= old.size
		delete(c.m, k)
	}
	c.m[key] = e
	c.bytes += e.size
}

// pageBytes estimates the memory a cached page takes, its encoding included (about as large again).
func pageBytes(l domain.List[bid.View]) int {
	n := 256
	for _, v := range l.Items {
		ct := v.Content
		n += 1024 + len(ct.Approach) + len(v.ChallengeTitle) + len(v.LeadOrgName) + len(v.EligibilityReason) +
			len(ct.Partners)*128 + len(ct.Members)*192 + len(ct.Plan)*256 + len(ct.Budget)*160 +
			len(v.Attachments)*192
		for _, s := range ct.Plan {
			n += len(s.Deliverables) + len(s.KPITargets)*64
		}
		if v.Correction != nil {
			n += 512 + len(v.Correction.Defects)*256
		}
	}
	return 2 * n
}
