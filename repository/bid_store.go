package repository

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"jiebang/domain"
	"jiebang/domain/bid"
)

// BidStore implements bid.Store.
type BidStore struct{ db *DB }

// NewBidStore returns the bid store.
func NewBidStore(db *DB) *BidStore { return &BidStore{db: db} }

var _ bid.Store = (*BidStore)(nil)

// Advisory lock namespaces that serialise submissions per organisation and per PI on PostgreSQL.
const (
	bidOrgLockSpace = 0x62696f // "bio"
	bidPILockSpace  = 0x626970 // "bip"
)

func activeStatuses() []string {
	out := make([]string, 0, len(bid.ActiveStatuses))
	for _, s := range bid.ActiveStatuses {
		out = append(out, string(s))
	}
	return out
}

func statusStrings(ss []bid.Status) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, string(s))
	}
	return out
}

// Create inserts b and sets its ID.
func (s *BidStore) Create(ctx context.Context, b *bid.Bid) (err error) {
	defer wrap(&err, "bid store: create on %d", b.ChallengeID)
	row, err := bidToRow(*b)
	if err != nil {
		return err
	}
	row.ID = 0
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	b.ID = row.ID
	return nil
}

// Get returns one bid.
func (s *BidStore) Get(ctx context.Context, id int64) (_ bid.Bid, err error) {
	defer wrap(&err, "bid store: get %d", id)
	var row bidRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return bid.Bid{}, translate(err)
	}
	return row.toDomain()
}

// OpenBidOf returns the ID of the organisation's non-withdrawn bid on the challenge, 0 when none.
func (s *BidStore) OpenBidOf(ctx context.Context, challengeID, orgID int64) (_ int64, err error) {
	defer wrap(&err, "bid store: open bid of %d %d", challengeID, orgID)
	var ids []int64
	err = s.db.conn(ctx).Model(&bidRow{}).
		Where("challenge_id = ? AND lead_org_id = ? AND status <> ?", challengeID, orgID, string(bid.StatusWithdrawn)).
		Limit(1).Pluck("id", &ids).Error
	if err != nil || len(ids) == 0 {
		return 0, translate(err)
	}
	return ids[0], nil
}

// casUpdate updates the bid's columns when it is still in status from; zero rows is domain.ErrStale.
func (s *BidStore) casUpdate(ctx context.Context, id int64, from bid.Status, cols map[string]any, extra ...any) error {
	q := s.db.conn(ctx).Model(&bidRow{}).Where("id = ? AND status = ?", id, string(from))
	if len(extra) > 0 {
		q = q.Where(extra[0], extra[1:]...)
	}
	res := q.Updates(cols)
	return casResult(res.Error, res.RowsAffected, "bid", id)
}

// SaveContent replaces the working copy while the bid is in status from.
func (s *BidStore) SaveContent(ctx context.Context, id int64, from bid.Status, c bid.Content, dirty bool, at time.Time) (err error) {
	defer wrap(&err, "bid store: save content %d %s", id, from)
	content, err := encodeBidContent(c)
	if err != nil {
		return err
	}
	return s.casUpdate(ctx, id, from, map[string]any{"content": content, "dirty": dirty, "updated_at": dbTime(at)})
}

// SaveSubmission stores version v and makes it the bid's latest submitted version.
func (s *BidStore) SaveSubmission(ctx context.Context, from bid.Status, v bid.Version, piEmail string) (err error) {
	defer wrap(&err, "bid store: save submission %d v%d %s", v.BidID, v.Version, from)
	at := dbTime(v.SubmittedAt)
	err = s.casUpdate(ctx, v.BidID, from, map[string]any{"status": string(bid.StatusSubmitted), "version": v.Version,
		"pi_email": piEmail, "submitted_at": at, "digest": v.Digest, "dirty": false, "updated_at": at},
		"version = ?", v.Version-1)
	if err != nil {
		return err
	}
	row := bidVersionRow{BidID: v.BidID, Version: v.Version, Content: string(v.Canonical), Digest: v.Digest,
		SubmittedAt: at, SubmittedBy: v.SubmittedBy}
	return translate(s.db.conn(ctx).Create(&row).Error)
}

// SetStatus moves a bid from one status to another. Withdrawal records its time; an eligibility decision its
// reason and time.
func (s *BidStore) SetStatus(ctx context.Context, id int64, from, to bid.Status, reason string, at time.Time) (err error) {
	defer wrap(&err, "bid store: set status %d %s %s", id, from, to)
	cols := map[string]any{"status": string(to), "updated_at": dbTime(at)}
	switch to {
	case bid.StatusWithdrawn:
		cols["withdrawn_at"] = dbTime(at)
	case bid.StatusEligible, bid.StatusIneligible:
		cols["eligibility_reason"] = reason
		cols["decided_at"] = dbTime(at)
	case bid.StatusCancelled:
		cols["end_reason"] = reason
		cols["ended_at"] = dbTime(at)
	}
	return s.casUpdate(ctx, id, from, cols)
}

