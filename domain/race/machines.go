package race

import (
	"jiebang/domain"
	"jiebang/domain/fsm"
)

// Action names of the race's machines; audit entries use them.
const (
	ActionClose     = "close"     // notice period ended
	ActionSupersede = "supersede" // notice replaced after an upheld objection
	ActionUphold    = "uphold"    // objection upheld
	ActionDismiss   = "dismiss"   // objection dismissed
	ActionEliminate = "eliminate" // racer eliminated at a stage (or failed at acceptance)
	ActionReadmit   = "readmit"   // 复活
	ActionMerge     = "merge"     // 强强联合: merged into another racer
	ActionWin       = "win"       // winner at acceptance
	ActionFinish    = "finish"    // finished without winning
	ActionTerminate = "terminate" // terminated (终止) or revoked (撤销) through the funding ledger: finished, no further tranche
)

var (
	byBureau       = []domain.Role{domain.RoleBureau}
	bySystemBureau = []domain.Role{domain.RoleBureau, domain.RoleSystem}
)

// none is the entity type of the race's machines: their edges have no guards.
type none struct{}

// machine wraps an fsm.Machine with string actions.
type machine[S ~string] struct{ m *fsm.Machine[S, string, none] }

func newMachine[S ~string](entity string, edges ...fsm.Edge[S, string, none]) machine[S] {
	return machine[S]{m: fsm.New(entity, edges...)}
}

// next returns the state action leads to from from for role: invalid_transition when no edge, 403
// role_not_allowed when the role may not.
func (m machine[S]) next(from S, action string, role domain.Role) (S, error) {
	return m.m.Next(from, action, role, none{})
}

// noticeMachine: a notice closes at its end (the job, or the bureau) or is superseded by a re-notice.
var noticeMachine = newMachine("notice",
	fsm.Edge[NoticeStatus, string, none]{From: NoticeOpen, Action: ActionClose, To: NoticeClosed, By: bySystemBureau},
	fsm.Edge[NoticeStatus, string, none]{From: NoticeOpen, Action: ActionSupersede, To: NoticeSuperseded, By: byBureau},
	fsm.Edge[NoticeStatus, string, none]{From: NoticeClosed, Action: ActionSupersede, To: NoticeSuperseded, By: byBureau},
)

// objectionMachine: the bureau answers each objection once.
var objectionMachine = newMachine("objection",
	fsm.Edge[ObjectionStatus, string, none]{From: ObjectionOpen, Action: ActionUphold, To: ObjectionUpheld, By: byBureau},
	fsm.Edge[ObjectionStatus, string, none]{From: ObjectionOpen, Action: ActionDismiss, To: ObjectionDismissed, By: byBureau},
)

// racerMachine: racing until eliminated, merged, or the acceptance ends the race; an eliminated racer may be
// re-admitted.
var racerMachine = newMachine("racer",
	fsm.Edge[RacerStatus, string, none]{From: RacerRacing, Action: ActionEliminate, To: RacerEliminated, By: byBureau},
	fsm.Edge[RacerStatus, string, none]{From: RacerEliminated, Action: ActionReadmit, To: RacerRacing, By: byBureau},
	fsm.Edge[RacerStatus, string, none]{From: RacerRacing, Action: ActionMerge, To: RacerFinished, By: byBureau},
	fsm.Edge[RacerStatus, string, none]{From: RacerRacing, Action: ActionWin, To: RacerWinner, By: byBureau},
	fsm.Edge[RacerStatus, string, none]{From: RacerRacing, Action: ActionFinish, To: RacerFinished, By: byBureau},
	fsm.Edge[RacerStatus, string, none]{From: RacerRacing, Action: ActionTerminate, To: RacerFinished, By: byBureau},
)
