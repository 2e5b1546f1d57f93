package review

import (
	"errors"
	"strings"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/bid"
)

func TestIdentityCriteria(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{"团队实力": true, "研究基础": true, "承担单位资质": true, "项目负责人水平": true,
		"前期业绩": true, "技术方案": false, "可行性与计划": false, "预算合理性": false, "指标可量化": false} {
		if got := IdentityCriterion(name); got != want {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
	if got := IdentityCriteria(DefaultRubric(KindBidReview)); len(got) != 1 || got[0] != "团队实力" {
		t.Errorf("the default bid rubric marks %v", got)
	}
	no := false
	if c := NewCriterion("团队协作安排", 10, &no); c.NeedsIdentity {
		t.Error("an explicit needs_identity false is the bureau's call")
	}
	if c := NewCriterion("创新性", 10, nil); c.NeedsIdentity {
		t.Error("创新性 does not need the team")
	}
}

func TestDoubleBlindSettings(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	later := now.Add(72 * time.Hour)
	on := true
	base := Settings{Kind: KindBidReview, Deadline: &later, DoubleBlind: &on}.WithDefaults()
	err := base.Validate(now)
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != "rubric_needs_identity" || !strings.Contains(de.Zh, "团队实力") || !strings.Contains(de.En, "团队实力") {
		t.Fatalf("the default bid rubric judges the team: %v", err)
	}
	ok := base
	ok.Rubric = []Criterion{{"技术方案", 60, false}, {"可行性与计划", 40, false}}
	if err := ok.Validate(now); err != nil {
		t.Fatalf("a rubric of the proposal only: %v", err)
	}
	for kind, code := range map[Kind]string{KindStageReview: "double_blind_stage", KindAcceptance: "double_blind_stage", KindValidation: "double_blind_bid_only"} {
		s := ok
		s.Kind, s.Stage = kind, 1
		if err := s.Validate(now); domain.CodeOf(err) != code {
			t.Errorf("%s: %v, want %s", kind, err, code)
		}
	}
}

func TestBlindLabels(t *testing.T) {
	t.Parallel()
	if BlindLabel(0) != "方案A" || BlindLabel(25) != "方案Z" || BlindLabel(26) != "方案AA" || BlindLabel(27) != "方案AB" {
		t.Fatal(BlindLabel(0), BlindLabel(25), BlindLabel(26), BlindLabel(27))
	}
	items := make([]Item, 30)
	labelBlind(items, 42)
	seen := map[string]bool{}
	for _, it := range items {
		if !strings.HasPrefix(it.BlindLabel, "方案") || seen[it.BlindLabel] {
			t.Fatalf("labels %v", items)
		}
		seen[it.BlindLabel] = true
	}
	if BlindFilename(2, "清华大学_技术方案.PDF") != "附件2.pdf" || BlindFilename(1, "张三的简历") != "附件1" || BlindFilename(3, "a.tar.gz?x") != "附件3" {
		t.Fatal(BlindFilename(2, "清华大学_技术方案.PDF"), BlindFilename(1, "张三的简历"), BlindFilename(3, "a.tar.gz?x"))
	}
}

func TestBlindVersion(t *testing.T) {
	t.Parallel()
	c := bid.Content{PI: bid.PI{Name: "王教授", Email: "Wang@Lab.edu.cn"},
		Partners: []bid.Partner{{OrgName: "东湖材料公司", CreditCode: "91420100MA4KXXXX1X", Role: "中试", SharePct: 30}},
		Members:  []bid.Member{{Name: "李工", Role: "工艺"}},
		Approach: "依托江城大学与东湖材料公司的平台，由王教授牵头；联系 wang@lab.edu.cn。代码 91420100ma4kxxxx1x",
		Plan:     []bid.StagePlan{{Stage: 1, KPITargets: map[string]float64{"效率": 20}, Deliverables: "李工负责样机"}},
		Budget:   []bid.BudgetItem{{Item: "江城大学测试费", AmountFen: 100}}}
	atts := []bid.AttachmentRef{{ID: 7, Filename: "江城大学-方案.pdf", Size: 10, ContentType: "application/pdf", SHA256: "abc"}}
	raw, digest, err := bid.Canonical(3, 11, c, atts)
	if err != nil {
		t.Fatal(err)
	}
	v := bid.Version{BidID: 5, Version: 2, Digest: digest, Canonical: raw, Content: c, Attachments: atts}
	got, err := blindVersion(v, Parties{OrgName: "江城大学", CreditCodes: []string{"91420100ENTERPRISE", "12420000LEADCODE00"},
		PI: Person{Name: "王教授", Email: "wang@lab.edu.cn"}})
	if err != nil {
		t.Fatal(err)
	}
	text := string(got.Canonical)
	for _, s := range []string{"江城大学", "王教授", "wang@lab", "Wang@Lab", "东湖材料公司", "91420100", "李工", "abc", "lead_org_id", digest} {
		if strings.Contains(strings.ToLower(text), strings.ToLower(s)) {
			t.Errorf("%q left in %s", s, text)
		}
	}
	for _, s := range []string{"附件1.pdf", "合作单位1", "成员1", "中试", "工艺", Redacted, "效率"} {
		if !strings.Contains(text, s) {
			t.Errorf("%q missing from %s", s, text)
		}
	}
	if got.Digest != "" || got.BidID != 0 || got.Version != 2 {
		t.Errorf("version %+v", got)
	}
}
