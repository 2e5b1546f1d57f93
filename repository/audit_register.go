package repository

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// The audit register (审计台账): the audit entries filtered by person, organisation, challenge, kind of event and
// time, each with what it concerns. The filters by organisation and challenge reach the entries of everything
// that belongs to them through the entity index (entity, entity_id), one IN list per kind of entity.

// challengeScope is the condition "the entry concerns challenge ? or anything of it" (one argument per ?).
const challengeScope = `((entity = 'challenge' AND entity_id = ?)
	OR (entity = 'bid' AND entity_id IN (SELECT id FROM bids WHERE challenge_id = ?))
	OR (entity = 'racer' AND entity_id IN (SELECT id FROM racers WHERE challenge_id = ?))
	OR (entity = 'round' AND entity_id IN (SELECT id FROM review_rounds WHERE challenge_id = ?))
	OR (entity = 'assignment' AND entity_id IN (SELECT a.id FROM review_assignments a JOIN review_rounds r ON r.id = a.round_id WHERE r.challenge_id = ?))
	OR (entity = 'notice' AND entity_id IN (SELECT id FROM notices WHERE challenge_id = ?))
	OR (entity = 'objection' AND entity_id IN (SELECT id FROM objections WHERE challenge_id = ?))
	OR (entity = 'funding_decision' AND entity_id IN (SELECT id FROM funding_decisions WHERE challenge_id = ?)))`

// orgScope is the condition "the entry was made by a user of organisation ? or concerns it, its users, its
// challenges, its bids or its racers".
const orgScope = `(actor_id IN (SELECT id FROM users WHERE org_id = ?)
	OR (entity = 'org' AND entity_id = ?)
	OR (entity = 'user' AND entity_id IN (SELECT id FROM users WHERE org_id = ?))
	OR (entity = 'challenge' AND entity_id IN (SELECT id FROM challenges WHERE org_id = ?))
	OR (entity = 'bid' AND entity_id IN (SELECT id FROM bids WHERE lead_org_id = ?))
	OR (entity = 'racer' AND entity_id IN (SELECT id FROM racers WHERE org_id = ?)))`

