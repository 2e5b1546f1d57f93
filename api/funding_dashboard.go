package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"jiebang/domain"
	"jiebang/domain/calendar"
	"jiebang/domain/datefmt"
	"jiebang/domain/funding"
)

type dashboardQuery struct {
	Year  int    `query:"year" description:"year of publication (China time); empty: every year"`
	Field string `query:"field" description:"industry field code; empty: every field"`
}

type countDTO struct {
	Key   string `json:"key" required:"true"`
	Count int64  `json:"count" required:"true"`
}

type challengeBidsDTO struct {
	ChallengeID int64  `json:"challenge_id" required:"true"`
	Title       string `json:"title" required:"true"`
	Bids        int64  `json:"bids" required:"true"`
}

type challengeFundsDTO struct {
	ChallengeID  int64  `json:"challenge_id" required:"true"`
	Title        string `json:"title" required:"true"`
	Status       string `json:"status" required:"true"`
	CapFen       int64  `json:"cap_fen" required:"true"`
	DecidedFen   int64  `json:"decided_fen" required:"true"`
	DisbursedFen int64  `json:"disbursed_fen" required:"true"`
}

type funnelStepDTO struct {
	Step       string `json:"step" required:"true" description:"started, stage-N or winner"`
	Remaining  int64  `json:"remaining" required:"true"`
	Eliminated int64  `json:"eliminated" required:"true"`
}

type deadlineDTO struct {
	Kind        string    `json:"kind" required:"true" enum:"bidding,notice,stage_report,round"`
	ChallengeID int64     `json:"challenge_id" required:"true"`
	Title       string    `json:"title" required:"true"`
	Stage       int       `json:"stage" required:"true"`
	At          time.Time `json:"at" required:"true"`
	On          string    `json:"on" required:"true" format:"date" description:"the China date of at (YYYY-MM-DD); 24:00 China time counts as the date it ends"`
}

// dashboardDTO is the bureau's programme view; every chart's numbers are here as a table too.
type dashboardDTO struct {
	Year          int                 `json:"year" required:"true"`
	Field         string              `json:"field" required:"true"`
	Challenges    int64               `json:"challenges" required:"true"`
	ByStatus      []countDTO          `json:"by_status" required:"true"`
	ByField       []countDTO          `json:"by_field" required:"true"`
	BidsTop       []challengeBidsDTO  `json:"bids_top" required:"true"`
	BidsHistogram []countDTO          `json:"bids_histogram" required:"true"`
	FundsTop      []challengeFundsDTO `json:"funds_top" required:"true"`
	Funds         challengeFundsDTO   `json:"funds" required:"true" description:"totals over every funded challenge"`
	Funnel        []funnelStepDTO     `json:"funnel" required:"true"`
	Deadlines     []deadlineDTO       `json:"deadlines" required:"true"`
}

func counts(cs []funding.Count) []countDTO {
	out := make([]countDTO, 0, len(cs))
	for _, c := range cs {
		out = append(out, countDTO(c))
	}
	return out
}

func toDashboardDTO(d funding.Dashboard) dashboardDTO {
	out := dashboardDTO{Year: d.Filter.Year, Field: d.Filter.Field, Challenges: d.Challenges, ByStatus: counts(d.ByStatus),
		ByField: counts(d.ByField), BidsHistogram: counts(d.BidsHistogram), BidsTop: []challengeBidsDTO{},
		FundsTop: []challengeFundsDTO{}, Funds: challengeFundsDTO(d.Funds), Funnel: []funnelStepDTO{}, Deadlines: []deadlineDTO{}}
	for _, b := range d.BidsTop {
		out.BidsTop = append(out.BidsTop, challengeBidsDTO(b))
	}
	for _, f := range d.FundsTop {
		out.FundsTop = append(out.FundsTop, challengeFundsDTO(f))
	}
	for _, f := range d.Funnel {
		out.Funnel = append(out.Funnel, funnelStepDTO(f))
	}
	for _, x := range d.Deadlines {
		out.Deadlines = append(out.Deadlines, deadlineDTO{Kind: x.Kind, ChallengeID: x.ChallengeID, Title: x.Title, Stage: x.Stage,
			At: x.At, On: dueOn(x.At)})
	}
	return out
}

