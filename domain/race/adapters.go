package race

import (
	"context"
	"io"

	"jiebang/domain"
	"jiebang/domain/funding"
	"jiebang/domain/review"
)

// ForReview gives the review engine the race's material (参赛报告): the racers' reports of a stage
// (review.RaceItems) and the reports experts score with their files (review.RaceReports).
type ForReview struct{ S *Service }

var (
	_ review.RaceItems   = ForReview{}
	_ review.RaceReports = ForReview{}
)

// StageItems are the racers' reports of a stage, as the review engine's items.
func (ri ForReview) StageItems(ctx context.Context, challengeID int64, stage int) ([]review.RaceItem, error) {
	items, err := ri.S.StageItems(ctx, challengeID, stage)
	if err != nil {
		return nil, err
	}
	out := make([]review.RaceItem, 0, len(items))
	for _, it := range items {
		out = append(out, review.RaceItem{RacerID: it.RacerID, BidID: it.BidID, ReportID: it.ReportID, Label: it.Label, SubmittedAt: it.SubmittedAt})
	}
	return out, nil
}

// StageReport is the report a racer submitted for a stage, as experts read it; false when there is none.
func (rr ForReview) StageReport(ctx context.Context, challengeID, racerID int64, stage int) (review.ReportMaterial, bool, error) {
	rep, ok, err := rr.S.ReviewReport(ctx, challengeID, racerID, stage)
	if err != nil || !ok {
		return review.ReportMaterial{}, ok, err
	}
	m := review.ReportMaterial{Stage: rep.Stage, Summary: rep.Summary, KPIValues: rep.KPIValues, DueAt: rep.DueAt,
		SubmittedAt: rep.SubmittedAt, Late: rep.Late, Files: []review.ReportFile{}}
	for _, a := range rep.Attachments {
		m.Files = append(m.Files, reportFile(a))
	}
	return m, true, nil
}

// OpenReportFile opens one file of a racer's stage report for an expert.
func (rr ForReview) OpenReportFile(ctx context.Context, challengeID, racerID int64, stage int, fileID int64) (review.ReportFile, io.ReadSeekCloser, error) {
	a, f, err := rr.S.OpenReviewFile(ctx, challengeID, racerID, stage, fileID)
	return reportFile(a), f, err
}

func reportFile(a Attachment) review.ReportFile {
	return review.ReportFile{ID: a.ID, Filename: a.Filename, Size: a.Size, ContentType: a.ContentType, SHA256: a.SHA256}
}

// ForFunding gives the funding ledger (资金) the race's racers and stage decisions (funding.Racers).
type ForFunding struct{ S *Service }

var _ funding.Racers = ForFunding{}

func toFundingRacer(r Racer) funding.Racer {
	return funding.Racer{ID: r.ID, ChallengeID: r.ChallengeID, OrgID: r.OrgID, OrgName: r.OrgName, Status: string(r.Status), Readmitted: r.Readmitted}
}

// Racer is one racer, as the funding ledger sees it.
func (f ForFunding) Racer(ctx context.Context, id int64) (funding.Racer, error) {
	r, err := f.S.LookupRacer(ctx, id)
	return toFundingRacer(r), err
}

// RacersOf are a challenge's racers, as the funding ledger sees them.
func (f ForFunding) RacersOf(ctx context.Context, challengeID int64) ([]funding.Racer, error) {
	rs, err := f.S.RacersOf(ctx, challengeID)
	out := make([]funding.Racer, 0, len(rs))
	for _, r := range rs {
		out = append(out, toFundingRacer(r))
	}
	return out, err
}

// StageOutcome says whether a stage is decided and which racers advanced.
func (f ForFunding) StageOutcome(ctx context.Context, challengeID int64, stage int) (funding.StageOutcome, error) {
	ok, adv, err := f.S.StageOutcome(ctx, challengeID, stage)
	return funding.StageOutcome{Decided: ok, Advanced: adv}, err
}

var _ funding.RacerEnder = ForFunding{}

// EndRacer ends a racing racer the bureau terminated or revoked through the funding ledger: racing →
// finished (action terminate), compare-and-set, audited on the racer.
func (f ForFunding) EndRacer(ctx context.Context, actor domain.Actor, racerID int64, reason string) error {
	return f.S.endRacer(ctx, actor, racerID, reason)
}
