package challenge

import (
	"jiebang/domain"
	"jiebang/domain/fsm"
)

// Action is a step of the lifecycle (the verb of a transition).
type Action string

// The actions of the lifecycle. Create and edit are recorded in the history too but change no status.
const (
	ActionCreate       Action = "create"        // 起草
	ActionEdit         Action = "edit"          // 修改草稿
	ActionSubmit       Action = "submit"        // 提交论证
	ActionApprove      Action = "approve"       // 论证通过
	ActionReturn       Action = "return"        // 退回修改
	ActionReject       Action = "reject"        // 不予立榜
	ActionPublish      Action = "publish"       // 张榜
	ActionCloseBidding Action = "close_bidding" // 揭榜截止
	ActionStartReview  Action = "start_review"  // 进入专家评审
	ActionSelect       Action = "select"        // 确定入围并公示
	ActionRenotice     Action = "renotice"      // 异议成立后重新公示
	ActionStart        Action = "start"         // 立项
	ActionComplete     Action = "complete"      // 验收通过
	ActionFail         Action = "fail"          // 验收未通过
	ActionCancel       Action = "cancel"        // 撤榜
	ActionAmend        Action = "amend"         // 发布更正
)

// edge is one allowed edge of the lifecycle: from a status, an action by one of the roles leads to a status.
type edge = fsm.Edge[Status, Action, Challenge]

var (
	byOwner  = []domain.Role{domain.RoleEnterprise}
	byBureau = []domain.Role{domain.RoleBureau}
)

// Machine is the whole lifecycle of the process (see process.md "Lifecycle"): every allowed state change and
// who may make it. Anything not listed is refused with invalid_transition; audit entries, history entries and
// events carry the action's name.
var Machine = fsm.New("challenge",
	edge{From: StatusDraft, Action: ActionSubmit, To: StatusSubmitted, By: byOwner},
	edge{From: StatusReturned, Action: ActionSubmit, To: StatusSubmitted, By: byOwner},
	edge{From: StatusSubmitted, Action: ActionApprove, To: StatusApproved, By: byBureau},
	edge{From: StatusSubmitted, Action: ActionReturn, To: StatusReturned, By: byBureau},
	edge{From: StatusSubmitted, Action: ActionReject, To: StatusRejected, By: byBureau},
	edge{From: StatusApproved, Action: ActionPublish, To: StatusPublished, By: byBureau},
	edge{From: StatusPublished, Action: ActionCloseBidding, To: StatusBiddingClosed, By: []domain.Role{domain.RoleBureau, domain.RoleSystem}},
	edge{From: StatusBiddingClosed, Action: ActionStartReview, To: StatusReviewing, By: byBureau},
	edge{From: StatusReviewing, Action: ActionSelect, To: StatusNotice, By: byBureau},
	edge{From: StatusNotice, Action: ActionRenotice, To: StatusNotice, By: byBureau},
	edge{From: StatusNotice, Action: ActionStart, To: StatusInProgress, By: byBureau},
	edge{From: StatusInProgress, Action: ActionComplete, To: StatusCompleted, By: byBureau},
	edge{From: StatusInProgress, Action: ActionFail, To: StatusFailed, By: byBureau},
	edge{From: StatusDraft, Action: ActionCancel, To: StatusCancelled, By: byBureau},
	edge{From: StatusSubmitted, Action: ActionCancel, To: StatusCancelled, By: byBureau},
	edge{From: StatusReturned, Action: ActionCancel, To: StatusCancelled, By: byBureau},
	edge{From: StatusApproved, Action: ActionCancel, To: StatusCancelled, By: byBureau},
	edge{From: StatusPublished, Action: ActionCancel, To: StatusCancelled, By: byBureau},
	edge{From: StatusBiddingClosed, Action: ActionCancel, To: StatusCancelled, By: byBureau},
	edge{From: StatusReviewing, Action: ActionCancel, To: StatusCancelled, By: byBureau},
	edge{From: StatusNotice, Action: ActionCancel, To: StatusCancelled, By: byBureau},
)

// Next returns the status that action leads to from from, and false when the state machine refuses it.
func Next(from Status, action Action) (Status, bool) { return Machine.To(from, action) }

// MayAct reports whether role may take action (from any status). Roles are checked before the status, so a
// caller who may never take the action learns that, not the state.
func MayAct(role domain.Role, action Action) bool { return Machine.Allows(role, action) }

// Editable reports whether the owner may edit the content in status s (draft and returned only: from
// submission on the content is the bureau's to judge, from publication it is frozen).
func Editable(s Status) bool { return s == StatusDraft || s == StatusReturned }

// Terminal reports whether no action leads out of s.
func Terminal(s Status) bool { return Machine.Terminal(s) }

// publicStatuses are those on the public board: published and later.
var publicStatuses = map[Status]bool{StatusPublished: true, StatusBiddingClosed: true, StatusReviewing: true,
	StatusNotice: true, StatusInProgress: true, StatusCompleted: true, StatusFailed: true}

// Public reports whether anyone may read the challenge: published and later, or cancelled after publication.
func (c Challenge) Public() bool {
	return publicStatuses[c.Status] || (c.Status == StatusCancelled && c.WasPublished())
}

// PublicStatuses lists the statuses of the public board (a cancelled challenge is public only when it had
// been published).
func PublicStatuses() []Status {
	out := make([]Status, 0, len(publicStatuses))
	for _, s := range Statuses {
		if publicStatuses[s] {
			out = append(out, s)
		}
	}
	return out
}
