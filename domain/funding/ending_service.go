package funding

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/calendar"
	"jiebang/domain/challenge"
	"jiebang/domain/notify"
)

// RacerEnder ends a racer in the race when the bureau terminates or revokes it (racing → finished, compare-
// and-set, action terminate); nil leaves the race's status alone.
type RacerEnder interface {
	EndRacer(ctx context.Context, actor domain.Actor, racerID int64, reason string) error
}

// CreditRecorder records the credit consequence of a revocation on the organisation's credit ledger (kind
// warn or bar, source revocation).
type CreditRecorder interface {
	RecordCredit(ctx context.Context, actor domain.Actor, orgID int64, kind, reason, source string, sourceID int64) error
}

// EndingInput is the bureau's termination or revocation of a racer.
type EndingInput struct {
	Ground       string
	Reason       string
	CreditStatus string
}

var errEndingsOff = domain.NewError(domain.ErrNotFound, "not_found", "未启用", "not available")

func errRacerNotFound() error {
	return domain.NewError(domain.ErrNotFound, "not_found", "未找到该参赛团队", "racer not found")
}

func (s *Service) lookupRacer(ctx context.Context, id int64) (Racer, error) {
	r, err := s.d.Racers.Racer(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return r, errRacerNotFound()
	}
	return r, err
}

func reasonErr(field, reason string, maxLen int) error {
	if strings.TrimSpace(reason) == "" {
		return unprocessable("reason_required", field, "请写明理由", "a reason is required")
	}
	if utf8.RuneCountInString(reason) > maxLen {
		return unprocessable("reason_too_long", field, "理由过长", "the reason is too long")
	}
	return nil
}

// ending returns the racer's ending, nil when none.
func (s *Service) ending(ctx context.Context, racerID int64) (*Ending, error) {
	e, err := s.d.Endings.Ending(ctx, racerID)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// Terminate ends a racer (终止, bureau, with a ground from TerminationGrounds and a reason): no further tranche;
// the government funds disbursed minus the accepted expenses become a refund due.
func (s *Service) Terminate(ctx context.Context, actor domain.Actor, racerID int64, in EndingInput) (Ending, []Refund, error) {
	if !slices.Contains(TerminationGrounds, in.Ground) {
		return Ending{}, nil, unprocessable("unknown_ground", "ground", "终止事由须从列表中选择", "ground must be one of "+strings.Join(TerminationGrounds, ", "))
	}
	in.CreditStatus = ""
	return s.end(ctx, actor, racerID, EndTerminate, in)
}

// Revoke revokes a racer (撤销, misconduct; bureau, with a reason and the credit status to set): every
// government fund disbursed is due back; warned or barred records that on the organisation's credit ledger.
func (s *Service) Revoke(ctx context.Context, actor domain.Actor, racerID int64, in EndingInput) (Ending, []Refund, error) {
	switch in.CreditStatus {
	case "":
		in.CreditStatus = CreditKeep
	case CreditKeep, CreditWarn, CreditBar:
	default:
		return Ending{}, nil, unprocessable("unknown_credit_status", "credit_status", "信用状态须为 good、warned 或 barred",
			"credit_status must be good, warned or barred")
	}
	in.Ground = "misconduct"
	return s.end(ctx, actor, racerID, EndRevoke, in)
}

func (s *Service) end(ctx context.Context, actor domain.Actor, racerID int64, kind string, in EndingInput) (Ending, []Refund, error) {
	if !actor.Bureau() {
		return Ending{}, nil, domain.Forbidden("forbidden", "只有科技局可以终止或撤销项目", "only the bureau terminates or revokes a racer")
	}
	if s.d.Endings == nil {
		return Ending{}, nil, errEndingsOff
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if err := reasonErr("reason", in.Reason, 2000); err != nil {
		return Ending{}, nil, err
	}
	var e Ending
	var refunds []Refund
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		r, err := s.lookupRacer(ctx, racerID)
		if err != nil {
			return err
		}
		ch, err := s.challenge(ctx, r.ChallengeID)
		if err != nil {
			return err
		}
		if err := fundable(ch); err != nil {
			return err
		}
		if _, err := s.d.Store.Lock(ctx, ch.ID); err != nil {
			return err
		}
		if prev, err := s.ending(ctx, r.ID); err != nil {
			return err
		} else if prev != nil {
			return alreadyEnded(*prev)
		}
		e = Ending{RacerID: r.ID, ChallengeID: ch.ID, OrgID: r.OrgID, Kind: kind, Ground: in.Ground, Reason: in.Reason,
			CreditStatus: in.CreditStatus, DecidedBy: actor.UserID, DecidedName: actor.Name, DecidedAt: s.now()}
		if err := s.d.Endings.AddEnding(ctx, &e); err != nil {
			if errors.Is(err, domain.ErrConflict) {
				return alreadyEnded(e)
			}
			return err
		}
		if s.d.Ender != nil && r.Status == RacerRacing {
			if err := s.d.Ender.EndRacer(ctx, actor, r.ID, endWord(kind)+"："+in.Reason); err != nil {
				return err
			}
		}
		if kind == EndRevoke && in.CreditStatus != CreditKeep && s.d.Credit != nil && r.OrgID != 0 {
			ck := "warn"
			if in.CreditStatus == CreditBar {
				ck = "bar"
			}
			if err := s.d.Credit.RecordCredit(ctx, actor, r.OrgID, ck, "撤销："+in.Reason, "revocation", r.ID); err != nil {
				return err
			}
		}
		due, err := s.settleRefund(ctx, actor, ch, r, e)
		if err != nil {
			return err
		}
		refunds = due
		if err := s.d.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityRacer, EntityID: r.ID, Action: "funding_" + kind,
			Before: map[string]any{"status": r.Status}, After: map[string]any{"ground": e.Ground, "reason": e.Reason,
				"credit_status": e.CreditStatus, "refund_due_fen": sumRefunds(due)}}); err != nil {
			return err
		}
		if s.d.Notify != nil && r.OrgID != 0 {
			f, err := s.d.Endings.RefundFiguresOf(ctx, []int64{ch.ID})
			if err != nil {
				return err
			}
			kz, ke := "终止", "terminated"
			if kind == EndRevoke {
				kz, ke = "撤销", "revoked"
			}
			return s.d.Notify.Send(ctx, notify.FundingEnded, notify.Team(r.OrgID), r.ID, notify.Params{"ChallengeID": ch.ID,
				"RacerID": r.ID, "Title": ch.Title, "KindZh": kz, "KindEn": ke, "Reason": e.Reason, "Wan": Wan(f[r.ID].Outstanding())})
		}
		return nil
	})
	if err != nil {
		return Ending{}, nil, err
	}
	s.d.Audit.CheckpointNow(ctx)
	return e, refunds, nil
}

