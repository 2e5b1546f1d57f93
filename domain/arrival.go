package domain

import (
	"context"
	"time"
)

// ArrivalGrace bounds how late a write that arrived before a deadline may still be recorded (honoured by
// arrival): an overloaded server may hold a request that reached it before the bidding deadline in its queue,
// or waiting for the database, past the deadline. Such a request counts as of its arrival as long as it is
// recorded before deadline + ArrivalGrace; one recorded later is refused as if it had arrived late. Bidding is
// closed (and sealed bids opened to the owner) only once the grace has passed, so nothing is recorded after.
const ArrivalGrace = 60 * time.Second

type arrivalKey struct{}

// WithArrival returns ctx carrying t, the instant the request arrived at the server on the server clock.
func WithArrival(ctx context.Context, t time.Time) context.Context {
	return context.WithValue(ctx, arrivalKey{}, t)
}

// ArrivedAt returns the arrival instant stamped on ctx, or fallback when there is none (services called
// directly, the seed, background jobs) or when the stamp is later than fallback (a clock moved back).
func ArrivedAt(ctx context.Context, fallback time.Time) time.Time {
	t, ok := ctx.Value(arrivalKey{}).(time.Time)
	if !ok || t.IsZero() || t.After(fallback) {
		return fallback
	}
	return t
}
