package funding

import (
	"context"
	"errors"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
	"jiebang/domain/event"
	"jiebang/domain/notify"
)

// Config holds the deployment's funding settings.
type Config struct {
	// CofundingRatioPct is the enterprise co-funding required per 100 of government funds (default 100: 1:1).
	CofundingRatioPct int64
	// StartupPct is the share of the cap proposed as start-up funds (default 20).
	StartupPct int64
	// RefundDays is how long a terminated or revoked racer has to pay its refund back (default 30); the
	// reminder goes out RefundReminderDays (default 7) before.
	RefundDays         int64
	RefundReminderDays int64
}

func (c Config) withDefaults() Config {
	if c.CofundingRatioPct <= 0 {
		c.CofundingRatioPct = 100
	}
	if c.StartupPct <= 0 {
		c.StartupPct = 20
	}
	if c.RefundDays <= 0 {
		c.RefundDays = 30
	}
	if c.RefundReminderDays <= 0 {
		c.RefundReminderDays = 7
	}
	return c
}

// Deps are the collaborators of the ledger.
type Deps struct {
	Store      Store
	Racers     Racers
	Challenges Challenges
	Tx         domain.TxManager
	Audit      *audit.Service
	Clock      domain.Clock
	// Dashboard reads the programme view's figures (may be nil in tests).
	Dashboard DashboardStore
	// Events may be nil; with it the ledger publishes EventDecided, EventReversed and EventDisbursed in the
	// transaction of the change (the notifications are their reactions, Register).
	Events *event.Bus
	// Endings stores terminations, revocations, expenses and refunds (nil: those use cases answer 404).
	Endings EndingStore
	// Taskbooks and Rectifications are the conditions of the tranches other areas own; nil: the task book
	// counts as signed and no racer as under rectification.
	Taskbooks      TaskbookSigned
	Rectifications RectificationPending
	// Ender ends the racer in the race on a termination; Credit records a revocation's credit status; Notify
	// tells the team (all may be nil).
	Ender  RacerEnder
	Credit CreditRecorder
	Notify notify.Sender
}

// UseTrancheConditions sets the ports of the tranche conditions other areas provide (task book signatures,
// rectification); nil keeps the default.
func (s *Service) UseTrancheConditions(t TaskbookSigned, r RectificationPending) {
	if t != nil {
		s.d.Taskbooks = t
	}
	if r != nil {
		s.d.Rectifications = r
	}
}

// Service is the funding use cases.
type Service struct {
	cfg Config
	d   Deps
	// fields checks the programme view's field filter (nil: not checked).
	fields FieldSource
}

// NewService builds the ledger service.
func NewService(cfg Config, d Deps) *Service { return &Service{cfg: cfg.withDefaults(), d: d} }

// Config returns the settings in force.
func (s *Service) Config() Config { return s.cfg }

var errChallengeNotFound = domain.NewError(domain.ErrNotFound, "not_found", "未找到该榜单", "challenge not found")

func (s *Service) now() time.Time { return s.d.Clock.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) challenge(ctx context.Context, id int64) (challenge.Challenge, error) {
	ch, err := s.d.Challenges.Lookup(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return ch, errChallengeNotFound
	}
	return ch, err
}

func notBureau() error {
	return domain.Forbidden("forbidden", "只有科技局可以记录资助", "only the bureau records funding")
}

// fundable reports whether the challenge's racers may be funded: from the start of the project on.
func fundable(ch challenge.Challenge) error {
	switch ch.Status {
	case challenge.StatusInProgress, challenge.StatusCompleted, challenge.StatusFailed:
		return nil
	}
	return domain.Conflict("funding_not_open", "榜单尚未立项，不能记录资助", "the challenge has not started; no funding can be recorded").
		WithDetails(map[string]any{"status": string(ch.Status)})
}

// bureauChallenge loads a challenge the bureau may fund.
func (s *Service) bureauChallenge(ctx context.Context, actor domain.Actor, id int64) (challenge.Challenge, error) {
	if !actor.Is(domain.RoleBureau) {
		return challenge.Challenge{}, notBureau()
	}
	ch, err := s.challenge(ctx, id)
	if err != nil {
		return ch, err
	}
	return ch, fundable(ch)
}

func (s *Service) racer(ctx context.Context, id int64) (Racer, error) {
	r, err := s.d.Racers.Racer(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return r, unprocessable("racer_other_challenge", "racer_id", "该团队不是本榜单的参赛团队",
			"the racer does not run on this challenge")
	}
	return r, err
}