// Touch marks the working copy changed while the bid is in status from.
func (s *BidStore) Touch(ctx context.Context, id int64, from bid.Status, at time.Time) (err error) {
	defer wrap(&err, "bid store: touch %d %s", id, from)
	return s.casUpdate(ctx, id, from, map[string]any{"dirty": true, "updated_at": dbTime(at)})
}

// List returns one page of bids matching f.
func (s *BidStore) List(ctx context.Context, f bid.Filter, p domain.Page) (_ domain.List[bid.Bid], err error) {
	defer wrap(&err, "bid store: list")
	q := s.db.conn(ctx).Model(&bidRow{})
	if f.ChallengeID != 0 {
		q = q.Where("challenge_id = ?", f.ChallengeID)
	}
	if f.LeadOrgID != 0 {
		q = q.Where("lead_org_id = ?", f.LeadOrgID)
	}
	if f.Submitted {
		q = q.Where("version > 0")
	}
	if len(f.Statuses) > 0 {
		q = q.Where("status IN ?", statusStrings(f.Statuses))
	}
	if len(f.ExcludeStatuses) > 0 {
		q = q.Where("status NOT IN ?", statusStrings(f.ExcludeStatuses))
	}
	order := "id"
	if f.NewestFirst {
		order = "id DESC"
	}
	var rows []bidRow
	if err := q.Session(&gorm.Session{}).Order(order).Offset(p.Offset()).Limit(p.PageSize).Find(&rows).Error; err != nil {
		return domain.List[bid.Bid]{}, translate(err)
	}
	// A short page that is not empty is the last one: it gives the total without counting (most
	// organisations' bids fit in one page).
	total := int64(p.Offset() + len(rows))
	if len(rows) == 0 || len(rows) >= p.PageSize {
		if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
			return domain.List[bid.Bid]{}, translate(err)
		}
	}
	out := domain.List[bid.Bid]{Items: make([]bid.Bid, 0, len(rows)), Total: total, Page: p.Page, PageSize: p.PageSize}
	for _, r := range rows {
		b, err := r.toDomain()
		if err != nil {
			return domain.List[bid.Bid]{}, err
		}
		out.Items = append(out.Items, b)
	}
	return out, nil
}

// CountActiveByPI counts active bids whose PI has the normalised e-mail, other than exceptID.
// Only bids on challenges of call callID count (0: the challenges outside any call).
func (s *BidStore) CountActiveByPI(ctx context.Context, piEmail string, callID, exceptID int64) (_ int64, err error) {
	defer wrap(&err, "bid store: count active by pi %d", exceptID)
	if piEmail == "" {
		return 0, nil
	}
	var n int64
	err = inCall(s.db.conn(ctx).Model(&bidRow{}), callID).
		Where("pi_email = ? AND status IN ? AND id <> ?", piEmail, activeStatuses(), exceptID).Count(&n).Error
	return n, translate(err)
}

// CountActiveByOrg counts active bids the organisation leads, other than exceptID, on challenges of call
// callID (0: the challenges outside any call).
func (s *BidStore) CountActiveByOrg(ctx context.Context, orgID int64, callID, exceptID int64) (_ int64, err error) {
	defer wrap(&err, "bid store: count active by org %d %d", orgID, exceptID)
	var n int64
	err = inCall(s.db.conn(ctx).Model(&bidRow{}), callID).
		Where("lead_org_id = ? AND status IN ? AND id <> ?", orgID, activeStatuses(), exceptID).Count(&n).Error
	return n, translate(err)
}

// inCall narrows a query over bids to bids on challenges of call callID (0: outside any call): the limits
// (限项) are counted within a call.
func inCall(q *gorm.DB, callID int64) *gorm.DB {
	if callID == 0 {
		return q.Where("challenge_id IN (SELECT id FROM challenges WHERE call_id IS NULL)")
	}
	return q.Where("challenge_id IN (SELECT id FROM challenges WHERE call_id = ?)", callID)
}

// LockLimits takes transaction-scoped advisory locks on the organisation and the PI on PostgreSQL, always in
// that order. On SQLite the single writer connection already serialises write transactions.
func (s *BidStore) LockLimits(ctx context.Context, orgID int64, piEmail string) (err error) {
	defer wrap(&err, "bid store: lock limits %d", orgID)
	if !InTxContext(ctx) {
		return fmt.Errorf("bid limits locked outside a transaction")
	}
	if s.db.Dialect != DialectPostgres {
		return nil
	}
	tx := s.db.conn(ctx)
	if err := tx.Exec("SELECT pg_advisory_xact_lock(?, CAST(? AS INTEGER))", bidOrgLockSpace, orgID%(1<<31)).Error; err != nil {
		return err
	}
	return tx.Exec("SELECT pg_advisory_xact_lock(?, hashtext(?))", bidPILockSpace, piEmail).Error
}

