package race

import (
	"context"
	"fmt"
	"strings"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// Readmit re-admits an eliminated racer (复活) at a later stage (bureau, with a written reason): it races again
// from the next undecided stage.
func (s *Service) Readmit(ctx context.Context, actor domain.Actor, racerID int64, reason string) (Racer, error) {
	return s.racerAction(ctx, actor, EventReadmit, racerID, reason, func(ctx context.Context, r *Racer, stage int) error {
		to, err := racerMachine.next(r.Status, ActionReadmit, actor.Role)
		if err != nil {
			return err
		}
		if stage <= r.EliminatedStage {
			return domain.Conflict("readmit_same_stage", "只能在之后的阶段复活", "a racer can be re-admitted only at a later stage")
		}
		from := r.Status
		r.Status, r.Readmitted, r.UpdatedAt = to, true, s.now()
		if err := s.casRacer(ctx, *r, from, ActionReadmit); err != nil {
			return err
		}
		if err := s.d.Store.AddEvent(ctx, &Event{RacerID: r.ID, ChallengeID: r.ChallengeID, Stage: stage, Kind: EventReadmitted, Reason: reason, ActorID: actor.UserID, At: r.UpdatedAt}); err != nil {
			return err
		}
		return s.log(ctx, actor, audit.EntityRacer, r.ID, ActionReadmit, map[string]any{"status": from},
			map[string]any{"status": to, "stage": stage, "reason": reason})
	})
}

// Merge merges a racing racer into another racing racer of the same challenge (强强联合, bureau, with a written
// reason): the merged one finishes, its team joins the other.
func (s *Service) Merge(ctx context.Context, actor domain.Actor, racerID, intoID int64, reason string) (Racer, error) {
	return s.racerAction(ctx, actor, EventMerge, racerID, reason, func(ctx context.Context, r *Racer, stage int) error {
		into, err := s.d.Store.Racer(ctx, intoID)
		if err != nil || into.ChallengeID != r.ChallengeID || into.ID == r.ID {
			return domain.FieldErr("into_racer_id", "invalid_racer", "须为同一榜单的另一个在赛团队", "must be another racer of the same challenge")
		}
		if into.Status != RacerRacing {
			return domain.FieldErr("into_racer_id", "racer_not_racing", "该团队不在赛中", "this racer is not racing")
		}
		to, err := racerMachine.next(r.Status, ActionMerge, actor.Role)
		if err != nil {
			return err
		}
		from := r.Status
		r.Status, r.MergedInto, r.UpdatedAt = to, into.ID, s.now()
		if err := s.casRacer(ctx, *r, from, ActionMerge); err != nil {
			return err
		}
		if err := s.d.Store.AddEvent(ctx, &Event{RacerID: r.ID, ChallengeID: r.ChallengeID, Stage: stage, Kind: EventMerged,
			Reason: fmt.Sprintf("→ #%d %s：%s", into.ID, into.OrgName, reason), ActorID: actor.UserID, At: r.UpdatedAt}); err != nil {
			return err
		}
		return s.log(ctx, actor, audit.EntityRacer, r.ID, ActionMerge, map[string]any{"status": from},
			map[string]any{"status": to, "merged_into": into.ID, "stage": stage, "reason": reason})
	})
}

// racerAction runs a bureau action on a racer of an in-progress challenge with a required reason; stage is
// the next undecided stage. The change is published as the event name.
func (s *Service) racerAction(ctx context.Context, actor domain.Actor, name string, racerID int64, reason string, do func(ctx context.Context, r *Racer, stage int) error) (Racer, error) {
	if err := requireBureau(actor); err != nil {
		return Racer{}, err
	}
	reason = strings.TrimSpace(reason)
	var v domain.Validator
	v.RequiredText("reason", reason, maxText)
	if err := v.Err(); err != nil {
		return Racer{}, err
	}
	var out Racer
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		r, err := s.d.Store.Racer(ctx, racerID)
		if err != nil {
			return notFoundAs(err, errRacerNotFound)
		}
		c, err := s.inProgress(ctx, actor, r.ChallengeID)
		if err != nil {
			return err
		}
		ds, err := s.decided(ctx, c.ID)
		if err != nil {
			return err
		}
		stage := len(ds) + 1
		if err := do(ctx, &r, stage); err != nil {
			return err
		}
		out = r
		return publish(ctx, s, name, actor, r.ID, RacerChanged{Challenge: c, Racer: r, Reason: reason})
	})
	return out, err
}

func (s *Service) casRacer(ctx context.Context, r Racer, from RacerStatus, action string) error {
	won, err := s.d.Store.UpdateRacer(ctx, r, from)
	if err != nil {
		return err
	}
	if !won {
		return domain.InvalidTransition("racer", string(from), action)
	}
	return nil
}

// endRacer finishes a racing racer the bureau terminated or revoked (the funding ledger's ending, in its
// transaction).
func (s *Service) endRacer(ctx context.Context, actor domain.Actor, racerID int64, reason string) error {
	return s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		r, err := s.d.Store.Racer(ctx, racerID)
		if err != nil {
			return notFoundAs(err, errRacerNotFound)
		}
		to, err := racerMachine.next(r.Status, ActionTerminate, actor.Role)
		if err != nil {
			return err
		}
		from := r.Status
		r.Status, r.UpdatedAt = to, s.now()
		if err := s.casRacer(ctx, r, from, ActionTerminate); err != nil {
			return err
		}
		return s.log(ctx, actor, audit.EntityRacer, r.ID, ActionTerminate, map[string]any{"status": from},
			map[string]any{"status": to, "reason": reason})
	})
}
