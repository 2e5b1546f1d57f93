// Package funding is the funding ledger (资助台账): append-only decisions per racer, tranche and source,
// reversals instead of edits, payments against decisions, and the invariants that keep public money within
// the approved cap (政府资助上限).
package funding

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Source is where the money of a record comes from.
type Source string

// The three sources of the ledger.
const (
	SourceGovernment Source = "government" // 政府资金
	SourceEnterprise Source = "enterprise" // 发榜企业配套资金 (recorded when received)
	SourceSelf       Source = "self"       // 揭榜方自筹资金
)

// Sources lists the sources in display order.
var Sources = []Source{SourceGovernment, SourceEnterprise, SourceSelf}

// Valid reports whether s is a known source.
func (s Source) Valid() bool {
	return s == SourceGovernment || s == SourceEnterprise || s == SourceSelf
}

// Tranche names of the contract: `startup`, `stage-N` (N the 1-based stage number) or `final_award`.
const (
	TrancheStartup    = "startup"     // 启动资金
	TrancheFinalAward = "final_award" // 最终奖励
	stagePrefix       = "stage-"
)

// StageTranche names the tranche released after stage n.
func StageTranche(n int) string { return stagePrefix + strconv.Itoa(n) }

// ParseTranche returns the stage number of a `stage-N` tranche (0 for startup and final_award); ok is false
// for anything else.
func ParseTranche(t string) (stage int, ok bool) {
	switch t {
	case TrancheStartup, TrancheFinalAward:
		return 0, true
	}
	if !strings.HasPrefix(t, stagePrefix) {
		return 0, false
	}
	n, err := strconv.Atoi(t[len(stagePrefix):])
	if err != nil || n < 1 || StageTranche(n) != t {
		return 0, false
	}
	return n, true
}

// order ranks tranches in time: startup, stage-1, stage-2, ..., final_award.
func order(t string) int {
	switch t {
	case TrancheStartup:
		return 0
	case TrancheFinalAward:
		return 1 << 30
	}
	n, _ := ParseTranche(t)
	return n
}

// Decision is one append-only funding record (资助决定). A correction is a new Decision whose ReversesID
// names the record it reverses and whose amount is that record's amount negated.
type Decision struct {
	ID          int64
	ChallengeID int64
	RacerID     int64
	Tranche     string
	Source      Source
	AmountFen   int64
	// Basis is what the decision rests on: the review round, stage decision or document (依据).
	Basis         string
	Note          string
	DecidedBy     int64
	DecidedByName string
	DecidedAt     time.Time
	ReversesID    *int64
	// ReversedByID is the reversal of this record, when there is one (derived on read).
	ReversedByID *int64
}

// IsReversal reports whether d corrects another record.
func (d Decision) IsReversal() bool { return d.ReversesID != nil }

// Disbursement is a payment against a decision (拨付), append-only.
type Disbursement struct {
	ID           int64
	ChallengeID  int64
	RacerID      int64
	DecisionID   int64
	Source       Source
	AmountFen    int64
	PaidOn       string // YYYY-MM-DD
	Reference    string
	RecordedBy   int64
	RecordedName string
	RecordedAt   time.Time
}

// Figures are the running totals of one racer (or a whole challenge) and source: net decided (reversals
// subtract) and disbursed.
type Figures struct {
	DecidedFen   int64
	DisbursedFen int64
}

// Totals are a challenge's running totals, kept as aggregates so an invariant check reads one row.
type Totals struct {
	ChallengeID int64
	BySource    map[Source]Figures
	Records     int64
}

// Gov returns the government figures.
func (t Totals) Gov() Figures { return t.BySource[SourceGovernment] }

// Wan formats fen as 万元 with two decimals (messages and exports).
func Wan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	// 1 万元 = 1,000,000 fen; two decimals = units of 10,000 fen, rounded half up.
	cents := (fen + 5000) / 10000
	return fmt.Sprintf("%s%d.%02d", sign, cents/100, cents%100)
}
