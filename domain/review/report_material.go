package review

import (
	"context"
	"io"
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// ReportFile is a file attached to the stage report an expert scores.
type ReportFile struct {
	ID          int64
	Filename    string
	Size        int64
	ContentType string
	SHA256      string
}

// ReportMaterial is a racer's stage report as the experts of its stage review (or acceptance) read it: the
// summary, the KPI values the team reports, when it was due and submitted, and its files.
type ReportMaterial struct {
	Stage       int
	Summary     string
	KPIValues   map[string]float64
	DueAt       time.Time
	SubmittedAt time.Time
	Late        bool
	Files       []ReportFile
}

// RaceReports gives the review engine a racer's report of a stage and its files (wired to the race). The
// review checks the expert's assignment before asking; the race does not check the actor again.
type RaceReports interface {
	StageReport(ctx context.Context, challengeID, racerID int64, stage int) (ReportMaterial, bool, error)
	OpenReportFile(ctx context.Context, challengeID, racerID int64, stage int, fileID int64) (ReportFile, io.ReadSeekCloser, error)
}

var errFileNotFound = domain.NewError(domain.ErrNotFound, "not_found", "未找到该附件", "file not found")

// reportStage is the stage whose reports a round scores: its own stage, or the last one for an acceptance
// round opened without a stage.
func reportStage(r Round, ch challenge.Challenge) int {
	if r.Kind == KindAcceptance && r.Stage == 0 {
		return len(ch.Stages)
	}
	return r.Stage
}

// reportMaterial fills m.Report for a racer's item (stage review and acceptance rounds).
func (s *Service) reportMaterial(ctx context.Context, m *Material) error {
	if m.Item.RacerID == 0 || s.Reports == nil {
		return nil
	}
	rep, ok, err := s.Reports.StageReport(ctx, m.Challenge.ID, m.Item.RacerID, reportStage(m.Round, m.Challenge))
	if err != nil || !ok {
		return err
	}
	m.Report = &rep
	return nil
}

// OpenMaterialFile opens a file of what an assignment scores, for the assignment's expert: an attachment of
// the bid version (bid items) or a file of the stage report; 404 for anyone else and for any other file.
func (s *Service) OpenMaterialFile(ctx context.Context, actor domain.Actor, assignmentID, fileID int64) (ReportFile, io.ReadSeekCloser, error) {
	a, r, err := s.ownAssignment(ctx, actor, assignmentID)
	if err != nil {
		return ReportFile{}, nil, err
	}
	if a.Withdrawn() {
		return ReportFile{}, nil, errFileNotFound // no longer this expert's to read
	}
	it, err := s.Store.Item(ctx, a.ItemID)
	if err != nil {
		return ReportFile{}, nil, err
	}
	if it.RacerID == 0 && it.BidID != 0 && it.BidVersion > 0 {
		// A bid item: an attachment of the version scored, under a neutral name in a double-blind round.
		ref, n, rc, err := s.Bids.OpenVersionAttachment(ctx, it.BidID, it.BidVersion, fileID)
		if err != nil {
			return ReportFile{}, nil, notFoundAs(err, errFileNotFound)
		}
		f := ReportFile{ID: ref.ID, Filename: ref.Filename, Size: ref.Size, ContentType: ref.ContentType, SHA256: ref.SHA256}
		if r.DoubleBlind {
			f.Filename, f.SHA256 = BlindFilename(n, ref.Filename), ""
		}
		return f, rc, nil
	}
	if it.RacerID == 0 || s.Reports == nil {
		return ReportFile{}, nil, errFileNotFound
	}
	ch, err := s.Challenges.Lookup(ctx, r.ChallengeID)
	if err != nil {
		return ReportFile{}, nil, err
	}
	return s.Reports.OpenReportFile(ctx, ch.ID, it.RacerID, reportStage(r, ch), fileID)
}
