package review

import (
	"context"
	"strconv"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/calendar"
)

// maxSeed keeps seeds exact in JSON numbers (browsers read them as doubles).
const maxSeed = 1<<53 - 1

// coMembershipSince is the start of the co-membership window at now: CoMembershipYears calendar years back
// on the China calendar (from 29 February, to 28 February), in UTC like every stored instant.
func coMembershipSince(now time.Time) time.Time {
	return calendar.AddMonthsClamped(now, -12*CoMembershipYears).UTC()
}

// pool returns the pool as candidates (with their bids of the last 3 years), indexed by user ID.
func (s *Service) pool(ctx context.Context, now time.Time) ([]Candidate, map[int64]Expert, error) {
	experts, err := s.Store.Pool(ctx)
	if err != nil {
		return nil, nil, err
	}
	teams, err := s.Store.RecentTeams(ctx, coMembershipSince(now))
	if err != nil {
		return nil, nil, err
	}
	idx := map[string][]int{}
	for i, t := range teams {
		for _, p := range t {
			for _, k := range personKeys(p) {
				idx[k] = append(idx[k], i)
			}
		}
	}
	cands := make([]Candidate, 0, len(experts))
	byID := make(map[int64]Expert, len(experts))
	for _, e := range experts {
		c := e.Candidate()
		seen := map[int]bool{}
		for _, k := range personKeys(c.Self) {
			for _, i := range idx[k] {
				if !seen[i] && teams[i].Has(c.Self) {
					seen[i] = true
					c.Teams = append(c.Teams, teams[i])
				}
			}
		}
		cands = append(cands, c)
		byID[e.UserID] = e
	}
	return cands, byID, nil
}

// personKeys are the index keys a person may be found by (a pre-filter; Person.Same decides).
func personKeys(p Person) []string {
	var ks []string
	if e := strings.ToLower(strings.TrimSpace(p.Email)); e != "" {
		ks = append(ks, "e:"+e)
	}
	if n := strings.TrimSpace(p.Name); n != "" && p.OrgID != 0 {
		ks = append(ks, "n:"+n+"|"+strconv.FormatInt(p.OrgID, 10))
	}
	return ks
}

// drawItems turns a round's items into what a draw needs: each item's experts so far (any assignment that
// was not redrawn: pending, scored, recused, replaced) are excluded; the need is the panel size minus its open
// assignments.
func drawItems(r Round, items []Item, field string, as []Assignment) []DrawItem {
	excl := map[int64][]int64{}
	open := map[int64]int{}
	for _, a := range as {
		if a.Status == AssignmentRedrawn {
			continue
		}
		excl[a.ItemID] = append(excl[a.ItemID], a.ExpertID)
		if a.Open() {
			open[a.ItemID]++
		}
	}
	out := make([]DrawItem, 0, len(items))
	for _, it := range items {
		need := r.ExpertsPerItem - open[it.ID]
		if need < 0 {
			need = 0
		}
		out = append(out, DrawItem{ItemID: it.ID, Label: it.Label, Field: field, Parties: it.Parties, Exclude: excl[it.ID], Need: need})
	}
	return out
}

