package review

import (
	"math"
	"sort"
	"time"
)

// Sheet is one expert's submitted scores for one item: per criterion 0..100, in rubric order.
type Sheet struct {
	AssignmentID int64
	ExpertID     int64
	ItemID       int64
	Scores       []int
	SubmittedAt  time.Time
}

// ItemFacts is what ranking needs to know about an item besides its scores.
type ItemFacts struct {
	ItemID int64
	// SubmittedAt is when the item (the bid, the report, the challenge) was submitted: the second tie-break.
	SubmittedAt time.Time
	// Pending is the number of the item's assignments that are neither scored nor recused at close.
	Pending int
}

// Line is one expert's line of an item's results, anonymised by Label (专家A, B, ...).
type Line struct {
	Label    string
	ExpertID int64
	Scores   []int
	// Weighted is Σ score×weight/100, exact to two decimals.
	Weighted float64
	// Normalised is the z-score mapped back to the round's scale (zscore rounds only), rounded to 2 decimals.
	Normalised *float64
	// Flagged is true when Weighted is more than FlagDistance points from the item's median.
	Flagged     bool
	SubmittedAt time.Time
}

// Flags on an item's result.
const (
	FlagOutlier    = "outlier"    // an expert more than 20 points from the item's median
	FlagIncomplete = "incomplete" // closed with assignments still unscored
	FlagUnscored   = "unscored"   // no score at all: no final score, no rank
)

// ItemResult is the computed result of one item.
type ItemResult struct {
	ItemID int64
	// Final is the final score by the round's rule, rounded to 2 decimals; nil when the item has no score.
	Final *float64
	// Rank is 1-based among scored items; 0 for an unscored item.
	Rank   int
	Median float64
	// TopCriterionMean is the mean of the experts' scores on the highest-weighted criterion, 2 decimals.
	TopCriterionMean float64
	SubmittedAt      time.Time
	Flags            []string
	Lines            []Line
}

// Round2 rounds half away from zero to two decimals.
func Round2(x float64) float64 { return math.Round(x*100) / 100 }

// Weighted is the weighted score of one expert's criterion scores: Σ score×weight / 100.
func Weighted(r []Criterion, scores []int) float64 {
	sum := 0
	for i, c := range r {
		if i < len(scores) {
			sum += scores[i] * c.Weight
		}
	}
	return float64(sum) / 100
}

// Label is the anonymous name of the i-th expert of a round (0 -> A, 25 -> Z, 26 -> AA, ...).
func Label(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// popSD is the population standard deviation of xs around m.
func popSD(xs []float64, m float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(xs)))
}

