package review

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// Compute computes a round's results from its stored scores (scored assignments only).
func (s *Service) compute(ctx context.Context, r Round) ([]ItemResult, []Item, error) {
	items, err := s.Store.Items(ctx, r.ID)
	if err != nil {
		return nil, nil, err
	}
	as, err := s.Store.Assignments(ctx, r.ID)
	if err != nil {
		return nil, nil, err
	}
	scores, err := s.Store.Scores(ctx, r.ID)
	if err != nil {
		return nil, nil, err
	}
	facts, sheets := Inputs(r, items, as, scores)
	return Compute(r.Rubric, r.Aggregation, facts, sheets), items, nil
}

// Inputs turns stored items, assignments and submitted scores into the input of Compute.
func Inputs(r Round, items []Item, as []Assignment, scores map[int64]Score) ([]ItemFacts, []Sheet) {
	pending := map[int64]int{}
	var sheets []Sheet
	for _, a := range as {
		switch a.Status {
		case AssignmentPending:
			pending[a.ItemID]++
		case AssignmentScored:
			if sc, ok := scores[a.ID]; ok && sc.SubmittedAt != nil {
				sheets = append(sheets, Sheet{AssignmentID: a.ID, ExpertID: a.ExpertID, ItemID: a.ItemID,
					Scores: Ordered(r.Rubric, sc.Scores), SubmittedAt: *sc.SubmittedAt})
			}
		}
	}
	facts := make([]ItemFacts, len(items))
	for i, it := range items {
		facts[i] = ItemFacts{ItemID: it.ID, SubmittedAt: it.SubmittedAt, Pending: pending[it.ID]}
	}
	return facts, sheets
}

// Close freezes a round's scores and stores its results (bureau). A round with unscored assignments closes
// only with the bureau's reason (those items are flagged incomplete); without one it answers 409
// unscored_items naming them.
func (s *Service) Close(ctx context.Context, actor domain.Actor, id int64, reason string) (RoundView, error) {
	r, err := s.round(ctx, actor, id)
	if err != nil {
		return RoundView{}, err
	}
	to, err := Next(r.Status, ActionClose, actor.Role)
	if err != nil {
		return RoundView{}, err
	}
	reason = strings.TrimSpace(reason)
	if reason != "" {
		if err := CheckReason("reason", reason); err != nil {
			return RoundView{}, err
		}
	}
	err = s.Tx.InTx(ctx, func(ctx context.Context) error {
		now := s.now()
		rs, items, err := s.compute(ctx, r)
		if err != nil {
			return err
		}
		var unscored []map[string]any
		byID := map[int64]Item{}
		for _, it := range items {
			byID[it.ID] = it
		}
		for _, x := range rs {
			for _, f := range x.Flags {
				if f == FlagIncomplete {
					unscored = append(unscored, map[string]any{"item_id": x.ItemID, "item": byID[x.ItemID].Label})
				}
			}
		}
		if len(unscored) > 0 && reason == "" {
			return domain.Conflict("unscored_items", "仍有评审任务未评分：请确认并填写结束理由",
				"some assignments are not scored: confirm closing with a reason").WithDetails(map[string]any{"items": unscored})
		}
		if err := s.Store.SaveResults(ctx, r.ID, rs); err != nil {
			return err
		}
		if err := s.Store.CloseAssignments(ctx, r.ID, now); err != nil {
			return err
		}
		from := r.Status
		r.Status, r.ClosedAt, r.CloseReason = to, &now, reason
		if err := s.Store.UpdateRound(ctx, r, from, r.Draws); err != nil {
			return casErr(err, from, ActionClose)
		}
		if err := s.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityRound, EntityID: r.ID, Action: string(ActionClose),
			Before: map[string]any{"status": from},
			After: map[string]any{"status": r.Status, "reason": reason, "unscored_items": len(unscored),
				"results_digest": ResultsDigest(rs)}}); err != nil {
			return err
		}
		return publish(ctx, s, EventClose, actor, r.ID, RoundChanged{Round: r})
	})
	if err != nil {
		return RoundView{}, err
	}
	return s.view(ctx, r)
}

