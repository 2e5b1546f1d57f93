package bid

import (
	"context"
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// orgNames caches organisation names while building several views.
type orgNames map[int64]string

func (s *Service) orgName(ctx context.Context, cache orgNames, id int64) (string, error) {
	if n, ok := cache[id]; ok {
		return n, nil
	}
	o, err := s.orgs.OrgByID(ctx, id)
	if err != nil {
		return "", err
	}
	if cache != nil {
		cache[id] = o.Name
	}
	return o.Name, nil
}

// view builds what actor sees of b: the team its working copy, others the latest submitted version; the
// bureau also gets the pre-check.
func (s *Service) view(ctx context.Context, actor domain.Actor, b Bid, ch challenge.Challenge, cache orgNames, pre *prefetched) (View, error) {
	return s.viewAt(ctx, actor, b, ch, cache, pre, s.now())
}

// viewAt is view with the actions as of now.
func (s *Service) viewAt(ctx context.Context, actor domain.Actor, b Bid, ch challenge.Challenge, cache orgNames, pre *prefetched, now time.Time) (View, error) {
	v := View{Bid: b, ChallengeTitle: ch.Title, ShowReason: IsTeam(actor, b) || actor.Is(domain.RoleBureau),
		Actions: ActionsFor(actor, b, ch, now)}
	name, err := s.orgName(ctx, cache, b.LeadOrgID)
	if err != nil {
		return View{}, err
	}
	v.LeadOrgName = name
	if b.Version > 0 {
		v.Receipt = &Receipt{Digest: b.Digest, Version: b.Version}
		if b.SubmittedAt != nil {
			v.Receipt.SubmittedAt = *b.SubmittedAt
		}
	}
	if IsTeam(actor, b) {
		atts, ok := pre.attachmentsOf(b.ID)
		if !ok {
			var err error
			if atts, err = s.store.Attachments(ctx, b.ID); err != nil {
				return View{}, err
			}
		}
		v.Attachments = refs(atts)
	} else {
		latest, err := s.store.LatestVersion(ctx, b.ID)
		if err != nil {
			return View{}, err
		}
		v.Content, v.Attachments, v.Dirty = latest.Content, latest.Attachments, false
	}
	if (IsTeam(actor, b) || actor.Is(domain.RoleBureau)) && b.Version > 0 {
		c, ok := pre.correctionOf(b.ID)
		if !ok {
			var err error
			if c, err = s.latestCorrection(ctx, b.ID); err != nil {
				return View{}, err
			}
		}
		v.Correction = c
		v.Actions = CorrectionActions(actor, b, ch, now, c, v.Actions)
	}
	if actor.Is(domain.RoleBureau) {
		pc, err := s.precheck(ctx, v.Bid, ch)
		if err != nil {
			return View{}, err
		}
		v.Precheck = &pc
	}
	return v, nil
}

// Get returns one bid as the actor may see it (404 when the actor may not read it).
func (s *Service) Get(ctx context.Context, actor domain.Actor, id int64) (View, error) {
	b, ch, err := s.load(ctx, actor, id)
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, actor, b, ch, nil, nil)
}

// Versions returns every submitted version of a bid, oldest first, to those who may read the bid.
func (s *Service) Versions(ctx context.Context, actor domain.Actor, id int64) ([]Version, error) {
	if _, _, err := s.load(ctx, actor, id); err != nil {
		return nil, err
	}
	return s.store.Versions(ctx, id)
}

// ListForChallenge lists the bids on a challenge: the bureau sees every submitted bid, the owner enterprise
// the submitted, non-withdrawn ones once bidding is over (before: 403 bids_sealed), a team its own.
func (s *Service) ListForChallenge(ctx context.Context, actor domain.Actor, challengeID int64, p domain.Page) (domain.List[View], error) {
	ch, err := s.challenge(ctx, challengeID)
	if err != nil {
		return domain.List[View]{}, err
	}
	f := Filter{ChallengeID: ch.ID}
	switch {
	case actor.Is(domain.RoleBureau):
		f.Submitted = true
	case IsOwnerEnterprise(actor, ch):
		if !BiddingOver(ch, s.now()) {
			return domain.List[View]{}, domain.Forbidden("bids_sealed", "揭榜截止前申报材料密封，截止后方可查看",
				"bids are sealed until bidding closes")
		}
		f.Submitted, f.ExcludeStatuses = true, []Status{StatusWithdrawn}
	case actor.Is(domain.RoleTeam) && actor.OrgID != 0:
		if !everPublished(ch) {
			return domain.List[View]{}, errChallengeNotFound
		}
		f.LeadOrgID = actor.OrgID
	default:
		if !everPublished(ch) {
			return domain.List[View]{}, errChallengeNotFound
		}
		return domain.List[View]{}, domain.Forbidden("forbidden", "无权查看该榜单的揭榜申报", "not allowed to list the bids on this challenge")
	}
	return s.list(ctx, actor, f, p, map[int64]challenge.Challenge{ch.ID: ch})
}

func (s *Service) list(ctx context.Context, actor domain.Actor, f Filter, p domain.Page, chs map[int64]challenge.Challenge) (domain.List[View], error) {
	return s.listAt(ctx, actor, f, p, chs, s.now())
}

// listAt is list with the actions as of now; chs ends with the challenges of the page's bids.
func (s *Service) listAt(ctx context.Context, actor domain.Actor, f Filter, p domain.Page, chs map[int64]challenge.Challenge, now time.Time) (domain.List[View], error) {
	l, err := s.store.List(ctx, f, p.Normalize())
	if err != nil {
		return domain.List[View]{}, err
	}
	out := domain.List[View]{Items: make([]View, 0, len(l.Items)), Total: l.Total, Page: l.Page, PageSize: l.PageSize}
	if !actor.Is(domain.RoleBureau) {
		// Only the bureau's view reads the whole challenge (the pre-check); the others show its title, so
		// the page's challenges are read at once, without their long texts.
		if err := s.summaries(ctx, l.Items, chs); err != nil {
			return domain.List[View]{}, err
		}
	}
	cache := orgNames{}
	pre, err := s.prefetch(ctx, actor, l.Items)
	if err != nil {
		return domain.List[View]{}, err
	}
	for _, b := range l.Items {
		ch, ok := chs[b.ChallengeID]
		if !ok {
			if ch, err = s.challenge(ctx, b.ChallengeID); err != nil {
				return domain.List[View]{}, err
			}
			chs[b.ChallengeID] = ch
		}
		v, err := s.viewAt(ctx, actor, b, ch, cache, pre, now)
		if err != nil {
			return domain.List[View]{}, err
		}
		out.Items = append(out.Items, v)
	}
	return out, nil
}

// summaries adds to chs the challenges of bids it lacks, without their long texts, in one read.
func (s *Service) summaries(ctx context.Context, bids []Bid, chs map[int64]challenge.Challenge) error {
	var ids []int64
	for _, b := range bids {
		if _, ok := chs[b.ChallengeID]; !ok {
			ids = append(ids, b.ChallengeID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	found, err := s.challenges.Summaries(ctx, ids)
	if err != nil {
		return err
	}
	for id, c := range found {
		chs[id] = c
	}
	return nil
}
