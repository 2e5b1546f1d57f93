package repository

import (
	"context"

	"gorm.io/gorm/clause"

	"jiebang/domain/funding"
)

// FundingStore implements funding.Store.
type FundingStore struct{ db *DB }

// NewFundingStore returns the funding ledger store.
func NewFundingStore(db *DB) *FundingStore { return &FundingStore{db: db} }

var _ funding.Store = (*FundingStore)(nil)

// Lock creates the challenge's totals row when missing and holds it until the end of the transaction: a row
// lock on PostgreSQL; on SQLite the single writer connection (BEGIN IMMEDIATE) already serialises writers.
func (s *FundingStore) Lock(ctx context.Context, challengeID int64) (_ funding.Totals, err error) {
	defer wrap(&err, "funding store: lock %d", challengeID)
	tx := s.db.conn(ctx)
	if err := tx.Exec("INSERT INTO funding_totals (challenge_id) VALUES (?) ON CONFLICT (challenge_id) DO NOTHING", challengeID).Error; err != nil {
		return funding.Totals{}, translate(err)
	}
	q := tx.Where("challenge_id = ?", challengeID)
	if s.db.Dialect == DialectPostgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var row fundingTotalsRow
	if err := q.Take(&row).Error; err != nil {
		return funding.Totals{}, translate(err)
	}
	return row.toDomain(), nil
}

// Totals returns the challenge's running totals (zero when it has no ledger yet).
func (s *FundingStore) Totals(ctx context.Context, challengeID int64) (_ funding.Totals, err error) {
	defer wrap(&err, "funding store: totals %d", challengeID)
	var rows []fundingTotalsRow
	if err := s.db.conn(ctx).Where("challenge_id = ?", challengeID).Limit(1).Find(&rows).Error; err != nil {
		return funding.Totals{}, translate(err)
	}
	if len(rows) == 0 {
		return fundingTotalsRow{ChallengeID: challengeID}.toDomain(), nil
	}
	return rows[0].toDomain(), nil
}

// RacerFigures returns a racer's running totals per source.
func (s *FundingStore) RacerFigures(ctx context.Context, racerID int64) (_ map[funding.Source]funding.Figures, err error) {
	defer wrap(&err, "funding store: racer figures %d", racerID)
	var rows []fundingRacerTotalsRow
	if err := s.db.conn(ctx).Where("racer_id = ?", racerID).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := map[funding.Source]funding.Figures{}
	for _, r := range rows {
		out[funding.Source(r.Source)] = funding.Figures{DecidedFen: r.DecidedFen, DisbursedFen: r.DisbursedFen}
	}
	return out, nil
}

// RacerTranches returns a racer's net amounts of one source per tranche.
func (s *FundingStore) RacerTranches(ctx context.Context, racerID int64, source funding.Source) (_ map[string]int64, err error) {
	defer wrap(&err, "funding store: racer tranches %d %s", racerID, source)
	var rows []struct {
		Tranche string
		Sum     int64
	}
	err = s.db.conn(ctx).Model(&fundingDecisionRow{}).Select("tranche, SUM(amount_fen) AS sum").
		Where("racer_id = ? AND source = ?", racerID, string(source)).Group("tranche").Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Tranche] = r.Sum
	}
	return out, nil
}

// AddDecision inserts d and adds its amount to the running totals.
func (s *FundingStore) AddDecision(ctx context.Context, d *funding.Decision) (err error) {
	defer wrap(&err, "funding store: add decision of %d", d.ChallengeID)
	tx := s.db.conn(ctx)
	row := fundingDecisionToRow(*d)
	if err := tx.Create(&row).Error; err != nil {
		return translate(err)
	}
	d.ID = row.ID
	col := totalsColumn(d.Source) + "_decided_fen"
	if err := tx.Exec("UPDATE funding_totals SET "+col+" = "+col+" + ?, records = records + 1 WHERE challenge_id = ?",
		d.AmountFen, d.ChallengeID).Error; err != nil {
		return translate(err)
	}
	// Update first, insert when missing: the ledger lock is held, and SQLite checks the CHECK constraint on the
	// candidate row of an upsert (a reversal's negative amount) before it sees the conflict.
	res := tx.Exec("UPDATE funding_racer_totals SET decided_fen = decided_fen + ? WHERE racer_id = ? AND source = ?",
		d.AmountFen, d.RacerID, string(d.Source))
	if res.Error != nil || res.RowsAffected == 1 {
		return translate(res.Error)
	}
	return translate(tx.Create(&fundingRacerTotalsRow{RacerID: d.RacerID, Source: string(d.Source),
		ChallengeID: d.ChallengeID, DecidedFen: d.AmountFen}).Error)
}

// reversals maps reversed record IDs to their reversal's ID, for the records matching the condition.
func (s *FundingStore) reversals(ctx context.Context, where string, args ...any) (map[int64]int64, error) {
	var rows []struct {
		ID         int64
		ReversesID int64
	}
	err := s.db.conn(ctx).Model(&fundingDecisionRow{}).Select("id, reverses_id").
		Where("reverses_id IS NOT NULL").Where(where, args...).Scan(&rows).Error
	out := map[int64]int64{}
	for _, r := range rows {
		out[r.ReversesID] = r.ID
	}
	return out, translate(err)
}

