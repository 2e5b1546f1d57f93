package repository

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"jiebang/domain"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/review"
)

// expertRow is an expert user joined with the organisation and the profile.
type expertRow struct {
	ID            int64
	Name          string
	Email         string
	Disabled      bool
	OrgID         *int64
	ExpertFields  string
	OrgName       *string
	OrgCreditCode *string
	OrgVerified   *bool
	MaxOpen       int
	Active        bool
	UpdatedAt     *time.Time
	Membership    string
}

const expertSelect = `u.id, u.name, u.email, u.disabled, u.org_id, u.expert_fields, o.name AS org_name,
	o.credit_code AS org_credit_code, o.verified AS org_verified, COALESCE(p.max_open, 10) AS max_open,
	COALESCE(p.active, TRUE) AS active, p.updated_at, u.membership`

func (r expertRow) toDomain() review.Expert {
	e := review.Expert{UserID: r.ID, Name: r.Name, Email: r.Email, Disabled: r.Disabled, MaxOpen: r.MaxOpen,
		Active: r.Active, UpdatedAt: bidUTC(r.UpdatedAt), Fields: []string{}, Conflicts: []review.Conflict{},
		Member: r.Membership == "active"}
	if r.OrgID != nil {
		e.OrgID = *r.OrgID
	}
	if r.OrgName != nil {
		e.OrgName, e.OrgCreditCode, e.OrgVerified = *r.OrgName, *r.OrgCreditCode, *r.OrgVerified
	}
	if r.ExpertFields != "" {
		e.Fields = strings.Split(r.ExpertFields, ",")
	}
	return e
}

func (s *ReviewStore) expertQuery(ctx context.Context) *gorm.DB {
	return s.db.conn(ctx).Table("users u").
		Joins("LEFT JOIN orgs o ON o.id = u.org_id LEFT JOIN expert_profiles p ON p.user_id = u.id").
		Where("u.role = ?", string(domain.RoleExpert))
}

// withDetails fills conflicts and loads of experts.
func (s *ReviewStore) withDetails(ctx context.Context, rows []expertRow, all bool) ([]review.Expert, error) {
	var loads map[int64]int
	var err error
	if all {
		loads, err = s.Loads(ctx)
	} else {
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		loads, err = s.loadsOf(ctx, ids)
	}
	if err != nil {
		return nil, err
	}
	var crows []struct {
		UserID     int64
		CreditCode string
		Reason     string
	}
	q := s.db.conn(ctx).Table("expert_conflicts").Select("user_id, credit_code, reason").Order("user_id, id")
	if !all {
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		q = q.Where("user_id IN ?", ids)
	}
	if err := q.Scan(&crows).Error; err != nil {
		return nil, translate(err)
	}
	cs := map[int64][]review.Conflict{}
	for _, c := range crows {
		cs[c.UserID] = append(cs[c.UserID], review.Conflict{CreditCode: c.CreditCode, Reason: c.Reason})
	}
	out := make([]review.Expert, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
		out[i].Load = loads[r.ID]
		if c := cs[r.ID]; c != nil {
			out[i].Conflicts = c
		}
	}
	return out, nil
}

// Experts lists experts matching f, by name.
func (s *ReviewStore) Experts(ctx context.Context, f review.ExpertFilter, p domain.Page) (_ domain.List[review.Expert], err error) {
	defer wrap(&err, "review store: experts")
	q := s.expertQuery(ctx)
	if f.Q != "" {
		pat := likePattern(strings.ToLower(f.Q))
		q = q.Where(`(LOWER(u.name) LIKE ? ESCAPE '\' OR u.email LIKE ? ESCAPE '\' OR LOWER(o.name) LIKE ? ESCAPE '\')`, pat, pat, pat)
	}
	if f.Field != "" {
		q = q.Where(`(',' || u.expert_fields || ',') LIKE ? ESCAPE '\'`, likePattern(","+f.Field+","))
	}
	if f.Active != nil {
		q = q.Where("COALESCE(p.active, TRUE) = ?", *f.Active)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return domain.List[review.Expert]{}, translate(err)
	}
	var rows []expertRow
	if err := q.Select(expertSelect).Order("u.name, u.id").Offset(p.Offset()).Limit(p.PageSize).Scan(&rows).Error; err != nil {
		return domain.List[review.Expert]{}, translate(err)
	}
	items, err := s.withDetails(ctx, rows, false)
	return domain.List[review.Expert]{Items: items, Total: total, Page: p.Page, PageSize: p.PageSize}, err
}

