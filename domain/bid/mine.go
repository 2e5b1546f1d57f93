package bid

import (
	"context"
	"sync/atomic"
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// MinePage is a page of 我的揭榜 (an organisation's bids, newest first). The page is the same for every team
// user of the organisation, so a cached page carries a Memo where the API keeps its encoding once.
type MinePage struct {
	List domain.List[View]
	// Memo is shared by every reader of the same cached page (nil: the page was read for this request only).
	Memo *Memo
}

// Memo keeps one value (the page's encoding) for every reader of the same cached page.
type Memo struct{ v atomic.Value }

// Load returns what was kept (nil: nothing, or no memo).
func (m *Memo) Load() any {
	if m == nil {
		return nil
	}
	return m.v.Load()
}

// Keep keeps x (always of the same type) for the readers of the same page.
func (m *Memo) Keep(x any) {
	if m != nil {
		m.v.Store(x)
	}
}

// MineRead reads a page of an organisation's bids at now and tells until when it holds as the clock moves
// (the soonest bidding deadline or correction due date after now among its items; zero: for ever).
type MineRead func(ctx context.Context) (l domain.List[View], until time.Time, err error)

// MineCache keeps pages of 我的揭榜 per organisation: Mine answers page p of org's bids at now from a page
// read at the versions current now and still holding at now, else by read (whose page it may keep). The
// caller must not change the page's items.
type MineCache interface {
	Mine(ctx context.Context, org int64, p domain.Page, now time.Time, read MineRead) (MinePage, error)
}

// SetMineCache makes ListMinePage serve pages from c (nil: always read).
func (s *Service) SetMineCache(c MineCache) { s.mine = c }

// ListMinePage lists the bids of the actor's organisation (team users), newest first, through the service's
// MineCache when set: the page the organisation's team users share, with the memo of its encoding.
func (s *Service) ListMinePage(ctx context.Context, actor domain.Actor, p domain.Page) (MinePage, error) {
	if !actor.Is(domain.RoleTeam) || actor.OrgID == 0 {
		return MinePage{}, domain.Forbidden("forbidden", "只有揭榜方用户有自己的申报", "only team users have bids")
	}
	p = p.Normalize()
	now := s.now()
	// Nothing on the page depends on which team user of the organisation reads it (IsTeam holds for every
	// item; no field is chosen by user or locale), so one cached page serves them all.
	read := func(ctx context.Context) (domain.List[View], time.Time, error) {
		chs := map[int64]challenge.Challenge{}
		l, err := s.listAt(ctx, actor, Filter{LeadOrgID: actor.OrgID, NewestFirst: true}, p, chs, now)
		if err != nil {
			return l, time.Time{}, err
		}
		return l, mineUntil(l, chs, now), nil
	}
	if s.mine == nil {
		l, _, err := read(ctx)
		return MinePage{List: l}, err
	}
	return s.mine.Mine(ctx, actor.OrgID, p, now, read)
}

// mineUntil is the soonest instant after now at which an item's actions change with the clock alone: its
// challenge's bidding deadline or its pending correction's due date (zero: none).
func mineUntil(l domain.List[View], chs map[int64]challenge.Challenge, now time.Time) time.Time {
	var until time.Time
	soonest := func(t time.Time) {
		if t.After(now) && (until.IsZero() || t.Before(until)) {
			until = t
		}
	}
	for _, v := range l.Items {
		if ch, ok := chs[v.ChallengeID]; ok && ch.BidDeadline != nil {
			soonest(*ch.BidDeadline)
		}
		if v.Correction != nil && v.Correction.Status.Pending() {
			soonest(v.Correction.DueAt)
		}
	}
	return until
}
