package challenge

import (
	"context"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
)

// Errors of the posting organisation's standing. Both are 403: they are about who the caller is, not about
// the challenge's state, and no retry of the same request can succeed until the bureau acts.
var (
	// ErrOrgBarred refuses posting by an organisation whose credit status is barred (失信).
	ErrOrgBarred = domain.Forbidden("org_barred", "贵单位信用状态为“禁止”，不能发榜", "your organisation is barred and cannot post challenges")
	// ErrOrgNotVerified refuses submission before the bureau has verified the organisation.
	ErrOrgNotVerified = domain.Forbidden("org_not_verified", "贵单位尚未通过科技局认证，暂不能提交榜单",
		"your organisation has not been verified by the bureau yet and cannot submit challenges")
)

// checkOrg refuses a barred organisation, and when verified is required an unverified one.
func (s *Service) checkOrg(ctx context.Context, orgID int64, needVerified bool) error {
	org, err := s.orgs.OrgByID(ctx, orgID)
	if err != nil {
		return err
	}
	if org.CreditStatus == account.CreditBarred {
		return ErrOrgBarred
	}
	if needVerified && !org.Verified {
		return ErrOrgNotVerified
	}
	return nil
}

// Create saves a new draft for the actor's organisation (enterprise staff). A draft may be incomplete: only
// formats are checked. A barred organisation cannot post; an unverified one may draft but not submit.
func (s *Service) Create(ctx context.Context, actor domain.Actor, p Patch) (Detail, error) {
	if !actor.Is(domain.RoleEnterprise) || actor.OrgID == 0 {
		return Detail{}, domain.Forbidden("forbidden", "只有企业用户可以发榜", "only enterprise staff may post challenges")
	}
	var id int64
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.checkOrg(ctx, actor.OrgID, false); err != nil {
			return err
		}
		now := s.now()
		c := Challenge{OrgID: actor.OrgID, Status: StatusDraft, CreatedAt: now, UpdatedAt: now}
		p.apply(&c)
		if err := s.validateDraft(ctx, c, ""); err != nil {
			return err
		}
		if err := s.checkCall(ctx, c.CallID, false); err != nil {
			return err
		}
		if err := s.store.Create(ctx, &c); err != nil {
			return err
		}
		id = c.ID
		h := HistoryEntry{ChallengeID: c.ID, Action: ActionCreate, ToStatus: StatusDraft,
			ActorID: actor.UserID, ActorName: actor.Name, ActorRole: string(actor.Role), At: now}
		if err := s.store.AddHistory(ctx, &h); err != nil {
			return err
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityChallenge, EntityID: c.ID,
			Action: string(ActionCreate), After: c.summary()})
	})
	if err != nil {
		return Detail{}, err
	}
	return s.Get(ctx, actor, id)
}

// Update edits the content of a draft or returned challenge (owner enterprise only); the fields of p that
// are nil stay as they are.
func (s *Service) Update(ctx context.Context, actor domain.Actor, id int64, p Patch) (Detail, error) {
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.load(ctx, actor, id)
		if err != nil {
			return err
		}
		if !isOwner(actor, c) {
			return errNotOwner
		}
		if !Editable(c.Status) {
			return frozen(c.Status)
		}
		before, stored, storedCall := c.summary(), c.Field, c.CallID
		p.apply(&c)
		if err := s.validateDraft(ctx, c, stored); err != nil {
			return err
		}
		if c.CallID != storedCall {
			if err := s.checkCall(ctx, c.CallID, false); err != nil {
				return err
			}
		}
		c.UpdatedAt = s.now()
		if err := s.store.UpdateContent(ctx, c); err != nil {
			return Machine.Lost(err, c.Status, ActionEdit)
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityChallenge, EntityID: c.ID,
			Action: string(ActionEdit), Before: before, After: c.summary()})
	})
	if err != nil {
		return Detail{}, err
	}
	return s.Get(ctx, actor, id)
}

// frozen is the 409 for editing outside draft and returned.
func frozen(st Status) error {
	e := domain.InvalidTransition("challenge", string(st), string(ActionEdit))
	if publicStatuses[st] {
		e.Zh, e.En = "榜单已张榜，内容已冻结；如需更正请由科技局发布更正公告",
			"the challenge is published and its content is frozen; the bureau publishes corrections as amendments"
	}
	return e
}

// Submit sends a draft or returned challenge to the bureau (需求论证). Only the owner enterprise of a verified,
// not barred organisation may submit, and only a complete challenge (422 listing every missing field).
func (s *Service) Submit(ctx context.Context, actor domain.Actor, id int64) (Detail, error) {
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.load(ctx, actor, id)
		if err != nil {
			return err
		}
		if !isOwner(actor, c) {
			return errNotOwner
		}
		if !Machine.Can(c.Status, ActionSubmit) {
			return Machine.Invalid(c.Status, ActionSubmit)
		}
		if err := s.checkOrg(ctx, c.OrgID, true); err != nil {
			return err
		}
		if err := s.validateForSubmission(ctx, c); err != nil {
			return err
		}
		if err := s.checkCall(ctx, c.CallID, true); err != nil {
			return err
		}
		return s.move(ctx, actor, &c, ActionSubmit, "", func(c *Challenge, now time.Time) {
			c.SubmittedAt = &now
		})
	})
	if err != nil {
		return Detail{}, err
	}
	return s.Get(ctx, actor, id)
}
