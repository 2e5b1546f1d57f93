package api

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"jiebang/domain/calendar"
	"jiebang/domain/funding"
)

// sheetWriter streams rows into one sheet (excelize StreamWriter: rows go to a temporary file, not memory).
type sheetWriter struct {
	sw       *excelize.StreamWriter
	row      int
	wanStyle int // style of amounts in 万元, two decimals
}

// text keeps user text as a string cell: a note starting with "=" stays text and is never a formula.
func text(s string) excelize.Cell { return excelize.Cell{Value: s} }

// wan converts fen to a 万元 number cell shown with two decimals; the cell holds the exact amount (a sum of
// cells equals the ledger's), only its display is rounded.
func (w *sheetWriter) wan(fen int64) excelize.Cell {
	return excelize.Cell{StyleID: w.wanStyle, Value: float64(fen) / 1e6}
}

func (w *sheetWriter) put(vals ...any) error {
	w.row++
	cell, err := excelize.CoordinatesToCellName(1, w.row)
	if err != nil {
		return err
	}
	return w.sw.SetRow(cell, vals)
}

func newSheet(f *excelize.File, name string, first bool, wanStyle int, widths ...float64) (*sheetWriter, error) {
	if first {
		if err := f.SetSheetName("Sheet1", name); err != nil {
			return nil, err
		}
	} else if _, err := f.NewSheet(name); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	return &sheetWriter{sw: sw, wanStyle: wanStyle}, nil
}

// ledgerWorkbook lays out one challenge's ledger: a summary per racer and source, every decision and every
// disbursement, amounts in 万元 with two decimals.
func ledgerWorkbook(l funding.Ledger) (*excelize.File, error) {
	f := excelize.NewFile()
	fmtWan := "0.00"
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtWan})
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, r := range l.Racers {
		names[r.Racer.ID] = r.Racer.OrgName
	}
	// Summary.
	w, err := newSheet(f, "汇总", true, style, 28, 16, 16, 16, 16, 16, 16, 16)
	if err != nil {
		return nil, err
	}
	ch := l.Challenge
	rows := [][]any{
		{text("榜单"), text(fmt.Sprintf("#%d %s", ch.ID, ch.Title))},
		{text("政府资助上限（万元）"), w.wan(l.CapFen)},
		{text("政府资金已决定（万元）"), w.wan(l.Gov.DecidedFen)},
		{text("政府资金已拨付（万元）"), w.wan(l.Gov.DisbursedFen)},
		{text("尚可决定（万元）"), w.wan(max(l.CapFen-l.Gov.DecidedFen, 0))},
		{text("应退回（万元）"), w.wan(l.Refund.DueFen)},
		{text("已退回（万元）"), w.wan(l.Refund.ReceivedFen)},
		{},
		{text("参赛团队"), text("状态"), text("政府资金决定（万元）"), text("政府资金拨付（万元）"),
			text("企业配套到位（万元）"), text("企业配套拨付（万元）"), text("自筹（万元）"), text("自筹拨付（万元）"),
			text("终止/撤销"), text("应退回（万元）"), text("已退回（万元）")},
	}
	for _, r := range rows {
		if err := w.put(r...); err != nil {
			return nil, err
		}
	}
	for _, r := range l.Racers {
		b := r.BySource
		if err := w.put(text(fmt.Sprintf("#%d %s", r.Racer.ID, r.Racer.OrgName)), text(r.Racer.Status),
			w.wan(b[funding.SourceGovernment].DecidedFen), w.wan(b[funding.SourceGovernment].DisbursedFen),
			w.wan(b[funding.SourceEnterprise].DecidedFen), w.wan(b[funding.SourceEnterprise].DisbursedFen),
			w.wan(b[funding.SourceSelf].DecidedFen), w.wan(b[funding.SourceSelf].DisbursedFen),
			text(endingLabel(l.Endings[r.Racer.ID].Kind)), w.wan(l.RefundsByRacer[r.Racer.ID].DueFen),
			w.wan(l.RefundsByRacer[r.Racer.ID].ReceivedFen)); err != nil {
			return nil, err
		}
	}
	if err := w.sw.Flush(); err != nil {
		return nil, err
	}
	// Decisions.
	if w, err = newSheet(f, "资助决定", false, style, 8, 24, 14, 12, 14, 24, 30, 14, 20, 10, 10); err != nil {
		return nil, err
	}
	if err := w.put(text("编号"), text("参赛团队"), text("批次"), text("来源"), text("金额（万元）"), text("依据"),
		text("备注"), text("决定人"), text("决定时间"), text("冲销记录"), text("被冲销于")); err != nil {
		return nil, err
	}
	for _, d := range l.Decisions {
		rev, by := "", ""
		if d.ReversesID != nil {
			rev = fmt.Sprint(*d.ReversesID)
		}
		if d.ReversedByID != nil {
			by = fmt.Sprint(*d.ReversedByID)
		}
		if err := w.put(d.ID, text(names[d.RacerID]), text(funding.TrancheLabel(d.Tranche)), text(funding.SourceLabel(d.Source)),
			w.wan(d.AmountFen), text(d.Basis), text(d.Note), text(d.DecidedByName),
			text(d.DecidedAt.In(calendar.China).Format("2006-01-02 15:04")), text(rev), text(by)); err != nil {
			return nil, err
		}
	}
	if err := w.sw.Flush(); err != nil {
		return nil, err
	}
	// Disbursements.
	if w, err = newSheet(f, "拨付记录", false, style, 8, 24, 10, 12, 14, 12, 24, 14); err != nil {
		return nil, err
	}
	if err := w.put(text("编号"), text("参赛团队"), text("决定编号"), text("来源"), text("金额（万元）"), text("拨付日期"),
		text("凭证号"), text("经办人")); err != nil {
		return nil, err
	}
	for _, p := range l.Disbursements {
		if err := w.put(p.ID, text(names[p.RacerID]), p.DecisionID, text(funding.SourceLabel(p.Source)), w.wan(p.AmountFen),
			text(p.PaidOn), text(p.Reference), text(p.RecordedName)); err != nil {
			return nil, err
		}
	}
	if err := w.sw.Flush(); err != nil {
		return nil, err
	}
	// Refunds: due (negative when accepted expenses lower it) and received, append-only.
	if w, err = newSheet(f, "退款", false, style, 8, 24, 10, 14, 12, 24, 20, 14); err != nil {
		return nil, err
	}
	if err := w.put(text("编号"), text("参赛团队"), text("类型"), text("金额（万元）"), text("到账日期"), text("凭证号"),
		text("备注"), text("经办人")); err != nil {
		return nil, err
	}
	for _, r := range l.Refunds {
		kind := "应退回"
		if r.Kind == funding.RefundReceived {
			kind = "已退回"
		}
		if err := w.put(r.ID, text(names[r.RacerID]), text(kind), w.wan(r.AmountFen), text(r.ReceivedOn), text(r.Reference),
			text(r.Note), text(r.RecordedName)); err != nil {
			return nil, err
		}
	}
	return f, w.sw.Flush()
}

func endingLabel(kind string) string {
	switch kind {
	case funding.EndTerminate:
		return "终止"
	case funding.EndRevoke:
		return "撤销"
	}
	return ""
}
