package bid

import (
	"context"

	"jiebang/domain"
)

// prefetched is what building the views of a page of bids reads for all of them at once (two reads instead of
// two per bid): the working copies' attachments of the bids the actor's team leads and the newest correction
// of the submitted bids whose correction the actor sees. A nil *prefetched, or a bid it does not cover, is
// read one by one.
type prefetched struct {
	attachments map[int64][]Attachment
	attCovered  map[int64]bool
	corrections map[int64]Correction
	corCovered  map[int64]bool
}

// prefetch reads, for the bids of a page as actor sees them, what view would otherwise read per bid.
func (s *Service) prefetch(ctx context.Context, actor domain.Actor, bids []Bid) (*prefetched, error) {
	pre := &prefetched{attCovered: map[int64]bool{}, corCovered: map[int64]bool{}}
	var atts, cors []int64
	for _, b := range bids {
		team := IsTeam(actor, b)
		if team {
			atts = append(atts, b.ID)
		}
		if (team || actor.Is(domain.RoleBureau)) && b.Version > 0 && s.corrections != nil {
			cors = append(cors, b.ID)
		}
	}
	var err error
	if len(atts) > 1 {
		if pre.attachments, err = s.store.AttachmentsOf(ctx, atts); err != nil {
			return nil, err
		}
		for _, id := range atts {
			pre.attCovered[id] = true
		}
	}
	if len(cors) > 1 {
		if pre.corrections, err = s.corrections.LatestCorrections(ctx, cors); err != nil {
			return nil, err
		}
		for _, id := range cors {
			pre.corCovered[id] = true
		}
	}
	return pre, nil
}

// attachmentsOf returns the prefetched attachments of a bid (never nil when found); false when not prefetched.
func (p *prefetched) attachmentsOf(bidID int64) ([]Attachment, bool) {
	if p == nil || !p.attCovered[bidID] {
		return nil, false
	}
	if a := p.attachments[bidID]; a != nil {
		return a, true
	}
	return []Attachment{}, true
}

// correctionOf returns the prefetched newest correction of a bid (nil: none); false when not prefetched.
func (p *prefetched) correctionOf(bidID int64) (*Correction, bool) {
	if p == nil || !p.corCovered[bidID] {
		return nil, false
	}
	c, ok := p.corrections[bidID]
	if !ok {
		return nil, true
	}
	return &c, true
}
