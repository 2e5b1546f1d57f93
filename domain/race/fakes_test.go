package race

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
	"jiebang/domain/bid"
	"jiebang/domain/calendar"
	"jiebang/domain/challenge"
	"jiebang/domain/notify"
)

// memStore is an in-memory race.Store for the domain tests.
type memStore struct {
	mu          sync.Mutex
	seq         int64
	notices     map[int64]Notice
	objections  map[int64]Objection
	racers      map[int64]Racer
	events      []Event
	reports     map[[2]int64]Report
	decisions   map[[2]int64]Decision
	opinions    map[[2]int64]Opinion
	attachments []Attachment
	challenges  Challenges
}

func newMemStore() *memStore {
	return &memStore{notices: map[int64]Notice{}, objections: map[int64]Objection{}, racers: map[int64]Racer{},
		reports: map[[2]int64]Report{}, decisions: map[[2]int64]Decision{}, opinions: map[[2]int64]Opinion{}}
}

func (m *memStore) next() int64 { m.seq++; return m.seq }

func (m *memStore) withCounts(n Notice) Notice {
	n.ObjectionsCount, n.OpenObjections = 0, 0
	for _, o := range m.objections {
		if o.NoticeID == n.ID {
			n.ObjectionsCount++
			if o.Status == ObjectionOpen {
				n.OpenObjections++
			}
		}
	}
	return n
}

func (m *memStore) CreateNotice(_ context.Context, n *Notice) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	n.ID = m.next()
	m.notices[n.ID] = *n
	return nil
}

func (m *memStore) Notice(_ context.Context, id int64) (Notice, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.notices[id]
	if !ok {
		return n, domain.ErrNotFound
	}
	return m.withCounts(n), nil
}

func (m *memStore) CurrentNotice(_ context.Context, challengeID int64) (Notice, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var best *Notice
	for _, n := range m.notices {
		if n.ChallengeID == challengeID && n.Status != NoticeSuperseded && (best == nil || n.Seq > best.Seq) {
			x := n
			best = &x
		}
	}
	if best == nil {
		return Notice{}, domain.ErrNotFound
	}
	return m.withCounts(*best), nil
}

func (m *memStore) Notices(_ context.Context, f NoticeFilter, p domain.Page) (domain.List[Notice], error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := domain.List[Notice]{Page: p.Page, PageSize: p.PageSize}
	for _, n := range m.notices {
		if (f.ChallengeID == 0 || n.ChallengeID == f.ChallengeID) && (f.Status == "" || n.Status == f.Status) {
			out.Items = append(out.Items, m.withCounts(n))
		}
	}
	out.Total = int64(len(out.Items))
	return out, nil
}

func (m *memStore) SetNoticeStatus(_ context.Context, id int64, from, to NoticeStatus, at time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := m.notices[id]
	if n.Status != from {
		return false, nil
	}
	n.Status = to
	if to == NoticeClosed {
		n.ClosedAt = &at
	}
	m.notices[id] = n
	return true, nil
}

func (m *memStore) DueNotices(_ context.Context, now time.Time) ([]int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ids []int64
	for _, n := range m.notices {
		if n.Status == NoticeOpen && !n.EndsAt.After(now) {
			ids = append(ids, n.ID)
		}
	}
	return ids, nil
}

func (m *memStore) CreateObjection(_ context.Context, o *Objection) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	o.ID = m.next()
	m.objections[o.ID] = *o
	return nil
}

func (m *memStore) Objection(_ context.Context, id int64) (Objection, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	o, ok := m.objections[id]
	if !ok {
		return o, domain.ErrNotFound
	}
	return o, nil
}