// Expert returns one expert (ErrNotFound when the user is not an expert).
func (s *ReviewStore) Expert(ctx context.Context, userID int64) (_ review.Expert, err error) {
	defer wrap(&err, "review store: expert %d", userID)
	var rows []expertRow
	if err := s.expertQuery(ctx).Select(expertSelect).Where("u.id = ?", userID).Scan(&rows).Error; err != nil {
		return review.Expert{}, translate(err)
	}
	if len(rows) == 0 {
		return review.Expert{}, domain.ErrNotFound
	}
	es, err := s.withDetails(ctx, rows, false)
	if err != nil {
		return review.Expert{}, err
	}
	return es[0], nil
}

// ExpertsByID returns the experts among ids, with their conflicts and loads, in three queries.
func (s *ReviewStore) ExpertsByID(ctx context.Context, ids []int64) (_ map[int64]review.Expert, err error) {
	defer wrap(&err, "review store: experts by id")
	out := map[int64]review.Expert{}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []expertRow
	for chunk := range slices.Chunk(ids, 500) {
		var part []expertRow
		if err := s.expertQuery(ctx).Select(expertSelect).Where("u.id IN ?", chunk).Scan(&part).Error; err != nil {
			return nil, translate(err)
		}
		rows = append(rows, part...)
	}
	es, err := s.withDetails(ctx, rows, false)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		out[e.UserID] = e
	}
	return out, nil
}

// Pool returns every expert in the pool, by user ID.
func (s *ReviewStore) Pool(ctx context.Context) (_ []review.Expert, err error) {
	defer wrap(&err, "review store: pool")
	var rows []expertRow
	err = s.expertQuery(ctx).Select(expertSelect).
		Where("u.disabled = ? AND o.verified = ? AND COALESCE(p.active, TRUE) = ? AND u.membership = ?", false, true, true, "active").
		Order("u.id").Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	return s.withDetails(ctx, rows, true)
}

// SaveProfile writes the expert's fields (users.expert_fields) and profile row.
func (s *ReviewStore) SaveProfile(ctx context.Context, e review.Expert, at time.Time) (err error) {
	defer wrap(&err, "review store: save profile %d", e.UserID)
	db := s.db.conn(ctx)
	if err := db.Table("users").Where("id = ?", e.UserID).
		Updates(map[string]any{"expert_fields": strings.Join(e.Fields, ","), "updated_at": dbTime(at)}).Error; err != nil {
		return translate(err)
	}
	row := expertProfileRow{UserID: e.UserID, MaxOpen: e.MaxOpen, Active: e.Active, UpdatedAt: dbTime(at)}
	return translate(db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"max_open", "active", "updated_at"})}).Create(&row).Error)
}

// expertProfileRow is a row of expert_profiles.
type expertProfileRow struct {
	UserID    int64 `gorm:"primaryKey;autoIncrement:false"`
	MaxOpen   int
	Active    bool
	UpdatedAt time.Time `gorm:"autoUpdateTime:false"`
}

func (expertProfileRow) TableName() string { return "expert_profiles" }

// expertConflictRow is a row of expert_conflicts.
type expertConflictRow struct {
	ID         int64 `gorm:"primaryKey"`
	UserID     int64
	CreditCode string
	OrgName    string
	Reason     string
	CreatedAt  time.Time `gorm:"autoCreateTime:false"`
}

func (expertConflictRow) TableName() string { return "expert_conflicts" }

// ReplaceConflicts replaces an expert's declared conflicts.
func (s *ReviewStore) ReplaceConflicts(ctx context.Context, userID int64, cs []review.Conflict, at time.Time) (err error) {
	defer wrap(&err, "review store: replace conflicts %d", userID)
	db := s.db.conn(ctx)
	if err := db.Where("user_id = ?", userID).Delete(&expertConflictRow{}).Error; err != nil {
		return translate(err)
	}
	if len(cs) == 0 {
		return nil
	}
	rows := make([]expertConflictRow, len(cs))
	for i, c := range cs {
		rows[i] = expertConflictRow{UserID: userID, CreditCode: c.CreditCode, Reason: c.Reason, CreatedAt: dbTime(at)}
	}
	return translate(db.Create(&rows).Error)
}

// versionRow is a bid's latest submitted version with the bid's facts.
type versionRow struct {
	BidID       int64
	LeadOrgID   int64
	Version     int
	SubmittedAt time.Time
	Content     string
	OrgName     string
	CreditCode  string
}

