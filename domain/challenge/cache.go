package challenge

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"jiebang/domain"
)

// Stamp is what a reader needs to know of a challenge before it uses a cached copy.
type Stamp struct {
	OrgID  int64
	Public bool
	// Version changes with every change of the challenge and with every amendment (on every server: it is
	// stored with the challenge).
	Version int64
}

// publicCache keeps the public view (公开视图) of public challenges, each tagged with the version it was read at.
// A published challenge is frozen except for amendments and state changes, and both change the version, which
// every read checks against the database first: a stale copy is never served, on one server or several.
type publicCache struct {
	mu      sync.RWMutex
	max     int
	entries map[int64]cachedDetail
}

type cachedDetail struct {
	version int64
	detail  Detail
}

// detailCacheSize bounds the cache (about 6 KB a challenge).
const detailCacheSize = 4096

func newPublicCache(max int) *publicCache {
	return &publicCache{max: max, entries: make(map[int64]cachedDetail)}
}

func (c *publicCache) get(id, version int64) (Detail, bool) {
	c.mu.RLock()
	e, ok := c.entries[id]
	c.mu.RUnlock()
	if !ok || e.version != version {
		return Detail{}, false
	}
	return e.detail, true
}

func (c *publicCache) put(id, version int64, d Detail) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[id]; !ok && len(c.entries) >= c.max {
		for k := range c.entries { // drop an arbitrary entry: the cache only has to stay bounded
			delete(c.entries, k)
			break
		}
	}
	c.entries[id] = cachedDetail{version: version, detail: d}
}

// publicDetail serves the public view of challenge id from the cache when its version is current. Only
// viewers who see the public view come here (never the owner or the bureau, whose writes run in transactions
// that could roll back), so what is cached has been committed.
func (s *Service) publicDetail(ctx context.Context, actor domain.Actor, id int64, st Stamp) (Detail, error) {
	if !st.Public {
		return Detail{}, errNotFound
	}
	if d, ok := s.cache.get(id, st.Version); ok {
		d.Challenge = s.forViewer(actor, d.Challenge)
		return d, nil
	}
	d, err := s.read(ctx, actor, id)
	if err != nil {
		return d, err
	}
	d.Version, d.Shared = st.Version, true
	s.cache.put(id, st.Version, d)
	return d, nil
}

// boardCache keeps pages of listings, each tagged with the board version it was read at (the version changes
// with every change of any challenge, so a page is never stale; bids and other writes leave it alone).
type boardCache struct {
	mu      sync.RWMutex
	max     int
	entries map[boardKey]cachedPage
}

type boardKey struct {
	f Filter
	p domain.Page
}

type cachedPage struct {
	version int64
	list    domain.List[Challenge]
	memo    *memo
	// bureau is the memo of the page as every bureau officer sees it (their actions depend on the role only).
	bureau *memo
}

// memo is a slot beside a cached page in which a caller keeps what it derives from the page as every viewer of
// the public view sees it (the API keeps the encoded response), with the days left of the items it was derived
// at. It lives and dies with the cached copy, so it is never staler than the page: a new board version puts a
// new page with an empty memo.
type memo struct{ v atomic.Pointer[memoEntry] }

type memoEntry struct {
	daysLeft []int
	kept     any
}

// SharedPage is a page of the board that every viewer of the public view gets alike (see Service.ListShared).
type SharedPage struct {
	memo     *memo
	daysLeft []int
	// Bureau is set when the page is the one every bureau officer gets (encoded with an officer's actions);
	// otherwise it is the public view (encoded as for an anonymous caller).
	Bureau bool
	// Kept is what the caller kept for this page when its items had the same days left as now; nil when
	// nothing was kept or a day has passed since: derive it from the list and Keep it.
	Kept any
}

// Keep keeps x for the page as it now reads (x replaces what was kept).
func (p *SharedPage) Keep(x any) {
	p.memo.v.Store(&memoEntry{daysLeft: p.daysLeft, kept: x})
}

// boardCacheSize bounds the cached pages (about 30 KB each, and as much again for the API's encoding of a
// shared page).
const boardCacheSize = 1024

func newBoardCache(max int) *boardCache {
	return &boardCache{max: max, entries: make(map[boardKey]cachedPage)}
}

// shared returns the page's memo handle for a viewer of the public view at now: Kept is set when the memo
// holds what was derived at the same days left of every item.
func (e cachedPage) shared(now time.Time) *SharedPage { return e.sharedIn(e.memo, now) }

// forBureau is shared for the bureau's officers, in the page's bureau memo.
func (e cachedPage) forBureau(now time.Time) *SharedPage {
	sp := e.sharedIn(e.bureau, now)
	sp.Bureau = true
	return sp
}

func (e cachedPage) sharedIn(mm *memo, now time.Time) *SharedPage {
	items := e.list.Items
	if m := mm.v.Load(); m != nil && len(m.daysLeft) == len(items) {
		same := true
		for i, c := range items {
			if m.daysLeft[i] != c.daysLeftKey(now) {
				same = false
				break
			}
		}
		if same {
			return &SharedPage{memo: mm, daysLeft: m.daysLeft, Kept: m.kept}
		}
	}
	days := make([]int, len(items))
	for i, c := range items {
		days[i] = c.daysLeftKey(now)
	}
	return &SharedPage{memo: mm, daysLeft: days}
}

func (c *boardCache) get(k boardKey, version int64) (cachedPage, bool) {
	c.mu.RLock()
	e, ok := c.entries[k]
	c.mu.RUnlock()
	if !ok || e.version != version {
		return cachedPage{}, false
	}
	return e, true
}

func (c *boardCache) put(k boardKey, version int64, l domain.List[Challenge]) cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[k]; !ok && len(c.entries) >= c.max {
		for old := range c.entries {
			delete(c.entries, old)
			break
		}
	}
	e := cachedPage{version: version, list: l, memo: &memo{}, bureau: &memo{}}
	c.entries[k] = e
	return e
}
