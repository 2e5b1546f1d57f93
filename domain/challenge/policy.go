package challenge

import "context"

// Policy is what the bureau's settings change in the challenge rules: the industry field codes new content may
// choose and the co-funding ratio (the enterprise's co-funding at least CofundingRatioPct% of the government
// funding; 100 is the 1:1 rule).
type Policy struct {
	FieldCodes        []string
	CofundingRatioPct int
}

// DefaultPolicy is the built-in field list and the 1:1 rule.
func DefaultPolicy() Policy { return Policy{FieldCodes: FieldCodes(), CofundingRatioPct: 100} }

// PolicySource reads the policy in force at each use (cmd/app adapts the settings service), so the bureau's
// changes apply without a restart.
type PolicySource interface {
	// ChallengePolicy returns the active field codes and the co-funding ratio.
	ChallengePolicy(ctx context.Context) (Policy, error)
	// KnownField reports whether code is a field at all, retired ones included (the board filters by it).
	KnownField(ctx context.Context, code string) (bool, error)
}

// UsePolicy makes the service read its policy from src (wiring time, cmd/app); without it DefaultPolicy holds.
func (s *Service) UsePolicy(src PolicySource) { s.pol = src }

// policy returns the policy in force; keep is a field code already stored on the challenge, which stays valid
// after the bureau retires it (a retired field cannot be chosen anew, but what names it is not broken).
func (s *Service) policy(ctx context.Context, keep string) (Policy, error) {
	if s.pol == nil {
		return DefaultPolicy(), nil
	}
	p, err := s.pol.ChallengePolicy(ctx)
	if err != nil {
		return Policy{}, err
	}
	if keep != "" {
		p.FieldCodes = append(p.FieldCodes, keep)
	}
	return p, nil
}

func (s *Service) validateDraft(ctx context.Context, c Challenge, stored string) error {
	pol, err := s.policy(ctx, stored)
	if err != nil {
		return err
	}
	return ValidateDraftUnder(c, pol)
}

func (s *Service) validateForSubmission(ctx context.Context, c Challenge) error {
	pol, err := s.policy(ctx, c.Field)
	if err != nil {
		return err
	}
	return ValidateForSubmissionUnder(c, pol)
}

// checkFilterField answers 400 invalid_query for a board filter on a field that does not exist.
func (s *Service) checkFilterField(ctx context.Context, code string) error {
	if code == "" {
		return nil
	}
	ok := ValidField(code)
	if s.pol != nil {
		var err error
		if ok, err = s.pol.KnownField(ctx, code); err != nil {
			return err
		}
	}
	if !ok {
		return invalidQuery("未知的领域："+code, "unknown field: "+code)
	}
	return nil
}
