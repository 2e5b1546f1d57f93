package account

import (
	"context"
	"time"

	"jiebang/domain"
)

// Store persists organisations, users, refresh tokens and login attempts. Methods that write run inside the
// caller's transaction. Lookups of an absent row return an error wrapping domain.ErrNotFound; a unique-key
// clash (e-mail, credit code) wraps domain.ErrConflict.
type Store interface {
	CreateOrg(ctx context.Context, o *Org) error
	OrgByID(ctx context.Context, id int64) (Org, error)
	OrgByCreditCode(ctx context.Context, code string) (Org, error)
	ListOrgs(ctx context.Context, f OrgFilter, p domain.Page) (domain.List[Org], error)
	// SetOrgVerified sets verified when it is still from; false when no row matched (compare-and-set).
	SetOrgVerified(ctx context.Context, id int64, from, to bool, at time.Time) (bool, error)
	// SetOrgCredit sets the credit status when it is still from; false when no row matched.
	SetOrgCredit(ctx context.Context, id int64, from, to CreditStatus, at time.Time) (bool, error)

	// CreateUser inserts u (ID and times set on return) with its password hash.
	CreateUser(ctx context.Context, u *User, passwordHash string) error
	// UserByID returns the user with its organisation.
	UserByID(ctx context.Context, id int64) (User, error)
	// Credentials returns the user with that (lower-cased) e-mail and its password hash.
	Credentials(ctx context.Context, email string) (User, string, error)
	ListUsers(ctx context.Context, f UserFilter, p domain.Page) (domain.List[User], error)
	// SetUserDisabled sets disabled when it is still from; false when no row matched.
	SetUserDisabled(ctx context.Context, id int64, from, to bool, at time.Time) (bool, error)
	// ListMembers returns the users of an organisation, pending first, then newest first.
	ListMembers(ctx context.Context, orgID int64, f MemberFilter, p domain.Page) (domain.List[User], error)
	// SetMembership sets a user's membership (and its note) when it is still from; false when no row matched.
	SetMembership(ctx context.Context, userID, orgID int64, from, to Membership, note string, at time.Time) (bool, error)
	// OrgAdmin returns the id of the organisation's administrator (0: none).
	OrgAdmin(ctx context.Context, orgID int64) (int64, error)
	// SetOrgAdmin sets org_admin when it is still from (setting it also needs an active membership); false when
	// no row matched.
	SetOrgAdmin(ctx context.Context, userID, orgID int64, from, to bool, at time.Time) (bool, error)
	// Experts lists the enabled expert accounts with their organisations.
	Experts(ctx context.Context) ([]User, error)

	CreateRefreshToken(ctx context.Context, t *RefreshToken) error
	RefreshTokenByHash(ctx context.Context, hash string) (RefreshToken, error)
	// MarkRefreshTokenUsed sets used_at when the token is neither used nor revoked; false otherwise.
	MarkRefreshTokenUsed(ctx context.Context, id int64, at time.Time) (bool, error)
	// RevokeRefreshFamily revokes every unrevoked token of a family.
	RevokeRefreshFamily(ctx context.Context, family string, at time.Time) error
	// SessionLive reports whether the user's session (refresh-token family) still has an unrevoked, unexpired
	// token at now.
	SessionLive(ctx context.Context, userID int64, family string, now time.Time) (bool, error)
	// Principal is what authenticating an access token needs, in one read: the user (without its
	// organisation; MFAEnabled set) and whether its session family is live at now (ErrNotFound: no such user).
	Principal(ctx context.Context, userID int64, family string, now time.Time) (Principal, error)
	// RevokeUserRefreshTokens revokes every unrevoked token of a user but those of the family keep ("": all).
	RevokeUserRefreshTokens(ctx context.Context, userID int64, keep string, at time.Time) error
	// SetPasswordHash replaces a user's password hash.
	SetPasswordHash(ctx context.Context, userID int64, hash string, at time.Time) error

	// MFAByUser returns the user's second factor, confirmed or still enrolling (ErrNotFound: none).
	MFAByUser(ctx context.Context, userID int64) (MFA, error)
	// PutPendingMFA stores a new, unconfirmed secret of a user, replacing an unconfirmed one; false when the user
	// has a confirmed one.
	PutPendingMFA(ctx context.Context, m MFA) (bool, error)
	// ConfirmMFA confirms the user's unconfirmed second factor of the secret, with the step of its first code;
	// false when no row matched.
	ConfirmMFA(ctx context.Context, userID int64, secret string, step int64, at time.Time) (bool, error)
	// UseMFAStep records step as the newest used time step when it is newer than the last one; false otherwise
	// (a replayed code).
	UseMFAStep(ctx context.Context, userID, step int64) (bool, error)
	// DeleteMFA removes a user's second factor and recovery codes; false when there was none.
	DeleteMFA(ctx context.Context, userID int64) (bool, error)
	// ReplaceRecoveryCodes replaces a user's recovery codes by the hashes.
	ReplaceRecoveryCodes(ctx context.Context, userID int64, hashes []string, at time.Time) error
	// UseRecoveryCode marks the user's unused recovery code of the hash used; false when there is none.
	UseRecoveryCode(ctx context.Context, userID int64, hash string, at time.Time) (bool, error)
	// RecoveryCodesLeft counts a user's unused recovery codes.
	RecoveryCodesLeft(ctx context.Context, userID int64) (int, error)

	// RecordLoginAttempt stores an attempt (pending until settled) and returns its id.
	RecordLoginAttempt(ctx context.Context, a LoginAttempt) (int64, error)
	// MarkLoginSucceeded turns a recorded attempt into a successful one.
	MarkLoginSucceeded(ctx context.Context, id int64) error
	// MarkLoginFailed settles a pending attempt as a failure.
	MarkLoginFailed(ctx context.Context, id int64) error
	// DeleteLoginAttempt removes an attempt that is neither a failure nor a completed login (the right password
	// of a user who still has to give the second factor).
	DeleteLoginAttempt(ctx context.Context, id int64) error
	// KnownLoginAddress reports whether the e-mail has logged in successfully from the address after since.
	KnownLoginAddress(ctx context.Context, email, ip string, since time.Time) (bool, error)
	// LockThrottle serialises, until the transaction ends, the transactions that lock the same keys (a
	// throttle's check and record).
	LockThrottle(ctx context.Context, keys ...string) error
	// RecordRegistration stores a registration from an address; RecentRegistrations returns the times of the
	// newest ones after since (newest first, at most limit).
	RecordRegistration(ctx context.Context, ip string, at time.Time) error
	RecentRegistrations(ctx context.Context, ip string, since time.Time, limit int) ([]time.Time, error)
	// RecentLoginFailures returns the newest unsuccessful attempts (newest first, at most limit) after since and
	// recorded after the attempt afterID (0: any), for an e-mail (byEmail) or a client address: failures, and
	// attempts still pending (Pending set) unless recorded before staleBefore (their check never ended: a
	// crash; they count as failures). One statement, so an attempt settled meanwhile is counted once.
	RecentLoginFailures(ctx context.Context, byEmail bool, key string, since, staleBefore time.Time, afterID int64,
		limit int) ([]AttemptMark, error)
	// LastLoginSuccess returns the id of the newest successful login attempt of an e-mail after since (0: none).
	LastLoginSuccess(ctx context.Context, email string, since time.Time) (int64, error)
	// Prune deletes login attempts and refresh tokens older than before.
	Prune(ctx context.Context, before time.Time) error
}