func (m *memStore) Objections(_ context.Context, noticeID int64) ([]Objection, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Objection
	for _, o := range m.objections {
		if o.NoticeID == noticeID {
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (m *memStore) ResolveObjection(_ context.Context, o Objection) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.objections[o.ID].Status != ObjectionOpen {
		return false, nil
	}
	m.objections[o.ID] = o
	return true, nil
}

func (m *memStore) CreateRacer(_ context.Context, r *Racer) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.racers {
		if x.ChallengeID == r.ChallengeID && x.BidID == r.BidID {
			return domain.ErrConflict
		}
	}
	r.ID = m.next()
	m.racers[r.ID] = *r
	return nil
}

func (m *memStore) Racer(_ context.Context, id int64) (Racer, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.racers[id]
	if !ok {
		return r, domain.ErrNotFound
	}
	return r, nil
}

func (m *memStore) Racers(_ context.Context, challengeID int64) ([]Racer, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Racer
	for _, r := range m.racers {
		if r.ChallengeID == challengeID {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (m *memStore) RacingRacers(ctx context.Context) ([]Racer, error) {
	m.mu.Lock()
	var out []Racer
	for _, r := range m.racers {
		if r.Status == RacerRacing {
			out = append(out, r)
		}
	}
	m.mu.Unlock()
	var in []Racer
	for _, r := range out {
		if c, err := m.challenges.Lookup(ctx, r.ChallengeID); err == nil && c.Status == challenge.StatusInProgress {
			in = append(in, r)
		}
	}
	return in, nil
}

func (m *memStore) UpdateRacer(_ context.Context, r Racer, from RacerStatus) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.racers[r.ID].Status != from {
		return false, nil
	}
	m.racers[r.ID] = r
	return true, nil
}

func (m *memStore) AddEvent(_ context.Context, e *Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	e.ID = m.next()
	m.events = append(m.events, *e)
	return nil
}

func (m *memStore) Events(_ context.Context, challengeID int64) ([]Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Event
	for _, e := range m.events {
		if e.ChallengeID == challengeID {
			out = append(out, e)
		}
	}
	return out, nil
}

func (m *memStore) SaveReport(_ context.Context, r *Report) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := [2]int64{r.RacerID, int64(r.Stage)}
	if old, ok := m.reports[k]; ok {
		r.ID = old.ID
	} else {
		r.ID = m.next()
	}
	m.reports[k] = *r
	return nil
}

func (m *memStore) Reports(_ context.Context, challengeID int64) ([]Report, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Report
	for _, r := range m.reports {
		if r.ChallengeID == challengeID {
			out = append(out, r)
		}
	}
	return out, nil
}

func (m *memStore) CreateDecision(_ context.Context, d Decision) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := [2]int64{d.ChallengeID, int64(d.Stage)}
	if _, ok := m.decisions[k]; ok {
		return fmt.Errorf("duplicate: %w", domain.ErrConflict)
	}
	m.decisions[k] = d
	return nil
}

func (m *memStore) Decisions(_ context.Context, challengeID int64) ([]Decision, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Decision
	for k, d := range m.decisions {
		if k[0] == challengeID {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Stage < out[j].Stage })
	return out, nil
}

func (m *memStore) AddAttachment(_ context.Context, a *Attachment) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	a.ID = m.next()
	m.attachments = append(m.attachments, *a)
	return nil
}

func (m *memStore) Attachments(_ context.Context, challengeID int64) ([]Attachment, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Attachment
	for _, a := range m.attachments {
		if a.ChallengeID == challengeID {
			out = append(out, a)
		}
	}
	return out, nil
}

func (m *memStore) Attachment(_ context.Context, id int64) (Attachment, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, a := range m.attachments {
		if a.ID == id {
			return a, nil
		}
	}
	return Attachment{}, domain.ErrNotFound
}

func (m *memStore) SaveOpinion(_ context.Context, o Opinion) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.opinions[[2]int64{o.ChallengeID, o.RacerID}] = o
	return nil
}

func (m *memStore) Opinions(_ context.Context, challengeID int64) ([]Opinion, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Opinion
	for k, o := range m.opinions {
		if k[0] == challengeID {
			out = append(out, o)
		}
	}
	return out, nil
}

func (m *memStore) FinishedChallenges(ctx context.Context, p domain.Page) (domain.List[int64], error) {
	return domain.List[int64]{Page: p.Page, PageSize: p.PageSize}, nil
}

// fakeChallenges keeps challenges in memory and moves them along challenge's own transition table.
type fakeChallenges struct {
	mu    sync.Mutex
	chs   map[int64]challenge.Challenge
	steps []challenge.Action
}

func (f *fakeChallenges) Lookup(_ context.Context, id int64) (challenge.Challenge, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.chs[id]
	if !ok {
		return c, domain.ErrNotFound
	}
	return c, nil
}

