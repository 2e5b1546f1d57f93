package funding

import (
	"context"

	"jiebang/domain"
)

// ProposalLine is one proposed government amount for one racer and tranche. Provisional is true when the
// stage decision or the winners are not known yet, so the line assumes every racer still in the race.
type ProposalLine struct {
	RacerID     int64
	Tranche     string
	AmountFen   int64
	DecidedFen  int64
	Provisional bool
}

// Proposal is the default split of the cap (默认分配方案); the bureau may change every amount.
type Proposal struct {
	CapFen int64
	Lines  []ProposalLine
}

// split divides amount equally among ids (ascending), the remainder going one fen each to the first ones, so
// the parts add up exactly.
func split(amount int64, ids []int64) map[int64]int64 {
	out := map[int64]int64{}
	if len(ids) == 0 || amount <= 0 {
		return out
	}
	n := int64(len(ids))
	for i, id := range sortedRacerIDs(ids) {
		out[id] = amount / n
		if int64(i) < amount%n {
			out[id]++
		}
	}
	return out
}

// ProposalInput is what the default split needs.
type ProposalInput struct {
	CapFen     int64
	StartupPct int64
	// StageSharePct is each stage's share of the cap, in order.
	StageSharePct []int
	Racers        []Racer
	Outcomes      []StageOutcome // one per stage
	// Decided are the government amounts already decided per racer and tranche.
	Decided map[int64]map[string]int64
}

// DefaultSplit is the process's default split: start-up StartupPct% of the cap shared equally among the
// racers, each stage's share among the racers that advanced, the rest as the final award to the winner(s).
// Where a stage decision or the winners are not in yet, the share goes provisionally to the racers not
// eliminated.
func DefaultSplit(in ProposalInput) Proposal {
	p := Proposal{CapFen: in.CapFen}
	var all, alive, winners []int64
	for _, r := range in.Racers {
		all = append(all, r.ID)
		if !r.Eliminated() {
			alive = append(alive, r.ID)
		}
		if r.Status == RacerWinner {
			winners = append(winners, r.ID)
		}
	}
	add := func(tranche string, amount int64, ids []int64, provisional bool) {
		for _, id := range sortedRacerIDs(ids) {
			p.Lines = append(p.Lines, ProposalLine{RacerID: id, Tranche: tranche, AmountFen: split(amount, ids)[id],
				DecidedFen: in.Decided[id][tranche], Provisional: provisional})
		}
	}
	startup := in.CapFen * in.StartupPct / 100
	add(TrancheStartup, startup, all, false)
	rest := in.CapFen - startup
	for i, pct := range in.StageSharePct {
		share := min(in.CapFen*int64(pct)/100, rest)
		rest -= share
		ids, provisional := alive, true
		if i < len(in.Outcomes) && in.Outcomes[i].Decided {
			ids, provisional = in.Outcomes[i].Advanced, false
		}
		add(StageTranche(i+1), share, ids, provisional)
	}
	if len(winners) > 0 {
		add(TrancheFinalAward, rest, winners, false)
	} else {
		add(TrancheFinalAward, rest, alive, true)
	}
	return p
}

// Proposal returns the default split for a challenge (bureau only).
func (s *Service) Proposal(ctx context.Context, actor domain.Actor, challengeID int64) (Proposal, error) {
	if !actor.Is(domain.RoleBureau) {
		return Proposal{}, notBureau()
	}
	ch, err := s.challenge(ctx, challengeID)
	if err != nil {
		return Proposal{}, err
	}
	racers, err := s.d.Racers.RacersOf(ctx, ch.ID)
	if err != nil {
		return Proposal{}, err
	}
	in := ProposalInput{CapFen: ch.GovFundingFen, StartupPct: s.cfg.StartupPct, Racers: racers,
		Decided: map[int64]map[string]int64{}}
	for i, st := range ch.Stages {
		in.StageSharePct = append(in.StageSharePct, st.FundingSharePct)
		out, err := s.d.Racers.StageOutcome(ctx, ch.ID, i+1)
		if err != nil {
			return Proposal{}, err
		}
		in.Outcomes = append(in.Outcomes, out)
	}
	for _, r := range racers {
		if in.Decided[r.ID], err = s.d.Store.RacerTranches(ctx, r.ID, SourceGovernment); err != nil {
			return Proposal{}, err
		}
	}
	return DefaultSplit(in), nil
}
