package account

import (
	"context"
	"errors"
	"strings"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// OrgLookup answers the register page's "does this credit code exist" question.
type OrgLookup struct {
	Valid  bool
	Exists bool
	Name   string
	Type   OrgType
}

// LookupOrg checks a credit code and names the organisation that has it (anyone may ask: credit codes and
// the names they belong to are public records).
func (s *Service) LookupOrg(ctx context.Context, code string) (OrgLookup, error) {
	code = NormalizeCreditCode(code)
	if !ValidCreditCode(code) {
		return OrgLookup{}, nil
	}
	o, err := s.store.OrgByCreditCode(ctx, code)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		return OrgLookup{Valid: true}, nil
	case err != nil:
		return OrgLookup{}, err
	}
	return OrgLookup{Valid: true, Exists: true, Name: o.Name, Type: o.Type}, nil
}

func requireBureau(actor domain.Actor) error {
	if !actor.Is(domain.RoleBureau) {
		return domain.Forbidden("forbidden", "仅科技局可执行此操作", "only the bureau may do this")
	}
	return nil
}

// ListOrgs lists organisations for the bureau, newest first.
func (s *Service) ListOrgs(ctx context.Context, actor domain.Actor, f OrgFilter, p domain.Page) (domain.List[Org], error) {
	if err := requireBureau(actor); err != nil {
		return domain.List[Org]{}, err
	}
	f.Q = strings.TrimSpace(f.Q)
	if err := checkSearch(f.Q); err != nil {
		return domain.List[Org]{}, err
	}
	return s.store.ListOrgs(ctx, f, p.Normalize())
}

// VerifyOrg marks an organisation verified (单位认证) after the bureau checked it; verifying twice is 409.
func (s *Service) VerifyOrg(ctx context.Context, actor domain.Actor, id int64) (Org, error) {
	if err := requireBureau(actor); err != nil {
		return Org{}, err
	}
	var out Org
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		o, err := s.store.OrgByID(ctx, id)
		if err != nil {
			return notFoundAs(err, errOrgNotFound())
		}
		if o.Verified {
			return domain.Conflict("already_verified", "该单位已认证", "the organisation is already verified")
		}
		now := s.clock.Now()
		ok, err := s.store.SetOrgVerified(ctx, id, false, true, now)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Conflict("already_verified", "该单位已认证", "the organisation is already verified")
		}
		out = o
		out.Verified, out.UpdatedAt = true, now
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityOrg, EntityID: id, Action: "verify",
			Before: orgSummary(o), After: orgSummary(out)})
	})
	return out, err
}

// CreditInput changes an organisation's credit status (信用) with a written reason.
type CreditInput struct {
	Status CreditStatus
	Reason string
}

// MaxReasonLen caps written reasons.
const MaxReasonLen = 2000

// SetCredit changes an organisation's credit status; the reason is recorded in the audit trail.
func (s *Service) SetCredit(ctx context.Context, actor domain.Actor, id int64, in CreditInput) (Org, error) {
	if err := requireBureau(actor); err != nil {
		return Org{}, err
	}
	var v domain.Validator
	if v.Required("credit_status", string(in.Status)) {
		v.OneOf("credit_status", string(in.Status), CreditStatuses...)
	}
	v.RequiredText("reason", in.Reason, MaxReasonLen)
	if err := v.Err(); err != nil {
		return Org{}, err
	}
	var out Org
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		o, err := s.store.OrgByID(ctx, id)
		if err != nil {
			return notFoundAs(err, errOrgNotFound())
		}
		if o.CreditStatus == in.Status {
			return domain.Conflict("credit_unchanged", "信用状态未变化", "the organisation already has this credit status")
		}
		now := s.clock.Now()
		ok, err := s.store.SetOrgCredit(ctx, id, o.CreditStatus, in.Status, now)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Conflict("conflict", "信用状态刚被他人修改，请刷新后重试", "the credit status was just changed by someone else, reload and retry")
		}
		out = o
		out.CreditStatus, out.UpdatedAt = in.Status, now
		after := orgSummary(out)
		after["reason"] = strings.TrimSpace(in.Reason)
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityOrg, EntityID: id, Action: "set_credit",
			Before: orgSummary(o), After: after})
	})
	return out, err
}
