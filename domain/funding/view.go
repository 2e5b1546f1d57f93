package funding

import (
	"context"
	"fmt"
	"slices"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// RacerLedger is one racer's line of the ledger: its running totals per source.
type RacerLedger struct {
	Racer    Racer
	BySource map[Source]Figures
}

// Ledger is a challenge's funding as its viewer may see it (资助台账).
type Ledger struct {
	Challenge challenge.Challenge
	CapFen    int64
	// Gov are the government figures of the whole challenge; BySource every source's.
	Gov      Figures
	BySource map[Source]Figures
	Racers   []RacerLedger
	// OwnOnly is true when the viewer is a racer and sees only its own records.
	OwnOnly       bool
	Decisions     []Decision
	Disbursements []Disbursement
	// Refunds are the refund entries (due and received) of the visible racers; RefundsByRacer their sums;
	// Refund the sums of the whole challenge; Endings the visible racers' terminations and revocations.
	Refunds        []Refund
	RefundsByRacer map[int64]RefundFigures
	Refund         RefundFigures
	Endings        map[int64]Ending
}

// viewerScope decides what actor may see of a challenge's ledger: all of it (bureau, owner enterprise), one
// racer's records (a team user of the racer's organisation) or nothing (404).
func viewerScope(actor domain.Actor, ch challenge.Challenge, racers []Racer) (all bool, own *Racer) {
	if ch.SeenWhole(actor) {
		return true, nil
	}
	for i := range racers {
		if actor.TeamOf(racers[i].OrgID) {
			return false, &racers[i]
		}
	}
	return false, nil
}

// Ledger returns a challenge's ledger: the bureau and the owner enterprise see every record, a racer's
// organisation its own records and the challenge's totals; anyone else gets 404.
func (s *Service) Ledger(ctx context.Context, actor domain.Actor, challengeID int64) (Ledger, error) {
	ch, err := s.challenge(ctx, challengeID)
	if err != nil {
		return Ledger{}, err
	}
	racers, err := s.d.Racers.RacersOf(ctx, ch.ID)
	if err != nil {
		return Ledger{}, err
	}
	all, own := viewerScope(actor, ch, racers)
	if !all && own == nil {
		return Ledger{}, errChallengeNotFound
	}
	l := Ledger{Challenge: ch, CapFen: ch.GovFundingFen, OwnOnly: !all}
	var racerID int64
	if own != nil {
		racerID = own.ID
		racers = []Racer{*own}
	}
	t, err := s.d.Store.Totals(ctx, ch.ID)
	if err != nil {
		return Ledger{}, err
	}
	l.Gov, l.BySource = t.Gov(), t.BySource
	for _, r := range racers {
		f, err := s.d.Store.RacerFigures(ctx, r.ID)
		if err != nil {
			return Ledger{}, err
		}
		l.Racers = append(l.Racers, RacerLedger{Racer: r, BySource: f})
	}
	if l.Decisions, err = s.d.Store.Decisions(ctx, ch.ID, racerID); err != nil {
		return Ledger{}, err
	}
	if l.Disbursements, err = s.d.Store.Disbursements(ctx, ch.ID, racerID); err != nil {
		return Ledger{}, err
	}
	l.RefundsByRacer, l.Endings = map[int64]RefundFigures{}, map[int64]Ending{}
	if s.d.Endings != nil {
		if l.Refunds, err = s.d.Endings.Refunds(ctx, ch.ID, racerID); err != nil {
			return Ledger{}, err
		}
		all, err := s.d.Endings.RefundFiguresOf(ctx, []int64{ch.ID})
		if err != nil {
			return Ledger{}, err
		}
		endings, err := s.d.Endings.Endings(ctx, []int64{ch.ID})
		if err != nil {
			return Ledger{}, err
		}
		for id, f := range all {
			l.Refund.DueFen += f.DueFen
			l.Refund.ReceivedFen += f.ReceivedFen
			if racerID == 0 || id == racerID {
				l.RefundsByRacer[id] = f
			}
		}
		for id, e := range endings {
			if racerID == 0 || id == racerID {
				l.Endings[id] = e
			}
		}
	}
	return l, nil
}

// CanExport reports whether actor may download the challenge's ledger (bureau, owner enterprise).
func (s *Service) CanExport(ctx context.Context, actor domain.Actor, challengeID int64) (Ledger, error) {
	if !actor.Is(domain.RoleBureau) && !actor.Is(domain.RoleEnterprise) {
		return Ledger{}, errChallengeNotFound
	}
	l, err := s.Ledger(ctx, actor, challengeID)
	if err != nil {
		return l, err
	}
	if l.OwnOnly {
		return Ledger{}, errChallengeNotFound
	}
	return l, nil
}

// PublicTotals are the government funds of a finished challenge, decided and disbursed, in total and per
// racer (公开结果).
type PublicTotals struct {
	ChallengeID  int64
	DecidedFen   int64
	DisbursedFen int64
	PerRacer     map[int64]Figures
}

func finished(s challenge.Status) bool {
	return s == challenge.StatusCompleted || s == challenge.StatusFailed
}

// PublicTotals returns the funding totals of those of the challenges that are finished (completed or
// failed); the race's public results call it. Others are left out.
func (s *Service) PublicTotals(ctx context.Context, challengeIDs []int64) (map[int64]PublicTotals, error) {
	var ids []int64
	for _, id := range challengeIDs {
		ch, err := s.d.Challenges.Lookup(ctx, id)
		if err != nil {
			continue
		}
		if finished(ch.Status) {
			ids = append(ids, id)
		}
	}
	out := map[int64]PublicTotals{}
	if len(ids) == 0 {
		return out, nil
	}
	totals, err := s.d.Store.TotalsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	per, err := s.d.Store.RacerTotalsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		g := totals[id].Gov()
		pr := per[id]
		if pr == nil {
			pr = map[int64]Figures{}
		}
		out[id] = PublicTotals{ChallengeID: id, DecidedFen: g.DecidedFen, DisbursedFen: g.DisbursedFen, PerRacer: pr}
	}
	return out, nil
}

