// Package fsm is the one shape of every state machine (challenge, bid, and the rounds, assignments, notices,
// objections and racers that follow): a table of edges (state, action) -> next state with the roles allowed
// and a guard that may look at the entity. Stores apply the result with compare-and-set (UPDATE ... WHERE
// id=? AND status=?; zero rows -> domain.InvalidTransition), and audit entries and events are named after the
// machine's actions.
package fsm

import (
	"errors"
	"fmt"
	"slices"

	"jiebang/domain"
)

// Edge is one allowed state change: from From, Action by one of the roles By (nil: any role) leads to To, if
// Guard (optional) accepts the entity.
type Edge[S ~string, A ~string, E any] struct {
	From   S
	Action A
	To     S
	By     []domain.Role
	Guard  func(e E) error
}

// Machine is a state machine over states S, actions A and entities E.
type Machine[S ~string, A ~string, E any] struct {
	entity string
	edges  []Edge[S, A, E]
	index  map[S]map[A]int
}

// New builds a machine for the entity name used in errors ("challenge", "bid"). Two edges with the same
// (From, Action) are a programming error and panic.
func New[S ~string, A ~string, E any](entity string, edges ...Edge[S, A, E]) *Machine[S, A, E] {
	m := &Machine[S, A, E]{entity: entity, edges: edges, index: map[S]map[A]int{}}
	for i, e := range edges {
		if m.index[e.From] == nil {
			m.index[e.From] = map[A]int{}
		}
		if _, dup := m.index[e.From][e.Action]; dup {
			panic(fmt.Sprintf("fsm %s: two edges for (%s, %s)", entity, e.From, e.Action))
		}
		m.index[e.From][e.Action] = i
	}
	return m
}

// Entity is the name the machine uses in its errors.
func (m *Machine[S, A, E]) Entity() string { return m.entity }

// Next returns the state that action by role leads to from from: domain.InvalidTransition when no edge
// exists, domain.Forbidden("role_not_allowed") when the role may not take it, the guard's error when the
// guard refuses.
func (m *Machine[S, A, E]) Next(from S, action A, role domain.Role, e E) (S, error) {
	i, ok := m.index[from][action]
	if !ok {
		return "", m.Invalid(from, action)
	}
	edge := m.edges[i]
	if !allowed(edge.By, role) {
		return "", domain.Forbidden("role_not_allowed", fmt.Sprintf("当前角色不能执行此操作（%s）", action),
			fmt.Sprintf("your role may not %s this %s", action, m.entity)).
			WithDetails(map[string]any{"status": string(from), "action": string(action)})
	}
	if edge.Guard != nil {
		if err := edge.Guard(e); err != nil {
			return "", err
		}
	}
	return edge.To, nil
}

// Invalid is the machine's invalid_transition error for action from from (also what stores return when a
// compare-and-set loses).
func (m *Machine[S, A, E]) Invalid(from S, action A) error {
	return domain.InvalidTransition(m.entity, string(from), string(action))
}

// Lost turns a store's lost compare-and-set (domain.ErrStale) into the machine's invalid_transition for
// action from from (saying that someone changed it meanwhile), so a race and a wrong state fail with the same
// code; other errors pass unchanged.
func (m *Machine[S, A, E]) Lost(err error, from S, action A) error {
	if errors.Is(err, domain.ErrStale) {
		e := domain.InvalidTransition(m.entity, string(from), string(action))
		e.Zh = "状态已被他人更改，请刷新后重试"
		e.En = fmt.Sprintf("the %s was changed meanwhile; reload and retry", m.entity)
		return e
	}
	return err
}

// To returns where action leads from from, ignoring roles and guards (false: no edge).
func (m *Machine[S, A, E]) To(from S, action A) (S, bool) {
	i, ok := m.index[from][action]
	if !ok {
		return "", false
	}
	return m.edges[i].To, true
}

// Can reports whether an edge for action leaves from (whatever the role and guard).
func (m *Machine[S, A, E]) Can(from S, action A) bool {
	_, ok := m.index[from][action]
	return ok
}

// Allows reports whether role may take action from some state (to tell "not yours" from "not now").
func (m *Machine[S, A, E]) Allows(role domain.Role, action A) bool {
	for _, e := range m.edges {
		if e.Action == action && allowed(e.By, role) {
			return true
		}
	}
	return false
}

// Actions lists, in table order, the actions role may take from from (guards not evaluated).
func (m *Machine[S, A, E]) Actions(from S, role domain.Role) []A {
	var out []A
	for _, e := range m.edges {
		if e.From == from && allowed(e.By, role) {
			out = append(out, e.Action)
		}
	}
	return out
}

// Terminal reports whether no edge leaves s.
func (m *Machine[S, A, E]) Terminal(s S) bool { return len(m.index[s]) == 0 }

// Edges returns a copy of the table (for documentation and tests).
func (m *Machine[S, A, E]) Edges() []Edge[S, A, E] { return slices.Clone(m.edges) }

func allowed(by []domain.Role, role domain.Role) bool {
	return by == nil || slices.Contains(by, role)
}
