package repository

import (
	"context"

	"jiebang/domain/funding"
)

var _ funding.LedgerReader = (*FundingStore)(nil)

// AllDecisions returns every funding decision in ID order.
func (s *FundingStore) AllDecisions(ctx context.Context) (_ []funding.Decision, err error) {
	defer wrap(&err, "funding store: all decisions")
	var rows []fundingDecisionRow
	if err := s.db.conn(ctx).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]funding.Decision, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// AllDisbursements returns every disbursement in ID order.
func (s *FundingStore) AllDisbursements(ctx context.Context) (_ []funding.Disbursement, err error) {
	defer wrap(&err, "funding store: all disbursements")
	var rows []fundingDisbursementRow
	if err := s.db.conn(ctx).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]funding.Disbursement, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// AllTotals returns every challenge's running totals.
func (s *FundingStore) AllTotals(ctx context.Context) (_ []funding.Totals, err error) {
	defer wrap(&err, "funding store: all totals")
	var rows []fundingTotalsRow
	if err := s.db.conn(ctx).Order("challenge_id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]funding.Totals, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// AllRacerFigures returns every racer's running totals per source.
func (s *FundingStore) AllRacerFigures(ctx context.Context) (_ map[int64]map[funding.Source]funding.Figures, err error) {
	defer wrap(&err, "funding store: all racer figures")
	var rows []fundingRacerTotalsRow
	if err := s.db.conn(ctx).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := map[int64]map[funding.Source]funding.Figures{}
	for _, r := range rows {
		if out[r.RacerID] == nil {
			out[r.RacerID] = map[funding.Source]funding.Figures{}
		}
		out[r.RacerID][funding.Source(r.Source)] = funding.Figures{DecidedFen: r.DecidedFen, DisbursedFen: r.DisbursedFen}
	}
	return out, nil
}
