// Package event lets one area react to another's change inside the caller's transaction, without an import
// between them: the emitting service calls Bus.Emit inside its transaction, and the handlers registered at
// wiring time (cmd/app) run there, in order, so their writes commit or roll back with the change that caused
// them (in the manner of ardanlabs/service's business/sdk/delegate).
package event

import (
	"context"
	"fmt"
	"sync"

	"jiebang/domain"
)

// Event is something that happened to an entity. Name is "<area>.<action>" (a constant of the emitting
// package, e.g. challenge.EventCancel = "challenge.cancel"); Data is the emitting package's documented payload
// (for state changes, the entity after the change with the written reason).
type Event struct {
	Name     string
	EntityID int64
	Actor    domain.Actor
	Data     any
}

// Handler reacts to an event in the caller's transaction (ctx carries it); an error rolls the whole change back.
type Handler func(ctx context.Context, e Event) error

// Bus routes events to the handlers registered for their name. A nil *Bus emits nothing (services built
// without one, as in domain tests).
type Bus struct {
	mu       sync.RWMutex
	handlers map[string][]Handler
}

// NewBus returns an empty bus.
func NewBus() *Bus { return &Bus{handlers: map[string][]Handler{}} }

// On registers h for events called name; handlers run in registration order. Call it at wiring time.
func (b *Bus) On(name string, h Handler) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.handlers[name] = append(b.handlers[name], h)
}

// Emit runs the handlers of e.Name in order in ctx (the caller's transaction); the first error stops the rest
// and is returned, wrapped with the event's name (errors.Is/As still see the handler's error).
func (b *Bus) Emit(ctx context.Context, e Event) error {
	if b == nil {
		return nil
	}
	b.mu.RLock()
	hs := b.handlers[e.Name]
	b.mu.RUnlock()
	for _, h := range hs {
		if err := h(ctx, e); err != nil {
			return fmt.Errorf("handling %s of %d: %w", e.Name, e.EntityID, err)
		}
	}
	return nil
}

// Has reports whether any handler is registered for name.
func (b *Bus) Has(name string) bool {
	if b == nil {
		return false
	}
	b.mu.RLock()
	defer b.mu.RUnlock()
	return len(b.handlers[name]) > 0
}
