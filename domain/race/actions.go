package race

import (
	"context"
	"slices"
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// Actions a person takes besides the machines' edges (the API's actions fields).
const (
	// ActionReport submits or revises the racer's stage report (阶段报告), by its own team.
	ActionReport = "report"
	// ActionObject files an objection (异议) while the notice runs.
	ActionObject = "object"
	// ActionStart starts the project (立项) once the notice has ended with no open objection (the challenge's
	// start).
	ActionStart = "start"
	// ActionRenotice re-selects after an upheld objection (the challenge's renotice, through the selection).
	ActionRenotice = "renotice"
	// ActionOpinion records the owner enterprise's acceptance opinion (验收意见) on a racing racer.
	ActionOpinion = "opinion"
	// ActionDecide decides a stage (阶段结论): who advances, who is eliminated.
	ActionDecide = "decide"
	// ActionConclude concludes the acceptance (验收结论) at the last stage: completed with winners, or failed.
	ActionConclude = "conclude"
)

// racerByHand are the racer's edges the bureau takes by hand: readmit and merge on the board, win in the
// acceptance's conclusion (a racing racer may be named a winner, or fail with the rest). Eliminate and finish
// are taken by the stage decisions and the acceptance's outcome.
var racerByHand = []string{ActionReadmit, ActionMerge, ActionWin}

// RacerActionsFor lists what actor may do now to racer r of challenge c (可执行的操作): while the challenge is
// in progress, the bureau re-admits an eliminated racer, merges a racing one and concludes the acceptance on
// the racing ones (win); the racer's own team reports while it races; the owner enterprise records its
// acceptance opinion on a racing racer (opinion). Everyone else gets nothing.
func RacerActionsFor(actor domain.Actor, r Racer, c challenge.Challenge) []string {
	out := []string{}
	if c.Status != challenge.StatusInProgress {
		return out
	}
	switch {
	case actor.Is(domain.RoleBureau):
		for _, a := range racerMachine.m.Actions(r.Status, actor.Role) {
			if slices.Contains(racerByHand, a) {
				out = append(out, a)
			}
		}
	case actor.TeamOf(r.OrgID):
		if r.Status == RacerRacing {
			out = append(out, ActionReport)
		}
	case c.OwnedBy(actor):
		if r.Status == RacerRacing {
			out = append(out, ActionOpinion)
		}
	}
	return out
}

// StageActionsFor lists what actor may do now to stage stage of challenge c, given the stages decided so far
// (the proposal's page): the bureau decides it while the challenge is in progress, the stage is not the last
// (the acceptance concludes that one), it is undecided and every earlier stage is decided (stages are decided
// in order, once).
func StageActionsFor(actor domain.Actor, c challenge.Challenge, stage int, decided map[int]Decision) []string {
	out := []string{}
	if !actor.Is(domain.RoleBureau) || c.Status != challenge.StatusInProgress || stage < 1 || stage >= len(c.Stages) {
		return out
	}
	for i := 1; i <= stage; i++ {
		if _, ok := decided[i]; ok == (i == stage) {
			return out
		}
	}
	return append(out, ActionDecide)
}

// BoardActionsFor lists what actor may do now on the race board of c with its stage decisions so far: while
// the challenge is in progress, the bureau decides the next undecided stage (decide) until only the last is
// left, which the acceptance concludes (conclude); then the owner enterprise records its acceptance opinions
// (opinion, on each racing racer).
func BoardActionsFor(actor domain.Actor, c challenge.Challenge, decisions []Decision) []string {
	out := []string{}
	if c.Status != challenge.StatusInProgress || len(c.Stages) == 0 {
		return out
	}
	decided := map[int]bool{}
	for _, d := range decisions {
		decided[d.Stage] = true
	}
	next := 1
	for next < len(c.Stages) && decided[next] {
		next++
	}
	atAcceptance := next == len(c.Stages)
	switch {
	case actor.Is(domain.RoleBureau) && atAcceptance:
		out = append(out, ActionConclude)
	case actor.Is(domain.RoleBureau):
		out = append(out, ActionDecide)
	case atAcceptance && c.OwnedBy(actor):
		out = append(out, ActionOpinion)
	}
	return out
}

// StageDecisionView is a stage's proposal with what the caller may do to it: its actions and the racers a
// decision takes (the racing ones: each advances or is eliminated; once decided, the ones it took).
type StageDecisionView struct {
	Proposal
	Actions []string
	Racers  []int64
}

// StageDecision returns the proposal of a stage's rule (bureau), or the decision when it is in, with the
// actions the caller may take on it (StageActionsFor) and the racers the decision takes.
func (s *Service) StageDecision(ctx context.Context, actor domain.Actor, challengeID int64, stage int) (StageDecisionView, error) {
	p, err := s.StageProposal(ctx, actor, challengeID, stage)
	if err != nil {
		return StageDecisionView{}, err
	}
	c, err := s.challenge(ctx, actor, challengeID)
	if err != nil {
		return StageDecisionView{}, err
	}
	ds, err := s.decided(ctx, challengeID)
	if err != nil {
		return StageDecisionView{}, err
	}
	v := StageDecisionView{Proposal: p, Actions: StageActionsFor(actor, c, stage, ds), Racers: []int64{}}
	if p.Decided != nil {
		v.Racers = p.Decided.Racers()
		return v, nil
	}
	racers, err := s.d.Store.Racers(ctx, challengeID)
	if err != nil {
		return StageDecisionView{}, err
	}
	for _, r := range racers {
		if r.Status == RacerRacing {
			v.Racers = append(v.Racers, r.ID)
		}
	}
	return v, nil
}

// NoticeActionsFor lists what actor may do now to notice n at now, as Select and Start allow it: any logged-in
// user objects while it runs (object); the bureau, while the challenge is still in its notice and no objection
// is open, selects again after an upheld objection (renotice, while the notice runs too), and starts the
// project once the notice has ended (start).
func NoticeActionsFor(actor domain.Actor, n NoticeView, now time.Time) []string {
	out := []string{}
	running := n.Running(now)
	if !actor.Anonymous() && running {
		out = append(out, ActionObject)
	}
	if !actor.Is(domain.RoleBureau) || n.Status == NoticeSuperseded || n.ChallengeStatus != challenge.StatusNotice || n.OpenObjections > 0 {
		return out
	}
	if slices.ContainsFunc(n.Answers, func(a Answer) bool { return a.Status == ObjectionUpheld }) {
		out = append(out, ActionRenotice)
	}
	if !running {
		out = append(out, ActionStart)
	}
	return out
}

// ObjectionActionsFor lists what actor may do now to an objection in status s: the bureau upholds or
// dismisses an open one.
func ObjectionActionsFor(actor domain.Actor, s ObjectionStatus) []string {
	out := []string{}
	if actor.Is(domain.RoleBureau) {
		out = append(out, objectionMachine.m.Actions(s, actor.Role)...)
	}
	return out
}
