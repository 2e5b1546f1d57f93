package review

import "strings"

// Person identifies someone on a bid (the PI or a member) or an expert for the co-membership rule: by e-mail
// when both sides have one, else by name and organisation.
type Person struct {
	Email string
	Name  string
	OrgID int64
}

// Same reports whether a and b are the same person under that rule.
func (a Person) Same(b Person) bool {
	ae, be := strings.ToLower(strings.TrimSpace(a.Email)), strings.ToLower(strings.TrimSpace(b.Email))
	if ae != "" && be != "" {
		return ae == be
	}
	return a.OrgID != 0 && a.OrgID == b.OrgID && strings.TrimSpace(a.Name) != "" &&
		strings.TrimSpace(a.Name) == strings.TrimSpace(b.Name)
}

// Team is the people of one bid: the PI and the members.
type Team []Person

// Has reports whether p is on the team.
func (t Team) Has(p Person) bool {
	for _, x := range t {
		if x.Same(p) {
			return true
		}
	}
	return false
}

// Parties are the organisations and the PI of an item that an expert must not be linked to: the lead and
// every consortium partner, and the challenge's posting enterprise.
type Parties struct {
	// OrgIDs are the organisations known by ID (the enterprise, the lead, partners registered on the platform).
	OrgIDs []int64
	// CreditCodes are the same organisations' credit codes (partners may be known only by theirs).
	CreditCodes []string
	// PI is the bid's principal investigator; zero for a validation item.
	PI Person
	// OrgName is the lead organisation's registered name (struck from a double-blind bid's text).
	OrgName string
}

// Conflict is a declared conflict of interest: an organisation by credit code, with the reason.
type Conflict struct {
	CreditCode string
	Reason     string
}

// Candidate is an expert of the pool as a draw sees it.
type Candidate struct {
	UserID        int64
	OrgID         int64
	OrgCreditCode string
	Fields        []string
	Conflicts     []Conflict
	// Self is the expert as a person; Teams are the bids the expert was PI or member of in the last 3 years.
	Self  Person
	Teams []Team
	// Load is the expert's open (pending) assignments; MaxOpen the most allowed.
	Load    int
	MaxOpen int
}

// Reason codes of a conflict of interest.
const (
	ConflictSameOrg    = "same_org"
	ConflictDeclared   = "declared"
	ConflictCoMember   = "co_member"
	CoMembershipYears  = 3
	DefaultMaxOpen     = 10
	MaxConflictsPerExp = 50
)

// ConflictWith returns why c may not review an item with parties p ("" when it may): the same organisation
// as the lead, a partner or the enterprise; a declared conflict with any of them; or having been PI or member
// of a bid in the last 3 years together with the item's PI.
func (c Candidate) ConflictWith(p Parties) string {
	for _, id := range p.OrgIDs {
		if id != 0 && id == c.OrgID {
			return ConflictSameOrg
		}
	}
	for _, code := range p.CreditCodes {
		if code == "" {
			continue
		}
		if code == c.OrgCreditCode {
			return ConflictSameOrg
		}
		for _, d := range c.Conflicts {
			if d.CreditCode == code {
				return ConflictDeclared
			}
		}
	}
	if p.PI != (Person{}) {
		for _, t := range c.Teams {
			if t.Has(c.Self) && t.Has(p.PI) {
				return ConflictCoMember
			}
		}
	}
	return ""
}

// HasField reports whether the expert declares field f.
func (c Candidate) HasField(f string) bool {
	for _, x := range c.Fields {
		if x == f {
			return true
		}
	}
	return false
}
