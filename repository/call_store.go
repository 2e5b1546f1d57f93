package repository

import (
	"context"
	"encoding/json"
	"time"

	"jiebang/domain/call"
	"jiebang/domain/challenge"
)

// callRow is a row of calls; rules is the JSON of the call's overrides.
type callRow struct {
	ID              int64 `gorm:"primaryKey"`
	Title           string
	Year            int
	OpensOn         string
	ClosesOn        string
	Notes           string
	Status          string
	BiddingDeadline *time.Time
	PublishedAt     *time.Time
	Rules           string
	CreatedBy       int64
	CreatedAt       time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt       time.Time `gorm:"autoUpdateTime:false"`
}

func (callRow) TableName() string { return "calls" }

func callToRow(c call.Call) callRow {
	return callRow{ID: c.ID, Title: c.Title, Year: c.Year, OpensOn: c.OpensOn, ClosesOn: c.ClosesOn, Notes: c.Notes,
		Status: string(c.Stored), BiddingDeadline: optTime(c.BiddingDeadline), PublishedAt: optTime(c.PublishedAt),
		Rules: mustJSON(c.Overrides), CreatedBy: c.CreatedBy, CreatedAt: dbTime(c.CreatedAt), UpdatedAt: dbTime(c.UpdatedAt)}
}

func (r callRow) toDomain() (call.Call, error) {
	var o call.Overrides
	if err := json.Unmarshal([]byte(r.Rules), &o); err != nil {
		return call.Call{}, err
	}
	return call.Call{ID: r.ID, Title: r.Title, Year: r.Year, OpensOn: r.OpensOn, ClosesOn: r.ClosesOn, Notes: r.Notes,
		Stored: call.Status(r.Status), BiddingDeadline: utcPtr(r.BiddingDeadline), PublishedAt: utcPtr(r.PublishedAt),
		Overrides: o, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}, nil
}

// CallStore implements call.Store.
type CallStore struct{ db *DB }

// NewCallStore returns the call store.
func NewCallStore(db *DB) *CallStore { return &CallStore{db: db} }

var _ call.Store = (*CallStore)(nil)

// Create inserts c and sets its ID.
func (s *CallStore) Create(ctx context.Context, c *call.Call) (err error) {
	defer wrap(&err, "call store: create")
	r := callToRow(*c)
	r.ID = 0
	if err := s.db.conn(ctx).Create(&r).Error; err != nil {
		return translate(err)
	}
	c.ID = r.ID
	return nil
}

// Get returns one call.
func (s *CallStore) Get(ctx context.Context, id int64) (_ call.Call, err error) {
	defer wrap(&err, "call store: get %d", id)
	var r callRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return call.Call{}, translate(err)
	}
	return r.toDomain()
}

// List returns every call, newest year first, then newest first.
func (s *CallStore) List(ctx context.Context) (_ []call.Call, err error) {
	defer wrap(&err, "call store: list")
	var rows []callRow
	if err := s.db.conn(ctx).Order("year DESC, id DESC").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]call.Call, 0, len(rows))
	for _, r := range rows {
		c, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Update writes the bureau's fields of c while the call is open (compare-and-set).
func (s *CallStore) Update(ctx context.Context, c call.Call) (err error) {
	defer wrap(&err, "call store: update %d", c.ID)
	r := callToRow(c)
	res := s.db.conn(ctx).Model(&callRow{}).Where("id = ? AND status = ?", c.ID, string(call.StatusOpen)).
		Updates(map[string]any{"title": r.Title, "year": r.Year, "opens_on": r.OpensOn, "closes_on": r.ClosesOn,
			"notes": r.Notes, "rules": r.Rules, "updated_at": r.UpdatedAt})
	return casResult(res.Error, res.RowsAffected, "call", c.ID)
}

// MarkPublished sets the call published while it is open (compare-and-set).
func (s *CallStore) MarkPublished(ctx context.Context, id int64, deadline, at time.Time) (err error) {
	defer wrap(&err, "call store: publish %d", id)
	res := s.db.conn(ctx).Model(&callRow{}).Where("id = ? AND status = ?", id, string(call.StatusOpen)).
		Updates(map[string]any{"status": string(call.StatusPublished), "bidding_deadline": dbTime(deadline),
			"published_at": dbTime(at), "updated_at": dbTime(at)})
	return casResult(res.Error, res.RowsAffected, "call", id)
}

// Members returns the challenges filed into the call with their statuses, by id.
func (s *CallStore) Members(ctx context.Context, callID int64) (_ []call.Member, err error) {
	defer wrap(&err, "call store: members of %d", callID)
	var rows []struct {
		ID     int64
		Status string
	}
	if err := s.db.conn(ctx).Table("challenges").Select("id, status").Where("call_id = ?", callID).
		Order("id").Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]call.Member, 0, len(rows))
	for _, r := range rows {
		out = append(out, call.Member{ChallengeID: r.ID, Status: challenge.Status(r.Status)})
	}
	return out, nil
}

// CallOf returns the call a challenge was filed into (0 for none).
func (s *CallStore) CallOf(ctx context.Context, challengeID int64) (_ int64, err error) {
	defer wrap(&err, "call store: call of challenge %d", challengeID)
	var r struct{ CallID *int64 }
	if err := s.db.conn(ctx).Table("challenges").Select("call_id").Where("id = ?", challengeID).Take(&r).Error; err != nil {
		return 0, translate(err)
	}
	if r.CallID == nil {
		return 0, nil
	}
	return *r.CallID, nil
}
