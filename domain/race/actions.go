package race

import (
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
)

// racerByHand are the racer's edges the bureau takes on the board (eliminate, win and finish are taken by the
// stage decisions and the acceptance).
var racerByHand = []string{ActionReadmit, ActionMerge}

// RacerActionsFor lists what actor may do now to racer r of challenge c (可执行的操作): while the challenge is
// in progress, the bureau re-admits an eliminated racer and merges a racing one; the racer's own team reports
// while it races. Everyone else gets nothing.
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
	case actor.Is(domain.RoleTeam) && actor.OrgID != 0 && actor.OrgID == r.OrgID:
		if r.Status == RacerRacing {
			out = append(out, ActionReport)
		}
	}
	return out
}

// NoticeActionsFor lists what actor may do now to notice n at now: any logged-in user objects while it runs
// (object); the bureau, on a notice not superseded that has ended with no open objection, starts the project
// (start), and after an upheld objection selects again (renotice).
func NoticeActionsFor(actor domain.Actor, n NoticeView, now time.Time) []string {
	out := []string{}
	if !actor.Anonymous() && n.Running(now) {
		out = append(out, ActionObject)
	}
	if !actor.Is(domain.RoleBureau) || n.Status == NoticeSuperseded || n.Running(now) || n.OpenObjections > 0 {
		return out
	}
	upheld := slices.ContainsFunc(n.Answers, func(a Answer) bool { return a.Status == ObjectionUpheld })
	if upheld {
		out = append(out, ActionRenotice)
	}
	return append(out, ActionStart)
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
