package bid

import (
	"context"

	"jiebang/domain/challenge"
)

// LimitSource gives the limits in force (the bureau's settings: active bids per PI and per organisation,
// consortium partners), read at each use so a change applies without a restart; cmd/app adapts the settings
// service. Only those three fields of the returned Config are used.
type LimitSource interface {
	BidLimits(ctx context.Context) (Config, error)
}

// CallLimitSource gives the limits in force in a call (申报批次; callID 0 is the standing call, outside any
// call): the call's own limits, else the settings. A LimitSource that is also a CallLimitSource is asked per
// challenge (cmd/app wires the call service).
type CallLimitSource interface {
	CallBidLimits(ctx context.Context, callID int64) (Config, error)
}

// NoLimit as MaxActiveBidsPerPI or MaxActiveBidsPerOrg means no limit (无限项).
const NoLimit = -1

// UseLimits makes the service read its limits from src (wiring time, cmd/app).
func (s *Service) UseLimits(src LimitSource) { s.limits = src }

// current returns the limits in force on a challenge: those of its call (counted within the call) when the
// source knows calls, else the source's, or the configured ones without a source. A source that fails (the
// database is down) falls back to the configured limits: the use case's own queries fail then.
func (s *Service) current(ctx context.Context, ch challenge.Challenge) Config {
	cfg := s.cfg
	if s.limits == nil {
		return cfg
	}
	var l Config
	var err error
	if cs, ok := s.limits.(CallLimitSource); ok {
		l, err = cs.CallBidLimits(ctx, ch.CallID)
	} else {
		l, err = s.limits.BidLimits(ctx)
	}
	if err != nil {
		return cfg
	}
	cfg.MaxActiveBidsPerPI, cfg.MaxActiveBidsPerOrg, cfg.MaxPartners = l.MaxActiveBidsPerPI, l.MaxActiveBidsPerOrg, l.MaxPartners
	return cfg
}