// Assign draws the panels of a round (bureau). The first draw moves the round to assigned; a redraw is
// allowed until the first score is saved, drops the pending assignments and draws again. seed nil draws a
// fresh seed. Every draw stores and audits its seed and the digest of the pool as drawn, so a bureau that
// redraws until it likes the panels is visible in the log.
func (s *Service) Assign(ctx context.Context, actor domain.Actor, id int64, seed *int64) (RoundView, error) {
	r, err := s.round(ctx, actor, id)
	if err != nil {
		return RoundView{}, err
	}
	action := ActionAssign
	if r.Status == StatusAssigned {
		action = ActionRedraw
	}
	to, err := Next(r.Status, action, actor.Role)
	if err != nil {
		return RoundView{}, err
	}
	if seed != nil && (*seed < 0 || *seed > maxSeed) {
		return RoundView{}, domain.FieldErr("seed", "out_of_range", "种子应在 0 到 2^53-1 之间", "must be between 0 and 2^53-1")
	}
	sd := s.Seeder.Seed() & maxSeed
	if seed != nil {
		sd = *seed
	}
	var notify []int64
	ch, err := s.Challenges.Lookup(ctx, r.ChallengeID)
	if err != nil {
		return RoundView{}, err
	}
	err = s.Tx.InTx(ctx, func(ctx context.Context) error {
		now := s.now()
		from := r.Status
		if action == ActionRedraw {
			started, err := s.Store.AnyScore(ctx, r.ID)
			if err != nil {
				return err
			}
			if started {
				return domain.Conflict("scoring_started", "已有专家开始评分，不能重新抽取", "experts have started scoring: the panels can no longer be redrawn")
			}
			if err := s.Store.DropPending(ctx, r.ID, now); err != nil {
				return err
			}
		}
		cands, _, err := s.pool(ctx, now)
		if err != nil {
			return err
		}
		items, err := s.Store.Items(ctx, r.ID)
		if err != nil {
			return err
		}
		as, err := s.Store.Assignments(ctx, r.ID)
		if err != nil {
			return err
		}
		picks, err := Draw(sd, drawItems(r, items, ch.Field, as), cands)
		if err != nil {
			return err
		}
		draw := r.Draws + 1
		news := make([]Assignment, 0, len(picks))
		mismatch := 0
		seen := map[int64]bool{}
		for _, p := range picks {
			news = append(news, Assignment{RoundID: r.ID, ItemID: p.ItemID, ExpertID: p.ExpertID, Status: AssignmentPending,
				FieldMatch: p.FieldMatch, Draw: draw, CreatedAt: now})
			if !p.FieldMatch {
				mismatch++
			}
			if !seen[p.ExpertID] {
				seen[p.ExpertID] = true
				notify = append(notify, p.ExpertID)
			}
		}
		if err := s.Store.AddAssignments(ctx, news); err != nil {
			return err
		}
		r.Status, r.Seed, r.PoolDigest, r.Draws, r.AssignedAt = to, sd, PoolDigest(cands), draw, &now
		if err := s.Store.UpdateRound(ctx, r, from, draw-1); err != nil {
			return casErr(err, from, action)
		}
		if err := s.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityRound, EntityID: r.ID, Action: string(action),
			Before: map[string]any{"status": from, "draws": draw - 1},
			After: map[string]any{"status": r.Status, "draw": draw, "seed": sd, "pool_digest": r.PoolDigest, "pool_size": len(cands),
				"assignments": len(news), "other_field": mismatch}}); err != nil {
			return err
		}
		return publish(ctx, s, roundEvents[action], actor, r.ID, RoundChanged{Round: r, Title: ch.Title, Experts: notify})
	})
	if err != nil {
		return RoundView{}, err
	}
	return s.view(ctx, r)
}

// ownAssignment loads an assignment of the acting expert (404 for anyone else) with its round.
func (s *Service) ownAssignment(ctx context.Context, actor domain.Actor, id int64) (Assignment, Round, error) {
	if !actor.Is(domain.RoleExpert) {
		return Assignment{}, Round{}, errNotExpert
	}
	if actor.OrgID == 0 {
		// a pending, rejected or removed member acts for no organisation: its assignments are not its own
		return Assignment{}, Round{}, errAssignmentNotFound
	}
	a, err := s.Store.Assignment(ctx, id)
	if err != nil {
		return a, Round{}, notFoundAs(err, errAssignmentNotFound)
	}
	if a.ExpertID != actor.UserID || a.Status == AssignmentRedrawn {
		return Assignment{}, Round{}, errAssignmentNotFound
	}
	r, err := s.Store.Round(ctx, a.RoundID)
	return a, r, err
}

// Recuse records an expert's recusal (回避) of a pending assignment with a reason and draws a replacement at
// once with the same checks as the draw. When the pool cannot staff the item, the recusal stands and the
// answer carries no replacement: the bureau replaces by hand.
func (s *Service) Recuse(ctx context.Context, actor domain.Actor, id int64, reason string) (Assignment, *Assignment, error) {
	a, r, err := s.ownAssignment(ctx, actor, id)
	if err != nil {
		return a, nil, err
	}
	if _, err := Next(r.Status, ActionRecuse, actor.Role); err != nil {
		return a, nil, err
	}
	to, err := NextAssignment(a.Status, ActionRecuse, actor.Role)
	if err != nil {
		return a, nil, err
	}
	reason = strings.TrimSpace(reason)
	if err := CheckReason("reason", reason); err != nil {
		return a, nil, err
	}
	var repl *Assignment
	err = s.Tx.InTx(ctx, func(ctx context.Context) error {
		now := s.now()
		if err := s.Store.SetAssignmentStatus(ctx, a.ID, a.Status, to, reason, now); err != nil {
			return assignmentCAS(err, a.Status, ActionRecuse)
		}
		a.Status, a.RecuseReason, a.ClosedAt = to, reason, &now
		repl, err = s.replacement(ctx, r, a, 0, now)
		if err != nil && domain.CodeOf(err) != "pool_insufficient" {
			return err
		}
		if err := s.logReplacement(ctx, actor, ActionRecuse, a, reason, repl); err != nil {
			return err
		}
		return s.publishReplacement(ctx, actor, EventRecuse, r, a, repl)
	})
	return a, repl, err
}

