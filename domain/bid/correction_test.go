package bid_test

import (
	"errors"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/bid"
	"jiebang/domain/calendar"
)

func TestValidateCorrection(t *testing.T) {
	atts := []bid.AttachmentRef{{ID: 11}, {ID: 12}}
	ok := bid.CorrectionInput{Defects: []bid.Defect{{Field: " budget ", What: " 缺少明细 "}, {AttachmentID: 12, What: "未盖章"},
		{Field: "attachments", What: "缺少合作协议"}, {Field: "attachments", What: "缺少查新报告"}}}
	ds, err := bid.ValidateCorrection(ok, atts)
	if err != nil || ds[0].Field != "budget" || ds[0].What != "缺少明细" {
		t.Fatalf("valid request: %v %+v", err, ds)
	}
	for name, in := range map[string]bid.CorrectionInput{
		"none":         {},
		"unknown":      {Defects: []bid.Defect{{Field: "colour", What: "x"}}},
		"no what":      {Defects: []bid.Defect{{Field: "budget"}}},
		"no target":    {Defects: []bid.Defect{{What: "x"}}},
		"both":         {Defects: []bid.Defect{{Field: "budget", AttachmentID: 11, What: "x"}}},
		"foreign file": {Defects: []bid.Defect{{AttachmentID: 99, What: "x"}}},
		"twice":        {Defects: []bid.Defect{{Field: "plan", What: "x"}, {Field: "plan", What: "y"}}},
		"file twice":   {Defects: []bid.Defect{{AttachmentID: 11, What: "x"}, {AttachmentID: 11, What: "y"}}},
	} {
		var ve *domain.ValidationError
		if _, err := bid.ValidateCorrection(in, atts); !errors.As(err, &ve) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestCorrectionDue(t *testing.T) {
	days := calendar.Days{} // weekends only
	add := func(from time.Time, n int) (time.Time, error) { return days.AddWorkdays(from, n), nil }
	// Friday 2026-12-04 15:00 China time: five working days end on Friday 2026-12-11 at 24:00.
	now := time.Date(2026, 12, 4, 15, 0, 0, 0, calendar.China)
	due, err := bid.CorrectionDue("", now, add)
	if want := time.Date(2026, 12, 12, 0, 0, 0, 0, calendar.China); err != nil || !due.Equal(want) {
		t.Fatalf("default due %v %v, want %v", due, err, want)
	}
	due, err = bid.CorrectionDue("2026-12-05", now, add)
	if want := time.Date(2026, 12, 6, 0, 0, 0, 0, calendar.China); err != nil || !due.Equal(want) {
		t.Fatalf("explicit due %v %v", due, err)
	}
	for _, d := range []string{"2026-12-04", "2026-12-01", "12/05/2026"} {
		if _, err := bid.CorrectionDue(d, now, add); err == nil {
			t.Errorf("due %s accepted", d)
		}
	}
}

func TestCorrectionAllowsOnlyNamedChanges(t *testing.T) {
	a := bid.AllowedBy([]bid.Defect{{Field: "budget", What: "x"}, {AttachmentID: 11, What: "y"}})
	budget := []bid.BudgetItem{{Item: "设备费", AmountFen: 1}}
	approach := "新路线"
	if err := a.CheckPatchAllowed(bid.Patch{Budget: &budget}); err != nil {
		t.Errorf("named field refused: %v", err)
	}
	err := a.CheckPatchAllowed(bid.Patch{Budget: &budget, Approach: &approach})
	if domain.CodeOf(err) != "outside_correction" || !errors.Is(err, domain.ErrUnprocessable) {
		t.Errorf("unnamed field: %v", err)
	}
	requested := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	before, after := requested.Add(-time.Hour), requested.Add(time.Hour)
	base := bid.Version{Version: 1, Content: completeContent(), Attachments: []bid.AttachmentRef{{ID: 11}, {ID: 12}}}
	c := completeContent()
	c.Budget = budget
	cases := []struct {
		name    string
		content bid.Content
		atts    []bid.Attachment
		ok      bool
	}{
		{"budget and the named file replaced", c, []bid.Attachment{{ID: 12, UploadedAt: before}, {ID: 13, UploadedAt: after}}, true},
		{"unchanged", base.Content, []bid.Attachment{{ID: 11, UploadedAt: before}, {ID: 12, UploadedAt: before}}, true},
		{"approach changed", func() bid.Content { x := c; x.Approach = "别的"; return x }(), []bid.Attachment{{ID: 11}, {ID: 12}}, false},
		{"unnamed file removed", c, []bid.Attachment{{ID: 11, UploadedAt: before}}, false},
		{"two new files", c, []bid.Attachment{{ID: 12}, {ID: 13, UploadedAt: after}, {ID: 14, UploadedAt: after}}, false},
		{"old unsubmitted file", c, []bid.Attachment{{ID: 11}, {ID: 12}, {ID: 10, UploadedAt: before}}, false},
	}
	for _, x := range cases {
		err := a.CheckResubmission(base, x.content, x.atts, requested)
		if (err == nil) != x.ok {
			t.Errorf("%s: %v", x.name, err)
		}
	}
	if f := bid.ChangedFields(base.Content, c); len(f) != 1 || f[0] != "budget" {
		t.Errorf("changed fields %v", f)
	}
}

func TestCorrectionOpenUntilDue(t *testing.T) {
	due := time.Date(2026, 12, 12, 0, 0, 0, 0, calendar.China)
	c := bid.Correction{Status: bid.CorrectionOpen, DueAt: due}
	if err := bid.CheckCorrectionOpen(c, due.Add(-time.Second)); err != nil {
		t.Errorf("before due: %v", err)
	}
	if err := bid.CheckCorrectionOpen(c, due); domain.CodeOf(err) != "correction_overdue" {
		t.Errorf("at due: %v", err)
	}
	c.Status = bid.CorrectionCorrected
	if err := bid.CheckCorrectionOpen(c, due.Add(-time.Hour)); domain.CodeOf(err) != "no_correction" {
		t.Errorf("closed: %v", err)
	}
}
