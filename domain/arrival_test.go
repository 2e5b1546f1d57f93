package domain_test

import (
	"context"
	"testing"
	"time"

	"jiebang/domain"
)

func TestArrivedAt(t *testing.T) {
	now := time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)
	ctx := context.Background()
	if got := domain.ArrivedAt(ctx, now); !got.Equal(now) {
		t.Errorf("without a stamp: %s", got)
	}
	earlier := now.Add(-time.Second)
	if got := domain.ArrivedAt(domain.WithArrival(ctx, earlier), now); !got.Equal(earlier) {
		t.Errorf("stamped: %s", got)
	}
	if got := domain.ArrivedAt(domain.WithArrival(ctx, now.Add(time.Second)), now); !got.Equal(now) {
		t.Errorf("a stamp after now: %s", got)
	}
}
