package review

import (
	"fmt"
	"testing"
	"time"
)

func benchPool(n int) []Candidate {
	fields := []string{"ai", "energy", "materials", "equipment", "biomedicine"}
	pool := make([]Candidate, n)
	for i := range pool {
		pool[i] = Candidate{UserID: int64(i + 1), OrgID: int64(i%200 + 1), OrgCreditCode: fmt.Sprintf("C%03d", i%200),
			Fields: []string{fields[i%len(fields)]}, MaxOpen: 10, Self: Person{Email: fmt.Sprintf("e%d@x.cn", i)}}
	}
	return pool
}

func benchItems(n int) []DrawItem {
	items := make([]DrawItem, n)
	for i := range items {
		lead := int64(i*7%200 + 1)
		items[i] = DrawItem{ItemID: int64(i + 1), Label: "x", Field: "ai", Need: 5,
			Parties: Parties{OrgIDs: []int64{1, lead}, CreditCodes: []string{"C000", fmt.Sprintf("C%03d", lead-1)}, PI: Person{Email: fmt.Sprintf("pi%d@u.cn", i)}}}
	}
	return items
}

// BenchmarkDraw draws 1,000 items × 5 experts over a pool of 2,000 (the computation alone).
func BenchmarkDraw(b *testing.B) {
	pool, items := benchPool(2000), benchItems(1000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Draw(int64(i), items, pool); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompute aggregates and ranks 1,000 items with 5,000 scores (the computation alone).
func BenchmarkCompute(b *testing.B) {
	items := make([]ItemFacts, 1000)
	var sheets []Sheet
	for i := range items {
		items[i] = ItemFacts{ItemID: int64(i + 1), SubmittedAt: time.Unix(int64(i), 0)}
		for j := 0; j < 5; j++ {
			sheets = append(sheets, Sheet{AssignmentID: int64(i*5 + j), ExpertID: int64((i*5+j)%2000 + 1), ItemID: int64(i + 1),
				Scores: []int{50 + (i*7+j)%50, 60 + j, 70 - j, 40 + i%60}})
		}
	}
	for _, rule := range []Aggregation{AggTrimmedMean, AggZScore} {
		b.Run(string(rule), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				Compute(DefaultRubric(KindBidReview), rule, items, sheets)
			}
		})
	}
}