func endWord(kind string) string {
	if kind == EndRevoke {
		return "撤销"
	}
	return "终止"
}

func sumRefunds(rs []Refund) int64 {
	var n int64
	for _, r := range rs {
		n += r.AmountFen
	}
	return n
}

func alreadyEnded(e Ending) error {
	return domain.Conflict("already_ended", "该团队已被"+endWord(e.Kind), "the racer was already "+e.Kind+"d").
		WithDetails(map[string]any{"kind": e.Kind})
}

// settleRefund appends the refund-due entry that brings the racer's refund due to what its ending asks back
// (called with the ledger lock held); none when nothing changes.
func (s *Service) settleRefund(ctx context.Context, actor domain.Actor, ch challenge.Challenge, r Racer, e Ending) ([]Refund, error) {
	figs, err := s.d.Store.RacerFigures(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	es, err := s.d.Endings.Expenses(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	rs, err := s.d.Endings.Refunds(ctx, ch.ID, r.ID)
	if err != nil {
		return nil, err
	}
	adj := RefundAdjustment(refundFigures(rs), RefundTarget(e.Kind, figs[SourceGovernment].DisbursedFen, expenseFigures(es).AcceptedFen))
	if adj == 0 {
		return nil, nil
	}
	ref := Refund{RacerID: r.ID, ChallengeID: ch.ID, Kind: RefundDue, AmountFen: adj, Note: endWord(e.Kind),
		RecordedBy: actor.UserID, RecordedName: actor.Name, RecordedAt: s.now()}
	if err := s.d.Endings.AddRefund(ctx, &ref); err != nil {
		return nil, err
	}
	return []Refund{ref}, nil
}

// RequestTermination records the team's request to terminate its racer (申请终止): a team user of the racer's
// organisation, while the racer is not ended. The bureau sees it on the racer's plan and the due list.
func (s *Service) RequestTermination(ctx context.Context, actor domain.Actor, racerID int64, reason string) (TerminationRequest, error) {
	if s.d.Endings == nil {
		return TerminationRequest{}, errEndingsOff
	}
	reason = strings.TrimSpace(reason)
	var out TerminationRequest
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		r, err := s.lookupRacer(ctx, racerID)
		if err != nil {
			return err
		}
		if !actor.TeamOf(r.OrgID) {
			if actor.Bureau() {
				return domain.Forbidden("forbidden", "由牵头单位提出申请", "the lead organisation files the request")
			}
			return errRacerNotFound()
		}
		if err := reasonErr("reason", reason, 2000); err != nil {
			return err
		}
		if prev, err := s.ending(ctx, r.ID); err != nil {
			return err
		} else if prev != nil {
			return alreadyEnded(*prev)
		}
		out = TerminationRequest{RacerID: r.ID, ChallengeID: r.ChallengeID, Reason: reason, RequestedBy: actor.UserID,
			RequestedName: actor.Name, RequestedAt: s.now()}
		if err := s.d.Endings.AddTerminationRequest(ctx, &out); err != nil {
			return err
		}
		return s.d.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityRacer, EntityID: r.ID, Action: "termination_request",
			After: map[string]any{"reason": reason}})
	})
	return out, err
}

