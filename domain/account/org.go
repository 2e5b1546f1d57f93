package account

import (
	"context"
	"errors"
	"time"
)

// OrgType is the kind of organisation.
type OrgType string

// Organisation types of the contract.
const (
	OrgEnterprise        OrgType = "enterprise"
	OrgUniversity        OrgType = "university"
	OrgResearchInstitute OrgType = "research_institute"
	OrgOther             OrgType = "other"
)

// CreditStatus is an organisation's standing (信用): a barred organisation cannot post or bid.
type CreditStatus string

// Credit statuses.
const (
	CreditGood   CreditStatus = "good"
	CreditWarned CreditStatus = "warned"
	CreditBarred CreditStatus = "barred"
)

// Org is an organisation (单位) with its unified social credit code (统一社会信用代码).
type Org struct {
	ID           int64
	Name         string
	Type         OrgType
	CreditCode   string
	Verified     bool
	CreditStatus CreditStatus
	CreatedAt    time.Time
}

// OrgByID returns an organisation without access checks, for other services (404 when absent).
func (s *Service) OrgByID(ctx context.Context, id int64) (Org, error) {
	return Org{}, errors.New("not implemented yet")
}

// OrgByCreditCode returns the organisation with that credit code (404 when absent).
func (s *Service) OrgByCreditCode(ctx context.Context, code string) (Org, error) {
	return Org{}, errors.New("not implemented yet")
}
