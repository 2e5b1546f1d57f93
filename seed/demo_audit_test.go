package seed

import (
	"context"
	"maps"
	"slices"
	"testing"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// TestDemoRegisterAndDecidedStage walks two officer pages on the demo: every event of the demo's audit trail
// has a Chinese and English name in the register's catalogue, and the decided midterm of the race in progress
// shows the decision's own racers (the eliminated one too) and the proposal as it stood then, not one
// recomputed over the racers still racing (which proposed eliminating a racer the decision advanced).
func TestDemoRegisterAndDecidedStage(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		a, err := newTestApp(quietConfig(t, nil), db)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.SeedDemo(ctx); err != nil {
			t.Fatal(err)
		}
		var pairs []struct{ Entity, Action string }
		if err := db.Writer.Raw("SELECT DISTINCT entity, action FROM audit_entries").Scan(&pairs).Error; err != nil {
			t.Fatal(err)
		}
		if len(pairs) < 20 {
			t.Fatalf("the demo's audit trail has %d kinds of event", len(pairs))
		}
		for _, p := range pairs {
			if !audit.KnownAction(p.Entity, p.Action) {
				t.Errorf("the catalogue does not name %s.%s", p.Entity, p.Action)
			}
		}

		// Every field the register shows as "field: before → after" has a Chinese and an English name.
		var summaries []struct{ Before, After string }
		if err := db.Writer.Raw("SELECT before, after FROM audit_entries").Scan(&summaries).Error; err != nil {
			t.Fatal(err)
		}
		unnamed := map[string]bool{}
		for _, e := range summaries {
			for _, c := range audit.Changes(e.Before, e.After) {
				if c.Field != "" && audit.FieldLabel(c.Field).Zh == c.Field {
					unnamed[c.Field] = true
				}
			}
		}
		if len(unnamed) > 0 {
			t.Errorf("the register shows these fields of the demo's audit trail by their keys: %v", slices.Sorted(maps.Keys(unnamed)))
		}

		boss := domain.Actor{UserID: 1, Role: domain.RoleBureau}
		running, err := a.Challenges.List(ctx, domain.Actor{}, challenge.ListQuery{Status: string(challenge.StatusInProgress)}, domain.Page{Page: 1, PageSize: 10})
		if err != nil || running.Total != 1 {
			t.Fatalf("in progress: %+v %v", running, err)
		}
		v, err := a.Race.StageDecision(ctx, boss, running.Items[0].ID, 1)
		if err != nil || v.Decided == nil {
			t.Fatalf("stage 1: %+v %v", v, err)
		}
		d := *v.Decided
		if len(v.Racers) != len(d.Advance)+len(d.Eliminate)+len(d.Rectify) || len(v.Racers) != 4 {
			t.Errorf("the decided stage shows the racers it took: %v (decision %+v)", v.Racers, d)
		}
		// the kept racers: advanced, and kept under rectification (限期整改)
		adv := slices.Clone(d.Advance)
		for _, x := range d.Rectify {
			adv = append(adv, x.RacerID)
		}
		slices.Sort(adv)
		prop := slices.Clone(v.Advance)
		slices.Sort(prop)
		if !slices.Equal(adv, prop) || len(v.Eliminate) != 1 || v.Eliminate[0] != d.Eliminate[0].RacerID {
			t.Errorf("the proposal as it stood: advance %v eliminate %v; the decision advanced %v", v.Advance, v.Eliminate, d.Advance)
		}
		if len(v.Actions) != 0 {
			t.Errorf("a decided stage offers nothing: %v", v.Actions)
		}
	})
}