// LockBid takes the bid's row lock (SELECT ... FOR UPDATE) on PostgreSQL until the transaction ends; on
// SQLite the single writer connection already serialises write transactions.
func (s *BidStore) LockBid(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "bid store: lock bid %d", id)
	if !InTxContext(ctx) {
		return fmt.Errorf("bid locked outside a transaction")
	}
	if s.db.Dialect != DialectPostgres {
		return nil
	}
	return translate(s.db.conn(ctx).Exec("SELECT id FROM bids WHERE id = ? FOR UPDATE", id).Error)
}

// Versions returns every submitted version, oldest first.
func (s *BidStore) Versions(ctx context.Context, bidID int64) (_ []bid.Version, err error) {
	defer wrap(&err, "bid store: versions %d", bidID)
	var rows []bidVersionRow
	if err := s.db.conn(ctx).Where("bid_id = ?", bidID).Order("version").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]bid.Version, 0, len(rows))
	for _, r := range rows {
		v, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// LatestVersion returns the newest submitted version (domain.ErrNotFound when none).
func (s *BidStore) LatestVersion(ctx context.Context, bidID int64) (_ bid.Version, err error) {
	defer wrap(&err, "bid store: latest version %d", bidID)
	var row bidVersionRow
	if err := s.db.conn(ctx).Where("bid_id = ?", bidID).Order("version DESC").Limit(1).Take(&row).Error; err != nil {
		return bid.Version{}, translate(err)
	}
	return row.toDomain()
}

// AddAttachment inserts a and sets its ID.
func (s *BidStore) AddAttachment(ctx context.Context, a *bid.Attachment) (err error) {
	defer wrap(&err, "bid store: add attachment of %d", a.BidID)
	row := bidAttachmentRow{BidID: a.BidID, Filename: a.Filename, Size: a.Size, ContentType: a.ContentType,
		SHA256: a.SHA256, UploadedBy: a.UploadedBy, UploadedAt: dbTime(a.UploadedAt)}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	a.ID = row.ID
	return nil
}

// Attachments lists the working copy's attachments in upload order.
func (s *BidStore) Attachments(ctx context.Context, bidID int64) (_ []bid.Attachment, err error) {
	defer wrap(&err, "bid store: attachments %d", bidID)
	var rows []bidAttachmentRow
	if err := s.db.conn(ctx).Where("bid_id = ? AND removed_at IS NULL", bidID).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]bid.Attachment, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// Attachment returns one attachment of the bid, removed or not.
func (s *BidStore) Attachment(ctx context.Context, bidID, id int64) (_ bid.Attachment, err error) {
	defer wrap(&err, "bid store: attachment %d %d", bidID, id)
	var row bidAttachmentRow
	if err := s.db.conn(ctx).Where("id = ? AND bid_id = ?", id, bidID).Take(&row).Error; err != nil {
		return bid.Attachment{}, translate(err)
	}
	return row.toDomain(), nil
}

// RemoveAttachment marks an attachment removed from the working copy (domain.ErrNotFound when it is not there).
func (s *BidStore) RemoveAttachment(ctx context.Context, bidID, id int64, at time.Time) (err error) {
	defer wrap(&err, "bid store: remove attachment %d %d", bidID, id)
	res := s.db.conn(ctx).Model(&bidAttachmentRow{}).Where("id = ? AND bid_id = ? AND removed_at IS NULL", id, bidID).
		Update("removed_at", dbTime(at))
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("attachment %d: %w", id, domain.ErrNotFound)
	}
	return nil
}

// GetForOrg returns one bid led by the organisation.
func (s *BidStore) GetForOrg(ctx context.Context, orgID, id int64) (_ bid.Bid, err error) {
	defer wrap(&err, "bid store: get for org %d %d", orgID, id)
	var row bidRow
	if err := s.db.conn(ctx).Where("id = ? AND lead_org_id = ?", id, orgID).Take(&row).Error; err != nil {
		return bid.Bid{}, translate(err)
	}
	return row.toDomain()
}

// DeleteUnsubmitted removes a never-submitted bid with its attachment records (compare-and-set on version 0).
func (s *BidStore) DeleteUnsubmitted(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "bid store: delete unsubmitted %d", id)
	q := s.db.conn(ctx)
	if err := q.Where("bid_id = ?", id).Delete(&bidAttachmentRow{}).Error; err != nil {
		return translate(err)
	}
	res := q.Where("id = ? AND version = 0", id).Delete(&bidRow{})
	return casResult(res.Error, res.RowsAffected, "bid", id)
}

// GetOnChallengesOf returns one bid on a challenge posted by the organisation.
func (s *BidStore) GetOnChallengesOf(ctx context.Context, orgID, id int64) (_ bid.Bid, err error) {
	defer wrap(&err, "bid store: get on challenges of %d %d", orgID, id)
	var row bidRow
	err = s.db.conn(ctx).Where("id = ? AND challenge_id IN (SELECT id FROM challenges WHERE org_id = ?)", id, orgID).
		Take(&row).Error
	if err != nil {
		return bid.Bid{}, translate(err)
	}
	return row.toDomain()
}
