package race

import (
	"context"
	"io"
)

// ReviewReport returns a racer's report of a stage with its files, for the experts who score it. The review
// engine has checked the expert's assignment; false when the racer has no report for the stage.
func (s *Service) ReviewReport(ctx context.Context, challengeID, racerID int64, stage int) (Report, bool, error) {
	reports, err := s.d.Store.Reports(ctx, challengeID)
	if err != nil {
		return Report{}, false, err
	}
	for _, rep := range reports {
		if rep.RacerID != racerID || rep.Stage != stage {
			continue
		}
		atts, err := s.d.Store.Attachments(ctx, challengeID)
		if err != nil {
			return Report{}, false, err
		}
		rep.Attachments = nil
		for _, a := range atts {
			if a.RacerID == racerID && a.Stage == stage {
				rep.Attachments = append(rep.Attachments, a)
			}
		}
		return rep, true, nil
	}
	return Report{}, false, nil
}

// OpenReviewFile opens a file of a racer's report of a stage for the experts who score it (the review engine
// has checked the assignment); 404 when the file belongs to another racer, stage or challenge.
func (s *Service) OpenReviewFile(ctx context.Context, challengeID, racerID int64, stage int, id int64) (Attachment, io.ReadSeekCloser, error) {
	a, err := s.d.Store.Attachment(ctx, id)
	if err != nil || a.ChallengeID != challengeID || a.RacerID != racerID || a.Stage != stage {
		return Attachment{}, nil, errAttachmentNotFound
	}
	f, err := s.d.Blobs.Open(a.SHA256)
	if err != nil {
		return Attachment{}, nil, err
	}
	return a, f, nil
}