// Decide records a funding decision (资助决定) or, with ReversesID, the reversal of one. Every rule is checked
// inside one transaction that holds the challenge's ledger lock, so parallel decisions cannot together pass
// the cap.
func (s *Service) Decide(ctx context.Context, actor domain.Actor, challengeID int64, in DecisionInput) (Decision, error) {
	ch, err := s.bureauChallenge(ctx, actor, challengeID)
	if err != nil {
		return Decision{}, err
	}
	in = NormalizeDecision(in)
	if in.ReversesID != nil {
		return s.reverse(ctx, actor, ch, in)
	}
	if err := CheckDecisionFormat(in, ch); err != nil {
		return Decision{}, err
	}
	d := Decision{ChallengeID: ch.ID, RacerID: in.RacerID, Tranche: in.Tranche, Source: in.Source,
		AmountFen: in.AmountFen, Basis: in.Basis, Note: in.Note, DecidedBy: actor.UserID, DecidedByName: actor.Name}
	var racer Racer
	err = s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		st := DecisionState{RatioPct: s.cfg.CofundingRatioPct}
		if st.Totals, err = s.d.Store.Lock(ctx, ch.ID); err != nil {
			return err
		}
		if st.Challenge, err = s.challenge(ctx, ch.ID); err != nil {
			return err
		}
		if err := fundable(st.Challenge); err != nil {
			return err
		}
		if racer, err = s.racer(ctx, in.RacerID); err != nil {
			return err
		}
		st.Racer = racer
		if stage, _ := ParseTranche(in.Tranche); stage > 0 && racer.ChallengeID == ch.ID {
			out, err := s.d.Racers.StageOutcome(ctx, ch.ID, stage)
			if err != nil {
				return err
			}
			st.StageDecided = out.Decided
		}
		if st.RacerFigures, err = s.d.Store.RacerFigures(ctx, racer.ID); err != nil {
			return err
		}
		if st.RacerGov, err = s.d.Store.RacerTranches(ctx, racer.ID, SourceGovernment); err != nil {
			return err
		}
		if err := CheckDecision(st, in); err != nil {
			return err
		}
		if s.d.Endings != nil {
			if e, err := s.ending(ctx, racer.ID); err != nil {
				return err
			} else if e != nil {
				return domain.Conflict("racer_ended", "该团队已被"+endWord(e.Kind)+"，不能再获得资助",
					"the racer was "+e.Kind+"d and gets no further tranche").WithDetails(map[string]any{"racer_id": racer.ID, "kind": e.Kind})
			}
		}
		d.DecidedAt = s.now()
		if err := s.d.Store.AddDecision(ctx, &d); err != nil {
			return err
		}
		if err := s.d.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityFundingDecision, EntityID: d.ID,
			Action: "decide", After: decisionSummary(d)}); err != nil {
			return err
		}
		return event.Publish(ctx, s.d.Events, EventDecided, actor, d.ID, Decided{Decision: d, Racer: racer, Challenge: ch})
	})
	if err != nil {
		return Decision{}, err
	}
	s.d.Audit.CheckpointNow(ctx)
	return d, nil
}

func (s *Service) reverse(ctx context.Context, actor domain.Actor, ch challenge.Challenge, in DecisionInput) (Decision, error) {
	if err := checkTexts(in.Basis, in.Note); err != nil {
		return Decision{}, err
	}
	if in.Note == "" {
		return Decision{}, unprocessable("reason_required", "note", "冲销须写明理由", "a reversal needs a written reason in note")
	}
	var d Decision
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.d.Store.Lock(ctx, ch.ID); err != nil {
			return err
		}
		orig, err := s.d.Store.Decision(ctx, *in.ReversesID)
		if errors.Is(err, domain.ErrNotFound) {
			return unprocessable("reversal_not_found", "reverses_id", "要冲销的记录不存在", "the record to reverse does not exist")
		}
		if err != nil {
			return err
		}
		if in.AmountFen != 0 && in.AmountFen != -orig.AmountFen {
			return unprocessable("reversal_amount", "amount_fen", "冲销金额须为原记录金额的相反数",
				"a reversal's amount is the negated amount of the record it reverses")
		}
		paid, err := s.d.Store.DisbursedOn(ctx, orig.ID)
		if err != nil {
			return err
		}
		figures, err := s.d.Store.RacerFigures(ctx, orig.RacerID)
		if err != nil {
			return err
		}
		if err := CheckReversal(ch.ID, orig, paid, figures); err != nil {
			return err
		}
		id := orig.ID
		d = Decision{ChallengeID: ch.ID, RacerID: orig.RacerID, Tranche: orig.Tranche, Source: orig.Source,
			AmountFen: -orig.AmountFen, Basis: in.Basis, Note: in.Note, DecidedBy: actor.UserID,
			DecidedByName: actor.Name, DecidedAt: s.now(), ReversesID: &id}
		if err := s.d.Store.AddDecision(ctx, &d); err != nil {
			if errors.Is(err, domain.ErrConflict) {
				return domain.Conflict("already_reversed", "该记录已被冲销", "the record has already been reversed")
			}
			return err
		}
		if err := s.d.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityFundingDecision, EntityID: d.ID,
			Action: "reverse", Before: decisionSummary(orig), After: decisionSummary(d)}); err != nil {
			return err
		}
		racer, err := s.d.Racers.Racer(ctx, d.RacerID)
		if err != nil {
			return err
		}
		return event.Publish(ctx, s.d.Events, EventReversed, actor, d.ID, Decided{Decision: d, Racer: racer, Challenge: ch})
	})
	if err != nil {
		return Decision{}, err
	}
	s.d.Audit.CheckpointNow(ctx)
	return d, nil
}