// Decision returns one record with the ID of its reversal.
func (s *FundingStore) Decision(ctx context.Context, id int64) (_ funding.Decision, err error) {
	defer wrap(&err, "funding store: decision %d", id)
	var row fundingDecisionRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return funding.Decision{}, translate(err)
	}
	d := row.toDomain()
	rev, err := s.reversals(ctx, "reverses_id = ?", id)
	if r, ok := rev[id]; ok {
		d.ReversedByID = &r
	}
	return d, err
}

// DisbursedOn returns the amount paid against one decision.
func (s *FundingStore) DisbursedOn(ctx context.Context, decisionID int64) (_ int64, err error) {
	defer wrap(&err, "funding store: disbursed on %d", decisionID)
	var sum int64
	err = s.db.conn(ctx).Model(&fundingDisbursementRow{}).Select("COALESCE(SUM(amount_fen), 0)").
		Where("decision_id = ?", decisionID).Scan(&sum).Error
	return sum, translate(err)
}

// AddDisbursement inserts p and adds it to the running totals; the racer totals' CHECK keeps disbursed within
// decided even if a caller skipped the domain check.
func (s *FundingStore) AddDisbursement(ctx context.Context, p *funding.Disbursement) (err error) {
	defer wrap(&err, "funding store: add disbursement of %d", p.DecisionID)
	tx := s.db.conn(ctx)
	row := fundingDisbursementRow{ChallengeID: p.ChallengeID, RacerID: p.RacerID, DecisionID: p.DecisionID,
		Source: string(p.Source), AmountFen: p.AmountFen, PaidOn: p.PaidOn, Reference: p.Reference,
		RecordedBy: p.RecordedBy, RecordedByName: p.RecordedName, RecordedAt: dbTime(p.RecordedAt)}
	if err := tx.Create(&row).Error; err != nil {
		return translate(err)
	}
	p.ID = row.ID
	col := totalsColumn(p.Source) + "_disbursed_fen"
	if err := tx.Exec("UPDATE funding_totals SET "+col+" = "+col+" + ? WHERE challenge_id = ?", p.AmountFen, p.ChallengeID).Error; err != nil {
		return translate(err)
	}
	return translate(tx.Exec("UPDATE funding_racer_totals SET disbursed_fen = disbursed_fen + ? WHERE racer_id = ? AND source = ?",
		p.AmountFen, p.RacerID, string(p.Source)).Error)
}

// Decisions lists a challenge's records (one racer's when racerID is not 0) in ID order.
func (s *FundingStore) Decisions(ctx context.Context, challengeID, racerID int64) (_ []funding.Decision, err error) {
	defer wrap(&err, "funding store: decisions %d %d", challengeID, racerID)
	q := s.db.conn(ctx).Where("challenge_id = ?", challengeID)
	if racerID != 0 {
		q = q.Where("racer_id = ?", racerID)
	}
	var rows []fundingDecisionRow
	if err := q.Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	rev, err := s.reversals(ctx, "challenge_id = ?", challengeID)
	if err != nil {
		return nil, err
	}
	out := make([]funding.Decision, 0, len(rows))
	for _, r := range rows {
		d := r.toDomain()
		if x, ok := rev[d.ID]; ok {
			d.ReversedByID = &x
		}
		out = append(out, d)
	}
	return out, nil
}

// Disbursements lists a challenge's payments (one racer's when racerID is not 0) in ID order.
func (s *FundingStore) Disbursements(ctx context.Context, challengeID, racerID int64) (_ []funding.Disbursement, err error) {
	defer wrap(&err, "funding store: disbursements %d %d", challengeID, racerID)
	q := s.db.conn(ctx).Where("challenge_id = ?", challengeID)
	if racerID != 0 {
		q = q.Where("racer_id = ?", racerID)
	}
	var rows []fundingDisbursementRow
	if err := q.Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]funding.Disbursement, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// TotalsOf returns the running totals of the challenges that have a ledger.
func (s *FundingStore) TotalsOf(ctx context.Context, challengeIDs []int64) (_ map[int64]funding.Totals, err error) {
	defer wrap(&err, "funding store: totals of")
	out := map[int64]funding.Totals{}
	if len(challengeIDs) == 0 {
		return out, nil
	}
	var rows []fundingTotalsRow
	if err := s.db.conn(ctx).Where("challenge_id IN ?", challengeIDs).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		out[r.ChallengeID] = r.toDomain()
	}
	return out, nil
}

// RacerTotalsOf returns the government amounts decided and disbursed per racer of the challenges.
func (s *FundingStore) RacerTotalsOf(ctx context.Context, challengeIDs []int64) (_ map[int64]map[int64]funding.Figures, err error) {
	defer wrap(&err, "funding store: racer totals of")
	out := map[int64]map[int64]funding.Figures{}
	if len(challengeIDs) == 0 {
		return out, nil
	}
	var rows []fundingRacerTotalsRow
	err = s.db.conn(ctx).Where("challenge_id IN ? AND source = ?", challengeIDs, string(funding.SourceGovernment)).
		Find(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		if out[r.ChallengeID] == nil {
			out[r.ChallengeID] = map[int64]funding.Figures{}
		}
		out[r.ChallengeID][r.RacerID] = funding.Figures{DecidedFen: r.DecidedFen, DisbursedFen: r.DisbursedFen}
	}
	return out, nil
}