// ReportExpense records an expense of the government funds the team reports (a team user of the racer's
// organisation): amount positive, at most what was disbursed in total.
func (s *Service) ReportExpense(ctx context.Context, actor domain.Actor, racerID, amountFen int64, note string) (Expense, error) {
	return s.expense(ctx, actor, racerID, ExpenseReported, amountFen, strings.TrimSpace(note))
}

// AcceptExpenses records the amount of the reported expenses the bureau accepts (bureau): the accepted total
// stays within the reported total; after a termination the refund due drops by it.
func (s *Service) AcceptExpenses(ctx context.Context, actor domain.Actor, racerID, amountFen int64) (Expense, error) {
	return s.expense(ctx, actor, racerID, ExpenseAccepted, amountFen, "")
}

func (s *Service) expense(ctx context.Context, actor domain.Actor, racerID int64, kind string, amountFen int64, note string) (Expense, error) {
	if s.d.Endings == nil {
		return Expense{}, errEndingsOff
	}
	if kind == ExpenseAccepted && !actor.Bureau() {
		return Expense{}, domain.Forbidden("forbidden", "只有科技局可以认定支出", "only the bureau accepts expenses")
	}
	var out Expense
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		r, err := s.lookupRacer(ctx, racerID)
		if err != nil {
			return err
		}
		if kind == ExpenseReported && !actor.TeamOf(r.OrgID) {
			if actor.Bureau() {
				return domain.Forbidden("forbidden", "支出由团队申报", "the team reports its expenses")
			}
			return errRacerNotFound()
		}
		if amountFen <= 0 {
			return unprocessable("amount_not_positive", "amount_fen", "金额须大于零", "amount must be positive")
		}
		if amountFen > MaxAmountFen {
			return unprocessable("amount_too_large", "amount_fen", "金额过大", "amount is too large")
		}
		if utf8.RuneCountInString(note) > 2000 {
			return unprocessable("note_too_long", "note", "备注不能超过 2000 字", "note is longer than 2000 characters")
		}
		ch, err := s.challenge(ctx, r.ChallengeID)
		if err != nil {
			return err
		}
		if _, err := s.d.Store.Lock(ctx, ch.ID); err != nil {
			return err
		}
		es, err := s.d.Endings.Expenses(ctx, r.ID)
		if err != nil {
			return err
		}
		ef := expenseFigures(es)
		figs, err := s.d.Store.RacerFigures(ctx, r.ID)
		if err != nil {
			return err
		}
		if kind == ExpenseReported && ef.ReportedFen+amountFen > figs[SourceGovernment].DisbursedFen {
			return domain.Conflict("expenses_exceed_disbursed", "申报支出超过已拨付的政府资金",
				"the expenses reported exceed the government funds disbursed").WithDetails(map[string]any{
				"disbursed_fen": figs[SourceGovernment].DisbursedFen, "reported_fen": ef.ReportedFen, "requested_fen": amountFen})
		}
		if kind == ExpenseAccepted && ef.AcceptedFen+amountFen > ef.ReportedFen {
			return domain.Conflict("expenses_exceed_reported", "认定支出超过团队申报的支出",
				"the accepted expenses exceed those the team reported").WithDetails(map[string]any{
				"reported_fen": ef.ReportedFen, "accepted_fen": ef.AcceptedFen, "requested_fen": amountFen})
		}
		out = Expense{RacerID: r.ID, ChallengeID: ch.ID, Kind: kind, AmountFen: amountFen, Note: note, ByID: actor.UserID,
			ByName: actor.Name, At: s.now()}
		if err := s.d.Endings.AddExpense(ctx, &out); err != nil {
			return err
		}
		if err := s.d.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityRacer, EntityID: r.ID, Action: "expense_" + kind,
			After: map[string]any{"amount_fen": amountFen, "note": note}}); err != nil {
			return err
		}
		if kind == ExpenseAccepted {
			e, err := s.ending(ctx, r.ID)
			if err != nil || e == nil {
				return err
			}
			_, err = s.settleRefund(ctx, actor, ch, r, *e)
			return err
		}
		return nil
	})
	return out, err
}

