package api

import (
	"bytes"
	_ "embed"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/go-pdf/fpdf"

	"jiebang/domain/calendar"
	"jiebang/domain/funding"
	"jiebang/domain/taskbook"
)

// cjkFont is AR PL SungtiL GB (gbsn00lp.ttf, Debian's fonts-arphic-gbsn00lp), under the Arphic Public Licence
// (fonts/ARPHICPL.TXT, which must travel with it): a CJK TrueType font whose digits and Latin letters render
// too (DroidSansFallback's digits come out as boxes).
//
//go:embed fonts/gbsn00lp.ttf
var cjkFont []byte

var slotNames = map[taskbook.SlotRole]string{taskbook.SlotPI: "挂帅人", taskbook.SlotLead: "牵头单位",
	taskbook.SlotPartner: "联合体成员单位", taskbook.SlotOwner: "发榜企业", taskbook.SlotBureau: "科技局"}

var trancheConditions = map[string]string{"all_signed": "任务书全部签署后", "stage_kept": "阶段决定保留该团队后", "accepted": "验收通过后"}

func trancheName(key string) string {
	switch {
	case key == funding.TrancheStartup:
		return "启动资金"
	case key == funding.TrancheFinalAward:
		return "最终奖励"
	case strings.HasPrefix(key, "stage-"):
		return "第 " + strings.TrimPrefix(key, "stage-") + " 阶段资金"
	}
	return key
}

// taskbookPDF renders the view's version (content, signatures, digest) as an A4 PDF in Chinese.
func taskbookPDF(v taskbook.View) ([]byte, error) {
	c := v.Version.Content
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(v.Version.CreatedAt)
	pdf.SetModificationDate(v.Version.CreatedAt)
	pdf.AddUTF8FontFromBytes("cjk", "", cjkFont)
	pdf.SetTitle(fmt.Sprintf("任务书 %s v%d", c.Title, c.Version), true)
	pdf.SetSubject("sha256:"+v.Version.Digest, false)
	pdf.SetKeywords("sha256:"+v.Version.Digest, false)
	pdf.SetMargins(18, 18, 18)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AddPage()
	w := 174.0
	heading := func(s string) {
		pdf.Ln(3)
		pdf.SetFont("cjk", "", 13)
		pdf.MultiCell(w, 7, s, "B", "L", false)
		pdf.SetFont("cjk", "", 10.5)
	}
	line := func(label, value string) {
		pdf.MultiCell(w, 6, label+"："+value, "", "L", false)
	}
	pdf.SetFont("cjk", "", 18)
	title := "揭榜挂帅项目任务书"
	if c.Version > 1 {
		title = "揭榜挂帅项目补充任务书"
	}
	pdf.MultiCell(w, 10, title, "", "C", false)
	pdf.SetFont("cjk", "", 10.5)
	pdf.MultiCell(w, 6, fmt.Sprintf("第 %d 版  ·  生成于 %s", c.Version, calendar.Date(v.Version.CreatedAt)), "", "C", false)
	pdf.SetFont("Courier", "", 8.5)
	pdf.MultiCell(w, 5, "SHA-256: "+v.Version.Digest, "", "C", false)
	pdf.SetFont("cjk", "", 10.5)

	heading("一、项目基本信息")
	line("榜单名称", c.Title)
	line("牵头单位", c.LeadOrg.OrgName+codeSuffix(c.LeadOrg.CreditCode))
	line("挂帅人", c.PI.Name+"（"+c.PI.Email+"）")
	names := []string{}
	for _, p := range c.Partners {
		names = append(names, p.OrgName+codeSuffix(p.CreditCode))
	}
	if len(names) == 0 {
		names = append(names, "无")
	}
	line("联合体成员单位", strings.Join(names, "；"))
	line("执行期", c.StartOn+" 至 "+c.EndOn)
	line("技术路线", c.Approach)
	line("知识产权约定", c.Terms.IPTerms)
	line("交付物", c.Terms.Deliverables)
	if c.Change != nil {
		line("变更依据", fmt.Sprintf("变更申请 #%d（%s）：%s", c.Change.ID, c.Change.Kind, c.Change.Reason))
	}

	heading("二、考核指标")
	for _, k := range c.KPIs {
		line(k.Name, fmt.Sprintf("%s %s %s（%s）", k.Comparison, kpiNumber(k.Target), k.Unit, k.Method))
	}
	heading("三、阶段计划")
	for _, st := range c.Stages {
		keys := make([]string, 0, len(st.KPITargets))
		for k := range st.KPITargets {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		targets := []string{}
		for _, k := range keys {
			targets = append(targets, fmt.Sprintf("%s %s", k, kpiNumber(st.KPITargets[k])))
		}
		line(fmt.Sprintf("第 %d 阶段 %s", st.Stage, st.Name), fmt.Sprintf("%s 前提交；目标：%s；交付：%s",
			calendar.Date(st.DueAt.Add(-1)), strings.Join(targets, "，"), st.Deliverables))
	}
	heading("四、经费预算")
	for _, b := range c.Budget {
		line(b.Item, funding.Wan(b.AmountFen)+" 万元")
	}
	line("预算合计", funding.Wan(c.BudgetFen)+" 万元")
	line("经费来源", fmt.Sprintf("财政资金（榜单上限）%s 万元；企业配套 %s 万元；自筹 %s 万元",
		funding.Wan(c.Sources.GovernmentFen), funding.Wan(c.Sources.CofundingFen), funding.Wan(c.Sources.SelfFen)))
	heading("五、拨付计划（按榜单财政资金计）")
	for _, t := range c.PaymentPlan {
		line(trancheName(t.Key), fmt.Sprintf("%d%%，%s 万元，%s拨付", t.Pct, funding.Wan(t.AmountFen), trancheConditions[t.Condition]))
	}
	heading("六、签署")
	for _, s := range v.Slots {
		who := slotNames[s.Slot.Role]
		if s.Slot.OrgName != "" {
			who += "（" + s.Slot.OrgName + "）"
		}
		if s.Signature == nil {
			line(who, "待签署")
			continue
		}
		g := s.Signature
		behalf := ""
		if g.OnBehalf {
			behalf = "（代签）"
		}
		line(who, fmt.Sprintf("%s%s 于 %s 签署", g.UserName, behalf, g.SignedAt.In(calendar.China).Format("2006-01-02 15:04")))
	}
	pdf.Ln(2)
	pdf.SetFont("cjk", "", 9)
	pdf.MultiCell(w, 5, "各方签署的是本版本内容的规范 JSON 编码；其 SHA-256 摘要如下，可与平台上的版本记录核对。", "", "L", false)
	pdf.SetFont("Courier", "", 8.5)
	pdf.MultiCell(w, 5, v.Version.Digest, "", "L", false)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("taskbook pdf: %w", err)
	}
	return buf.Bytes(), nil
}

func codeSuffix(code string) string {
	if code == "" {
		return ""
	}
	return "（" + code + "）"
}

func (a *API) getTaskbookPDF(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	v, err := a.d.Taskbook.Get(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, err)
		return
	}
	b, err := taskbookPDF(v)
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="racer-%d-taskbook-v%d.pdf"`, id, v.Version.Number))
	c.Header("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, "application/pdf", b)
}

// kpiNumber writes a KPI value with at most 12 significant digits, as the pages show it: a target typed or
// computed as 0.4 - 0.1 reads 0.3, not 0.30000000000000004.
func kpiNumber(v float64) string { return strconv.FormatFloat(v, 'g', 12, 64) }