func repeatArg(v any, n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func (s *AuditStore) registerQuery(ctx context.Context, f audit.RegisterFilter) *gorm.DB {
	q := s.db.conn(ctx).Model(&auditRow{})
	if f.Entity != "" {
		q = q.Where("entity = ?", f.Entity)
	}
	if f.EntityID != 0 {
		q = q.Where("entity_id = ?", f.EntityID)
	}
	if f.PersonID != 0 {
		q = q.Where("(actor_id = ? OR (entity = 'user' AND entity_id = ?))", f.PersonID, f.PersonID)
	}
	if f.OrgID != 0 {
		q = q.Where(orgScope, repeatArg(f.OrgID, strings.Count(orgScope, "?"))...)
	}
	if f.ChallengeID != 0 {
		q = q.Where(challengeScope, repeatArg(f.ChallengeID, strings.Count(challengeScope, "?"))...)
	}
	if len(f.Actions) > 0 {
		var conds []string
		var args []any
		for _, k := range f.Actions {
			if k.Entity == "" {
				conds, args = append(conds, "action = ?"), append(args, k.Action)
			} else {
				conds, args = append(conds, "(entity = ? AND action = ?)"), append(args, k.Entity, k.Action)
			}
		}
		q = q.Where("("+strings.Join(conds, " OR ")+")", args...)
	}
	if f.From != nil {
		q = q.Where("at >= ?", f.From.UTC())
	}
	if f.To != nil {
		q = q.Where("at < ?", f.To.UTC())
	}
	if !f.WithSession {
		q = q.Where("NOT (entity = 'user' AND action IN ?)", audit.SessionActions)
	}
	return q
}

// Register returns one page of the register, newest first.
func (s *AuditStore) Register(ctx context.Context, f audit.RegisterFilter, p domain.Page) (_ domain.List[audit.RegisterEntry], err error) {
	defer wrap(&err, "audit store: register")
	var total int64
	if err := s.registerQuery(ctx, f).Count(&total).Error; err != nil {
		return domain.List[audit.RegisterEntry]{}, err
	}
	var rows []auditRow
	if err := s.registerQuery(ctx, f).Order("id DESC").Offset(p.Offset()).Limit(p.PageSize).Find(&rows).Error; err != nil {
		return domain.List[audit.RegisterEntry]{}, err
	}
	items, err := s.describe(ctx, rows)
	if err != nil {
		return domain.List[audit.RegisterEntry]{}, err
	}
	return domain.List[audit.RegisterEntry]{Items: items, Total: total, Page: p.Page, PageSize: p.PageSize}, nil
}

// registerBatch is how many entries EachRegister reads per query.
const registerBatch = 1000

// EachRegister calls fn for at most limit matching entries, newest first (keyset pages by id).
func (s *AuditStore) EachRegister(ctx context.Context, f audit.RegisterFilter, limit int, fn func(audit.RegisterEntry) error) (more bool, err error) {
	defer wrap(&err, "audit store: each register")
	var before int64
	seen := 0
	for {
		q := s.registerQuery(ctx, f)
		if before > 0 {
			q = q.Where("id < ?", before)
		}
		n := min(registerBatch, limit-seen+1)
		var rows []auditRow
		if err := q.Order("id DESC").Limit(n).Find(&rows).Error; err != nil {
			return false, err
		}
		if seen+len(rows) > limit {
			rows, more = rows[:limit-seen], true
		}
		items, err := s.describe(ctx, rows)
		if err != nil {
			return false, err
		}
		for _, e := range items {
			if err := fn(e); err != nil {
				return false, err
			}
		}
		seen += len(items)
		if more || len(rows) < n || len(rows) == 0 {
			return more, nil
		}
		before = rows[len(rows)-1].ID
	}
}

// refRow is an entity's challenge and organisation.
type refRow struct {
	ID          int64
	ChallengeID int64
	OrgID       int64
	Name        string
}

// describe adds to rows what each concerns, with one query per kind of entity on the page.
func (s *AuditStore) describe(ctx context.Context, rows []auditRow) ([]audit.RegisterEntry, error) {
	ids := map[string][]int64{}
	for _, r := range rows {
		ids[r.Entity] = append(ids[r.Entity], r.EntityID)
	}
	queries := map[string]string{
		audit.EntityChallenge:       `SELECT id, id AS challenge_id, org_id, '' AS name FROM challenges WHERE id IN ?`,
		audit.EntityBid:             `SELECT id, challenge_id, lead_org_id AS org_id, '' AS name FROM bids WHERE id IN ?`,
		audit.EntityRacer:           `SELECT id, challenge_id, org_id, '' AS name FROM racers WHERE id IN ?`,
		audit.EntityRound:           `SELECT id, challenge_id, 0 AS org_id, '' AS name FROM review_rounds WHERE id IN ?`,
		audit.EntityAssignment:      `SELECT a.id, r.challenge_id, 0 AS org_id, '' AS name FROM review_assignments a JOIN review_rounds r ON r.id = a.round_id WHERE a.id IN ?`,
		audit.EntityNotice:          `SELECT id, challenge_id, 0 AS org_id, '' AS name FROM notices WHERE id IN ?`,
		audit.EntityObjection:       `SELECT id, challenge_id, 0 AS org_id, '' AS name FROM objections WHERE id IN ?`,
		audit.EntityFundingDecision: `SELECT d.id, d.challenge_id, COALESCE(r.org_id, 0) AS org_id, '' AS name FROM funding_decisions d LEFT JOIN racers r ON r.id = d.racer_id WHERE d.id IN ?`,
		audit.EntityUser:            `SELECT id, 0 AS challenge_id, COALESCE(org_id, 0) AS org_id, name FROM users WHERE id IN ?`,
		audit.EntityOrg:             `SELECT id, 0 AS challenge_id, id AS org_id, name FROM orgs WHERE id IN ?`,
	}
	refs := map[string]map[int64]refRow{}
	challenges := map[int64]bool{}
	orgs := map[int64]bool{}
	for entity, list := range ids {
		q, ok := queries[entity]
		if !ok {
			continue
		}
		var found []refRow
		if err := s.db.conn(ctx).Raw(q, list).Scan(&found).Error; err != nil {
			return nil, translate(err)
		}
		m := map[int64]refRow{}
		for _, f := range found {
			m[f.ID] = f
			if f.ChallengeID != 0 {
				challenges[f.ChallengeID] = true
			}
			if f.OrgID != 0 {
				orgs[f.OrgID] = true
			}
		}
		refs[entity] = m
	}
	titles := map[int64]string{}
	challengeOrg := map[int64]int64{}
	if len(challenges) > 0 {
		var found []struct {
			ID    int64
			Title string
			OrgID int64
		}
		if err := s.db.conn(ctx).Raw(`SELECT id, title, org_id FROM challenges WHERE id IN ?`, keys(challenges)).Scan(&found).Error; err != nil {
			return nil, translate(err)
		}
		for _, c := range found {
			titles[c.ID], challengeOrg[c.ID] = c.Title, c.OrgID
			orgs[c.OrgID] = true
		}
	}
	orgNames := map[int64]string{}
	if len(orgs) > 0 {
		var found []struct {
			ID   int64
			Name string
		}
		if err := s.db.conn(ctx).Raw(`SELECT id, name FROM orgs WHERE id IN ?`, keys(orgs)).Scan(&found).Error; err != nil {
			return nil, translate(err)
		}
		for _, o := range found {
			orgNames[o.ID] = o.Name
		}
	}
	out := make([]audit.RegisterEntry, 0, len(rows))
	for _, r := range rows {
		e := audit.RegisterEntry{Entry: r.toDomain()}
		if ref, ok := refs[r.Entity][r.EntityID]; ok {
			e.ChallengeID, e.OrgID = ref.ChallengeID, ref.OrgID
			if r.Entity == audit.EntityUser || r.Entity == audit.EntityOrg {
				e.SubjectName = ref.Name
			}
		}
		if e.ChallengeID != 0 {
			e.ChallengeTitle = titles[e.ChallengeID]
			if e.OrgID == 0 {
				e.OrgID = challengeOrg[e.ChallengeID]
			}
		}
		e.OrgName = orgNames[e.OrgID]
		out = append(out, e)
	}
	return out, nil
}

func keys(m map[int64]bool) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