// RefundInput is a refund received (已退回).
type RefundInput struct {
	AmountFen  int64
	ReceivedOn string
	Reference  string
}

// RecordRefund records a refund received from the racer (bureau): positive, at most what is still due
// (409 refund_exceeds), serialised with the challenge's ledger lock.
func (s *Service) RecordRefund(ctx context.Context, actor domain.Actor, racerID int64, in RefundInput) (Refund, error) {
	if !actor.Bureau() {
		return Refund{}, notBureau()
	}
	if s.d.Endings == nil {
		return Refund{}, errEndingsOff
	}
	if in.AmountFen <= 0 {
		return Refund{}, unprocessable("amount_not_positive", "amount_fen", "金额须大于零", "amount must be positive")
	}
	if in.AmountFen > MaxAmountFen {
		return Refund{}, unprocessable("amount_too_large", "amount_fen", "金额过大", "amount is too large")
	}
	if _, err := time.Parse("2006-01-02", in.ReceivedOn); err != nil {
		return Refund{}, unprocessable("received_on_invalid", "received_on", "到账日期须为 YYYY-MM-DD", "received_on must be YYYY-MM-DD")
	}
	in.Reference = strings.TrimSpace(in.Reference)
	if in.Reference == "" {
		return Refund{}, unprocessable("reference_required", "reference", "请填写到账凭证号", "reference is required")
	}
	if utf8.RuneCountInString(in.Reference) > 200 {
		return Refund{}, unprocessable("reference_too_long", "reference", "凭证号不能超过 200 字", "reference is longer than 200 characters")
	}
	var out Refund
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		r, err := s.lookupRacer(ctx, racerID)
		if err != nil {
			return err
		}
		if _, err := s.d.Store.Lock(ctx, r.ChallengeID); err != nil {
			return err
		}
		rs, err := s.d.Endings.Refunds(ctx, r.ChallengeID, r.ID)
		if err != nil {
			return err
		}
		f := refundFigures(rs)
		if in.AmountFen > f.Outstanding() {
			return domain.Conflict("refund_exceeds", "退回金额超过应退金额", "the refund exceeds what is due").
				WithDetails(map[string]any{"due_fen": f.DueFen, "received_fen": f.ReceivedFen, "requested_fen": in.AmountFen})
		}
		out = Refund{RacerID: r.ID, ChallengeID: r.ChallengeID, Kind: RefundReceived, AmountFen: in.AmountFen,
			ReceivedOn: in.ReceivedOn, Reference: in.Reference, RecordedBy: actor.UserID, RecordedName: actor.Name, RecordedAt: s.now()}
		if err := s.d.Endings.AddRefund(ctx, &out); err != nil {
			return err
		}
		return s.d.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityRacer, EntityID: r.ID, Action: "refund_received",
			After: map[string]any{"amount_fen": in.AmountFen, "received_on": in.ReceivedOn, "reference": in.Reference}})
	})
	if err != nil {
		return Refund{}, err
	}
	s.d.Audit.CheckpointNow(ctx)
	return out, nil
}

// RefundDueOn is the last day to pay a refund back: RefundDays (default 30) after the ending, China date.
func (s *Service) RefundDueOn(e Ending) string {
	return calendar.Date(e.DecidedAt.AddDate(0, 0, int(s.cfg.RefundDays)))
}