func (f *fakeChallenges) Complete(ctx context.Context, actor domain.Actor, id int64, winners []int64, note string) (challenge.Challenge, error) {
	c, err := f.Advance(ctx, actor, id, challenge.ActionComplete, note)
	if err != nil {
		return c, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	c.WinnerRacerIDs = append([]int64{}, winners...)
	f.chs[id] = c
	return c, nil
}

func (f *fakeChallenges) Advance(_ context.Context, actor domain.Actor, id int64, action challenge.Action, _ string) (challenge.Challenge, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.chs[id]
	to, err := challenge.Machine.Next(c.Status, action, actor.Role, c)
	if err != nil {
		return c, err
	}
	c.Status = to
	f.chs[id] = c
	f.steps = append(f.steps, action)
	return c, nil
}

// fakeBids holds submitted bids and records outcomes.
type fakeBids struct {
	bids     []bid.Bid
	selected []int64
}

func (f *fakeBids) Submitted(_ context.Context, challengeID int64) ([]bid.Bid, error) {
	var out []bid.Bid
	for _, b := range f.bids {
		if b.ChallengeID == challengeID {
			out = append(out, b)
		}
	}
	return out, nil
}

func (f *fakeBids) SubmittedByID(ctx context.Context, challengeID int64, ids []int64) ([]bid.Bid, error) {
	all, _ := f.Submitted(ctx, challengeID)
	var out []bid.Bid
	for _, id := range ids {
		for _, b := range all {
			if b.ID == id {
				out = append(out, b)
			}
		}
	}
	return out, nil
}

func (f *fakeBids) SetOutcome(_ context.Context, _ domain.Actor, _ int64, selected []int64) error {
	f.selected = append([]int64{}, selected...)
	return nil
}

type fakeReviews struct {
	ranking []Ranked
	closed  bool
	scores  map[int]map[int64]float64
}

func (f *fakeReviews) BidRanking(context.Context, int64) ([]Ranked, bool, error) {
	return f.ranking, f.closed, nil
}

func (f *fakeReviews) StageScores(_ context.Context, _ int64, stage int) (map[int64]float64, bool, error) {
	s, ok := f.scores[stage]
	return s, ok, nil
}

type fakeDays struct{}

func (fakeDays) AddWorkdays(_ context.Context, from time.Time, n int) (time.Time, error) {
	c, _ := calendar.Official(2026)
	return calendar.Merge(c).AddWorkdays(from, n), nil
}

type fakeOrgs struct{}

func (fakeOrgs) OrgByID(_ context.Context, id int64) (account.Org, error) {
	return account.Org{ID: id, Name: fmt.Sprintf("单位%d", id)}, nil
}

type fakeCredit struct {
	penalised map[int64]account.CreditStatus
}

func (f *fakeCredit) Penalise(_ context.Context, _ domain.Actor, orgID int64, st account.CreditStatus, _ string) error {
	f.penalised[orgID] = st
	return nil
}

type fakeNotifier struct {
	kinds []string
	notes []notify.Message
}

// Send renders the catalogue's kind as the outbox would.
func (f *fakeNotifier) Send(_ context.Context, k *notify.Kind, _ notify.To, id int64, p notify.Params) error {
	m, err := k.Render(id, p)
	if err != nil {
		return err
	}
	f.kinds = append(f.kinds, m.Kind)
	f.notes = append(f.notes, m)
	return nil
}

type noTx struct{}

func (noTx) InTx(ctx context.Context, fn func(ctx context.Context) error) error { return fn(ctx) }

type memAudit struct {
	mu      sync.Mutex
	entries []audit.Entry
}

func (m *memAudit) Append(_ context.Context, e *audit.Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	e.ID = int64(len(m.entries) + 1)
	m.entries = append(m.entries, *e)
	return nil
}

func (m *memAudit) List(context.Context, audit.Filter, domain.Page) (domain.List[audit.Entry], error) {
	return domain.List[audit.Entry]{}, nil
}

func (m *memAudit) Each(context.Context, func(audit.Entry) error) error { return nil }

func (m *memAudit) actions(entity string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, e := range m.entries {
		if e.Entity == entity {
			out = append(out, e.Action)
		}
	}
	return out
}
