package fsm

import (
	"errors"
	"fmt"
	"testing"

	"jiebang/domain"
)

type state string
type action string
type doc struct{ complete bool }

var errIncomplete = domain.Conflict("incomplete", "不完整", "incomplete")

func machine() *Machine[state, action, doc] {
	owner := []domain.Role{domain.RoleEnterprise}
	return New("doc",
		Edge[state, action, doc]{From: "draft", Action: "submit", To: "submitted", By: owner,
			Guard: func(d doc) error {
				if !d.complete {
					return errIncomplete
				}
				return nil
			}},
		Edge[state, action, doc]{From: "draft", Action: "cancel", To: "cancelled", By: []domain.Role{domain.RoleBureau}},
		Edge[state, action, doc]{From: "submitted", Action: "cancel", To: "cancelled", By: []domain.Role{domain.RoleBureau}},
		Edge[state, action, doc]{From: "submitted", Action: "touch", To: "submitted"},
	)
}

func TestNext(t *testing.T) {
	t.Parallel()
	m := machine()
	cases := []struct {
		name string
		from state
		act  action
		role domain.Role
		d    doc
		to   state
		kind error
		code string
	}{
		{"allowed", "draft", "submit", domain.RoleEnterprise, doc{true}, "submitted", nil, ""},
		{"guard refuses", "draft", "submit", domain.RoleEnterprise, doc{false}, "", domain.ErrConflict, "incomplete"},
		{"wrong role", "draft", "submit", domain.RoleTeam, doc{true}, "", domain.ErrForbidden, "role_not_allowed"},
		{"no edge", "cancelled", "submit", domain.RoleEnterprise, doc{true}, "", domain.ErrInvalidTransition, "invalid_transition"},
		{"unknown action", "draft", "fly", domain.RoleBureau, doc{}, "", domain.ErrInvalidTransition, "invalid_transition"},
		{"any role", "submitted", "touch", domain.RoleTeam, doc{}, "submitted", nil, ""},
		{"bureau cancels", "submitted", "cancel", domain.RoleBureau, doc{}, "cancelled", nil, ""},
	}
	for _, c := range cases {
		to, err := m.Next(c.from, c.act, c.role, c.d)
		if to != c.to {
			t.Errorf("%s: to = %q, want %q", c.name, to, c.to)
		}
		if c.kind == nil && err != nil || c.kind != nil && !errors.Is(err, c.kind) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.kind)
		}
		if domain.CodeOf(err) != c.code {
			t.Errorf("%s: code = %q, want %q", c.name, domain.CodeOf(err), c.code)
		}
	}
}

func TestActionsEdgesTerminal(t *testing.T) {
	t.Parallel()
	m := machine()
	if got := m.Actions("draft", domain.RoleBureau); len(got) != 1 || got[0] != "cancel" {
		t.Errorf("bureau actions from draft = %v", got)
	}
	if got := m.Actions("submitted", domain.RoleTeam); len(got) != 1 || got[0] != "touch" {
		t.Errorf("team actions from submitted = %v", got)
	}
	if !m.Terminal("cancelled") || m.Terminal("draft") {
		t.Error("terminal states wrong")
	}
	if !m.Can("draft", "submit") || m.Can("cancelled", "submit") {
		t.Error("Can wrong")
	}
	if !m.Allows(domain.RoleBureau, "cancel") || m.Allows(domain.RoleTeam, "cancel") {
		t.Error("Allows wrong")
	}
	e := m.Edges()
	e[0].To = "changed"
	if m.Edges()[0].To != "submitted" {
		t.Error("Edges leaks the table")
	}
	if m.Entity() != "doc" {
		t.Error("entity")
	}
}

func TestDuplicateEdgePanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Fatal("no panic on a duplicate edge")
		}
	}()
	New("x", Edge[state, action, doc]{From: "a", Action: "b", To: "c"}, Edge[state, action, doc]{From: "a", Action: "b", To: "d"})
}

func TestLostAndTo(t *testing.T) {
	t.Parallel()
	m := machine()
	err := m.Lost(fmt.Errorf("update doc 3: %w", domain.ErrStale), "draft", "submit")
	if domain.CodeOf(err) != "invalid_transition" || !errors.Is(err, domain.ErrInvalidTransition) {
		t.Fatalf("lost CAS: %v", err)
	}
	other := errors.New("disk full")
	if m.Lost(other, "draft", "submit") != other || m.Lost(nil, "draft", "submit") != nil {
		t.Fatal("Lost changes other errors")
	}
	if to, ok := m.To("draft", "cancel"); !ok || to != "cancelled" {
		t.Fatalf("To = %q %v", to, ok)
	}
	if _, ok := m.To("cancelled", "cancel"); ok {
		t.Fatal("To from a terminal state")
	}
}
