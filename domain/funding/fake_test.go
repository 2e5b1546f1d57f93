package funding

import (
	"context"
	"slices"
	"sync"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
	"jiebang/domain/notify"
)

// memStore is an in-memory Store for the service tests.
type memStore struct {
	decs  []Decision
	pays  []Disbursement
	locks int
}

func (m *memStore) totals(challengeID int64) Totals {
	t := Totals{ChallengeID: challengeID, BySource: map[Source]Figures{}}
	for _, d := range m.decs {
		if d.ChallengeID == challengeID {
			f := t.BySource[d.Source]
			f.DecidedFen += d.AmountFen
			t.BySource[d.Source] = f
			t.Records++
		}
	}
	for _, p := range m.pays {
		if p.ChallengeID == challengeID {
			f := t.BySource[p.Source]
			f.DisbursedFen += p.AmountFen
			t.BySource[p.Source] = f
		}
	}
	return t
}

func (m *memStore) Lock(_ context.Context, id int64) (Totals, error) {
	m.locks++
	return m.totals(id), nil
}
func (m *memStore) Totals(_ context.Context, id int64) (Totals, error) { return m.totals(id), nil }
func (m *memStore) RacerFigures(_ context.Context, racerID int64) (map[Source]Figures, error) {
	out := map[Source]Figures{}
	for _, d := range m.decs {
		if d.RacerID == racerID {
			f := out[d.Source]
			f.DecidedFen += d.AmountFen
			out[d.Source] = f
		}
	}
	for _, p := range m.pays {
		if p.RacerID == racerID {
			f := out[p.Source]
			f.DisbursedFen += p.AmountFen
			out[p.Source] = f
		}
	}
	return out, nil
}
func (m *memStore) RacerTranches(_ context.Context, racerID int64, s Source) (map[string]int64, error) {
	out := map[string]int64{}
	for _, d := range m.decs {
		if d.RacerID == racerID && d.Source == s {
			out[d.Tranche] += d.AmountFen
		}
	}
	return out, nil
}
func (m *memStore) AddDecision(_ context.Context, d *Decision) error {
	if d.ReversesID != nil {
		for _, x := range m.decs {
			if x.ReversesID != nil && *x.ReversesID == *d.ReversesID {
				return domain.ErrConflict
			}
		}
	}
	d.ID = int64(len(m.decs) + 1)
	m.decs = append(m.decs, *d)
	return nil
}
func (m *memStore) Decision(_ context.Context, id int64) (Decision, error) {
	if id < 1 || id > int64(len(m.decs)) {
		return Decision{}, domain.ErrNotFound
	}
	d := m.decs[id-1]
	for _, x := range m.decs {
		if x.ReversesID != nil && *x.ReversesID == id {
			rid := x.ID
			d.ReversedByID = &rid
		}
	}
	return d, nil
}
func (m *memStore) DisbursedOn(_ context.Context, id int64) (int64, error) {
	var n int64
	for _, p := range m.pays {
		if p.DecisionID == id {
			n += p.AmountFen
		}
	}
	return n, nil
}
func (m *memStore) AddDisbursement(_ context.Context, p *Disbursement) error {
	p.ID = int64(len(m.pays) + 1)
	m.pays = append(m.pays, *p)
	return nil
}
func (m *memStore) Decisions(ctx context.Context, cid, rid int64) ([]Decision, error) {
	var out []Decision
	for _, d := range m.decs {
		if d.ChallengeID == cid && (rid == 0 || d.RacerID == rid) {
			x, _ := m.Decision(ctx, d.ID)
			out = append(out, x)
		}
	}
	return out, nil
}
func (m *memStore) Disbursements(_ context.Context, cid, rid int64) ([]Disbursement, error) {
	var out []Disbursement
	for _, p := range m.pays {
		if p.ChallengeID == cid && (rid == 0 || p.RacerID == rid) {
			out = append(out, p)
		}
	}
	return out, nil
}
func (m *memStore) TotalsOf(_ context.Context, ids []int64) (map[int64]Totals, error) {
	out := map[int64]Totals{}
	for _, id := range ids {
		out[id] = m.totals(id)
	}
	return out, nil
}
func (m *memStore) RacerTotalsOf(_ context.Context, ids []int64) (map[int64]map[int64]Figures, error) {
	out := map[int64]map[int64]Figures{}
	add := func(ch, racer int64, src Source, decided, disbursed int64) {
		if src != SourceGovernment || !slices.Contains(ids, ch) {
			return
		}
		if out[ch] == nil {
			out[ch] = map[int64]Figures{}
		}
		f := out[ch][racer]
		f.DecidedFen += decided
		f.DisbursedFen += disbursed
		out[ch][racer] = f
	}
	for _, d := range m.decs {
		add(d.ChallengeID, d.RacerID, d.Source, d.AmountFen, 0)
	}
	for _, p := range m.pays {
		add(p.ChallengeID, p.RacerID, p.Source, 0, p.AmountFen)
	}
	return out, nil
}

// fakeRacers is the race as the ledger sees it.
type fakeRacers struct {
	racers  map[int64]Racer
	decided map[int]StageOutcome
}

func (f *fakeRacers) Racer(_ context.Context, id int64) (Racer, error) {
	r, ok := f.racers[id]
	if !ok {
		return r, domain.ErrNotFound
	}
	return r, nil
}
func (f *fakeRacers) RacersOf(_ context.Context, cid int64) ([]Racer, error) {
	var out []Racer
	for id := int64(1); id <= 20; id++ {
		if r, ok := f.racers[id]; ok && r.ChallengeID == cid {
			out = append(out, r)
		}
	}
	return out, nil
}
func (f *fakeRacers) StageOutcome(_ context.Context, _ int64, stage int) (StageOutcome, error) {
	return f.decided[stage], nil
}

type fakeChallenges map[int64]challenge.Challenge

func (f fakeChallenges) Lookup(_ context.Context, id int64) (challenge.Challenge, error) {
	c, ok := f[id]
	if !ok {
		return c, domain.ErrNotFound
	}
	return c, nil
}

// serialTx runs fn under one mutex, like the single writer.
type serialTx struct{ mu *sync.Mutex }

func (t serialTx) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return fn(ctx)
}

type memAudit struct{ entries []audit.Entry }

func (m *memAudit) Append(_ context.Context, e *audit.Entry) error {
	e.ID = int64(len(m.entries) + 1)
	m.entries = append(m.entries, *e)
	return nil
}
func (m *memAudit) List(context.Context, audit.Filter, domain.Page) (domain.List[audit.Entry], error) {
	return domain.List[audit.Entry]{}, nil
}
func (m *memAudit) Each(context.Context, func(audit.Entry) error) error { return nil }

// sent is a rendered notification and the organisation it went to.
type sent struct {
	notify.Message
	OrgID int64
}

type memNotifier struct{ got []sent }

func (m *memNotifier) Send(_ context.Context, k *notify.Kind, to notify.To, id int64, p notify.Params) error {
	msg, err := k.Render(id, p)
	if err != nil {
		return err
	}
	m.got = append(m.got, sent{Message: msg, OrgID: to.Members[0].Org})
	return nil
}
