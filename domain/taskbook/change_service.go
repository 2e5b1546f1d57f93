package taskbook

import (
	"context"
	"errors"
	"strings"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
	"jiebang/domain/race"
)

var (
	errChangeNotFound = domain.NotFound("变更申请不存在", "change request not found")
	errNotRacing      = domain.Conflict("racer_not_racing", "该团队已不在赛程中，不能变更任务书", "the racer is no longer racing")
	errChangeMoved    = domain.Conflict("change_moved", "该变更申请已被他人处理", "someone else acted on the change request first")
)

// File files a change request for a racing racer: the lead organisation's team users, or the bureau (which
// the too_late rule does not bind). Refusals: 422 with field errors, too_late, extension_used,
// extension_too_long; 409 change_open (a request of the kind in progress), racer_not_racing; 403 for other
// parties who may see the racer.
func (s *Service) File(ctx context.Context, actor domain.Actor, racerID int64, in ChangeInput) (ChangeView, error) {
	r, c, err := s.racer(ctx, actor, racerID)
	if err != nil {
		return ChangeView{}, err
	}
	ch, err := s.file(ctx, actor, r, c, in)
	return ChangeView{Change: ch, LeadOrgID: r.OrgID, OwnerOrgID: c.OrgID}, err
}

// ChangeView is a change request with the racer's lead organisation and owner enterprise (who may act on it).
type ChangeView struct {
	Change     Change
	LeadOrgID  int64
	OwnerOrgID int64
}

func (s *Service) file(ctx context.Context, actor domain.Actor, r race.Racer, c challenge.Challenge, in ChangeInput) (Change, error) {
	if !actor.TeamOf(r.OrgID) && !actor.Bureau() {
		return Change{}, domain.Forbidden("forbidden", "只有牵头单位或科技局可以申请变更", "only the lead organisation or the bureau files changes")
	}
	in.Reason = strings.TrimSpace(in.Reason)
	v, err := s.ensure(ctx, actor, r, c)
	if err != nil {
		return Change{}, err
	}
	var out Change
	err = s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		if r.Status != race.RacerRacing {
			return errNotRacing
		}
		cur, err := s.d.Store.LatestVersion(ctx, r.ID)
		if err != nil {
			return err
		}
		v = cur
		all, err := s.d.Store.Changes(ctx, r.ID)
		if err != nil {
			return err
		}
		ext := 0
		for _, x := range all {
			if x.Kind == KindEndDate && x.Status == StatusApproved {
				ext++
			}
		}
		now := s.now()
		if err := CheckChange(in, v.Content, s.cfg.Rules, now, actor.Bureau(), ext); err != nil {
			return err
		}
		for _, x := range all {
			if x.Kind == in.Kind && (x.Status == StatusSubmitted || x.Status == StatusConsented) {
				return errChangeOpen.WithDetails(map[string]any{"change_id": x.ID})
			}
		}
		out = Change{RacerID: r.ID, ChallengeID: r.ChallengeID, Kind: in.Kind, Reason: in.Reason, Proposed: in.Proposed,
			Attachments: in.Attachments, Status: StatusSubmitted, FiledBy: actor.UserID, FiledByName: actor.Name,
			ByBureau: actor.Bureau(), CreatedAt: now, UpdatedAt: now}
		if out.Attachments == nil {
			out.Attachments = []string{}
		}
		if err := s.d.Store.CreateChange(ctx, &out); err != nil {
			return err
		}
		return s.d.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityRacer, EntityID: r.ID, Action: "change_file",
			After: map[string]any{"change_id": out.ID, "kind": string(out.Kind), "reason": out.Reason}})
	})
	return out, err
}

// ChangesView is a racer's change requests, newest first, with what the rules allow now.
type ChangesView struct {
	Changes    []Change
	LeadOrgID  int64
	OwnerOrgID int64
	Rules      Rules
	// ExtensionsUsed counts the approved extensions.
	ExtensionsUsed int
	// TooLate: the lead organisation may no longer file (the bureau still may).
	TooLate bool
	// MayFile: the actor may file a change now (lead organisation or bureau, racer racing).
	MayFile bool
}

// Changes are a racer's change requests, newest first (the team, the owner enterprise, the bureau).
func (s *Service) Changes(ctx context.Context, actor domain.Actor, racerID int64) (ChangesView, error) {
	r, c, err := s.racer(ctx, actor, racerID)
	if err != nil {
		return ChangesView{}, err
	}
	v, err := s.ensure(ctx, actor, r, c)
	if err != nil {
		return ChangesView{}, err
	}
	all, err := s.d.Store.Changes(ctx, racerID)
	if err != nil {
		return ChangesView{}, err
	}
	out := ChangesView{Changes: all, LeadOrgID: r.OrgID, OwnerOrgID: c.OrgID, Rules: s.cfg.Rules,
		TooLate: TooLate(v.Content, s.cfg.Rules, s.now())}
	for _, x := range all {
		if x.Kind == KindEndDate && x.Status == StatusApproved {
			out.ExtensionsUsed++
		}
	}
	out.MayFile = r.Status == race.RacerRacing && (actor.Bureau() || (actor.TeamOf(r.OrgID) && !out.TooLate))
	return out, nil
}

