package event

import (
	"context"
	"fmt"

	"jiebang/domain"
)

// Handle registers fn for the events called name whose Data is a T (the emitting area's typed payload, e.g.
// race.Started), so a handler never casts Data by hand; an event of that name carrying anything else is an
// error (a wiring mistake), which rolls the change back. Call it from an area's Register.
func Handle[T any](b *Bus, name string, fn func(ctx context.Context, actor domain.Actor, data T) error) {
	b.On(name, func(ctx context.Context, e Event) error {
		data, ok := e.Data.(T)
		if !ok {
			var want T
			return fmt.Errorf("event %s carries %T, want %T", e.Name, e.Data, want)
		}
		return fn(ctx, e.Actor, data)
	})
}

// Publish emits data as the event called name about entity id, in ctx's transaction (a nil bus publishes
// nothing). It is Emit for the typed payloads Handle receives.
func Publish[T any](ctx context.Context, b *Bus, name string, actor domain.Actor, id int64, data T) error {
	return b.Emit(ctx, Event{Name: name, EntityID: id, Actor: actor, Data: data})
}