// Replace takes a pending assignment off an expert and gives it to another (bureau): the expert named, with
// the same checks as a draw, or one drawn like a recusal's replacement when expertID is 0.
func (s *Service) Replace(ctx context.Context, actor domain.Actor, id, expertID int64, reason string) (Assignment, *Assignment, error) {
	if !actor.Is(domain.RoleBureau) {
		return Assignment{}, nil, errNotBureau
	}
	a, err := s.Store.Assignment(ctx, id)
	if err != nil {
		return a, nil, notFoundAs(err, errAssignmentNotFound)
	}
	r, err := s.Store.Round(ctx, a.RoundID)
	if err != nil {
		return a, nil, err
	}
	if _, err := Next(r.Status, ActionReplace, actor.Role); err != nil {
		return a, nil, err
	}
	to, err := NextAssignment(a.Status, ActionReplace, actor.Role)
	if err != nil {
		return a, nil, err
	}
	reason = strings.TrimSpace(reason)
	if err := CheckReason("reason", reason); err != nil {
		return a, nil, err
	}
	var repl *Assignment
	err = s.Tx.InTx(ctx, func(ctx context.Context) error {
		now := s.now()
		if err := s.Store.SetAssignmentStatus(ctx, a.ID, a.Status, to, reason, now); err != nil {
			return assignmentCAS(err, a.Status, ActionReplace)
		}
		a.Status, a.RecuseReason, a.ClosedAt = to, reason, &now
		if repl, err = s.replacement(ctx, r, a, expertID, now); err != nil {
			return err
		}
		if err := s.logReplacement(ctx, actor, ActionReplace, a, reason, repl); err != nil {
			return err
		}
		return s.publishReplacement(ctx, actor, EventReplace, r, a, repl)
	})
	return a, repl, err
}

func assignmentCAS(err error, from AssignmentStatus, action Action) error {
	return AssignmentMachine.Lost(err, from, action)
}

// replacement draws (expertID 0) or checks the expert who takes over a's item, inserts the new assignment
// (the event of the recusal or replacement tells the expert).
func (s *Service) replacement(ctx context.Context, r Round, a Assignment, expertID int64, now time.Time) (*Assignment, error) {
	cands, byID, err := s.pool(ctx, now)
	if err != nil {
		return nil, err
	}
	item, err := s.Store.Item(ctx, a.ItemID)
	if err != nil {
		return nil, err
	}
	as, err := s.Store.Assignments(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	ch, err := s.Challenges.Lookup(ctx, r.ChallengeID)
	if err != nil {
		return nil, err
	}
	di := drawItems(r, []Item{item}, ch.Field, as)[0]
	di.Need = 1
	var pick Pick
	if expertID != 0 {
		e, ok := byID[expertID]
		if !ok {
			return nil, ErrNotEligible(IneligibleInactive, item.Label)
		}
		var c Candidate
		for _, x := range cands {
			if x.UserID == expertID {
				c = x
			}
		}
		if why := Ineligible(c, di); why != "" {
			return nil, ErrNotEligible(why, item.Label)
		}
		pick = Pick{ItemID: item.ID, ExpertID: e.UserID, FieldMatch: c.HasField(ch.Field)}
	} else {
		picks, err := Draw(ReplacementSeed(r.Seed, a.ID), []DrawItem{di}, cands)
		if err != nil {
			return nil, err
		}
		pick = picks[0]
	}
	n := Assignment{RoundID: r.ID, ItemID: item.ID, ExpertID: pick.ExpertID, Status: AssignmentPending,
		FieldMatch: pick.FieldMatch, Draw: a.Draw, ReplacesID: a.ID, CreatedAt: now}
	ns := []Assignment{n}
	if err := s.Store.AddAssignments(ctx, ns); err != nil {
		return nil, err
	}
	return &ns[0], nil
}

func (s *Service) logReplacement(ctx context.Context, actor domain.Actor, action Action, a Assignment, reason string, repl *Assignment) error {
	after := map[string]any{"status": a.Status, "reason": reason, "replacement_id": nil}
	if repl != nil {
		after["replacement_id"], after["replacement_expert_id"] = repl.ID, repl.ExpertID
	}
	return s.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityAssignment, EntityID: a.ID, Action: string(action),
		Before: map[string]any{"status": AssignmentPending, "expert_id": a.ExpertID, "item_id": a.ItemID}, After: after})
}

// roundEvents are the events of the draws.
var roundEvents = map[Action]string{ActionAssign: EventAssign, ActionRedraw: EventRedraw}

// publishReplacement publishes a recusal or replacement of a with the challenge's title.
func (s *Service) publishReplacement(ctx context.Context, actor domain.Actor, name string, r Round, a Assignment, repl *Assignment) error {
	ch, err := s.Challenges.Lookup(ctx, r.ChallengeID)
	if err != nil {
		return err
	}
	return publish(ctx, s, name, actor, a.ID, AssignmentChanged{Round: r, Title: ch.Title, Assignment: a, Replacement: repl})
}