func (a *API) registerDashboardRoutes() {
	bureau := []domain.Role{domain.RoleBureau}
	a.handle(op{Method: http.MethodGet, Path: "/programme/dashboard", Summary: "The bureau's programme view: challenges by status and field, bids per challenge, funds against caps, the racers' funnel, upcoming deadlines",
		Tag: "funding", Roles: bureau, Query: dashboardQuery{}, Resp: dashboardDTO{}}, a.dashboard)
	a.handle(op{Method: http.MethodGet, Path: "/programme/dashboard.xlsx", Summary: "The programme view's figures as an Excel workbook (amounts in 万元)",
		Tag: "funding", Roles: bureau, Query: dashboardQuery{},
		RespContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, a.dashboardXLSX)
}

func (a *API) loadDashboard(c *gin.Context) (funding.Dashboard, bool) {
	f := funding.DashboardFilter{Field: c.Query("field")}
	if y := c.Query("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			fail(c, domain.NewError(domain.ErrBadRequest, "bad_request", "year 须为整数", "year must be an integer"))
			return funding.Dashboard{}, false
		}
		f.Year = n
	}
	d, err := a.d.Funding.Dashboard(c.Request.Context(), actor(c), f)
	if err != nil {
		fail(c, err)
		return d, false
	}
	return d, true
}

// dashboard answers the programme view; the figures served from the store's cache are encoded once (kept in
// their memo) for every request that gets them.
func (a *API) dashboard(c *gin.Context) {
	d, ok := a.loadDashboard(c)
	if !ok {
		return
	}
	respondKept(c, d.Memo.Load(), d.Memo.Keep, func() any { return toDashboardDTO(d) })
}

func (a *API) dashboardXLSX(c *gin.Context) {
	d, ok := a.loadDashboard(c)
	if !ok {
		return
	}
	f, err := dashboardWorkbook(d)
	if err != nil {
		fail(c, err)
		return
	}
	if err := a.decisionsSheet(c, f, d.Filter); err != nil {
		_ = f.Close()
		fail(c, err)
		return
	}
	defer func() { _ = f.Close() }()
	c.Header("Content-Disposition", `attachment; filename="programme-dashboard.xlsx"`)
	c.Header("Cache-Control", "private, no-store")
	c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Status(http.StatusOK)
	_ = f.Write(c.Writer)
}

// decisionsSheet adds every funding decision of the programme (within the filter) on the sheet 资助决定, streamed
// from the database in pages.
func (a *API) decisionsSheet(c *gin.Context, f *excelize.File, filter funding.DashboardFilter) error {
	fmtWan := "0.00"
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtWan})
	if err != nil {
		return err
	}
	w, err := newSheet(f, "资助决定", false, style, 10, 30, 8, 24, 14, 12, 14, 24, 30, 14, 20, 10, 10)
	if err != nil {
		return err
	}
	if err := w.put(text("榜单编号"), text("榜单"), text("记录编号"), text("参赛团队"), text("批次"), text("来源"), text("金额（万元）"),
		text("依据"), text("备注"), text("决定人"), text("决定时间"), text("冲销记录"), text("被冲销于")); err != nil {
		return err
	}
	err = a.d.Funding.EachDecision(c.Request.Context(), actor(c), filter, func(d funding.ProgrammeDecision) error {
		rev, by := "", ""
		if d.ReversesID != nil {
			rev = fmt.Sprint(*d.ReversesID)
		}
		if d.ReversedByID != nil {
			by = fmt.Sprint(*d.ReversedByID)
		}
		return w.put(d.ChallengeID, text(d.ChallengeTitle), d.ID, text(d.RacerOrg), text(funding.TrancheLabel(d.Tranche)),
			text(funding.SourceLabel(d.Source)), w.wan(d.AmountFen), text(d.Basis), text(d.Note), text(d.DecidedByName),
			text(d.DecidedAt.In(calendar.China).Format("2006-01-02 15:04")), text(rev), text(by))
	})
	if err != nil {
		return err
	}
	return w.sw.Flush()
}

