package repository

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// cardRow is a row of challenge_cards: a challenge without its long texts, kept by triggers (migration 00015).
type cardRow struct {
	ID             int64 `gorm:"primaryKey"`
	OrgID          int64
	Status         string
	Public         bool
	SortAt         time.Time
	Title          string
	Field          string
	Mode           string
	Summary        string
	KPIs           string `gorm:"column:kpis"`
	Stages         string
	DurationMonths int
	BudgetFen      int64
	GovFundingFen  int64
	CofundingFen   int64
	MaxRacers      int
	BidDeadline    *time.Time
	PublishedAt    *time.Time
	SubmittedAt    *time.Time
	ApprovedAt     *time.Time
	ClosedAt       *time.Time
	CancelReason   string
	LastOpinion    string
	WinnerRacerIDs string `gorm:"column:winner_racer_ids"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
}

func (cardRow) TableName() string { return "challenge_cards" }

// cardView is a card joined with its organisation's name.
type cardView struct {
	Row       cardRow `gorm:"embedded"`
	OrgName   string
	CallID    *int64
	CallTitle *string
}

// cardSelect selects cards (AS cards) with their organisation's name and their call's id and title (the
// call is not on the card: it is read through the challenge's row, by primary key).
func (s *ChallengeStore) cardSelect(ctx context.Context) *gorm.DB {
	return s.db.conn(ctx).Table("challenge_cards AS cards").
		Select("cards.*, orgs.name AS org_name, ch.call_id AS call_id, calls.title AS call_title").
		Joins("JOIN orgs ON orgs.id = cards.org_id").
		Joins("JOIN challenges ch ON ch.id = cards.id").
		Joins("LEFT JOIN calls ON calls.id = ch.call_id")
}

func (v cardView) toDomain() (challenge.Challenge, error) {
	r := v.Row
	kpis, err := decodeKPIs(r.KPIs)
	if err != nil {
		return challenge.Challenge{}, err
	}
	stages, err := decodeStages(r.Stages)
	if err != nil {
		return challenge.Challenge{}, err
	}
	var winners []int64
	if err := json.Unmarshal([]byte(r.WinnerRacerIDs), &winners); err != nil {
		return challenge.Challenge{}, err
	}
	callID, callTitle := callOf(v.CallID, v.CallTitle)
	return challenge.Challenge{ID: r.ID, OrgID: r.OrgID, OrgName: v.OrgName, Status: challenge.Status(r.Status),
		CallID: callID, CallTitle: callTitle, Title: r.Title, Field: r.Field, Summary: r.Summary, KPIs: kpis, DurationMonths: r.DurationMonths,
		BudgetFen: r.BudgetFen, GovFundingFen: r.GovFundingFen, CofundingFen: r.CofundingFen,
		Mode: challenge.Mode(r.Mode), MaxRacers: r.MaxRacers, Stages: stages, BidDeadline: utcPtr(r.BidDeadline),
		PublishedAt: utcPtr(r.PublishedAt), SubmittedAt: utcPtr(r.SubmittedAt), ApprovedAt: utcPtr(r.ApprovedAt),
		ClosedAt: utcPtr(r.ClosedAt), CancelReason: r.CancelReason, LastOpinion: r.LastOpinion,
		WinnerRacerIDs: winners, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Version: r.Version}, nil
}

// List returns one page of challenge summaries matching f, newest published first (never published: by
// creation), then id descending. It reads challenge_cards only (no long texts); the total comes from the kept
// counts when f has no search text and no organisation, else from an indexed count. q matches a substring of
// the title or the problem through challenge_terms (see challenge_terms.go).
func (s *ChallengeStore) List(ctx context.Context, f challenge.Filter, p domain.Page) (_ domain.List[challenge.Challenge], err error) {
	defer wrap(&err, "challenge store: list")
	out := domain.List[challenge.Challenge]{Page: p.Page, PageSize: p.PageSize, Items: []challenge.Challenge{}}
	total, err := s.count(ctx, f)
	if err != nil {
		return out, err
	}
	out.Total = total
	if int64(p.Offset()) >= total {
		return out, nil
	}
	var views []cardView
	q := s.cardSelect(ctx)
	err = s.cardFilter(q, f).Order("cards.sort_at DESC, cards.id DESC").
		Offset(p.Offset()).Limit(p.PageSize).Find(&views).Error
	if err != nil {
		return out, err
	}
	out.Items, err = cardsToDomain(views)
	return out, err
}

// cardsToDomain converts cards (never nil: an empty list is []).
func cardsToDomain(views []cardView) ([]challenge.Challenge, error) {
	out := make([]challenge.Challenge, 0, len(views))
	for _, v := range views {
		c, err := v.toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Summaries returns the challenges with the ids as list items (from challenge_cards), in one query.
func (s *ChallengeStore) Summaries(ctx context.Context, ids []int64) (_ []challenge.Challenge, err error) {
	defer wrap(&err, "challenge store: summaries")
	if len(ids) == 0 {
		return []challenge.Challenge{}, nil
	}
	var views []cardView
	err = s.cardSelect(ctx).Where("cards.id IN ?", ids).Find(&views).Error
	if err != nil {
		return nil, translate(err)
	}
	return cardsToDomain(views)
}

// count is the number of challenges matching f.
func (s *ChallengeStore) count(ctx context.Context, f challenge.Filter) (int64, error) {
	var n int64
	if f.Q == "" && f.OrgID == 0 && f.CallID == 0 {
		q := s.db.conn(ctx).Table("challenge_counts").Select("COALESCE(SUM(n), 0)")
		if f.PublicOnly {
			q = q.Where("public = ?", true)
		}
		if f.Status != "" {
			q = q.Where("status = ?", string(f.Status))
		}
		if f.Field != "" {
			q = q.Where("field = ?", f.Field)
		}
		if f.Mode != "" {
			q = q.Where("mode = ?", string(f.Mode))
		}
		err := q.Scan(&n).Error
		return n, err
	}
	err := s.cardFilter(s.db.conn(ctx).Table("challenge_cards AS cards"), f).Count(&n).Error
	return n, err
}

// cardFilter narrows q (over challenge_cards AS cards) by f.
func (s *ChallengeStore) cardFilter(q *gorm.DB, f challenge.Filter) *gorm.DB {
	if f.PublicOnly {
		q = q.Where("cards.public = ?", true)
	}
	if f.CallID != 0 {
		q = q.Where("cards.id IN (SELECT id FROM challenges WHERE call_id = ?)", f.CallID)
	}
	if f.Status != "" {
		q = q.Where("cards.status = ?", string(f.Status))
	}
	if f.Field != "" {
		q = q.Where("cards.field = ?", f.Field)
	}
	if f.Mode != "" {
		q = q.Where("cards.mode = ?", string(f.Mode))
	}
	if f.OrgID != 0 {
		q = q.Where("cards.org_id = ?", f.OrgID)
	}
	if f.Q != "" {
		terms, confirm := queryTerms(f.Q)
		if len(terms) == 1 {
			q = q.Where("cards.id IN (SELECT challenge_id FROM challenge_terms WHERE term = ?)", terms[0])
		} else {
			q = q.Where("cards.id IN (SELECT challenge_id FROM challenge_terms WHERE term IN ? "+
				"GROUP BY challenge_id HAVING COUNT(*) = ?)", terms, len(terms))
		}
		if confirm {
			like := "LIKE"
			if s.db.Dialect == DialectPostgres {
				like = "ILIKE"
			}
			pat := likePattern(f.Q)
			q = q.Where("EXISTS (SELECT 1 FROM challenges c WHERE c.id = cards.id AND (c.title "+like+
				" ? ESCAPE '\\' OR c.problem "+like+" ? ESCAPE '\\'))", pat, pat)
		}
	}
	return q
}

// Version returns what a reader needs to know of a challenge before using a cached copy: its organisation,
// whether it is on the public board, and its version (ErrNotFound when absent).
func (s *ChallengeStore) Version(ctx context.Context, id int64) (_ challenge.Stamp, err error) {
	defer wrap(&err, "challenge store: version %d", id)
	var st challenge.Stamp
	if InTxContext(ctx) {
		var r struct {
			OrgID   int64
			Public  bool
			Version int64
		}
		err := s.db.conn(ctx).Table("challenge_cards").Select("org_id, public, version").Where("id = ?", id).Take(&r).Error
		if err != nil {
			return st, translate(err)
		}
		return challenge.Stamp{OrgID: r.OrgID, Public: r.Public, Version: r.Version}, nil
	}
	stmts, err := s.checks()
	if err != nil {
		return st, err
	}
	err = stmts.card.QueryRowContext(ctx, id).Scan(&st.OrgID, &st.Public, &st.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("%w: challenge %d", domain.ErrNotFound, id)
	}
	return st, translate(err)
}

// BoardVersion returns the board's version (migration 00016): it changes with every change of a challenge.
func (s *ChallengeStore) BoardVersion(ctx context.Context) (_ int64, err error) {
	defer wrap(&err, "challenge store: board version")
	var v int64
	if InTxContext(ctx) {
		err := s.db.conn(ctx).Raw("SELECT v FROM board_version WHERE id = 1").Scan(&v).Error
		return v, err
	}
	stmts, err := s.checks()
	if err != nil {
		return 0, err
	}
	return v, translate(stmts.board.QueryRowContext(ctx).Scan(&v))
}

// versionChecks are the two statements every cached read runs before it serves its copy (and, when the copy is
// current, the only database work of the read). They are prepared once (database/sql prepares them again on
// each pooled connection as it first uses them) and run without gorm, whose statement building would cost
// more than the indexed single-row lookup itself.
type versionChecks struct {
	board *sql.Stmt
	card  *sql.Stmt
}

// The version checks' statements (SQLite placeholders).
const (
	boardVersionSQL = "SELECT v FROM board_version WHERE id = 1"
	cardVersionSQL  = "SELECT org_id, public, version FROM challenge_cards WHERE id = ?"
)

// checks prepares the version checks on the read pool on first use; a failed preparation is retried by the
// next read.
func (s *ChallengeStore) checks() (*versionChecks, error) {
	if c := s.prepared.Load(); c != nil {
		return c, nil
	}
	s.prepareMu.Lock()
	defer s.prepareMu.Unlock()
	if c := s.prepared.Load(); c != nil {
		return c, nil
	}
	pool, err := s.db.Reader.DB()
	if err != nil {
		return nil, err
	}
	cardSQL := cardVersionSQL
	if s.db.Dialect == DialectPostgres {
		cardSQL = strings.Replace(cardSQL, "?", "$1", 1)
	}
	board, err := pool.Prepare(boardVersionSQL)
	if err != nil {
		return nil, translate(err)
	}
	card, err := pool.Prepare(cardSQL)
	if err != nil {
		_ = board.Close()
		return nil, translate(err)
	}
	c := &versionChecks{board: board, card: card}
	s.prepared.Store(c)
	return c, nil
}
