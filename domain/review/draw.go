package review

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
)

// DrawItem is an item to staff: its parties for the conflict rules, the field to match, the experts it may
// not get (already on its panel, or recused from it) and how many experts it still needs.
type DrawItem struct {
	ItemID  int64
	Label   string
	Field   string
	Parties Parties
	Exclude []int64
	Need    int
}

// Pick is one expert drawn for one item; FieldMatch is false when the panel was completed from another field.
type Pick struct {
	ItemID     int64
	ExpertID   int64
	FieldMatch bool
}

// PoolDigest is the SHA-256 of the pool as drawn: every candidate in user-ID order with its organisation,
// fields, declared conflicts, load and maximum, so the stored digest shows whether a redraw saw the same pool.
func PoolDigest(pool []Candidate) string {
	ps := append([]Candidate(nil), pool...)
	sort.Slice(ps, func(i, j int) bool { return ps[i].UserID < ps[j].UserID })
	h := sha256.New()
	for _, c := range ps {
		fields := append([]string(nil), c.Fields...)
		sort.Strings(fields)
		codes := make([]string, len(c.Conflicts))
		for i, d := range c.Conflicts {
			codes[i] = d.CreditCode
		}
		sort.Strings(codes)
		fmt.Fprintf(h, "%d|%d|%s|%s|%s|%d|%d|%d\n", c.UserID, c.OrgID, c.OrgCreditCode,
			strings.Join(fields, ","), strings.Join(codes, ","), len(c.Teams), c.Load, c.MaxOpen)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Draw staffs items from pool with the seed: items in item-ID order, each given Need experts chosen among
// those without a conflict, below their maximum and not excluded, ranked by field match, then by current
// load (this draw's picks included, which spreads load), then by a random key from a PCG generator seeded
// with seed. The same pool, items and seed give the same picks. It fails, naming the first item that cannot
// be staffed, when the pool is too small; the picks are then not to be used.
func Draw(seed int64, items []DrawItem, pool []Candidate) ([]Pick, error) {
	ps := append([]Candidate(nil), pool...)
	sort.Slice(ps, func(i, j int) bool { return ps[i].UserID < ps[j].UserID })
	its := append([]DrawItem(nil), items...)
	sort.Slice(its, func(i, j int) bool { return its[i].ItemID < its[j].ItemID })
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6a6965626e6721))
	load := make([]int, len(ps))
	for i, c := range ps {
		load[i] = c.Load
	}
	keys := make([]uint64, len(ps))
	var top []int
	caps := make([]int, len(ps))
	for i, c := range ps {
		caps[i] = maxOpen(c)
	}
	matches := map[string][]bool{}
	var picks []Pick
	for _, it := range its {
		match, seen := matches[it.Field]
		if !seen {
			match = make([]bool, len(ps))
			for i, c := range ps {
				match[i] = c.HasField(it.Field)
			}
			matches[it.Field] = match
		}
		excl := make(map[int64]bool, len(it.Exclude))
		for _, id := range it.Exclude {
			excl[id] = true
		}
		// One pass keeps the best Need candidates in order; the conflict rules (the costly check) run only
		// for a candidate that would enter the list.
		less := func(i, j int) bool {
			if match[i] != match[j] {
				return match[i]
			}
			if load[i] != load[j] {
				return load[i] < load[j]
			}
			return keys[i] < keys[j]
		}
		top = top[:0]
		for i := range ps {
			keys[i] = rng.Uint64()
			if load[i] >= caps[i] || excl[ps[i].UserID] {
				continue
			}
			if len(top) == it.Need && (it.Need == 0 || !less(i, top[len(top)-1])) {
				continue
			}
			if ps[i].ConflictWith(it.Parties) != "" {
				continue
			}
			k := len(top)
			if k < it.Need {
				top = append(top, i)
			} else {
				k--
			}
			for ; k > 0 && less(i, top[k-1]); k-- {
				top[k] = top[k-1]
			}
			top[k] = i
		}
		if len(top) < it.Need {
			avail := 0
			for i := range ps {
				if load[i] < caps[i] && !excl[ps[i].UserID] && ps[i].ConflictWith(it.Parties) == "" {
					avail++
				}
			}
			return nil, ErrPoolTooSmall(it.ItemID, it.Label, it.Need, avail)
		}
		for _, i := range top {
			load[i]++
			picks = append(picks, Pick{ItemID: it.ItemID, ExpertID: ps[i].UserID, FieldMatch: match[i]})
		}
	}
	return picks, nil
}

func maxOpen(c Candidate) int {
	if c.MaxOpen <= 0 {
		return DefaultMaxOpen
	}
	return c.MaxOpen
}

// ReplacementSeed derives the seed of the replacement drawn for a recused or replaced assignment from the
// round's seed, so a replacement is reproducible too.
func ReplacementSeed(roundSeed, assignmentID int64) int64 {
	return int64(rand.New(rand.NewPCG(uint64(roundSeed), uint64(assignmentID))).Uint64() >> 1)
}

// Reasons a hand-picked expert may not join a panel, beside the conflict codes.
const (
	IneligibleOnPanel  = "already_on_panel"
	IneligibleFull     = "max_open_reached"
	IneligibleInactive = "not_in_pool"
)

// Ineligible returns why c may not join item it's panel ("" when it may): the same checks as a draw.
func Ineligible(c Candidate, it DrawItem) string {
	for _, id := range it.Exclude {
		if id == c.UserID {
			return IneligibleOnPanel
		}
	}
	if c.Load >= maxOpen(c) {
		return IneligibleFull
	}
	return c.ConflictWith(it.Parties)
}
