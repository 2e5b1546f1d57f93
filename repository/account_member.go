package repository

import (
	"context"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
)

// ListMembers returns a page of an organisation's users: pending requests first, then newest first.
func (s *AccountStore) ListMembers(ctx context.Context, orgID int64, f account.MemberFilter, p domain.Page) (_ domain.List[account.User], err error) {
	defer wrap(&err, "account store: list members %d", orgID)
	q := s.db.conn(ctx).Model(&userRow{}).Where("org_id = ?", orgID)
	if f.Membership != "" {
		q = q.Where("membership = ?", string(f.Membership))
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return domain.List[account.User]{}, err
	}
	var rows []userRow
	if err := q.Order("CASE WHEN membership = 'pending' THEN 0 ELSE 1 END, created_at DESC, id DESC").
		Offset(p.Offset()).Limit(p.PageSize).Find(&rows).Error; err != nil {
		return domain.List[account.User]{}, err
	}
	items, err := s.withOrgs(ctx, rows)
	if err != nil {
		return domain.List[account.User]{}, err
	}
	return domain.List[account.User]{Items: items, Total: total, Page: p.Page, PageSize: p.PageSize}, nil
}

// SetMembership compares and sets a user's membership; ending a membership also ends the administrator role.
func (s *AccountStore) SetMembership(ctx context.Context, userID, orgID int64, from, to account.Membership, note string,
	at time.Time) (_ bool, err error) {
	defer wrap(&err, "account store: set membership user %d org %d %s to %s", userID, orgID, from, to)
	set := map[string]any{"membership": string(to), "membership_note": note, "updated_at": dbTime(at)}
	if to != account.MembershipActive {
		set["org_admin"] = false
	}
	res := s.db.conn(ctx).Model(&userRow{}).Where("id = ? AND org_id = ? AND membership = ?", userID, orgID, string(from)).
		Updates(set)
	return res.RowsAffected == 1, translate(res.Error)
}

// OrgAdmin returns the id of the organisation's administrator, 0 when it has none.
func (s *AccountStore) OrgAdmin(ctx context.Context, orgID int64) (_ int64, err error) {
	defer wrap(&err, "account store: org admin %d", orgID)
	var ids []int64
	if err := s.db.conn(ctx).Model(&userRow{}).Where("org_id = ? AND org_admin = ?", orgID, true).
		Limit(1).Pluck("id", &ids).Error; err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}

// SetOrgAdmin compares and sets org_admin; making someone the administrator needs an active membership. The
// unique index ux_users_org_admin refuses a second administrator (conflict).
func (s *AccountStore) SetOrgAdmin(ctx context.Context, userID, orgID int64, from, to bool, at time.Time) (_ bool, err error) {
	defer wrap(&err, "account store: set org admin %d %d", userID, orgID)
	q := s.db.conn(ctx).Model(&userRow{}).Where("id = ? AND org_id = ? AND org_admin = ?", userID, orgID, from)
	if to {
		q = q.Where("membership = ?", string(account.MembershipActive))
	}
	res := q.Updates(map[string]any{"org_admin": to, "updated_at": dbTime(at)})
	return res.RowsAffected == 1, translate(res.Error)
}
