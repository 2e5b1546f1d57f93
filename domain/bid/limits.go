package bid

import "context"

// LimitSource gives the limits in force (the bureau's settings: active bids per PI and per organisation,
// consortium partners), read at each use so a change applies without a restart; cmd/app adapts the settings
// service. Only those three fields of the returned Config are used.
type LimitSource interface {
	BidLimits(ctx context.Context) (Config, error)
}

// UseLimits makes the service read its limits from src (wiring time, cmd/app).
func (s *Service) UseLimits(src LimitSource) { s.limits = src }

// current returns the limits in force: the source's, or the configured ones without a source. A source that
// fails (the database is down) falls back to the configured limits: the use case's own queries fail then.
func (s *Service) current(ctx context.Context) Config {
	cfg := s.cfg
	if s.limits == nil {
		return cfg
	}
	l, err := s.limits.BidLimits(ctx)
	if err != nil {
		return cfg
	}
	cfg.MaxActiveBidsPerPI, cfg.MaxActiveBidsPerOrg, cfg.MaxPartners = l.MaxActiveBidsPerPI, l.MaxActiveBidsPerOrg, l.MaxPartners
	return cfg
}