// OrgFilter narrows the organisation list.
type OrgFilter struct {
	Verified *bool
	// Q matches the name or the credit code.
	Q string
}

// UserFilter narrows the user list.
type UserFilter struct {
	Role     domain.Role
	Disabled *bool
	// Q matches the name or the e-mail.
	Q string
}

// RefreshToken is a stored refresh token: only the SHA-256 of the opaque value is kept. Tokens rotate: each
// use marks the token used and issues its successor in the same family; presenting a used token again
// revokes the family.
type RefreshToken struct {
	ID        int64
	UserID    int64
	Family    string
	Hash      string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
}

// LoginAttempt is one login try, kept for throttling.
type LoginAttempt struct {
	Email   string
	IP      string
	Success bool
	// Pending: reserved, its check not yet ended (not counted as a failure while recent).
	Pending bool
	At      time.Time
}

// AttemptMark is an unsuccessful login attempt as the throttle counts it: a failure, or still pending.
type AttemptMark struct {
	At      time.Time
	Pending bool
}

// MFA is a user's second factor: a TOTP secret (RFC 6238: 30-second steps, 6 digits, SHA-1). ConfirmedAt is nil
// while enrolment waits for the first code; LastStep is the newest time step whose code was accepted (a code
// is never accepted twice).
type MFA struct {
	UserID      int64
	Secret      string
	CreatedAt   time.Time
	ConfirmedAt *time.Time
	LastStep    int64
}
