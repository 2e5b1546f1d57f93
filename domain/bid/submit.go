package bid

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
)

// LimitError is the 409 for a submission over a limit (限项).
func LimitError(code string, count int64, limit int) *domain.Error {
	details := map[string]any{"active": count, "limit": limit}
	if code == "pi_limit_exceeded" {
		return domain.Conflict(code,
			fmt.Sprintf("挂帅人已牵头 %d 项有效申报，已达上限 %d 项（限项）", count, limit),
			fmt.Sprintf("the PI already leads %d active bids, the limit is %d", count, limit)).WithDetails(details)
	}
	return domain.Conflict(code,
		fmt.Sprintf("本单位已牵头 %d 项有效申报，已达上限 %d 项（限项）", count, limit),
		fmt.Sprintf("your organisation already leads %d active bids, the limit is %d", count, limit)).WithDetails(details)
}

// CheckLimits applies the limits to a submission: the PI and the organisation already lead piActive and
// orgActive other active bids.
func CheckLimits(piActive, orgActive int64, cfg Config) error {
	cfg = cfg.withDefaults()
	if cfg.MaxActiveBidsPerPI != NoLimit && piActive >= int64(cfg.MaxActiveBidsPerPI) {
		return LimitError("pi_limit_exceeded", piActive, cfg.MaxActiveBidsPerPI)
	}
	if cfg.MaxActiveBidsPerOrg != NoLimit && orgActive >= int64(cfg.MaxActiveBidsPerOrg) {
		return LimitError("org_limit_exceeded", orgActive, cfg.MaxActiveBidsPerOrg)
	}
	return nil
}

// Submit submits the working copy as a new version before the deadline and returns the bid with its receipt
// (回执: server time, SHA-256 digest, version). The content must be complete; the PI and organisation limits
// are checked inside the transaction, so two concurrent submissions cannot both pass; so is the deadline, after
// the locks are held, so a submission that waited for them past the deadline is refused.
func (s *Service) Submit(ctx context.Context, actor domain.Actor, id int64) (View, error) {
	b, ch, corr, err := s.loadForChange(ctx, actor, id, ActionSubmit)
	if err != nil {
		return View{}, err
	}
	lead, err := s.leadOrg(ctx, b.LeadOrgID)
	if err != nil {
		return View{}, err
	}
	if err := CheckComplete(b.Content, s.rules(ctx, ch, lead)); err != nil {
		return View{}, err
	}
	if err := s.checkPartnersNotBarred(ctx, b.Content); err != nil {
		return View{}, err
	}
	now := s.now()
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		email := b.Content.NormalizedPIEmail()
		if err := s.store.LockLimits(ctx, b.LeadOrgID, email); err != nil {
			return err
		}
		if err := s.store.LockBid(ctx, b.ID); err != nil {
			return err
		}
		cur, err := s.store.GetForOrg(ctx, b.LeadOrgID, b.ID)
		if err != nil {
			return err
		}
		// A teammate's edit that landed since we read the bid would otherwise be marked submitted (dirty
		// cleared) while the version holds the older content the submitter saw.
		if cur.Status != b.Status || cur.Version != b.Version || !reflect.DeepEqual(cur.Content, b.Content) {
			return Machine.Lost(domain.ErrStale, b.Status, ActionSubmit)
		}
		// The locks may have kept us waiting: the challenge's state counts as it is now; the deadline as of the
		// request's arrival if it is recorded within domain.ArrivalGrace, and the receipt shows that arrival.
		if now, err = s.stillEditable(ctx, b, corr); err != nil {
			return err
		}
		piActive, err := s.store.CountActiveByPI(ctx, email, ch.CallID, b.ID)
		if err != nil {
			return err
		}
		orgActive, err := s.store.CountActiveByOrg(ctx, b.LeadOrgID, ch.CallID, b.ID)
		if err != nil {
			return err
		}
		if err := CheckLimits(piActive, orgActive, s.current(ctx, ch)); err != nil {
			return err
		}
		atts, err := s.store.Attachments(ctx, b.ID)
		if err != nil {
			return err
		}
		if corr != nil {
			base, err := s.BidVersion(ctx, b.ID, corr.BaseVersion)
			if err != nil {
				return err
			}
			if err := AllowedBy(corr.Defects).CheckResubmission(base, b.Content, atts, corr.RequestedAt); err != nil {
				return err
			}
		}
		canon, digest, err := Canonical(b.ChallengeID, b.LeadOrgID, b.Content, refs(atts))
		if err != nil {
			return err
		}
		v := Version{BidID: b.ID, Version: b.Version + 1, SubmittedAt: now, SubmittedBy: actor.UserID,
			Digest: digest, Canonical: canon}
		if err := s.store.SaveSubmission(ctx, b.Status, v, email); err != nil {
			return Machine.Lost(err, b.Status, ActionSubmit)
		}
		b.Status, b.Version, b.SubmittedAt, b.Digest, b.PIEmail, b.Dirty, b.UpdatedAt =
			StatusSubmitted, v.Version, &now, digest, email, false, now
		action, after := ActionSubmit, map[string]any{"status": StatusSubmitted, "version": v.Version, "digest": digest, "submitted_at": now}
		if corr != nil {
			// a resubmission under a correction (补正后重新提交): the correction records the version
			if err := s.corrections.SetCorrectionStatus(ctx, corr.ID, corr.Status, CorrectionResubmitted, v.Version, actor.UserID, now); err != nil {
				return Machine.Lost(err, b.Status, ActionResubmit)
			}
			action, after["correction_id"] = ActionResubmit, corr.ID
		}
		if err := s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityBid, EntityID: b.ID, Action: string(action),
			Before: map[string]any{"status": cur.Status, "version": cur.Version},
			After:  after}); err != nil {
			return err
		}
		return s.emit(ctx, actor, b, cur.Status, ActionSubmit, "")
	})
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, actor, b, ch, nil, nil)
}

// checkPartnersNotBarred refuses a consortium with a registered partner that is barred (a barred organisation
// cannot bid, neither as lead nor as partner).
func (s *Service) checkPartnersNotBarred(ctx context.Context, c Content) error {
	for i, p := range c.Partners {
		o, err := s.orgs.OrgByCreditCode(ctx, p.CreditCode)
		if errors.Is(err, domain.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if o.CreditStatus == account.CreditBarred {
			return errOrgBarred(o.Name).WithDetails(map[string]any{"org_name": o.Name, "partner": i})
		}
	}
	return nil
}

func refs(atts []Attachment) []AttachmentRef {
	out := make([]AttachmentRef, 0, len(atts))
	for _, a := range atts {
		at := a.UploadedAt
		out = append(out, AttachmentRef{ID: a.ID, Filename: a.Filename, Size: a.Size, ContentType: a.ContentType,
			SHA256: a.SHA256, UploadedAt: &at})
	}
	return out
}
