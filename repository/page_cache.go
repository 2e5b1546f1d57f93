package repository

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// versionQuery is a single-row version read (migrations 00016, 00063) prepared once on the read pool and run
// without gorm, as the public board's checks are (see versionChecks): a cached page costs this one indexed
// lookup per read, and nothing stale is served, on one server or several.
type versionQuery struct {
	db    *DB
	query string // SQLite placeholders (?); numbered for PostgreSQL when prepared
	stmt  atomic.Pointer[sql.Stmt]
	mu    sync.Mutex
}

func newVersionQuery(db *DB, query string) *versionQuery { return &versionQuery{db: db, query: query} }

func (q *versionQuery) prepared() (*sql.Stmt, error) {
	if st := q.stmt.Load(); st != nil {
		return st, nil
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if st := q.stmt.Load(); st != nil {
		return st, nil
	}
	pool, err := q.db.Reader.DB()
	if err != nil {
		return nil, err
	}
	text := q.query
	if q.db.Dialect == DialectPostgres {
		for i := 1; strings.Contains(text, "?"); i++ {
			text = strings.Replace(text, "?", "$"+strconv.Itoa(i), 1)
		}
	}
	st, err := pool.Prepare(text)
	if err != nil {
		return nil, translate(err)
	}
	q.stmt.Store(st)
	return st, nil
}

// scan runs the query with args and scans its single row into dest.
func (q *versionQuery) scan(ctx context.Context, args []any, dest ...any) error {
	st, err := q.prepared()
	if err != nil {
		return err
	}
	return translate(st.QueryRowContext(ctx, args...).Scan(dest...))
}

// pageCache is a bounded in-process map of cached answers: when full, an arbitrary entry makes room (the
// entries are cheap to read again; a bound keeps memory flat whatever the number of users or filters).
type pageCache[K comparable, V any] struct {
	mu  sync.RWMutex
	m   map[K]V
	max int
}

func newPageCache[K comparable, V any](max int) *pageCache[K, V] {
	return &pageCache[K, V]{m: make(map[K]V), max: max}
}

func (c *pageCache[K, V]) get(k K) (V, bool) {
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	return v, ok
}

func (c *pageCache[K, V]) put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[k]; !ok && len(c.m) >= c.max {
		for old := range c.m {
			delete(c.m, old)
			break
		}
	}
	c.m[k] = v
}
