package account

import (
	"context"
	"time"

	"jiebang/domain"
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

// OrgTypes lists the valid organisation types.
var OrgTypes = []string{string(OrgEnterprise), string(OrgUniversity), string(OrgResearchInstitute), string(OrgOther)}

// CreditStatus is an organisation's standing (信用): a barred organisation cannot post or bid.
type CreditStatus string

// Credit statuses.
const (
	CreditGood   CreditStatus = "good"
	CreditWarned CreditStatus = "warned"
	CreditBarred CreditStatus = "barred"
)

// CreditStatuses lists the valid credit statuses.
var CreditStatuses = []string{string(CreditGood), string(CreditWarned), string(CreditBarred)}

// Org is an organisation (单位) with its unified social credit code (统一社会信用代码).
type Org struct {
	ID           int64
	Name         string
	Type         OrgType
	CreditCode   string
	Verified     bool
	CreditStatus CreditStatus
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Barred reports whether the organisation may neither post nor bid.
func (o Org) Barred() bool { return o.CreditStatus == CreditBarred }

// orgSummary is what the audit trail records of an organisation.
func orgSummary(o Org) map[string]any {
	return map[string]any{"id": o.ID, "name": o.Name, "type": o.Type, "credit_code": o.CreditCode,
		"verified": o.Verified, "credit_status": o.CreditStatus}
}

// errOrgNotFound is the 404 for an organisation.
func errOrgNotFound() *domain.Error { return domain.NotFound("单位", "organisation") }

// OrgByID returns an organisation without access checks, for other services (404 when absent).
func (s *Service) OrgByID(ctx context.Context, id int64) (Org, error) {
	o, err := s.store.OrgByID(ctx, id)
	if err != nil {
		return Org{}, notFoundAs(err, errOrgNotFound())
	}
	return o, nil
}

// CreditCode is the unified social credit code (统一社会信用代码) of an organisation, for other services
// (the review's reports name the posting enterprise by it; 404 when absent).
func (s *Service) CreditCode(ctx context.Context, orgID int64) (string, error) {
	org, err := s.OrgByID(ctx, orgID)
	return org.CreditCode, err
}

// OrgByCreditCode returns the organisation with that credit code (404 when absent).
func (s *Service) OrgByCreditCode(ctx context.Context, code string) (Org, error) {
	o, err := s.store.OrgByCreditCode(ctx, NormalizeCreditCode(code))
	if err != nil {
		return Org{}, notFoundAs(err, errOrgNotFound())
	}
	return o, nil
}
