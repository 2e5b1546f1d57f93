package repository

import (
	"context"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
)

type userRow struct {
	ID           int64 `gorm:"primaryKey"`
	Email        string
	Name         string
	Role         string
	OrgID        *int64
	PasswordHash string
	Disabled     bool
	// Membership is active, pending or rejected; OrgAdmin marks the organisation's administrator.
	Membership     string
	MembershipNote string
	OrgAdmin       bool
	// ExpertFields are comma-separated industry field codes.
	ExpertFields string
	CreatedAt    time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt    time.Time `gorm:"autoUpdateTime:false"`
}

func (userRow) TableName() string { return "users" }

func (r userRow) toDomain() account.User {
	u := account.User{ID: r.ID, Email: r.Email, Name: r.Name, Role: domain.Role(r.Role), Disabled: r.Disabled,
		Membership: account.Membership(r.Membership), MembershipNote: r.MembershipNote, OrgAdmin: r.OrgAdmin,
		ExpertFields: []string{}, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	if r.OrgID != nil {
		u.OrgID = *r.OrgID
	}
	if r.ExpertFields != "" {
		u.ExpertFields = strings.Split(r.ExpertFields, ",")
	}
	return u
}

// CreateUser inserts u with its password hash and sets its ID.
func (s *AccountStore) CreateUser(ctx context.Context, u *account.User, passwordHash string) (err error) {
	defer wrap(&err, "account store: create user")
	u.CreatedAt, u.UpdatedAt = dbTime(u.CreatedAt), dbTime(u.UpdatedAt)
	row := userRow{Email: u.Email, Name: u.Name, Role: string(u.Role), PasswordHash: passwordHash,
		Disabled: u.Disabled, Membership: string(u.Membership), MembershipNote: u.MembershipNote, OrgAdmin: u.OrgAdmin,
		ExpertFields: strings.Join(u.ExpertFields, ","), CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
	if row.Membership == "" {
		row.Membership = string(account.MembershipActive)
	}
	if u.OrgID != 0 {
		row.OrgID = &u.OrgID
	}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	u.ID = row.ID
	if u.ExpertFields == nil {
		u.ExpertFields = []string{}
	}
	return nil
}

// withOrgs attaches the organisations of users (one query for all of them) and whether each has a confirmed
// second factor (one more).
func (s *AccountStore) withOrgs(ctx context.Context, rows []userRow) ([]account.User, error) {
	ids := make([]int64, 0, len(rows))
	userIDs := make([]int64, 0, len(rows))
	for _, r := range rows {
		userIDs = append(userIDs, r.ID)
		if r.OrgID != nil {
			ids = append(ids, *r.OrgID)
		}
	}
	mfa := map[int64]bool{}
	if len(userIDs) > 0 {
		var on []int64
		if err := s.db.conn(ctx).Model(&userMFARow{}).Where("user_id IN ? AND confirmed_at IS NOT NULL", userIDs).
			Pluck("user_id", &on).Error; err != nil {
			return nil, err
		}
		for _, id := range on {
			mfa[id] = true
		}
	}
	orgs := map[int64]account.Org{}
	if len(ids) > 0 {
		var orows []orgRow
		if err := s.db.conn(ctx).Where("id IN ?", ids).Find(&orows).Error; err != nil {
			return nil, err
		}
		for _, o := range orows {
			orgs[o.ID] = o.toDomain()
		}
	}
	out := make([]account.User, 0, len(rows))
	for _, r := range rows {
		u := r.toDomain()
		u.MFAEnabled = mfa[u.ID]
		if o, ok := orgs[u.OrgID]; ok {
			u.Org = &o
		}
		out = append(out, u)
	}
	return out, nil
}

// UserByID returns the user with its organisation.
func (s *AccountStore) UserByID(ctx context.Context, id int64) (_ account.User, err error) {
	defer wrap(&err, "account store: user by id %d", id)
	var row userRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return account.User{}, translate(err)
	}
	us, err := s.withOrgs(ctx, []userRow{row})
	if err != nil {
		return account.User{}, err
	}
	return us[0], nil
}

// Credentials returns the user with the e-mail and its password hash.
func (s *AccountStore) Credentials(ctx context.Context, email string) (_ account.User, _ string, err error) {
	defer wrap(&err, "account store: credentials")
	var row userRow
	if err := s.db.conn(ctx).Where("email = ?", email).Take(&row).Error; err != nil {
		return account.User{}, "", translate(err)
	}
	us, err := s.withOrgs(ctx, []userRow{row})
	if err != nil {
		return account.User{}, "", err
	}
	return us[0], row.PasswordHash, nil
}

// ListUsers returns a page of users, newest first.
func (s *AccountStore) ListUsers(ctx context.Context, f account.UserFilter, p domain.Page) (_ domain.List[account.User], err error) {
	defer wrap(&err, "account store: list users")
	q := s.db.conn(ctx).Model(&userRow{})
	if f.Role != "" {
		q = q.Where("role = ?", string(f.Role))
	}
	if f.Disabled != nil {
		q = q.Where("disabled = ?", *f.Disabled)
	}
	if f.Q != "" {
		pat := likePattern(strings.ToLower(f.Q))
		q = q.Where(`(LOWER(name) LIKE ? ESCAPE '\' OR email LIKE ? ESCAPE '\')`, pat, pat)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return domain.List[account.User]{}, err
	}
	var rows []userRow
	if err := q.Order("created_at DESC, id DESC").Offset(p.Offset()).Limit(p.PageSize).Find(&rows).Error; err != nil {
		return domain.List[account.User]{}, err
	}
	items, err := s.withOrgs(ctx, rows)
	if err != nil {
		return domain.List[account.User]{}, err
	}
	return domain.List[account.User]{Items: items, Total: total, Page: p.Page, PageSize: p.PageSize}, nil
}

// SetUserDisabled compares and sets disabled.
func (s *AccountStore) SetUserDisabled(ctx context.Context, id int64, from, to bool, at time.Time) (_ bool, err error) {
	defer wrap(&err, "account store: set user disabled %d", id)
	res := s.db.conn(ctx).Model(&userRow{}).Where("id = ? AND disabled = ?", id, from).
		Updates(map[string]any{"disabled": to, "updated_at": dbTime(at)})
	return res.RowsAffected == 1, translate(res.Error)
}

// SetPasswordHash replaces a user's password hash.
func (s *AccountStore) SetPasswordHash(ctx context.Context, id int64, hash string, at time.Time) (err error) {
	defer wrap(&err, "account store: set password hash %d", id)
	res := s.db.conn(ctx).Model(&userRow{}).Where("id = ?", id).
		Updates(map[string]any{"password_hash": hash, "updated_at": dbTime(at)})
	if res.Error == nil && res.RowsAffected == 0 {
		return domain.ErrNotFound
	}
	return translate(res.Error)
}

// Experts lists the enabled expert accounts by id.
func (s *AccountStore) Experts(ctx context.Context) (_ []account.User, err error) {
	defer wrap(&err, "account store: experts")
	var rows []userRow
	if err := s.db.conn(ctx).Where("role = ? AND disabled = ?", string(domain.RoleExpert), false).
		Order("id").Find(&rows).Error; err != nil {
		return nil, err
	}
	return s.withOrgs(ctx, rows)
}
