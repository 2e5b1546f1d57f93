package review

import (
	"reflect"
	"testing"
	"time"
)

var rubric4 = []Criterion{{"T", 40, false}, {"B", 25, false}, {"C", 20, false}, {"D", 15, false}}

func flat(x int) []int { return []int{x, x, x, x} }

func sheets(item int64, ws ...[]int) []Sheet {
	var out []Sheet
	for i, s := range ws {
		out = append(out, Sheet{AssignmentID: item*100 + int64(i), ExpertID: int64(i + 1), ItemID: item, Scores: s})
	}
	return out
}

func TestWeighted(t *testing.T) {
	t.Parallel()
	// 85×0.40 + 70×0.25 + 90×0.20 + 60×0.15 = 34 + 17.5 + 18 + 9 = 78.5
	if got := Weighted(rubric4, []int{85, 70, 90, 60}); got != 78.5 {
		t.Fatalf("weighted = %v, want 78.5", got)
	}
}

func TestTrimmedMeanMeanAndFlags(t *testing.T) {
	t.Parallel()
	// Weighted: 78.5, 90, 70, 100, 40. Trimmed: drop 100 and 40 -> (78.5+90+70)/3 = 79.5. Mean: 378.5/5 = 75.7.
	// Median 78.5: 100 is 21.5 away and 40 is 38.5 away (flagged); 90 is 11.5 away (not).
	ss := sheets(1, []int{85, 70, 90, 60}, flat(90), flat(70), flat(100), flat(40))
	items := []ItemFacts{{ItemID: 1}}
	tm := Compute(rubric4, AggTrimmedMean, items, ss)[0]
	if *tm.Final != 79.5 || tm.Median != 78.5 || tm.Rank != 1 {
		t.Fatalf("trimmed: final %v median %v rank %d", *tm.Final, tm.Median, tm.Rank)
	}
	var flagged []string
	for _, l := range tm.Lines {
		if l.Flagged {
			flagged = append(flagged, l.Label)
		}
	}
	if !reflect.DeepEqual(flagged, []string{"D", "E"}) || !reflect.DeepEqual(tm.Flags, []string{FlagOutlier}) {
		t.Fatalf("flags %v lines %v", tm.Flags, flagged)
	}
	if m := Compute(rubric4, AggMean, items, ss)[0]; *m.Final != 75.7 {
		t.Fatalf("mean = %v, want 75.7", *m.Final)
	}
	// Fewer than 5 scores: the trimmed mean is the plain mean, (78.5+90+70)/3 = 79.5; (90+70)/2 = 80 for two.
	if f := *Compute(rubric4, AggTrimmedMean, items, ss[:2])[0].Final; f != 84.25 {
		t.Fatalf("trimmed of two = %v, want 84.25", f)
	}
}

func TestZScore(t *testing.T) {
	t.Parallel()
	// E1 scores item 1: 80, item 2: 60 (μ 70, σ 10); E2: 70, 50 (μ 60, σ 10); E3 only item 1: 40 (σ 0).
	// Round: 80, 60, 70, 50, 40 -> M 60, S = sqrt((400+0+100+100+400)/5) = sqrt(200) = 14.142.
	// Normalised: z=+1 -> 74.14, z=-1 -> 45.86, E3 -> M = 60. Item 1: (74.14+74.14+60)/3 = 69.43; item 2: 45.86.
	ss := []Sheet{
		{AssignmentID: 1, ExpertID: 11, ItemID: 1, Scores: flat(80)},
		{AssignmentID: 2, ExpertID: 12, ItemID: 1, Scores: flat(70)},
		{AssignmentID: 3, ExpertID: 13, ItemID: 1, Scores: flat(40)},
		{AssignmentID: 4, ExpertID: 11, ItemID: 2, Scores: flat(60)},
		{AssignmentID: 5, ExpertID: 12, ItemID: 2, Scores: flat(50)},
	}
	rs := Compute(rubric4, AggZScore, []ItemFacts{{ItemID: 1}, {ItemID: 2}}, ss)
	if rs[0].ItemID != 1 || *rs[0].Final != 69.43 || *rs[1].Final != 45.86 {
		t.Fatalf("zscore: %+v %+v", rs[0], rs[1])
	}
	want := []float64{74.14, 74.14, 60}
	for i, l := range rs[0].Lines {
		if *l.Normalised != want[i] {
			t.Fatalf("line %d normalised %v, want %v", i, *l.Normalised, want[i])
		}
	}
	if rs[0].Lines[2].Label != "C" || rs[1].Lines[0].Label != "A" {
		t.Fatal("labels follow the order of first assignment across the round")
	}
}

func TestRankTieBreaks(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// Items 1 to 4 all weigh 64. Item 1 [60,68,70,60] has 60 on the top criterion, the others [70,60,60,60]
	// 70, so item 1 comes after them; among 2, 3 and 4 (equal in both) the earlier submission wins: 4, 2, 3.
	ss := []Sheet{
		{AssignmentID: 1, ExpertID: 1, ItemID: 1, Scores: []int{60, 68, 70, 60}},
		{AssignmentID: 2, ExpertID: 1, ItemID: 2, Scores: []int{70, 60, 60, 60}},
		{AssignmentID: 3, ExpertID: 1, ItemID: 3, Scores: []int{70, 60, 60, 60}},
		{AssignmentID: 4, ExpertID: 1, ItemID: 4, Scores: []int{70, 60, 60, 60}},
		{AssignmentID: 5, ExpertID: 1, ItemID: 5, Scores: flat(90)},
	}
	items := []ItemFacts{{ItemID: 1, SubmittedAt: t0}, {ItemID: 2, SubmittedAt: t0.Add(time.Hour)},
		{ItemID: 3, SubmittedAt: t0.Add(2 * time.Hour)}, {ItemID: 4, SubmittedAt: t0.Add(time.Minute)},
		{ItemID: 5, SubmittedAt: t0}, {ItemID: 6, Pending: 2}}
	rs := Compute(rubric4, AggMean, items, ss)
	var order []int64
	for _, r := range rs {
		order = append(order, r.ItemID)
	}
	if !reflect.DeepEqual(order, []int64{5, 4, 2, 3, 1, 6}) {
		t.Fatalf("order %v", order)
	}
	if rs[5].Rank != 0 || rs[5].Final != nil || !reflect.DeepEqual(rs[5].Flags, []string{FlagIncomplete, FlagUnscored}) {
		t.Fatalf("unscored item: %+v", rs[5])
	}
	if rs[4].Rank != 5 {
		t.Fatalf("rank %d", rs[4].Rank)
	}
	again := Compute(rubric4, AggMean, items, ss)
	if !reflect.DeepEqual(rs, again) {
		t.Fatal("results differ between computations")
	}
}

func TestLabel(t *testing.T) {
	t.Parallel()
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := Label(i); got != want {
			t.Errorf("Label(%d) = %s, want %s", i, got, want)
		}
	}
}
