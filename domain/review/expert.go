package review

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// Expert is a member of the expert pool (专家库) with the profile the review uses.
type Expert struct {
	UserID        int64
	Name          string
	Email         string
	Disabled      bool
	OrgID         int64
	OrgName       string
	OrgCreditCode string
	OrgVerified   bool
	Fields        []string
	Conflicts     []Conflict
	MaxOpen       int
	// Active is false when the bureau has taken the expert out of the pool.
	Active bool
	// Member is true when the expert is an approved (active) member of the organisation: a pending or
	// rejected registration claims an affiliation nobody confirmed, so it is never drawn.
	Member bool
	// Load is the number of open (pending) assignments.
	Load      int
	UpdatedAt *time.Time
}

// InPool reports whether the expert may be drawn: active, enabled, an approved member of a verified
// organisation.
func (e Expert) InPool() bool {
	return e.Active && !e.Disabled && e.Member && e.OrgVerified && e.OrgID != 0
}

// Candidate is the expert as a draw sees it (teams are filled by the service).
func (e Expert) Candidate() Candidate {
	return Candidate{UserID: e.UserID, OrgID: e.OrgID, OrgCreditCode: e.OrgCreditCode, Fields: e.Fields,
		Conflicts: e.Conflicts, Self: Person{Email: e.Email, Name: e.Name, OrgID: e.OrgID}, Load: e.Load, MaxOpen: e.MaxOpen}
}

// ExpertFilter narrows the bureau's pool listing.
type ExpertFilter struct {
	// Q is a substring of the name, e-mail or organisation name.
	Q      string
	Field  string
	Active *bool
}

// ProfileInput is what an expert edits on the profile page.
type ProfileInput struct {
	Fields    []string
	Conflicts []Conflict
}

// Normalize trims, upper-cases credit codes and drops duplicate fields.
func (p ProfileInput) Normalize() ProfileInput {
	seen := map[string]bool{}
	var fs []string
	for _, f := range p.Fields {
		f = strings.TrimSpace(f)
		if !seen[f] {
			seen[f] = true
			fs = append(fs, f)
		}
	}
	cs := make([]Conflict, 0, len(p.Conflicts))
	for _, c := range p.Conflicts {
		cs = append(cs, Conflict{CreditCode: strings.ToUpper(strings.TrimSpace(c.CreditCode)), Reason: strings.TrimSpace(c.Reason)})
	}
	return ProfileInput{Fields: fs, Conflicts: cs}
}

// Validate checks fields (the built-in challenge field list) and conflicts (18-character codes, a reason, no
// repeats).
func (p ProfileInput) Validate() error { return p.ValidateWith(challenge.FieldCodes()) }

// MaxFieldsPerExpert is how many fields of expertise a profile names (as at registration).
const MaxFieldsPerExpert = 10

// ValidateWith is Validate with the field codes in use (the bureau's active fields).
func (p ProfileInput) ValidateWith(codes []string) error {
	var v domain.Validator
	v.Check(len(p.Fields) <= MaxFieldsPerExpert, "fields", "too_many",
		fmt.Sprintf("专业领域最多 %d 个", MaxFieldsPerExpert), fmt.Sprintf("at most %d fields", MaxFieldsPerExpert))
	for i, f := range p.Fields {
		v.Check(slices.Contains(codes, f), fmt.Sprintf("fields[%d]", i), "invalid_choice",
			"取值无效，可选："+strings.Join(codes, "、"), "must be one of: "+strings.Join(codes, ", "))
	}
	v.Check(len(p.Conflicts) <= MaxConflictsPerExp, "conflicts", "too_many",
		fmt.Sprintf("最多声明 %d 项", MaxConflictsPerExp), fmt.Sprintf("at most %d conflicts", MaxConflictsPerExp))
	seen := map[string]bool{}
	for i, c := range p.Conflicts {
		f := fmt.Sprintf("conflicts[%d]", i)
		if v.Check(len(c.CreditCode) == 18, f+".credit_code", "invalid_credit_code",
			"统一社会信用代码应为 18 位", "must be an 18-character unified social credit code") {
			v.Check(!seen[c.CreditCode], f+".credit_code", "duplicate", "重复声明", "declared twice")
			seen[c.CreditCode] = true
		}
		v.RequiredText(f+".reason", c.Reason, 200)
	}
	return v.Err()
}
