package api

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"jiebang/domain/calendar"
	"jiebang/domain/review"
)

func (a *API) roundResultsXLSX(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	res, err := a.d.Reviews.Results(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	f, err := resultsWorkbook(res)
	if err != nil {
		fail(c, err)
		return
	}
	defer func() { _ = f.Close() }()
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="round-%d-results.xlsx"`, id))
	c.Header("Cache-Control", "private, no-store")
	c.Status(http.StatusOK)
	c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	_ = f.Write(c.Writer)
}

// chinaStamp writes an instant in China time to the second for a workbook ("" for none).
func chinaStamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.China).Format("2006-01-02 15:04:05")
}

// resultsWorkbook lays out the anonymised sheet so anyone can recompute it: the rubric and the rule, every
// expert's criterion scores per item with the weighted score as a formula, and the ranking.
func resultsWorkbook(res review.Results) (*excelize.File, error) {
	f := excelize.NewFile()
	r := res.Round
	const ranking, scores, rules = "排名 Ranking", "评分 Scores", "规则 Rules"
	if err := f.SetSheetName("Sheet1", ranking); err != nil {
		return nil, err
	}
	for _, s := range []string{scores, rules} {
		if _, err := f.NewSheet(s); err != nil {
			return nil, err
		}
	}
	// Ranking.
	sw, err := f.NewStreamWriter(ranking)
	if err != nil {
		return nil, err
	}
	row := 1
	put := func(sw *excelize.StreamWriter, vals ...any) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(cell, vals)
	}
	if err := put(sw, "排名 Rank", "项目 Item", "最终得分 Final", "中位数 Median", "最高权重项均分 Top criterion mean",
		"提交时间（北京时间） Submitted (Beijing time)", "标记 Flags"); err != nil {
		return nil, err
	}
	for _, l := range res.Lines {
		var final any = ""
		if l.Final != nil {
			final = *l.Final
		}
		if err := put(sw, l.Rank, itemLabel(r, l.Item), final, l.Median, l.TopCriterionMean,
			chinaStamp(l.SubmittedAt), strings.Join(l.Flags, ",")); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	// Scores: one line per item and expert.
	if sw, err = f.NewStreamWriter(scores); err != nil {
		return nil, err
	}
	row = 1
	head := []any{"项目 Item", "专家 Expert"}
	for _, cr := range r.Rubric {
		head = append(head, fmt.Sprintf("%s (%d%%)", cr.Name, cr.Weight))
	}
	head = append(head, "加权分 Weighted")
	if r.Aggregation == review.AggZScore {
		head = append(head, "标准化 Normalised")
	}
	head = append(head, "偏离中位数>20 Flagged")
	if err := put(sw, head...); err != nil {
		return nil, err
	}
	n := len(r.Rubric)
	for _, l := range res.Lines {
		for _, x := range l.Lines {
			vals := []any{itemLabel(r, l.Item), "专家" + x.Label}
			terms := make([]string, n)
			for i, s := range x.Scores {
				vals = append(vals, s)
				col, _ := excelize.ColumnNumberToName(3 + i)
				terms[i] = fmt.Sprintf("%s%d*%d", col, row, r.Rubric[i].Weight)
			}
			vals = append(vals, excelize.Cell{Formula: "(" + strings.Join(terms, "+") + ")/100", Value: x.Weighted})
			if r.Aggregation == review.AggZScore && x.Normalised != nil {
				vals = append(vals, *x.Normalised)
			}
			vals = append(vals, x.Flagged)
			if err := put(sw, vals...); err != nil {
				return nil, err
			}
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	// Rules.
	if sw, err = f.NewStreamWriter(rules); err != nil {
		return nil, err
	}
	row = 1
	lines := [][]any{{"评审轮次 Round", r.ID}, {"类型 Kind", string(r.Kind)}, {"汇总规则 Aggregation", string(r.Aggregation)},
		{"说明 Rule", ruleText(r.Aggregation)},
		{"排名 Ranking", "最终得分降序；同分比较最高权重评分项的专家均分，再比较提交时间先后 / final score descending; ties: the mean score on the highest-weighted criterion, then earlier submission"},
		{"标记 Flags", "outlier：专家加权分偏离该项中位数超过 20 分；incomplete：结束时仍有未评分任务；unscored：无评分"},
		{"双盲评审 Double-blind", doubleBlindText(r.DoubleBlind)},
		{"抽取种子 Seed", fmt.Sprint(r.Seed)}, {"专家库摘要 Pool digest", r.PoolDigest}, {"抽取次数 Draws", r.Draws},
		{}, {"评分项 Criterion", "权重 Weight"}}
	for _, cr := range r.Rubric {
		lines = append(lines, []any{cr.Name, cr.Weight})
	}
	for _, l := range lines {
		if err := put(sw, l...); err != nil {
			return nil, err
		}
	}
	return f, sw.Flush()
}

// itemLabel is an item's name in the workbook: in a double-blind round the neutral label (方案A …), for the
// sheet goes to the panel; the bureau maps it on the round's page.
func itemLabel(r review.Round, it review.Item) string {
	if r.DoubleBlind {
		return it.Blind().Label
	}
	return it.Label
}

func doubleBlindText(on bool) string {
	if on {
		return "是：专家看不到申报单位、负责人与合作单位，本表以方案A、方案B …标示 / yes: items are named 方案A, 方案B …"
	}
	return "否 / no"
}

func ruleText(a review.Aggregation) string {
	switch a {
	case review.AggMean:
		return "各专家加权分的算术平均，保留两位小数 / the mean of the experts' weighted scores, 2 decimals"
	case review.AggZScore:
		return "每位专家在本轮所有加权分的均值 μ、标准差 σ（总体）；本轮全部加权分的均值 M、标准差 S；标准化分 = clamp(M + S×(w−μ)/σ, 0, 100)，σ=0 时为 M，保留两位小数；最终得分为标准化分的平均 / normalised = clamp(M + S×(w−μ)/σ, 0, 100) (M when σ = 0), 2 decimals; final = their mean"
	}
	return "专家数不少于 5 时去掉一个最高分和一个最低分后平均，否则直接平均，保留两位小数 / with at least 5 scores drop one highest and one lowest, then average; 2 decimals"
}
