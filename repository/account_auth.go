package repository

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
)

// authSQL is the whole database work of authenticating an access token: the user's row, whether it has a
// confirmed second factor and whether the token's session (refresh-token family) is still live, in one
// indexed single-row read (users by primary key, user_mfa by its key, refresh_tokens by family). SQLite
// placeholders; PostgreSQL's are numbered by authStmtSQL.
const authSQL = `SELECT u.name, u.email, u.role, COALESCE(u.org_id, 0), u.membership, u.disabled,
 EXISTS (SELECT 1 FROM user_mfa m WHERE m.user_id = u.id AND m.confirmed_at IS NOT NULL),
 EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family = ? AND t.user_id = u.id AND t.revoked_at IS NULL AND t.expires_at > ?)
 FROM users u WHERE u.id = ?`

// authStmtSQL is authSQL in the dialect's placeholders.
func authStmtSQL(d string) string {
	if d != DialectPostgres {
		return authSQL
	}
	q := authSQL
	for i := 1; strings.Contains(q, "?"); i++ {
		q = strings.Replace(q, "?", fmt.Sprintf("$%d", i), 1)
	}
	return q
}

// authStmt is authSQL prepared once on the read pool (database/sql prepares it again on each pooled
// connection as it first uses it) and run without gorm, whose statement building would cost more than the
// read itself. Nothing is cached: every request reads the database, so a disabled account or an ended session
// stops at once on every server.
type authStmt struct {
	stmt atomic.Pointer[sql.Stmt]
	mu   sync.Mutex
}

func (s *AccountStore) authStatement() (*sql.Stmt, error) {
	if st := s.auth.stmt.Load(); st != nil {
		return st, nil
	}
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	if st := s.auth.stmt.Load(); st != nil {
		return st, nil
	}
	pool, err := s.db.Reader.DB()
	if err != nil {
		return nil, err
	}
	st, err := pool.Prepare(authStmtSQL(s.db.Dialect))
	if err != nil {
		return nil, translate(err)
	}
	s.auth.stmt.Store(st)
	return st, nil
}

// Principal returns what authenticating an access token of the user's session family needs, at now, in one
// statement (see authSQL); ErrNotFound when the user does not exist.
func (s *AccountStore) Principal(ctx context.Context, userID int64, family string, now time.Time) (_ account.Principal, err error) {
	defer wrap(&err, "account store: principal %d", userID)
	var (
		p          account.Principal
		role, memb string
	)
	dest := []any{&p.User.Name, &p.User.Email, &role, &p.User.OrgID, &memb, &p.User.Disabled, &p.User.MFAEnabled, &p.SessionLive}
	args := []any{family, dbTime(now), userID}
	if InTxContext(ctx) {
		err = s.db.conn(ctx).Raw(authSQL, args...).Row().Scan(dest...)
	} else {
		var st *sql.Stmt
		if st, err = s.authStatement(); err != nil {
			return p, err
		}
		err = st.QueryRowContext(ctx, args...).Scan(dest...)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("%w: user %d", domain.ErrNotFound, userID)
	}
	if err != nil {
		return p, translate(err)
	}
	p.User.ID, p.User.Role, p.User.Membership = userID, domain.Role(role), account.Membership(memb)
	return p, nil
}