// Median of xs (the mean of the two middle values for an even count); 0 for none.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// TrimmedMean drops one highest and one lowest value when there are at least 5, then averages.
func TrimmedMean(xs []float64) float64 {
	if len(xs) < 5 {
		return mean(xs)
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return mean(s[1 : len(s)-1])
}

// Normaliser maps an expert's weighted score to the round's scale for the zscore rule: with the expert's
// mean μₑ and population standard deviation σₑ over all their weighted scores in the round, and the round's
// mean M and population standard deviation S over every weighted score in the round,
// normalised = clamp(M + S × (w − μₑ) / σₑ, 0, 100), rounded to 2 decimals; when σₑ = 0 (one item, or all
// equal) the z-score is 0 and the expert contributes M.
type Normaliser struct {
	M, S  float64
	stats map[int64][2]float64
}

// NewNormaliser computes the statistics of a round's sheets.
func NewNormaliser(r []Criterion, sheets []Sheet) Normaliser {
	by := map[int64][]float64{}
	all := make([]float64, 0, len(sheets))
	for _, s := range sheets {
		w := Weighted(r, s.Scores)
		by[s.ExpertID] = append(by[s.ExpertID], w)
		all = append(all, w)
	}
	n := Normaliser{M: mean(all), stats: map[int64][2]float64{}}
	n.S = popSD(all, n.M)
	for id, ws := range by {
		m := mean(ws)
		n.stats[id] = [2]float64{m, popSD(ws, m)}
	}
	return n
}

// Expert returns the mean and standard deviation of an expert's weighted scores.
func (n Normaliser) Expert(id int64) (float64, float64) { st := n.stats[id]; return st[0], st[1] }

// Normalise maps expert id's weighted score w to the round's scale.
func (n Normaliser) Normalise(id int64, w float64) float64 {
	m, sd := n.Expert(id)
	z := 0.0
	if sd > 1e-9 {
		z = (w - m) / sd
	}
	return Round2(math.Max(0, math.Min(100, n.M+n.S*z)))
}

// Compute turns a round's submitted sheets into results: per item each expert's weighted score, the final
// score by rule, flags and the rank. Labels are given to experts in the order of their first assignment.
// The same input always gives the same output.
func Compute(r []Criterion, rule Aggregation, items []ItemFacts, sheets []Sheet) []ItemResult {
	sorted := append([]Sheet(nil), sheets...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].AssignmentID < sorted[j].AssignmentID })
	labels := map[int64]string{}
	for _, s := range sorted {
		if _, ok := labels[s.ExpertID]; !ok {
			labels[s.ExpertID] = Label(len(labels))
		}
	}
	var norm Normaliser
	if rule == AggZScore {
		norm = NewNormaliser(r, sorted)
	}
	byItem := map[int64][]Sheet{}
	for _, s := range sorted {
		byItem[s.ItemID] = append(byItem[s.ItemID], s)
	}
	top := TopCriterion(r)
	out := make([]ItemResult, 0, len(items))
	for _, it := range items {
		res := ItemResult{ItemID: it.ItemID, SubmittedAt: it.SubmittedAt}
		ss := byItem[it.ItemID]
		ws := make([]float64, 0, len(ss))
		vals := make([]float64, 0, len(ss))
		topSum := 0
		for _, s := range ss {
			w := Weighted(r, s.Scores)
			ln := Line{Label: labels[s.ExpertID], ExpertID: s.ExpertID, Scores: s.Scores, Weighted: w, SubmittedAt: s.SubmittedAt}
			v := w
			if rule == AggZScore {
				nv := norm.Normalise(s.ExpertID, w)
				ln.Normalised, v = &nv, nv
			}
			if top < len(s.Scores) {
				topSum += s.Scores[top]
			}
			ws = append(ws, w)
			vals = append(vals, v)
			res.Lines = append(res.Lines, ln)
		}
		if it.Pending > 0 {
			res.Flags = append(res.Flags, FlagIncomplete)
		}
		if len(ss) == 0 {
			res.Flags = append(res.Flags, FlagUnscored)
			out = append(out, res)
			continue
		}
		res.Median = Median(ws)
		for i := range res.Lines {
			if math.Abs(res.Lines[i].Weighted-res.Median) > FlagDistance {
				res.Lines[i].Flagged = true
			}
		}
		for _, ln := range res.Lines {
			if ln.Flagged {
				res.Flags = append(res.Flags, FlagOutlier)
				break
			}
		}
		var f float64
		if rule == AggTrimmedMean {
			f = TrimmedMean(vals)
		} else {
			f = mean(vals)
		}
		f = Round2(f)
		res.Final = &f
		res.TopCriterionMean = Round2(float64(topSum) / float64(len(ss)))
		out = append(out, res)
	}
	Rank(out)
	return out
}

// Rank orders results and sets ranks: final score descending; ties by the mean score on the highest-weighted
// criterion (descending), then by earlier submission of the item, then by item ID. Unscored items come last
// without a rank.
func Rank(rs []ItemResult) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if (a.Final == nil) != (b.Final == nil) {
			return a.Final != nil
		}
		if a.Final != nil && *a.Final != *b.Final {
			return *a.Final > *b.Final
		}
		if a.TopCriterionMean != b.TopCriterionMean {
			return a.TopCriterionMean > b.TopCriterionMean
		}
		if !a.SubmittedAt.Equal(b.SubmittedAt) {
			return a.SubmittedAt.Before(b.SubmittedAt)
		}
		return a.ItemID < b.ItemID
	})
	for i := range rs {
		if rs[i].Final != nil {
			rs[i].Rank = i + 1
		}
	}
}
