package race

import (
	"context"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
)

var (
	errNoticeNotFound    = domain.NewError(domain.ErrNotFound, "not_found", "未找到该公示", "notice not found")
	errObjectionNotFound = domain.NewError(domain.ErrNotFound, "not_found", "未找到该异议", "objection not found")
	errObjectionOpen     = domain.Conflict("objection_open", "尚有未处理的异议", "an objection is still open")
	errNoticeRunning     = domain.Conflict("notice_running", "公示期尚未结束", "the notice period is still running")
)

// NoticeView is a notice as the public sees it: the selected teams and organisations, the objection count and
// the bureau's answers, never scores, experts or objectors.
type NoticeView struct {
	Notice
	// StartsOn and EndsOn are the first and the last working day the notice counts (YYYY-MM-DD, China time,
	// inclusive): the period as a Chinese notice writes it. Provisional is true when a year of the period has
	// only a provisional calendar, so that EndsAt may still move when the bureau enters that year.
	StartsOn, EndsOn string
	Provisional      bool
	ChallengeTitle   string
	// ChallengeStatus is the challenge's status now (a closed notice whose project started offers nothing).
	ChallengeStatus challenge.Status
	Selected        []SelectedTeam
	Answers         []Answer
	// Objections are the full objections, for the bureau only.
	Objections []Objection
}

// SelectedTeam is one selected bid as the notice shows it.
type SelectedTeam struct {
	BidID    int64
	OrgID    int64
	OrgName  string
	PI       string
	Partners []string
}

// Answer is an objection as the notice shows it: reason, outcome and answer, without the objector.
type Answer struct {
	ObjectionID int64
	Reason      string
	Status      ObjectionStatus
	Answer      string
	AnsweredAt  *time.Time
	CreatedAt   time.Time
}

// Notices lists notices, newest first (public).
func (s *Service) Notices(ctx context.Context, f NoticeFilter, p domain.Page) (domain.List[NoticeView], error) {
	l, err := s.d.Store.Notices(ctx, f, p.Normalize())
	if err != nil {
		return domain.List[NoticeView]{}, err
	}
	out := domain.List[NoticeView]{Total: l.Total, Page: l.Page, PageSize: l.PageSize, Items: make([]NoticeView, 0, len(l.Items))}
	periods := s.periodReader()
	for _, n := range l.Items {
		v, err := s.noticeView(ctx, domain.Actor{}, n, false, periods)
		if err != nil {
			return out, err
		}
		out.Items = append(out.Items, v)
	}
	return out, nil
}

// Notice returns one notice page (public; the bureau also gets the objections with their objectors).
func (s *Service) Notice(ctx context.Context, actor domain.Actor, id int64) (NoticeView, error) {
	n, err := s.d.Store.Notice(ctx, id)
	if err != nil {
		return NoticeView{}, notFoundAs(err, errNoticeNotFound)
	}
	return s.noticeView(ctx, actor, n, true, s.periodReader())
}

// CurrentNotice returns the challenge's current notice page.
func (s *Service) CurrentNotice(ctx context.Context, actor domain.Actor, challengeID int64) (NoticeView, error) {
	n, err := s.d.Store.CurrentNotice(ctx, challengeID)
	if err != nil {
		return NoticeView{}, notFoundAs(err, errNoticeNotFound)
	}
	return s.noticeView(ctx, actor, n, true, s.periodReader())
}

func (s *Service) noticeView(ctx context.Context, actor domain.Actor, n Notice, full bool, periods *periodReader) (NoticeView, error) {
	v := NoticeView{Notice: n, Selected: []SelectedTeam{}, Answers: []Answer{}}
	if err := periods.fill(ctx, &v); err != nil {
		return v, err
	}
	c, err := s.d.Challenges.Lookup(ctx, n.ChallengeID)
	if err != nil {
		return v, err
	}
	v.ChallengeTitle, v.ChallengeStatus = c.Title, c.Status
	bids, err := s.d.Bids.SubmittedByID(ctx, n.ChallengeID, n.BidIDs)
	if err != nil {
		return v, err
	}
	for _, b := range bids {
		t := SelectedTeam{BidID: b.ID, OrgID: b.LeadOrgID, PI: b.Content.PI.Name, Partners: []string{}}
		if o, err := s.d.Orgs.OrgByID(ctx, b.LeadOrgID); err == nil {
			t.OrgName = o.Name
		}
		for _, p := range b.Content.Partners {
			t.Partners = append(t.Partners, p.OrgName)
		}
		v.Selected = append(v.Selected, t)
	}
	if !full {
		return v, nil
	}
	obs, err := s.d.Store.Objections(ctx, n.ID)
	if err != nil {
		return v, err
	}
	for _, o := range obs {
		// An objection is shown with its answer: until the bureau answers it, its text (which may name the
		// objector) is the bureau's and the objector's only; the count shows that it was filed.
		if o.Status == ObjectionOpen && !actor.Is(domain.RoleBureau) && (actor.Anonymous() || o.UserID != actor.UserID) {
			continue
		}
		v.Answers = append(v.Answers, Answer{ObjectionID: o.ID, Reason: o.Reason, Status: o.Status, Answer: o.Answer,
			AnsweredAt: o.AnsweredAt, CreatedAt: o.CreatedAt})
	}
	if actor.Is(domain.RoleBureau) {
		v.Objections = obs
	}
	return v, nil
}

