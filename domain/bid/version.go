package bid

import (
	"context"
	"fmt"
	"io"

	"jiebang/domain"
)

// BidVersion returns version of a bid (the submitted content an expert scores), not found when the bid has no
// such version. It reads in the caller's transaction and checks no actor: the review engine calls it for an
// assignment it has already checked.
func (s *Service) BidVersion(ctx context.Context, bidID int64, version int) (Version, error) {
	vs, err := s.store.Versions(ctx, bidID)
	if err != nil {
		return Version{}, err
	}
	for _, v := range vs {
		if v.Version == version {
			return v, nil
		}
	}
	return Version{}, fmt.Errorf("bid %d version %d: %w", bidID, version, domain.ErrNotFound)
}

// OpenVersionAttachment opens attachment attachmentID of version of a bid and gives its 1-based position in
// the version's list (the review engine offers it to the expert scoring that version, under a neutral name in a
// double-blind round). Not found when the version does not name it. Like BidVersion it checks no actor.
func (s *Service) OpenVersionAttachment(ctx context.Context, bidID int64, version int, attachmentID int64) (AttachmentRef, int, io.ReadSeekCloser, error) {
	v, err := s.BidVersion(ctx, bidID, version)
	if err != nil {
		return AttachmentRef{}, 0, nil, err
	}
	for i, a := range v.Attachments {
		if a.ID == attachmentID {
			rc, err := s.blobs.Open(a.SHA256)
			if err != nil {
				return AttachmentRef{}, 0, nil, err
			}
			return a, i + 1, rc, nil
		}
	}
	return AttachmentRef{}, 0, nil, errAttachmentNotFound
}