// Disburse records a payment against a decision (拨付).
func (s *Service) Disburse(ctx context.Context, actor domain.Actor, challengeID int64, in DisbursementInput) (Disbursement, error) {
	ch, err := s.bureauChallenge(ctx, actor, challengeID)
	if err != nil {
		return Disbursement{}, err
	}
	if err := CheckDisbursementFormat(in); err != nil {
		return Disbursement{}, err
	}
	var p Disbursement
	err = s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.d.Store.Lock(ctx, ch.ID); err != nil {
			return err
		}
		d, err := s.d.Store.Decision(ctx, in.DecisionID)
		if errors.Is(err, domain.ErrNotFound) {
			return unprocessable("decision_other_challenge", "decision_id", "该资助决定不属于本榜单",
				"the decision belongs to another challenge")
		}
		if err != nil {
			return err
		}
		paid, err := s.d.Store.DisbursedOn(ctx, d.ID)
		if err != nil {
			return err
		}
		figures, err := s.d.Store.RacerFigures(ctx, d.RacerID)
		if err != nil {
			return err
		}
		if err := CheckDisbursement(ch.ID, in, d, paid, figures); err != nil {
			return err
		}
		if err := s.checkDue(ctx, d, figures); err != nil {
			return err
		}
		p = Disbursement{ChallengeID: ch.ID, RacerID: d.RacerID, DecisionID: d.ID, Source: d.Source,
			AmountFen: in.AmountFen, PaidOn: in.PaidOn, Reference: in.Reference, RecordedBy: actor.UserID,
			RecordedName: actor.Name, RecordedAt: s.now()}
		if err := s.d.Store.AddDisbursement(ctx, &p); err != nil {
			return err
		}
		if err := s.d.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityFundingDecision, EntityID: d.ID,
			Action: "disburse", After: map[string]any{"disbursement_id": p.ID, "racer_id": p.RacerID,
				"source": p.Source, "amount_fen": p.AmountFen, "paid_on": p.PaidOn, "reference": p.Reference}}); err != nil {
			return err
		}
		return event.Publish(ctx, s.d.Events, EventDisbursed, actor, p.ID, Disbursed{Disbursement: p, Challenge: ch})
	})
	if err != nil {
		return Disbursement{}, err
	}
	s.d.Audit.CheckpointNow(ctx)
	return p, nil
}

func decisionSummary(d Decision) map[string]any {
	m := map[string]any{"challenge_id": d.ChallengeID, "racer_id": d.RacerID, "tranche": d.Tranche,
		"source": d.Source, "amount_fen": d.AmountFen, "basis": d.Basis, "note": d.Note}
	if d.ReversesID != nil {
		m["reverses_id"] = *d.ReversesID
	}
	return m
}

// checkDue refuses a government payment against a tranche that is held (422 tranche_not_due with the reason):
// the racer ended, the task book unsigned, the stage undecided, the co-funding missing, a rectification
// pending, the acceptance not passed. Co-funding and own funds are records of money received: never held.
func (s *Service) checkDue(ctx context.Context, d Decision, figures map[Source]Figures) error {
	if d.Source != SourceGovernment {
		return nil
	}
	r, err := s.racer(ctx, d.RacerID)
	if err != nil {
		return err
	}
	var ending *Ending
	if s.d.Endings != nil {
		if ending, err = s.ending(ctx, r.ID); err != nil {
			return err
		}
	}
	gov, err := s.d.Store.RacerTranches(ctx, r.ID, SourceGovernment)
	if err != nil {
		return err
	}
	f, err := s.trancheFacts(ctx, r, d.Tranche, ending, gov, figures[SourceEnterprise].DecidedFen)
	if err != nil {
		return err
	}
	if reason, details := Hold(f); reason != "" {
		return trancheNotDue(d.Tranche, reason, details)
	}
	return nil
}
