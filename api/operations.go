package api

import "jiebang/domain"

// Operation is one endpoint of the route table as tests and tools see it: its method, its OpenAPI-style path
// under /api/v1, its operationId and the route's coarse access rule (the roles, or any logged-in user, or
// public). The authorization matrix test walks this list, so a route without its row fails the suite.
type Operation struct {
	Method string
	Path   string
	ID     string
	Roles  []domain.Role
	Auth   bool
}

// Public reports whether the route lets the anonymous through (the domain may still refuse them).
func (o Operation) Public() bool { return !o.Auth && len(o.Roles) == 0 }

// Operations lists every operation registered in the route table, in registration order.
func (a *API) Operations() []Operation { return append([]Operation(nil), a.ops...) }

// record adds o to the list Operations returns.
func (a *API) record(o op) {
	id := o.ID
	if id == "" {
		id = operationID(o.Method, o.Path)
	}
	a.ops = append(a.ops, Operation{Method: o.Method, Path: o.Path, ID: id,
		Roles: append([]domain.Role(nil), o.Roles...), Auth: o.Auth})
}