// ResultsDigest is the SHA-256 of the results' JSON: the close audit entry records it, so later reads can be
// checked against what was frozen.
func ResultsDigest(rs []ItemResult) string {
	b, _ := json.Marshal(rs)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// ResultLine is one item's line of the results with the item.
type ResultLine struct {
	ItemResult
	Item Item
}

// Results is a closed round's result sheet as one caller may see it.
type Results struct {
	Round Round
	// Lines are in rank order; a team gets only its own line, without the experts' lines.
	Lines []ResultLine
	// Full is true for the bureau (expert lines included, anonymised).
	Full bool
}

// Results returns a closed round's frozen results: the bureau the anonymised sheet, a team only the lines of
// its organisation's items (no expert lines), anyone else nothing (404 for experts and others).
func (s *Service) Results(ctx context.Context, actor domain.Actor, id int64) (Results, error) {
	if !actor.Is(domain.RoleBureau) && !actor.Is(domain.RoleTeam) {
		return Results{}, errRoundNotFound
	}
	r, err := s.Store.Round(ctx, id)
	if err != nil {
		return Results{}, notFoundAs(err, errRoundNotFound)
	}
	full := actor.Is(domain.RoleBureau)
	if r.Status != StatusClosed {
		if !full {
			return Results{}, errRoundNotFound
		}
		return Results{}, domain.Conflict("round_not_closed", "评审尚未结束，暂无结果", "the round is not closed yet: no results")
	}
	sheet, err := s.frozen(ctx, r.ID)
	if err != nil {
		return Results{}, err
	}
	out := Results{Round: r, Full: full, Lines: make([]ResultLine, 0, len(sheet))}
	for _, l := range sheet {
		x, it := l.ItemResult, l.Item
		if !full {
			// A team reads its own bid's or racer's line; a validation item is the posting enterprise's
			// challenge, never a team's (a team user of that enterprise's organisation gets nothing of it).
			if r.Kind == KindValidation || !actor.TeamOf(it.OrgID) {
				continue
			}
			x.Lines = nil
		}
		out.Lines = append(out.Lines, ResultLine{ItemResult: x, Item: it})
	}
	if !full && len(out.Lines) == 0 {
		return Results{}, errRoundNotFound
	}
	return out, nil
}

// frozen returns a closed round's stored results with their items. A closed round never changes, so the
// sheet is kept in memory after the first read (a bounded number of rounds), on every server alike.
func (s *Service) frozen(ctx context.Context, roundID int64) ([]ResultLine, error) {
	s.cacheMu.Lock()
	if c, ok := s.cache[roundID]; ok {
		s.cacheMu.Unlock()
		return c, nil
	}
	s.cacheMu.Unlock()
	rs, err := s.Store.Results(ctx, roundID)
	if err != nil {
		return nil, err
	}
	items, err := s.Store.ItemLabels(ctx, roundID)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]Item, len(items))
	for _, it := range items {
		byID[it.ID] = it
	}
	lines := make([]ResultLine, len(rs))
	for i, x := range rs {
		lines[i] = ResultLine{ItemResult: x, Item: byID[x.ItemID]}
	}
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	if s.cache == nil || len(s.cache) >= resultCacheRounds {
		s.cache = map[int64][]ResultLine{}
	}
	s.cache[roundID] = lines
	return lines, nil
}

// resultCacheRounds bounds the rounds whose frozen sheets are kept in memory.
const resultCacheRounds = 32

// PanelMember is one assignment of an item's panel in the bureau's progress view.
type PanelMember struct {
	Assignment
	ExpertName string
	Draft      bool
}

// ItemProgress is one item's scoring progress.
type ItemProgress struct {
	Item                     Item
	Panel                    []PanelMember
	Scored, Pending, Recused int
}

// ExpertProgress is one expert's progress in a round.
type ExpertProgress struct {
	ExpertID                  int64
	Name                      string
	OrgName                   string
	Assigned, Scored, Pending int
}

// Progress is a round's progress per item and per expert (bureau).
type Progress struct {
	Round   Round
	Items   []ItemProgress
	Experts []ExpertProgress
}

// Progress returns a round's progress per item and per expert (bureau).
func (s *Service) Progress(ctx context.Context, actor domain.Actor, id int64) (Progress, error) {
	r, err := s.round(ctx, actor, id)
	if err != nil {
		return Progress{}, err
	}
	items, err := s.Store.Items(ctx, r.ID)
	if err != nil {
		return Progress{}, err
	}
	as, err := s.Store.Assignments(ctx, r.ID)
	if err != nil {
		return Progress{}, err
	}
	drafts, err := s.Store.DraftAssignments(ctx, r.ID)
	if err != nil {
		return Progress{}, err
	}
	ids := make([]int64, 0, len(as))
	for _, a := range as {
		ids = append(ids, a.ExpertID)
	}
	names, err := s.Store.ExpertsByID(ctx, ids)
	if err != nil {
		return Progress{}, err
	}
	p := Progress{Round: r}
	idx := map[int64]int{}
	for i, it := range items {
		idx[it.ID] = i
		p.Items = append(p.Items, ItemProgress{Item: it})
	}
	eidx := map[int64]int{}
	for _, a := range as {
		if a.Status == AssignmentRedrawn {
			continue
		}
		e, ok := names[a.ExpertID]
		if !ok {
			return Progress{}, fmt.Errorf("review progress: expert %d of assignment %d not found", a.ExpertID, a.ID)
		}
		ip := &p.Items[idx[a.ItemID]]
		ip.Panel = append(ip.Panel, PanelMember{Assignment: a, ExpertName: e.Name, Draft: drafts[a.ID]})
		switch a.Status {
		case AssignmentScored:
			ip.Scored++
		case AssignmentPending:
			ip.Pending++
		default:
			ip.Recused++
		}
		if !a.Open() {
			continue
		}
		j, ok := eidx[a.ExpertID]
		if !ok {
			j = len(p.Experts)
			eidx[a.ExpertID] = j
			p.Experts = append(p.Experts, ExpertProgress{ExpertID: a.ExpertID, Name: e.Name, OrgName: e.OrgName})
		}
		ep := &p.Experts[j]
		ep.Assigned++
		if a.Status == AssignmentScored {
			ep.Scored++
		} else {
			ep.Pending++
		}
	}
	return p, nil
}
