package audit

import (
	"reflect"
	"testing"
)

func TestChanges(t *testing.T) {
	cases := []struct {
		name          string
		before, after string
		want          []Change
	}{
		{"nothing", "", "", nil},
		{"status first, unchanged fields dropped", `{"title":"A","status":"draft","stages":2}`, `{"status":"submitted","title":"A","stages":3}`,
			[]Change{{"status", "draft", "submitted"}, {"stages", "2", "3"}}},
		{"created", "", `{"reason":"材料齐全","eligible":true}`, []Change{{"eligible", "", "✓"}, {"reason", "", "材料齐全"}}},
		{"removed field", `{"a":1,"b":[1,2]}`, `{"a":1}`, []Change{{"b", "1、2", ""}}},
		{"nested stays JSON", "", `{"rubric":[{"name":"x","weight":100}]}`, []Change{{"rubric", "", `[{"name":"x","weight":100}]`}}},
		{"not an object", "", `"plain text"`, []Change{{"", "", "plain text"}}},
		{"nothing set is no change", "", `{"until":null,"org_id":0,"disabled":false,"fields":[],"name":"张三"}`, []Change{{"name", "", "张三"}}},
		{"cleared to nothing is a change", `{"reason":"材料齐全"}`, `{"reason":""}`, []Change{{"reason", "材料齐全", ""}}},
	}
	for _, c := range cases {
		got := Changes(c.before, c.after)
		if len(got) == 0 && len(c.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestActionLabel(t *testing.T) {
	for _, c := range []struct{ entity, action, zh string }{
		{"bid", "submit", "提交申报"},
		{"challenge", "submit", "提交榜单论证"},
		{"user", "refresh", "刷新登录令牌"},
		{"setting", "rubric_update:bid_review", "修改评分细则模板（bid_review）"},
		{"nothing", "unknown_thing", "unknown_thing"},
	} {
		if got := ActionLabel(c.entity, c.action).Zh; got != c.zh {
			t.Errorf("%s.%s: %q, want %q", c.entity, c.action, got, c.zh)
		}
	}
	for _, o := range Catalogue() {
		if o.Zh == "" || o.En == "" || o.Zh == o.Action {
			t.Errorf("catalogue entry %s.%s unnamed: %+v", o.Entity, o.Action, o.Label)
		}
	}
}
