// Package settings is the bureau's own configuration of the platform (平台设置), changed in the browser, audited,
// and read by the other areas at the moment they need it, so a change takes effect without a restart: the
// industry field list (产业领域), the limits (限项 and the other numbers of the process) and the rubric
// templates per review round kind. Other areas read it through small interfaces of their own, which this
// service satisfies (ports.go); the review area reads templates through ForReview.
package settings

import (
	"context"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// EntitySetting is the audit entity of settings changes; the entity id is 0 and the action names the setting.
const EntitySetting = "setting"

// Store keeps the settings.
type Store interface {
	// Fields lists every field, retired ones included, in display order.
	Fields(ctx context.Context) ([]Field, error)
	// Field returns one field (domain.ErrNotFound when absent).
	Field(ctx context.Context, code string) (Field, error)
	// InsertField adds a field (domain.ErrConflict when the code exists).
	InsertField(ctx context.Context, f Field) error
	// UpdateField writes names, position and retirement of an existing field.
	UpdateField(ctx context.Context, f Field) error
	// DeleteField removes a field.
	DeleteField(ctx context.Context, code string) error
	// FieldInUse reports whether a challenge or an expert's profile names the code.
	FieldInUse(ctx context.Context, code string) (bool, error)
	// Value returns the JSON value stored under key (false when never set).
	Value(ctx context.Context, key string) (string, bool, error)
	// PutValue stores the JSON value under key.
	PutValue(ctx context.Context, key, value string, at time.Time, by int64) error
}

// Service is the settings use cases. Reads are open to every caller (the board needs the fields); writes
// belong to the bureau.
type Service struct {
	store Store
	tx    domain.TxManager
	audit *audit.Service
	clock domain.Clock
}

// NewService builds the settings service.
func NewService(store Store, tx domain.TxManager, auditSvc *audit.Service, clock domain.Clock) *Service {
	return &Service{store: store, tx: tx, audit: auditSvc, clock: clock}
}

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

var errNotBureau = domain.Forbidden("forbidden", "只有科技局可以修改平台设置", "only the bureau may change the settings")

func mayWrite(actor domain.Actor) error {
	if !actor.Is(domain.RoleBureau) {
		return errNotBureau
	}
	return nil
}
