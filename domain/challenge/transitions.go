package challenge

import "jiebang/domain"

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

// roleSystem is the role of the scheduler's actor (domain.System).
const roleSystem domain.Role = "system"

// transition is one allowed edge of the state machine: from a status, an action by one of the roles leads
// to a status.
type transition struct {
	From   Status
	Action Action
	To     Status
	By     []domain.Role
}

var (
	byOwner  = []domain.Role{domain.RoleEnterprise}
	byBureau = []domain.Role{domain.RoleBureau}
)

// transitions is the whole lifecycle of the process (see process.md "Lifecycle"): every allowed state change
// and who may make it. Anything not listed is refused with invalid_transition.
var transitions = []transition{
	{StatusDraft, ActionSubmit, StatusSubmitted, byOwner},
	{StatusReturned, ActionSubmit, StatusSubmitted, byOwner},
	{StatusSubmitted, ActionApprove, StatusApproved, byBureau},
	{StatusSubmitted, ActionReturn, StatusReturned, byBureau},
	{StatusSubmitted, ActionReject, StatusRejected, byBureau},
	{StatusApproved, ActionPublish, StatusPublished, byBureau},
	{StatusPublished, ActionCloseBidding, StatusBiddingClosed, []domain.Role{domain.RoleBureau, roleSystem}},
	{StatusBiddingClosed, ActionStartReview, StatusReviewing, byBureau},
	{StatusReviewing, ActionSelect, StatusNotice, byBureau},
	{StatusNotice, ActionRenotice, StatusNotice, byBureau},
	{StatusNotice, ActionStart, StatusInProgress, byBureau},
	{StatusInProgress, ActionComplete, StatusCompleted, byBureau},
	{StatusInProgress, ActionFail, StatusFailed, byBureau},
	{StatusDraft, ActionCancel, StatusCancelled, byBureau},
	{StatusSubmitted, ActionCancel, StatusCancelled, byBureau},
	{StatusReturned, ActionCancel, StatusCancelled, byBureau},
	{StatusApproved, ActionCancel, StatusCancelled, byBureau},
	{StatusPublished, ActionCancel, StatusCancelled, byBureau},
	{StatusBiddingClosed, ActionCancel, StatusCancelled, byBureau},
	{StatusReviewing, ActionCancel, StatusCancelled, byBureau},
	{StatusNotice, ActionCancel, StatusCancelled, byBureau},
}

// Next returns the status that action leads to from from, and false when the state machine refuses it.
func Next(from Status, action Action) (Status, bool) {
	for _, t := range transitions {
		if t.From == from && t.Action == action {
			return t.To, true
		}
	}
	return "", false
}

// MayAct reports whether role may take action (from any status). Roles are checked after the status, so the
// caller learns "wrong state" before "wrong role" only when it is allowed to act at all.
func MayAct(role domain.Role, action Action) bool {
	for _, t := range transitions {
		if t.Action == action {
			for _, r := range t.By {
				if r == role {
					return true
				}
			}
		}
	}
	return false
}

// Editable reports whether the owner may edit the content in status s (draft and returned only: from
// submission on the content is the bureau's to judge, from publication it is frozen).
func Editable(s Status) bool { return s == StatusDraft || s == StatusReturned }

// Terminal reports whether no action leads out of s.
func Terminal(s Status) bool {
	for _, t := range transitions {
		if t.From == s {
			return false
		}
	}
	return true
}

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
