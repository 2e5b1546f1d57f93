package repository

import (
	"time"

	"jiebang/domain/funding"
)

// fundingDecisionRow is a row of funding_decisions (append-only: triggers refuse UPDATE and DELETE).
type fundingDecisionRow struct {
	ID            int64 `gorm:"primaryKey"`
	ChallengeID   int64
	RacerID       int64
	Tranche       string
	Source        string
	AmountFen     int64
	Basis         string
	Note          string
	DecidedBy     int64
	DecidedByName string
	DecidedAt     time.Time
	ReversesID    *int64
}

func (fundingDecisionRow) TableName() string { return "funding_decisions" }

func (r fundingDecisionRow) toDomain() funding.Decision {
	return funding.Decision{ID: r.ID, ChallengeID: r.ChallengeID, RacerID: r.RacerID, Tranche: r.Tranche,
		Source: funding.Source(r.Source), AmountFen: r.AmountFen, Basis: r.Basis, Note: r.Note,
		DecidedBy: r.DecidedBy, DecidedByName: r.DecidedByName, DecidedAt: r.DecidedAt.UTC(), ReversesID: r.ReversesID}
}

func fundingDecisionToRow(d funding.Decision) fundingDecisionRow {
	return fundingDecisionRow{ChallengeID: d.ChallengeID, RacerID: d.RacerID, Tranche: d.Tranche,
		Source: string(d.Source), AmountFen: d.AmountFen, Basis: d.Basis, Note: d.Note, DecidedBy: d.DecidedBy,
		DecidedByName: d.DecidedByName, DecidedAt: dbTime(d.DecidedAt), ReversesID: d.ReversesID}
}

// fundingDisbursementRow is a row of funding_disbursements (append-only).
type fundingDisbursementRow struct {
	ID             int64 `gorm:"primaryKey"`
	ChallengeID    int64
	RacerID        int64
	DecisionID     int64
	Source         string
	AmountFen      int64
	PaidOn         string
	Reference      string
	RecordedBy     int64
	RecordedByName string
	RecordedAt     time.Time
}

func (fundingDisbursementRow) TableName() string { return "funding_disbursements" }

func (r fundingDisbursementRow) toDomain() funding.Disbursement {
	return funding.Disbursement{ID: r.ID, ChallengeID: r.ChallengeID, RacerID: r.RacerID, DecisionID: r.DecisionID,
		Source: funding.Source(r.Source), AmountFen: r.AmountFen, PaidOn: r.PaidOn, Reference: r.Reference,
		RecordedBy: r.RecordedBy, RecordedName: r.RecordedByName, RecordedAt: r.RecordedAt.UTC()}
}

// fundingTotalsRow is a row of funding_totals: the running totals of one challenge's ledger.
type fundingTotalsRow struct {
	ChallengeID      int64 `gorm:"primaryKey;autoIncrement:false"`
	GovDecidedFen    int64
	GovDisbursedFen  int64
	EntDecidedFen    int64
	EntDisbursedFen  int64
	SelfDecidedFen   int64
	SelfDisbursedFen int64
	Records          int64
}

func (fundingTotalsRow) TableName() string { return "funding_totals" }

func (r fundingTotalsRow) toDomain() funding.Totals {
	return funding.Totals{ChallengeID: r.ChallengeID, Records: r.Records, BySource: map[funding.Source]funding.Figures{
		funding.SourceGovernment: {DecidedFen: r.GovDecidedFen, DisbursedFen: r.GovDisbursedFen},
		funding.SourceEnterprise: {DecidedFen: r.EntDecidedFen, DisbursedFen: r.EntDisbursedFen},
		funding.SourceSelf:       {DecidedFen: r.SelfDecidedFen, DisbursedFen: r.SelfDisbursedFen},
	}}
}

// fundingRacerTotalsRow is a row of funding_racer_totals: one racer's running totals of one source.
type fundingRacerTotalsRow struct {
	RacerID      int64  `gorm:"primaryKey;autoIncrement:false"`
	Source       string `gorm:"primaryKey"`
	ChallengeID  int64
	DecidedFen   int64
	DisbursedFen int64
}

func (fundingRacerTotalsRow) TableName() string { return "funding_racer_totals" }

// totalsColumn is the funding_totals column prefix of a source.
func totalsColumn(s funding.Source) string {
	switch s {
	case funding.SourceEnterprise:
		return "ent"
	case funding.SourceSelf:
		return "self"
	}
	return "gov"
}
