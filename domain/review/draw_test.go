package review

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"

	"jiebang/domain"
)

func TestConflictRules(t *testing.T) {
	t.Parallel()
	pi := Person{Email: "pi@u.cn", Name: "李四", OrgID: 7}
	p := Parties{OrgIDs: []int64{1, 2}, CreditCodes: []string{"C1", "C2", "C3"}, PI: pi}
	cases := []struct {
		name string
		c    Candidate
		want string
	}{
		{"lead org", Candidate{OrgID: 1}, ConflictSameOrg},
		{"partner by credit code", Candidate{OrgID: 9, OrgCreditCode: "C3"}, ConflictSameOrg},
		{"declared", Candidate{OrgID: 9, Conflicts: []Conflict{{"C2", "former employer"}}}, ConflictDeclared},
		{"co-member by e-mail", Candidate{OrgID: 9, Self: Person{Email: "x@e.cn", OrgID: 9},
			Teams: []Team{{{Email: "PI@u.cn"}, {Email: "x@e.cn"}}}}, ConflictCoMember},
		{"co-member by name and organisation", Candidate{OrgID: 9, Self: Person{Email: "x@e.cn", Name: "王五", OrgID: 9},
			Teams: []Team{{{Email: "pi@u.cn"}, {Name: "王五", OrgID: 9}}}}, ConflictCoMember},
		{"same name, other organisation", Candidate{OrgID: 9, Self: Person{Email: "x@e.cn", Name: "王五", OrgID: 9},
			Teams: []Team{{{Email: "pi@u.cn"}, {Name: "王五", OrgID: 8}}}}, ""},
		{"team without the PI", Candidate{OrgID: 9, Self: Person{Email: "x@e.cn"},
			Teams: []Team{{{Email: "other@u.cn"}, {Email: "x@e.cn"}}}}, ""},
		{"free", Candidate{OrgID: 9, OrgCreditCode: "C9"}, ""},
	}
	for _, c := range cases {
		if got := c.c.ConflictWith(p); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestDrawHandExample(t *testing.T) {
	t.Parallel()
	// Five experts; the item's lead is org 1. Expert 1 works there, expert 2 declared a conflict with it.
	// Of the rest, 3 and 4 match the field; 5 does not, and 4 already carries more load than 3.
	pool := []Candidate{
		{UserID: 1, OrgID: 1, Fields: []string{"ai"}},
		{UserID: 2, OrgID: 2, Fields: []string{"ai"}, Conflicts: []Conflict{{"L1", "spouse"}}},
		{UserID: 3, OrgID: 3, Fields: []string{"ai"}, Load: 1},
		{UserID: 4, OrgID: 4, Fields: []string{"ai", "energy"}, Load: 2},
		{UserID: 5, OrgID: 5, Fields: []string{"energy"}},
	}
	item := DrawItem{ItemID: 10, Label: "bid 10", Field: "ai", Parties: Parties{OrgIDs: []int64{1}, CreditCodes: []string{"L1"}}, Need: 3}
	picks, err := Draw(42, []DrawItem{item}, pool)
	if err != nil {
		t.Fatal(err)
	}
	want := []Pick{{10, 3, true}, {10, 4, true}, {10, 5, false}}
	if !reflect.DeepEqual(picks, want) {
		t.Fatalf("picks %v, want %v", picks, want)
	}
	item.Need = 4
	_, err = Draw(42, []DrawItem{item}, pool)
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != "pool_insufficient" || de.Details["item"] != "bid 10" || de.Details["available"] != 3 {
		t.Fatalf("refusal: %v", err)
	}
}

func TestDrawSpreadsLoadAndIsReproducible(t *testing.T) {
	t.Parallel()
	var pool []Candidate
	for i := int64(1); i <= 10; i++ {
		pool = append(pool, Candidate{UserID: i, OrgID: 100 + i, Fields: []string{"ai"}})
	}
	var items []DrawItem
	for i := int64(1); i <= 6; i++ {
		items = append(items, DrawItem{ItemID: i, Label: "x", Field: "ai", Need: 5})
	}
	a, err := Draw(7, items, pool)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Draw(7, items, pool)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed and pool gave different panels")
	}
	c, _ := Draw(8, items, pool)
	if reflect.DeepEqual(a, c) {
		t.Fatal("another seed gave the same panels")
	}
	load := map[int64]int{}
	for _, p := range a {
		load[p.ExpertID]++
	}
	for id, n := range load { // 30 assignments over 10 experts: exactly 3 each
		if n != 3 {
			t.Fatalf("expert %d got %d assignments: %v", id, n, load)
		}
	}
	if PoolDigest(pool) != PoolDigest(append([]Candidate{pool[9]}, pool[:9]...)) {
		t.Fatal("the digest depends on the pool, not its order")
	}
	pool[0].Load = 1
	if PoolDigest(pool) == PoolDigest(pool[:9]) {
		t.Fatal("digest must change with the pool")
	}
}

// TestDrawProperty draws panels over random pools and bids: no panel ever holds a conflicted expert, no
// expert twice, no expert past the maximum, and a refusal is always the pool_insufficient error.
func TestDrawProperty(t *testing.T) {
	t.Parallel()
	fields := []string{"ai", "energy", "materials"}
	for run := uint64(0); run < 300; run++ {
		r := rand.New(rand.NewPCG(run, 99))
		nOrgs := 3 + r.IntN(10)
		code := func(o int) string { return string(rune('A'+o)) + "code" }
		var pool []Candidate
		for i := 0; i < 5+r.IntN(40); i++ {
			org := r.IntN(nOrgs)
			c := Candidate{UserID: int64(i + 1), OrgID: int64(org + 1), OrgCreditCode: code(org),
				Fields: []string{fields[r.IntN(3)]}, Load: r.IntN(4), MaxOpen: 1 + r.IntN(6),
				Self: Person{Email: "e" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "@x.cn"}}
			if r.IntN(3) == 0 {
				c.Conflicts = []Conflict{{code(r.IntN(nOrgs)), "r"}}
			}
			if r.IntN(3) == 0 {
				c.Teams = []Team{{c.Self, {Email: "pi" + string(rune('a'+r.IntN(5))) + "@u.cn"}}}
			}
			pool = append(pool, c)
		}
		var items []DrawItem
		for i := 0; i < 1+r.IntN(8); i++ {
			lead, partner := r.IntN(nOrgs), r.IntN(nOrgs)
			items = append(items, DrawItem{ItemID: int64(i + 1), Label: "bid", Field: fields[r.IntN(3)], Need: 1 + 2*r.IntN(3),
				Parties: Parties{OrgIDs: []int64{int64(lead + 1)}, CreditCodes: []string{code(lead), code(partner)},
					PI: Person{Email: "pi" + string(rune('a'+r.IntN(5))) + "@u.cn"}}})
		}
		picks, err := Draw(int64(run), items, pool)
		if err != nil {
			if domain.CodeOf(err) != "pool_insufficient" {
				t.Fatalf("run %d: %v", run, err)
			}
			continue
		}
		byID := map[int64]Candidate{}
		for _, c := range pool {
			byID[c.UserID] = c
		}
		load := map[int64]int{}
		seen := map[[2]int64]bool{}
		count := map[int64]int{}
		for _, p := range picks {
			c := byID[p.ExpertID]
			if why := c.ConflictWith(items[p.ItemID-1].Parties); why != "" {
				t.Fatalf("run %d: expert %d conflicted (%s) on item %d", run, p.ExpertID, why, p.ItemID)
			}
			k := [2]int64{p.ItemID, p.ExpertID}
			if seen[k] {
				t.Fatalf("run %d: expert %d twice on item %d", run, p.ExpertID, p.ItemID)
			}
			seen[k] = true
			load[p.ExpertID]++
			count[p.ItemID]++
			if c.Load+load[p.ExpertID] > c.MaxOpen {
				t.Fatalf("run %d: expert %d past the maximum %d", run, p.ExpertID, c.MaxOpen)
			}
		}
		for _, it := range items {
			if count[it.ItemID] != it.Need {
				t.Fatalf("run %d: item %d has %d experts, want %d", run, it.ItemID, count[it.ItemID], it.Need)
			}
		}
	}
}
