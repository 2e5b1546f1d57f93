package repository

import (
	"context"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
)

type orgRow struct {
	ID           int64 `gorm:"primaryKey"`
	Name         string
	Type         string
	CreditCode   string
	Verified     bool
	CreditStatus string
	CreatedAt    time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt    time.Time `gorm:"autoUpdateTime:false"`
}

func (orgRow) TableName() string { return "orgs" }

func (r orgRow) toDomain() account.Org {
	return account.Org{ID: r.ID, Name: r.Name, Type: account.OrgType(r.Type), CreditCode: r.CreditCode,
		Verified: r.Verified, CreditStatus: account.CreditStatus(r.CreditStatus), CreatedAt: r.CreatedAt.UTC(),
		UpdatedAt: r.UpdatedAt.UTC()}
}

func orgToRow(o account.Org) orgRow {
	return orgRow{ID: o.ID, Name: o.Name, Type: string(o.Type), CreditCode: o.CreditCode, Verified: o.Verified,
		CreditStatus: string(o.CreditStatus), CreatedAt: dbTime(o.CreatedAt), UpdatedAt: dbTime(o.UpdatedAt)}
}

// dbTime is how times are stored: UTC, microseconds (PostgreSQL's precision).
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// likePattern returns a LIKE pattern matching s anywhere, with the wildcards in s escaped (ESCAPE '\').
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// AccountStore implements account.Store.
type AccountStore struct {
	db *DB
	// auth is the authentication statement once prepared (see account_auth.go).
	auth authStmt
}

// NewAccountStore returns the account store.
func NewAccountStore(db *DB) *AccountStore { return &AccountStore{db: db} }

var _ account.Store = (*AccountStore)(nil)

// CreateOrg inserts o and sets its ID.
func (s *AccountStore) CreateOrg(ctx context.Context, o *account.Org) (err error) {
	defer wrap(&err, "account store: create org")
	o.CreatedAt, o.UpdatedAt = dbTime(o.CreatedAt), dbTime(o.UpdatedAt)
	row := orgToRow(*o)
	row.ID = 0
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	o.ID = row.ID
	return nil
}

// OrgByID returns one organisation.
func (s *AccountStore) OrgByID(ctx context.Context, id int64) (_ account.Org, err error) {
	defer wrap(&err, "account store: org by id %d", id)
	var row orgRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return account.Org{}, translate(err)
	}
	return row.toDomain(), nil
}

// OrgByCreditCode returns the organisation with the code.
func (s *AccountStore) OrgByCreditCode(ctx context.Context, code string) (_ account.Org, err error) {
	defer wrap(&err, "account store: org by credit code %q", code)
	var row orgRow
	if err := s.db.conn(ctx).Where("credit_code = ?", code).Take(&row).Error; err != nil {
		return account.Org{}, translate(err)
	}
	return row.toDomain(), nil
}

// ListOrgs returns a page of organisations, newest first.
func (s *AccountStore) ListOrgs(ctx context.Context, f account.OrgFilter, p domain.Page) (_ domain.List[account.Org], err error) {
	defer wrap(&err, "account store: list orgs")
	q := s.db.conn(ctx).Model(&orgRow{})
	if f.Verified != nil {
		q = q.Where("verified = ?", *f.Verified)
	}
	if f.Q != "" {
		q = q.Where(`(LOWER(name) LIKE ? ESCAPE '\' OR credit_code LIKE ? ESCAPE '\')`,
			likePattern(strings.ToLower(f.Q)), likePattern(strings.ToUpper(f.Q)))
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return domain.List[account.Org]{}, err
	}
	var rows []orgRow
	if err := q.Order("created_at DESC, id DESC").Offset(p.Offset()).Limit(p.PageSize).Find(&rows).Error; err != nil {
		return domain.List[account.Org]{}, err
	}
	out := domain.List[account.Org]{Items: make([]account.Org, 0, len(rows)), Total: total, Page: p.Page, PageSize: p.PageSize}
	for _, r := range rows {
		out.Items = append(out.Items, r.toDomain())
	}
	return out, nil
}

// SetOrgVerified compares and sets verified.
func (s *AccountStore) SetOrgVerified(ctx context.Context, id int64, from, to bool, at time.Time) (_ bool, err error) {
	defer wrap(&err, "account store: set org verified %d", id)
	res := s.db.conn(ctx).Model(&orgRow{}).Where("id = ? AND verified = ?", id, from).
		Updates(map[string]any{"verified": to, "updated_at": dbTime(at)})
	return res.RowsAffected == 1, translate(res.Error)
}

// SetOrgCredit compares and sets the credit status.
func (s *AccountStore) SetOrgCredit(ctx context.Context, id int64, from, to account.CreditStatus, at time.Time) (_ bool, err error) {
	defer wrap(&err, "account store: set org credit %d %s %s", id, from, to)
	res := s.db.conn(ctx).Model(&orgRow{}).Where("id = ? AND credit_status = ?", id, string(from)).
		Updates(map[string]any{"credit_status": string(to), "updated_at": dbTime(at)})
	return res.RowsAffected == 1, translate(res.Error)
}
