package challenge

import (
	"reflect"
	"testing"
	"time"

	"jiebang/domain"
)

func TestDefaultStages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		duration int
		want     []Stage
	}{
		{0, nil},
		{1, []Stage{{Name: StageFinal, OffsetMonths: 1, FundingSharePct: 30, MinScore: 60}}},
		{2, []Stage{{Name: StageMidterm, OffsetMonths: 1, FundingSharePct: 30, MinScore: 60}, {Name: StageFinal, OffsetMonths: 2, FundingSharePct: 30, MinScore: 60}}},
		{15, []Stage{{Name: StageMidterm, OffsetMonths: 8, FundingSharePct: 30, MinScore: 60}, {Name: StageFinal, OffsetMonths: 15, FundingSharePct: 30, MinScore: 60}}},
		{24, []Stage{{Name: StageMidterm, OffsetMonths: 12, FundingSharePct: 30, MinScore: 60}, {Name: StageFinal, OffsetMonths: 24, FundingSharePct: 30, MinScore: 60}}},
	}
	for _, tt := range tests {
		if got := DefaultStages(tt.duration); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("DefaultStages(%d) = %+v, want %+v", tt.duration, got, tt.want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestPatchApply(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		start Challenge
		p     Patch
		check func(t *testing.T, c Challenge)
	}{
		{"new draft defaults to single mode with one racer", Challenge{}, Patch{Title: ptr("标题")}, func(t *testing.T, c Challenge) {
			if c.Mode != ModeSingle || c.MaxRacers != 1 || c.Title != "标题" || c.Stages != nil {
				t.Errorf("got %+v", c)
			}
		}},
		{"race defaults to three racers", Challenge{}, Patch{Mode: ptr(ModeRace)}, func(t *testing.T, c Challenge) {
			if c.MaxRacers != DefaultMaxRacers {
				t.Errorf("max racers %d", c.MaxRacers)
			}
		}},
		{"race keeps the given racers", Challenge{}, Patch{Mode: ptr(ModeRace), MaxRacers: ptr(5)}, func(t *testing.T, c Challenge) {
			if c.MaxRacers != 5 {
				t.Errorf("max racers %d", c.MaxRacers)
			}
		}},
		{"single forces one racer", Challenge{Mode: ModeRace, MaxRacers: 4}, Patch{Mode: ptr(ModeSingle), MaxRacers: ptr(4)}, func(t *testing.T, c Challenge) {
			if c.MaxRacers != 1 {
				t.Errorf("max racers %d", c.MaxRacers)
			}
		}},
		{"duration brings the default plan", Challenge{}, Patch{DurationMonths: ptr(18)}, func(t *testing.T, c Challenge) {
			if !reflect.DeepEqual(c.Stages, DefaultStages(18)) {
				t.Errorf("stages %+v", c.Stages)
			}
		}},
		{"new duration moves the default plan", Challenge{DurationMonths: 18, Stages: DefaultStages(18)}, Patch{DurationMonths: ptr(36)}, func(t *testing.T, c Challenge) {
			if !reflect.DeepEqual(c.Stages, DefaultStages(36)) {
				t.Errorf("stages %+v", c.Stages)
			}
		}},
		{"new duration keeps a custom plan", Challenge{DurationMonths: 18, Stages: []Stage{{Name: "一", OffsetMonths: 6, MinScore: 70}}},
			Patch{DurationMonths: ptr(36)}, func(t *testing.T, c Challenge) {
				if len(c.Stages) != 1 || c.Stages[0].Name != "一" {
					t.Errorf("stages %+v", c.Stages)
				}
			}},
		{"empty stages ask for the default", Challenge{DurationMonths: 12, Stages: []Stage{{Name: "一", OffsetMonths: 6}}},
			Patch{Stages: &[]StageInput{}}, func(t *testing.T, c Challenge) {
				if !reflect.DeepEqual(c.Stages, DefaultStages(12)) {
					t.Errorf("stages %+v", c.Stages)
				}
			}},
		{"stage defaults", Challenge{}, Patch{Stages: &[]StageInput{{Name: "一", OffsetMonths: 3, FundingSharePct: 10}, {Name: "二", OffsetMonths: 6, KeepTop: ptr(1), MinScore: ptr(75)}}},
			func(t *testing.T, c Challenge) {
				want := []Stage{{Name: "一", OffsetMonths: 3, FundingSharePct: 10, MinScore: 60}, {Name: "二", OffsetMonths: 6, KeepTop: ptr(1), MinScore: 75}}
				if !reflect.DeepEqual(c.Stages, want) {
					t.Errorf("stages %+v", c.Stages)
				}
			}},
		{"kpi target given or not", Challenge{}, Patch{KPIs: &[]KPIInput{{Name: "a", Target: ptr(0.0)}, {Name: "b"}}}, func(t *testing.T, c Challenge) {
			if c.KPIs[0].NoTarget || c.KPIs[0].Target != 0 || !c.KPIs[1].NoTarget {
				t.Errorf("kpis %+v", c.KPIs)
			}
		}},
		{"unset fields stay", Challenge{Title: "旧", BudgetFen: 7}, Patch{Problem: ptr("新难题")}, func(t *testing.T, c Challenge) {
			if c.Title != "旧" || c.BudgetFen != 7 || c.Problem != "新难题" {
				t.Errorf("got %+v", c)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.start
			tt.p.apply(&c)
			tt.check(t, c)
		})
	}
}

func TestListQueryFilter(t *testing.T) {
	t.Parallel()
	public := domain.Actor{}
	ent := domain.Actor{UserID: 1, Role: domain.RoleEnterprise, OrgID: 7}
	bureau := domain.Actor{UserID: 2, Role: domain.RoleBureau}
	tests := []struct {
		name  string
		actor domain.Actor
		q     ListQuery
		want  Filter
		code  string
	}{
		{"public sees the board", public, ListQuery{}, Filter{PublicOnly: true}, ""},
		{"enterprise without scope sees the board", ent, ListQuery{Status: "published"}, Filter{Status: StatusPublished, PublicOnly: true}, ""},
		{"enterprise mine", ent, ListQuery{Scope: ScopeMine}, Filter{OrgID: 7}, ""},
		{"bureau sees all", bureau, ListQuery{Status: "submitted", Q: " 电机 "}, Filter{Status: StatusSubmitted, Q: "电机"}, ""},
		{"bureau mine is not an enterprise's", bureau, ListQuery{Scope: ScopeMine}, Filter{}, "forbidden"},
		{"team of an org mine", domain.Actor{UserID: 9, Role: domain.RoleTeam, OrgID: 7}, ListQuery{Scope: ScopeMine}, Filter{}, "forbidden"},
		{"expert of an org mine", domain.Actor{UserID: 9, Role: domain.RoleExpert, OrgID: 7}, ListQuery{Scope: ScopeMine}, Filter{}, "forbidden"},
		{"pending enterprise mine has no org", domain.Actor{UserID: 9, Role: domain.RoleEnterprise}, ListQuery{Scope: ScopeMine}, Filter{}, "invalid_query"},
		{"anonymous mine", public, ListQuery{Scope: ScopeMine}, Filter{}, "unauthenticated"},
		{"unknown status", public, ListQuery{Status: "open"}, Filter{}, "invalid_query"},
		{"unknown mode", public, ListQuery{Mode: "relay"}, Filter{}, "invalid_query"},
		{"unknown scope", public, ListQuery{Scope: "theirs"}, Filter{}, "invalid_query"},
		{"NUL in search text", public, ListQuery{Q: "电机\x00"}, Filter{}, "invalid_query"},
		{"invalid UTF-8 in search text", public, ListQuery{Q: "\xff电机"}, Filter{}, "invalid_query"},
	}
	for _, tt := range tests {
		got, err := tt.q.filter(tt.actor)
		if code := domain.CodeOf(err); code != tt.code {
			t.Errorf("%s: code %q, want %q", tt.name, code, tt.code)
			continue
		}
		if tt.code == "" && got != tt.want {
			t.Errorf("%s: filter %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestVisibility(t *testing.T) {
	t.Parallel()
	owner := domain.Actor{UserID: 1, Role: domain.RoleEnterprise, OrgID: 7}
	colleague := domain.Actor{UserID: 2, Role: domain.RoleTeam, OrgID: 7}
	expertColleague := domain.Actor{UserID: 6, Role: domain.RoleExpert, OrgID: 7}
	other := domain.Actor{UserID: 3, Role: domain.RoleEnterprise, OrgID: 8}
	bureau := domain.Actor{UserID: 4, Role: domain.RoleBureau}
	admin := domain.Actor{UserID: 5, Role: domain.RoleAdmin}
	draft := Challenge{OrgID: 7, Status: StatusDraft}
	published := Challenge{OrgID: 7, Status: StatusPublished, PublishedAt: ptr(time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC))}
	tests := []struct {
		name             string
		actor            domain.Actor
		c                Challenge
		read, all, write bool
	}{
		{"owner draft", owner, draft, true, true, true},
		{"team colleague draft", colleague, draft, false, false, false},
		{"expert colleague draft", expertColleague, draft, false, false, false},
		{"team colleague published", colleague, published, true, false, false},
		{"other draft", other, draft, false, false, false},
		{"bureau draft", bureau, draft, true, true, false},
		{"admin draft", admin, draft, false, false, false},
		{"public draft", domain.Actor{}, draft, false, false, false},
		{"public published", domain.Actor{}, published, true, false, false},
		{"other published", other, published, true, false, false},
	}
	for _, tt := range tests {
		if canRead(tt.actor, tt.c) != tt.read || seesAll(tt.actor, tt.c) != tt.all || isOwner(tt.actor, tt.c) != tt.write {
			t.Errorf("%s: read %v all %v write %v", tt.name, canRead(tt.actor, tt.c), seesAll(tt.actor, tt.c), isOwner(tt.actor, tt.c))
		}
	}
}

func TestPublicHistory(t *testing.T) {
	t.Parallel()
	h := []HistoryEntry{
		{Action: ActionCreate}, {Action: ActionSubmit}, {Action: ActionReturn, Opinion: "补充指标"},
		{Action: ActionSubmit}, {Action: ActionApprove, Opinion: "同意"}, {Action: ActionPublish},
		{Action: ActionCancel, Opinion: "企业撤回需求"},
	}
	got := publicHistory(h)
	if len(got) != 2 || got[0].Action != ActionPublish || got[1].Action != ActionCancel || got[1].Opinion != "" {
		t.Errorf("public history %+v", got)
	}
	if len(publicHistory(h[:5])) != 0 {
		t.Error("history before publication must not be public")
	}
}