// PublicTotalsOf is PublicTotals of one challenge: 404 unless it is finished.
func (s *Service) PublicTotalsOf(ctx context.Context, challengeID int64) (PublicTotals, error) {
	m, err := s.PublicTotals(ctx, []int64{challengeID})
	if err != nil {
		return PublicTotals{}, err
	}
	t, ok := m[challengeID]
	if !ok {
		return PublicTotals{}, errChallengeNotFound
	}
	return t, nil
}

func trancheZh(t string) string {
	switch t {
	case TrancheStartup:
		return "启动资金"
	case TrancheFinalAward:
		return "最终奖励"
	}
	n, _ := ParseTranche(t)
	return fmt.Sprintf("第 %d 阶段资金", n)
}

// TrancheLabel is the Chinese name of a tranche (exports).
func TrancheLabel(t string) string { return trancheZh(t) }

func sourceZh(s Source) string {
	switch s {
	case SourceEnterprise:
		return "企业配套"
	case SourceSelf:
		return "自筹"
	}
	return "政府资金"
}

// SourceLabel is the Chinese name of a source (exports).
func SourceLabel(s Source) string { return sourceZh(s) }

// sortedRacerIDs returns ids sorted ascending (deterministic splits).
func sortedRacerIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// DecidedByRacer is the government funds decided per racer of a finished challenge (the race's public
// results; nil when the challenge is not finished).
func (s *Service) DecidedByRacer(ctx context.Context, challengeID int64) (map[int64]int64, error) {
	m, err := s.PublicTotals(ctx, []int64{challengeID})
	if err != nil {
		return nil, err
	}
	out := map[int64]int64{}
	for id, f := range m[challengeID].PerRacer {
		out[id] = f.DecidedFen
	}
	return out, nil
}
