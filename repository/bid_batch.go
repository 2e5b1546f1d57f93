package repository

import (
	"context"

	"jiebang/domain/bid"
)

// AttachmentsOf lists the working copies' attachments of several bids in upload order, by bid, in one read
// (idx_bid_attachments_bid).
func (s *BidStore) AttachmentsOf(ctx context.Context, bidIDs []int64) (_ map[int64][]bid.Attachment, err error) {
	defer wrap(&err, "bid store: attachments of %d bids", len(bidIDs))
	out := map[int64][]bid.Attachment{}
	if len(bidIDs) == 0 {
		return out, nil
	}
	var rows []bidAttachmentRow
	if err := s.db.conn(ctx).Where("bid_id IN ? AND removed_at IS NULL", bidIDs).Order("bid_id, id").
		Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		a := r.toDomain()
		out[a.BidID] = append(out[a.BidID], a)
	}
	return out, nil
}

// LatestCorrections returns the newest correction of each of several bids that has one, in one read
// (idx_bid_corrections_bid).
func (s *BidStore) LatestCorrections(ctx context.Context, bidIDs []int64) (_ map[int64]bid.Correction, err error) {
	defer wrap(&err, "bid store: latest corrections of %d bids", len(bidIDs))
	out := map[int64]bid.Correction{}
	if len(bidIDs) == 0 {
		return out, nil
	}
	var rows []bidCorrectionRow
	if err := s.db.conn(ctx).Where("id IN (SELECT MAX(id) FROM bid_corrections WHERE bid_id IN ? GROUP BY bid_id)", bidIDs).
		Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		c, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out[c.BidID] = c
	}
	return out, nil
}