// Object files an objection (异议) with reasons during the notice period (any logged-in user); after the end
// it is refused with 409 notice_closed.
func (s *Service) Object(ctx context.Context, actor domain.Actor, noticeID int64, reason string) (Objection, error) {
	if actor.Anonymous() {
		return Objection{}, domain.NewError(domain.ErrUnauthenticated, "unauthenticated", "请先登录", "login required")
	}
	reason = strings.TrimSpace(reason)
	var v domain.Validator
	v.RequiredText("reason", reason, maxText)
	if err := v.Err(); err != nil {
		return Objection{}, err
	}
	var out Objection
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		n, err := s.d.Store.Notice(ctx, noticeID)
		if err != nil {
			return notFoundAs(err, errNoticeNotFound)
		}
		now := s.now()
		if !n.Running(now) {
			return domain.Conflict("notice_closed", "公示期已结束，不能再提出异议", "the notice period is over: objections are closed")
		}
		out = Objection{NoticeID: n.ID, ChallengeID: n.ChallengeID, UserID: actor.UserID, Reason: reason,
			Status: ObjectionOpen, CreatedAt: now}
		if err := s.d.Store.CreateObjection(ctx, &out); err != nil {
			return err
		}
		if err := s.log(ctx, actor, audit.EntityObjection, out.ID, "file", nil,
			map[string]any{"notice_id": n.ID, "challenge_id": n.ChallengeID, "reason": reason}); err != nil {
			return err
		}
		return publish(ctx, s, EventNoticeObject, actor, out.ID, Objected{Notice: n, Objection: out})
	})
	return out, err
}

// ResolveInput is the bureau's answer to an objection.
type ResolveInput struct {
	Outcome ObjectionStatus // upheld or dismissed
	Answer  string
}

// Resolve answers an objection (bureau): upheld or dismissed, with a written answer shown on the notice. An
// upheld objection lets the bureau change the selection and notice again.
func (s *Service) Resolve(ctx context.Context, actor domain.Actor, id int64, in ResolveInput) (Objection, error) {
	if err := requireBureau(actor); err != nil {
		return Objection{}, err
	}
	in.Answer = strings.TrimSpace(in.Answer)
	var v domain.Validator
	v.OneOf("outcome", string(in.Outcome), string(ObjectionUpheld), string(ObjectionDismissed))
	v.RequiredText("answer", in.Answer, maxText)
	if err := v.Err(); err != nil {
		return Objection{}, err
	}
	action := map[ObjectionStatus]string{ObjectionUpheld: ActionUphold, ObjectionDismissed: ActionDismiss}[in.Outcome]
	var out Objection
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		o, err := s.d.Store.Objection(ctx, id)
		if err != nil {
			return notFoundAs(err, errObjectionNotFound)
		}
		to, err := objectionMachine.next(o.Status, action, actor.Role)
		if err != nil {
			return err
		}
		before := o
		now := s.now()
		o.Status, o.Answer, o.AnsweredBy, o.AnsweredAt = to, in.Answer, actor.UserID, &now
		won, err := s.d.Store.ResolveObjection(ctx, o)
		if err != nil {
			return err
		}
		if !won {
			return domain.InvalidTransition("objection", string(ObjectionOpen), action)
		}
		out = o
		if err := s.log(ctx, actor, audit.EntityObjection, o.ID, action, map[string]any{"status": before.Status},
			map[string]any{"status": o.Status, "answer": o.Answer}); err != nil {
			return err
		}
		return publish(ctx, s, EventNoticeResolve, actor, o.ID, ObjectionResolved{Objection: o})
	})
	return out, err
}

// moveNotice changes a notice's status along its machine, compare-and-set, audited.
func (s *Service) moveNotice(ctx context.Context, actor domain.Actor, n Notice, action string) error {
	to, err := noticeMachine.next(n.Status, action, actor.Role)
	if err != nil {
		return err
	}
	won, err := s.d.Store.SetNoticeStatus(ctx, n.ID, n.Status, to, s.now())
	if err != nil {
		return err
	}
	if !won {
		return domain.InvalidTransition("notice", string(n.Status), action)
	}
	if err := s.log(ctx, actor, audit.EntityNotice, n.ID, action, map[string]any{"status": n.Status}, map[string]any{"status": to}); err != nil {
		return err
	}
	return publish(ctx, s, noticeEvents[action], actor, n.ID, NoticeMoved{Notice: n, To: to})
}

// noticeEvents are the events of a notice's moves.
var noticeEvents = map[string]string{ActionClose: EventNoticeClose, ActionSupersede: EventNoticeSupersede}

// CloseDueNotices closes every open notice whose period has ended at now and tells the bureau (the scheduled
// job; compare-and-set, so running it on several servers closes each notice once).
func (s *Service) CloseDueNotices(ctx context.Context, now time.Time) error {
	ids, err := s.d.Store.DueNotices(ctx, now)
	if err != nil {
		return err
	}
	for _, id := range ids {
		err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
			n, err := s.d.Store.Notice(ctx, id)
			if err != nil || n.Status != NoticeOpen {
				return err
			}
			to, err := noticeMachine.next(n.Status, ActionClose, domain.RoleSystem)
			if err != nil {
				return err
			}
			won, err := s.d.Store.SetNoticeStatus(ctx, n.ID, NoticeOpen, to, now.UTC().Truncate(time.Microsecond))
			if err != nil || !won {
				return err
			}
			if err := s.log(ctx, domain.System, audit.EntityNotice, n.ID, ActionClose, map[string]any{"status": NoticeOpen},
				map[string]any{"status": to}); err != nil {
				return err
			}
			return publish(ctx, s, EventNoticeClose, domain.System, n.ID, NoticeMoved{Notice: n, To: to})
		})
		if err != nil {
			return err
		}
	}
	return nil
}
