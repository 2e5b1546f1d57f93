package race

import (
	"context"
	"errors"
	"io"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
)

// Attachment is a file attached to a racer's stage report (阶段报告附件), stored by its SHA-256 with the bids'.
type Attachment struct {
	ID          int64
	ReportID    int64
	RacerID     int64
	ChallengeID int64
	Stage       int
	Filename    string
	Size        int64
	ContentType string
	SHA256      string
	UploadedBy  int64
	UploadedAt  time.Time
}

// MaxReportAttachments is how many files one stage report may carry.
const MaxReportAttachments = 10

// MaxAttachmentBytes is the size limit of one report attachment (20 MiB, as for bids).
const MaxAttachmentBytes = 20 << 20

var errAttachmentNotFound = domain.NewError(domain.ErrNotFound, "not_found", "未找到该附件", "attachment not found")

// AddAttachment attaches a file (PDF, Office, PNG, JPEG by content) to the racer's report of a stage, by the
// racing team before the stage's decision; the report must exist. Nothing is stored when it is refused.
func (s *Service) AddAttachment(ctx context.Context, actor domain.Actor, racerID int64, stage int, filename string, r io.Reader) (Attachment, error) {
	if s.d.Blobs == nil {
		return Attachment{}, errors.New("race: no blob store wired")
	}
	if _, _, err := s.ownReport(ctx, actor, racerID, stage); err != nil {
		return Attachment{}, err
	}
	staged, err := s.d.Blobs.Stage(r, MaxAttachmentBytes)
	if errors.Is(err, domain.ErrTooLarge) {
		return Attachment{}, bid.FileTooLarge(MaxAttachmentBytes)
	}
	if err != nil {
		return Attachment{}, err
	}
	defer staged.Discard()
	ctype, detected := bid.DetectType(staged.Head())
	if ctype == "" {
		return Attachment{}, bid.FileTypeNotAllowed(detected)
	}
	if err := bid.UploadStaged(ctx, staged); err != nil {
		return Attachment{}, err
	}
	var out Attachment
	created := false
	err = s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		rep, c, err := s.ownReport(ctx, actor, racerID, stage)
		if err != nil {
			return err
		}
		current, err := s.d.Store.Attachments(ctx, c.ID)
		if err != nil {
			return err
		}
		n := 0
		for _, a := range current {
			if a.ReportID == rep.ID {
				n++
			}
		}
		if n >= MaxReportAttachments {
			return domain.Conflict("too_many_attachments", "每份阶段报告最多 10 个附件", "a stage report carries at most 10 attachments")
		}
		out = Attachment{ReportID: rep.ID, RacerID: racerID, ChallengeID: c.ID, Stage: stage, Filename: bid.CleanFilename(filename),
			Size: staged.Size(), ContentType: ctype, SHA256: staged.SHA256(), UploadedBy: actor.UserID, UploadedAt: s.now()}
		if err := s.d.Store.AddAttachment(ctx, &out); err != nil {
			return err
		}
		if err := s.log(ctx, actor, audit.EntityRacer, racerID, "attach", nil,
			map[string]any{"stage": stage, "attachment_id": out.ID, "filename": out.Filename, "size": out.Size, "sha256": out.SHA256}); err != nil {
			return err
		}
		created, err = staged.Commit()
		return err
	})
	if err != nil {
		if created {
			staged.Uncommit()
		}
		return Attachment{}, err
	}
	return out, nil
}

// ownReport loads the report of the actor's racing team for a stage that is not decided yet.
func (s *Service) ownReport(ctx context.Context, actor domain.Actor, racerID int64, stage int) (Report, challenge.Challenge, error) {
	r, err := s.d.Store.Racer(ctx, racerID)
	if err != nil {
		return Report{}, challenge.Challenge{}, notFoundAs(err, errRacerNotFound)
	}
	c, err := s.challenge(ctx, actor, r.ChallengeID)
	if err != nil {
		return Report{}, c, err
	}
	if !actor.TeamOf(r.OrgID) {
		return Report{}, c, domain.Forbidden("not_racer", "只有该参赛团队可以提交阶段报告", "only this racer's team may report")
	}
	if c.Status != challenge.StatusInProgress {
		return Report{}, c, domain.Conflict("race_not_in_progress", "榜单不在实施阶段", "the challenge is not in progress")
	}
	if r.Status != RacerRacing {
		return Report{}, c, errNotRacing
	}
	ds, err := s.decided(ctx, c.ID)
	if err != nil {
		return Report{}, c, err
	}
	if _, ok := ds[stage]; ok {
		return Report{}, c, errDecided
	}
	reports, err := s.d.Store.Reports(ctx, c.ID)
	if err != nil {
		return Report{}, c, err
	}
	for _, rep := range reports {
		if rep.RacerID == racerID && rep.Stage == stage {
			return rep, c, nil
		}
	}
	return Report{}, c, domain.Conflict("report_missing", "请先提交该阶段报告，再上传附件", "submit the stage report before attaching files")
}

// OpenAttachment opens a report attachment for those who see the racer's detail (its team, the owner
// enterprise, the bureau); 404 for everyone else.
func (s *Service) OpenAttachment(ctx context.Context, actor domain.Actor, racerID, id int64) (Attachment, io.ReadSeekCloser, error) {
	if _, _, err := s.Racer(ctx, actor, racerID); err != nil {
		return Attachment{}, nil, err
	}
	a, err := s.d.Store.Attachment(ctx, id)
	if err != nil || a.RacerID != racerID {
		return Attachment{}, nil, errAttachmentNotFound
	}
	f, err := s.d.Blobs.Open(a.SHA256)
	if err != nil {
		return Attachment{}, nil, err
	}
	return a, f, nil
}
