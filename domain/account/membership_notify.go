package account

import (
	"context"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// Note is an in-app notification (站内通知) about a membership; cmd/app hands it to the notification outbox.
type Note struct {
	// Kind is a stable code: membership.requested, membership.approved, membership.rejected,
	// membership.removed, membership.org_admin.
	Kind             string
	TitleZh, TitleEn string
	BodyZh, BodyEn   string
	Link             string
	Entity           string
	EntityID         int64
}

// Notifier writes notifications inside the caller's transaction.
type Notifier interface {
	ToUsers(ctx context.Context, userIDs []int64, n Note) error
	ToRole(ctx context.Context, role domain.Role, n Note) error
}

// SetNotifier wires the notification outbox (nil: nobody is told). Call it at wiring time.
func (s *Service) SetNotifier(n Notifier) { s.notifier = n }

// MembersLink is the SPA page where an administrator handles membership requests.
const MembersLink = "/org/members"

// notifyRequested tells the organisation's administrator (the bureau when it has none) that u asks to join.
func (s *Service) notifyRequested(ctx context.Context, org Org, u User) error {
	if s.notifier == nil {
		return nil
	}
	n := Note{Kind: "membership.requested", TitleZh: u.Name + " 申请加入" + org.Name,
		TitleEn: u.Name + " asks to join " + org.Name, BodyZh: "请在“单位成员”页面审核（" + u.Email + "）",
		BodyEn: "Review the request on the organisation members page (" + u.Email + ")",
		Link:   MembersLink, Entity: audit.EntityUser, EntityID: u.ID}
	admin, err := s.store.OrgAdmin(ctx, org.ID)
	if err != nil {
		return err
	}
	n = clipNote(n)
	if admin == 0 {
		return s.notifier.ToRole(ctx, domain.RoleBureau, n)
	}
	return s.notifier.ToUsers(ctx, []int64{admin}, n)
}

// notifyMembership tells the user concerned about a change of its membership.
func (s *Service) notifyMembership(ctx context.Context, org Org, u User, action MemberAction, reason string) error {
	if s.notifier == nil {
		return nil
	}
	n := Note{Link: "/", Entity: audit.EntityUser, EntityID: u.ID, BodyZh: reason, BodyEn: reason}
	switch action {
	case ActionApprove:
		n.Kind, n.TitleZh, n.TitleEn = "membership.approved", "您已成为"+org.Name+"的成员", "You are now a member of "+org.Name
	case ActionReject:
		n.Kind, n.TitleZh, n.TitleEn = "membership.rejected", org.Name+"未通过您的加入申请",
			org.Name+" declined your request to join"
	case ActionRemove:
		n.Kind, n.TitleZh, n.TitleEn = "membership.removed", "您已不再是"+org.Name+"的成员",
			"You are no longer a member of "+org.Name
	case ActionHandOver:
		n.Kind, n.TitleZh, n.TitleEn = "membership.org_admin", "您已成为"+org.Name+"的单位管理员",
			"You are now the administrator of "+org.Name
		n.Link = MembersLink
	}
	return s.notifier.ToUsers(ctx, []int64{u.ID}, clipNote(n))
}

// maxNoteTitle is the notification title's limit; a long user or organisation name is cut.
const maxNoteTitle = 200

func clipNote(n Note) Note {
	n.TitleZh, n.TitleEn = clip(n.TitleZh, maxNoteTitle), clip(n.TitleEn, maxNoteTitle)
	return n
}

func clip(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max-1]) + "…"
}
