package event

import (
	"context"
	"errors"
	"testing"

	"jiebang/domain"
)

func TestEmitRunsHandlersInOrderAndStopsAtFirstError(t *testing.T) {
	t.Parallel()
	b := NewBus()
	var got []string
	b.On("a.x", func(ctx context.Context, e Event) error { got = append(got, "1"); return nil })
	b.On("a.x", func(ctx context.Context, e Event) error { got = append(got, "2"); return domain.ErrConflict })
	b.On("a.x", func(ctx context.Context, e Event) error { got = append(got, "3"); return nil })
	b.On("a.y", func(ctx context.Context, e Event) error { got = append(got, "y"); return nil })
	err := b.Emit(context.Background(), Event{Name: "a.x", EntityID: 7})
	if !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("err = %v, want the handler's conflict", err)
	}
	if len(got) != 2 || got[0] != "1" || got[1] != "2" {
		t.Fatalf("ran %v, want [1 2]", got)
	}
	if err := b.Emit(context.Background(), Event{Name: "nobody.listens"}); err != nil {
		t.Fatalf("unhandled event: %v", err)
	}
	if !b.Has("a.y") || b.Has("a.z") {
		t.Fatal("Has is wrong")
	}
}

func TestNilBusEmitsNothing(t *testing.T) {
	t.Parallel()
	var b *Bus
	if err := b.Emit(context.Background(), Event{Name: "a.x"}); err != nil {
		t.Fatal(err)
	}
}

func TestHandlerSeesContextAndPayload(t *testing.T) {
	t.Parallel()
	type key struct{}
	b := NewBus()
	b.On("a.x", func(ctx context.Context, e Event) error {
		if ctx.Value(key{}) != "tx" || e.Data.(int) != 42 || e.Actor.UserID != 3 {
			return errors.New("lost context or payload")
		}
		return nil
	})
	ctx := context.WithValue(context.Background(), key{}, "tx")
	if err := b.Emit(ctx, Event{Name: "a.x", Actor: domain.Actor{UserID: 3}, Data: 42}); err != nil {
		t.Fatal(err)
	}
}

func TestHandleGivesTheTypedPayloadAndRefusesAnother(t *testing.T) {
	t.Parallel()
	type started struct{ ID int64 }
	b := NewBus()
	var got started
	Handle(b, "race.started", func(ctx context.Context, actor domain.Actor, s started) error {
		if actor.UserID != 3 {
			return errors.New("lost the actor")
		}
		got = s
		return nil
	})
	if err := Publish(context.Background(), b, "race.started", domain.Actor{UserID: 3}, 9, started{ID: 9}); err != nil {
		t.Fatal(err)
	}
	if got.ID != 9 {
		t.Fatalf("got %+v", got)
	}
	if err := b.Emit(context.Background(), Event{Name: "race.started", Data: 42}); err == nil {
		t.Fatal("a payload of another type must be refused")
	}
}