func (s *ReviewStore) versions(ctx context.Context, where string, args ...any) ([]versionRow, error) {
	var rows []versionRow
	err := s.db.conn(ctx).Table("bids b").
		Select("b.id AS bid_id, b.lead_org_id, b.version, b.submitted_at, v.content, o.name AS org_name, o.credit_code").
		Joins("JOIN bid_versions v ON v.bid_id = b.id AND v.version = b.version JOIN orgs o ON o.id = b.lead_org_id").
		Where("b.version > 0").Where(where, args...).Order("b.id").Scan(&rows).Error
	return rows, translate(err)
}

// RecentTeams returns the PI and members of every bid whose latest version was submitted at or after since.
// Members carry the lead organisation (the bid names no other for them).
func (s *ReviewStore) RecentTeams(ctx context.Context, since time.Time) (_ []review.Team, err error) {
	defer wrap(&err, "review store: recent teams")
	rows, err := s.versions(ctx, "b.submitted_at >= ?", dbTime(since))
	if err != nil {
		return nil, err
	}
	out := make([]review.Team, 0, len(rows))
	for _, r := range rows {
		c, _, err := bid.ParseCanonical([]byte(r.Content))
		if err != nil {
			return nil, err
		}
		t := review.Team{{Email: c.PI.Email, Name: c.PI.Name, OrgID: r.LeadOrgID}}
		for _, m := range c.Members {
			t = append(t, review.Person{Name: m.Name, OrgID: r.LeadOrgID})
		}
		out = append(out, t)
	}
	return out, nil
}

// EligibleBidItems returns a challenge's eligible bids as items.
func (s *ReviewStore) EligibleBidItems(ctx context.Context, ch challenge.Challenge, enterpriseCode string) (_ []review.Item, err error) {
	defer wrap(&err, "review store: eligible bid items %d", ch.ID)
	rows, err := s.versions(ctx, "b.challenge_id = ? AND b.status = ?", ch.ID, string(bid.StatusEligible))
	if err != nil {
		return nil, err
	}
	return s.bidItems(ctx, rows, ch, enterpriseCode)
}

// BidItem returns one bid (its latest submitted version) as an item, for racers' reports.
func (s *ReviewStore) BidItem(ctx context.Context, bidID int64, ch challenge.Challenge, enterpriseCode string) (_ review.Item, err error) {
	defer wrap(&err, "review store: bid item %d %d", bidID, ch.ID)
	rows, err := s.versions(ctx, "b.id = ?", bidID)
	if err != nil {
		return review.Item{}, err
	}
	if len(rows) == 0 {
		return review.Item{}, domain.ErrNotFound
	}
	items, err := s.bidItems(ctx, rows, ch, enterpriseCode)
	if err != nil {
		return review.Item{}, err
	}
	return items[0], nil
}

func (s *ReviewStore) bidItems(ctx context.Context, rows []versionRow, ch challenge.Challenge, enterpriseCode string) ([]review.Item, error) {
	out := make([]review.Item, 0, len(rows))
	for _, r := range rows {
		c, _, err := bid.ParseCanonical([]byte(r.Content))
		if err != nil {
			return nil, err
		}
		codes := []string{enterpriseCode, r.CreditCode}
		for _, p := range c.Partners {
			codes = append(codes, strings.ToUpper(strings.TrimSpace(p.CreditCode)))
		}
		var partnerIDs []int64
		if err := s.db.conn(ctx).Table("orgs").Where("credit_code IN ?", codes[2:]).Pluck("id", &partnerIDs).Error; err != nil {
			return nil, translate(err)
		}
		ids := append([]int64{ch.OrgID, r.LeadOrgID}, partnerIDs...)
		sort.Slice(ids[2:], func(i, j int) bool { return ids[2+i] < ids[2+j] })
		label := r.OrgName
		if c.PI.Name != "" {
			label += "（" + c.PI.Name + "）"
		}
		out = append(out, review.Item{BidID: r.BidID, BidVersion: r.Version, OrgID: r.LeadOrgID, Label: label,
			SubmittedAt: r.SubmittedAt.UTC(), Parties: review.Parties{OrgIDs: ids, CreditCodes: codes,
				PI: review.Person{Email: c.PI.Email, Name: c.PI.Name, OrgID: r.LeadOrgID}, OrgName: r.OrgName}})
	}
	return out, nil
}
