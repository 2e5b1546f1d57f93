package audit

import (
	"context"
	"testing"
	"time"

	"jiebang/domain"
)

type memStore struct{ entries []Entry }

func (m *memStore) Append(ctx context.Context, e *Entry) error { return m.AppendSealed(ctx, e, nil) }

func (m *memStore) AppendSealed(_ context.Context, e *Entry, seal func(string) string) error {
	prev := GenesisHash
	if n := len(m.entries); n > 0 {
		prev = m.entries[n-1].Hash
	}
	e.ID = int64(len(m.entries) + 1)
	e.PrevHash = prev
	e.Hash = ComputeHash(prev, *e)
	if seal != nil {
		e.Seal = seal(e.Hash)
	}
	m.entries = append(m.entries, *e)
	return nil
}

func (m *memStore) List(context.Context, Filter, domain.Page) (domain.List[Entry], error) {
	return domain.List[Entry]{Items: m.entries}, nil
}

func (m *memStore) Each(_ context.Context, fn func(Entry) error) error {
	for _, e := range m.entries {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func (m *memStore) Range(_ context.Context, after, upTo int64, fn func(Entry) error) error {
	for _, e := range m.entries {
		if e.ID > after && e.ID <= upTo {
			if err := fn(e); err != nil {
				return err
			}
		}
	}
	return nil
}

func (m *memStore) LastUnsealed(context.Context) (int64, error) {
	var n int64
	for _, e := range m.entries {
		if e.Seal == "" {
			n = e.ID
		}
	}
	return n, nil
}

func TestVerifyDetectsTampering(t *testing.T) {
	cases := []struct {
		name   string
		tamper func(m *memStore)
		broken int64
	}{
		{"intact", func(*memStore) {}, 0},
		{"edited content", func(m *memStore) { m.entries[2].Action = "forged" }, 3},
		{"edited time", func(m *memStore) { m.entries[1].At = m.entries[1].At.Add(time.Second) }, 2},
		{"removed entry", func(m *memStore) { m.entries = append(m.entries[:1], m.entries[2:]...) }, 3},
		{"reordered", func(m *memStore) { m.entries[1], m.entries[2] = m.entries[2], m.entries[1] }, 3},
		{"rehashed alone", func(m *memStore) {
			m.entries[1].After = `{"x":1}`
			m.entries[1].Hash = ComputeHash(m.entries[1].PrevHash, m.entries[1])
		}, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := &memStore{}
			clk := domain.NewFrozenClock(time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC))
			s := NewService(m, clk)
			actor := domain.Actor{UserID: 7, Name: "王工", Role: domain.RoleBureau}
			for i := 0; i < 5; i++ {
				clk.Advance(time.Minute)
				if err := s.Log(context.Background(), actor, Record{Entity: EntityOrg, EntityID: int64(i), Action: "verify", After: map[string]any{"i": i}}); err != nil {
					t.Fatal(err)
				}
			}
			tc.tamper(m)
			res, err := s.Verify(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if tc.broken == 0 && !res.OK {
				t.Fatalf("intact chain reported broken at %d: %s", res.FirstBrokenID, res.Reason)
			}
			if tc.broken != 0 && (res.OK || res.FirstBrokenID != tc.broken) {
				t.Fatalf("want first broken %d, got ok=%v id=%d", tc.broken, res.OK, res.FirstBrokenID)
			}
		})
	}
}