// ChangeDecision is an action on a change request with its reason (required to reject).
type ChangeDecision struct {
	Action string
	Reason string
}

// Act moves a change request: consent (the owner enterprise, major kinds), approve and reject (the bureau),
// withdraw (the lead organisation). Approving makes the next task book version (补充任务书) in the same
// transaction; the previous version is superseded and every party signs the new one. Of two concurrent
// actions one succeeds (409 change_moved for the other); an action the state does not allow is 409
// invalid_transition.
func (s *Service) Act(ctx context.Context, actor domain.Actor, changeID int64, d ChangeDecision) (ChangeView, error) {
	ch, r, c, err := s.act(ctx, actor, changeID, d)
	return ChangeView{Change: ch, LeadOrgID: r.OrgID, OwnerOrgID: c.OrgID}, err
}

func (s *Service) act(ctx context.Context, actor domain.Actor, changeID int64, d ChangeDecision) (Change, race.Racer, challenge.Challenge, error) {
	ch, err := s.d.Store.Change(ctx, changeID)
	if err != nil {
		if errors.Is(err, domain.ErrNotFound) {
			return Change{}, race.Racer{}, challenge.Challenge{}, errChangeNotFound
		}
		return Change{}, race.Racer{}, challenge.Challenge{}, err
	}
	r, c, err := s.racer(ctx, actor, ch.RacerID)
	if err != nil {
		return Change{}, race.Racer{}, challenge.Challenge{}, errChangeNotFound
	}
	if err := mayAct(actor, d.Action, r, c); err != nil {
		return Change{}, race.Racer{}, challenge.Challenge{}, err
	}
	d.Reason = strings.TrimSpace(d.Reason)
	if d.Action == ActionReject {
		var v domain.Validator
		v.RequiredText("reason", d.Reason, 2000)
		if err := v.Err(); err != nil {
			return Change{}, race.Racer{}, challenge.Challenge{}, err
		}
	} else if len([]rune(d.Reason)) > 2000 {
		return Change{}, race.Racer{}, challenge.Challenge{}, domain.FieldErr("reason", "too_long", "理由过长", "reason too long")
	}
	if _, err := s.ensure(ctx, actor, r, c); err != nil {
		return Change{}, race.Racer{}, challenge.Challenge{}, err
	}
	err = s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		from := ch.Status
		to, ok := Next(ch.Kind, from, d.Action)
		if !ok {
			return domain.InvalidTransition("change", string(from), d.Action)
		}
		now := s.now()
		ch.Status, ch.UpdatedAt = to, now
		switch d.Action {
		case ActionConsent:
			ch.ConsentedBy, ch.ConsentedAt = actor.UserID, &now
		case ActionApprove, ActionReject:
			ch.DecidedBy, ch.DecidedAt, ch.DecisionReason = actor.UserID, &now, d.Reason
		case ActionWithdraw:
			ch.DecisionReason = d.Reason
		}
		if d.Action == ActionApprove {
			if r.Status != race.RacerRacing {
				return errNotRacing
			}
			cur, err := s.d.Store.LatestVersion(ctx, r.ID)
			if err != nil {
				return err
			}
			ch.Version = cur.Number + 1
		}
		moved, err := s.d.Store.MoveChange(ctx, ch, from)
		if err != nil {
			return err
		}
		if !moved {
			return errChangeMoved
		}
		if d.Action == ActionApprove {
			cur, err := s.d.Store.LatestVersion(ctx, r.ID)
			if err != nil {
				return err
			}
			if ok, err := s.d.Store.Supersede(ctx, cur.ID, now); err != nil {
				return err
			} else if !ok {
				return errChangeMoved
			}
			next, err := s.storeVersion(ctx, actor, r.ID, Apply(cur.Content, ch))
			if err != nil {
				return err
			}
			if err := s.tellNext(ctx, r, c, next, nil); err != nil {
				return err
			}
		}
		return s.d.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityRacer, EntityID: r.ID, Action: "change_" + d.Action,
			Before: map[string]any{"status": string(from)},
			After:  map[string]any{"change_id": ch.ID, "kind": string(ch.Kind), "status": string(to), "reason": d.Reason, "version": ch.Version}})
	})
	return ch, r, c, err
}

func mayAct(actor domain.Actor, action string, r race.Racer, c challenge.Challenge) error {
	ok := false
	switch action {
	case ActionConsent:
		ok = actor.EnterpriseOf(c.OrgID)
	case ActionApprove, ActionReject:
		ok = actor.Bureau()
	case ActionWithdraw:
		ok = actor.TeamOf(r.OrgID) || actor.Bureau()
	}
	if !ok {
		return domain.Forbidden("forbidden", "您无权对该变更申请执行此操作", "you may not do this to the change request")
	}
	return nil
}
