package race

import "jiebang/domain"

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
)

const roleSystem domain.Role = "system"

var (
	byBureau       = []domain.Role{domain.RoleBureau}
	bySystemBureau = []domain.Role{domain.RoleBureau, roleSystem}
)

// edge is one allowed state change of a machine and who may make it.
type edge[S ~string] struct {
	From   S
	Action string
	To     S
	By     []domain.Role
}

// machine is a transition table: anything not listed is refused.
type machine[S ~string] struct {
	entity string
	edges  []edge[S]
}

// next returns the state action leads to from from for role: invalid_transition when no edge, 403 when the
// role may not.
func (m machine[S]) next(from S, action string, role domain.Role) (S, error) {
	for _, e := range m.edges {
		if e.From != from || e.Action != action {
			continue
		}
		for _, r := range e.By {
			if r == role {
				return e.To, nil
			}
		}
		return "", domain.Forbidden("role_not_allowed", "当前角色无权执行此操作", "your role may not do this")
	}
	return "", domain.InvalidTransition(m.entity, string(from), action)
}

// noticeMachine: a notice closes at its end (the job, or the bureau) or is superseded by a re-notice.
var noticeMachine = machine[NoticeStatus]{entity: "notice", edges: []edge[NoticeStatus]{
	{NoticeOpen, ActionClose, NoticeClosed, bySystemBureau},
	{NoticeOpen, ActionSupersede, NoticeSuperseded, byBureau},
	{NoticeClosed, ActionSupersede, NoticeSuperseded, byBureau},
}}

// objectionMachine: the bureau answers each objection once.
var objectionMachine = machine[ObjectionStatus]{entity: "objection", edges: []edge[ObjectionStatus]{
	{ObjectionOpen, ActionUphold, ObjectionUpheld, byBureau},
	{ObjectionOpen, ActionDismiss, ObjectionDismissed, byBureau},
}}

// racerMachine: racing until eliminated, merged, or the acceptance ends the race; an eliminated racer may be
// re-admitted.
var racerMachine = machine[RacerStatus]{entity: "racer", edges: []edge[RacerStatus]{
	{RacerRacing, ActionEliminate, RacerEliminated, byBureau},
	{RacerEliminated, ActionReadmit, RacerRacing, byBureau},
	{RacerRacing, ActionMerge, RacerFinished, byBureau},
	{RacerRacing, ActionWin, RacerWinner, byBureau},
	{RacerRacing, ActionFinish, RacerFinished, byBureau},
}}
