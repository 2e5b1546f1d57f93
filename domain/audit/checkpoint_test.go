package audit

import (
	"context"
	"crypto/ed25519"
	"strings"
	"testing"
	"time"

	"jiebang/domain"
)

type memCheckpoints struct {
	m   *memStore
	cps []Checkpoint
}

func (c *memCheckpoints) Add(_ context.Context, cp *Checkpoint) error {
	for _, x := range c.cps {
		if x.Entries == cp.Entries {
			return domain.ErrConflict
		}
	}
	c.cps = append(c.cps, *cp)
	return nil
}

func (c *memCheckpoints) All(context.Context) ([]Checkpoint, error) {
	return append([]Checkpoint(nil), c.cps...), nil
}

func (c *memCheckpoints) Last(context.Context) (Checkpoint, bool, error) {
	var best Checkpoint
	for _, x := range c.cps {
		if x.Entries > best.Entries {
			best = x
		}
	}
	return best, best.Entries > 0, nil
}

func (c *memCheckpoints) InTx(context.Context) bool { return false }

func (c *memCheckpoints) Head(context.Context) (int64, string, error) {
	if n := len(c.m.entries); n > 0 {
		return c.m.entries[n-1].ID, c.m.entries[n-1].Hash, nil
	}
	return 0, "", nil
}

func testKey(t *testing.T, seed byte) *Key {
	t.Helper()
	if _, err := NewKey(make([]byte, 10)); err == nil {
		t.Fatal("a short key must be refused")
	}
	s := make([]byte, ed25519.SeedSize)
	s[0] = seed
	k, err := NewKey(ed25519.NewKeyFromSeed(s))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestVerifyAgainstCheckpoints: what the in-chain check cannot see (entries removed from the end, or an entry
// edited and every hash after it recomputed) fails against a signed checkpoint, as do forged checkpoints.
func TestVerifyAgainstCheckpoints(t *testing.T) {
	t.Parallel()
	recompute := func(m *memStore) {
		prev := GenesisHash
		for i := range m.entries {
			m.entries[i].PrevHash = prev
			m.entries[i].Hash = ComputeHash(prev, m.entries[i])
			prev = m.entries[i].Hash
		}
	}
	cases := []struct {
		name   string
		tamper func(m *memStore, c *memCheckpoints)
		reason string
	}{
		{"intact", func(*memStore, *memCheckpoints) {}, ""},
		{"last entries deleted", func(m *memStore, _ *memCheckpoints) { m.entries = m.entries[:3] }, "shorter than a signed checkpoint"},
		{"edited and recomputed", func(m *memStore, _ *memCheckpoints) {
			m.entries[1].Action = "forged"
			recompute(m)
		}, "entry 5 differs from the signed checkpoint"},
		{"truncated and regrown", func(m *memStore, _ *memCheckpoints) {
			m.entries = m.entries[:4]
			m.entries = append(m.entries, Entry{ID: 5, Action: "other"})
			m.entries = append(m.entries, Entry{ID: 6, Action: "more"})
			recompute(m)
		}, "entry 5 differs"},
		{"forged signature", func(_ *memStore, c *memCheckpoints) { c.cps[0].HeadHash = strings.Repeat("0", 64) }, "invalid signature"},
		{"another key", func(_ *memStore, c *memCheckpoints) { c.cps[0].KeyID = "0123456789abcdef" }, "not by the key in force there"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := &memStore{}
			cs := &memCheckpoints{m: m}
			clk := domain.NewFrozenClock(time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC))
			s := NewService(m, clk)
			s.UseCheckpoints(cs, testKey(t, 1))
			if _, made, err := s.MakeCheckpoint(context.Background()); made || err != nil {
				t.Fatalf("empty chain: %v %v", made, err)
			}
			for i := 0; i < 5; i++ {
				clk.Advance(time.Minute)
				if err := s.Log(context.Background(), domain.System, Record{Entity: EntityOrg, EntityID: int64(i), Action: "verify"}); err != nil {
					t.Fatal(err)
				}
			}
			if _, made, err := s.MakeCheckpoint(context.Background()); !made || err != nil {
				t.Fatalf("checkpoint: %v %v", made, err)
			}
			if _, made, _ := s.MakeCheckpoint(context.Background()); made {
				t.Fatal("no new entries: no new checkpoint")
			}
			tc.tamper(m, cs)
			res, err := s.Verify(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if tc.reason == "" && !res.OK || tc.reason != "" && (res.OK || !strings.Contains(res.Reason, tc.reason)) {
				t.Fatalf("want %q, got %+v", tc.reason, res)
			}
		})
	}
}