// dashboardWorkbook writes each figure of the programme view on its own sheet, Chinese headers, 万元.
func dashboardWorkbook(d funding.Dashboard) (*excelize.File, error) {
	f := excelize.NewFile()
	fmtWan := "0.00"
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtWan})
	if err != nil {
		return nil, err
	}
	type sheet struct {
		name   string
		header []any
		rows   func(w *sheetWriter) [][]any
	}
	countRows := func(cs []funding.Count) func(*sheetWriter) [][]any {
		return func(*sheetWriter) [][]any {
			var out [][]any
			for _, c := range cs {
				out = append(out, []any{text(c.Key), c.Count})
			}
			return out
		}
	}
	sheets := []sheet{
		{"按状态", []any{text("状态"), text("榜单数")}, countRows(d.ByStatus)},
		{"按领域", []any{text("领域"), text("榜单数")}, countRows(d.ByField)},
		{"揭榜数分布", []any{text("揭榜申报数"), text("榜单数")}, countRows(d.BidsHistogram)},
		{"揭榜最多", []any{text("榜单编号"), text("榜单"), text("揭榜申报数")}, func(*sheetWriter) [][]any {
			var out [][]any
			for _, b := range d.BidsTop {
				out = append(out, []any{b.ChallengeID, text(b.Title), b.Bids})
			}
			return out
		}},
		{"资金", []any{text("榜单编号"), text("榜单"), text("状态"), text("上限（万元）"), text("已决定（万元）"), text("已拨付（万元）")}, func(w *sheetWriter) [][]any {
			var out [][]any
			for _, x := range append(d.FundsTop, d.Funds) {
				id := any(x.ChallengeID)
				title := x.Title
				if x.ChallengeID == 0 {
					id, title = text(""), "合计"
				}
				out = append(out, []any{id, text(title), text(x.Status), w.wan(x.CapFen), w.wan(x.DecidedFen), w.wan(x.DisbursedFen)})
			}
			return out
		}},
		{"淘汰漏斗", []any{text("环节"), text("剩余团队"), text("本环节淘汰")}, func(*sheetWriter) [][]any {
			var out [][]any
			for _, s := range d.Funnel {
				out = append(out, []any{text(s.Step), s.Remaining, s.Eliminated})
			}
			return out
		}},
		{"近期节点", []any{text("类型"), text("榜单编号"), text("榜单"), text("阶段"), text("时间")}, func(*sheetWriter) [][]any {
			var out [][]any
			for _, x := range d.Deadlines {
				out = append(out, []any{text(x.Kind), x.ChallengeID, text(x.Title), x.Stage, text(datefmt.DeadlineStamp(x.At))})
			}
			return out
		}},
	}
	for i, s := range sheets {
		w, err := newSheet(f, s.name, i == 0, style, 14, 30, 14, 16, 16, 16)
		if err != nil {
			return nil, err
		}
		if err := w.put(s.header...); err != nil {
			return nil, err
		}
		for _, r := range s.rows(w) {
			if err := w.put(r...); err != nil {
				return nil, err
			}
		}
		if err := w.sw.Flush(); err != nil {
			return nil, err
		}
	}
	if d.Filter.Year != 0 || d.Filter.Field != "" {
		_ = f.SetDocProps(&excelize.DocProperties{Title: fmt.Sprintf("项目总览 %d %s", d.Filter.Year, d.Filter.Field)})
	}
	return f, nil
}
