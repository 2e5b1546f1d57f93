package bid

// Patch is an edit of a bid's working copy: nil fields are left as they are; a list given replaces the list.
type Patch struct {
	PI           *PI
	LeadSharePct *int
	// ClearLeadShare sets the lead share back to "100 minus the partners' shares".
	ClearLeadShare        bool
	Partners              *[]Partner
	Members               *[]Member
	Approach              *string
	Plan                  *[]StagePlan
	Budget                *[]BudgetItem
	CommitmentSigned      *bool
	IntegrityPledgeSigned *bool
}

// Apply returns c with the patch applied.
func (p Patch) Apply(c Content) Content {
	if p.PI != nil {
		c.PI = *p.PI
	}
	if p.ClearLeadShare {
		c.LeadSharePct = nil
	} else if p.LeadSharePct != nil {
		v := *p.LeadSharePct
		c.LeadSharePct = &v
	}
	if p.Partners != nil {
		c.Partners = append([]Partner(nil), *p.Partners...)
	}
	if p.Members != nil {
		c.Members = append([]Member(nil), *p.Members...)
	}
	if p.Approach != nil {
		c.Approach = *p.Approach
	}
	if p.Plan != nil {
		c.Plan = append([]StagePlan(nil), *p.Plan...)
	}
	if p.Budget != nil {
		c.Budget = append([]BudgetItem(nil), *p.Budget...)
	}
	if p.CommitmentSigned != nil {
		c.CommitmentSigned = *p.CommitmentSigned
	}
	if p.IntegrityPledgeSigned != nil {
		c.IntegrityPledgeSigned = *p.IntegrityPledgeSigned
	}
	return c
}

// Fields names the fields the patch changes (for the audit entry).
func (p Patch) Fields() []string {
	var f []string
	for _, x := range []struct {
		set  bool
		name string
	}{
		{p.PI != nil, "pi"}, {p.LeadSharePct != nil || p.ClearLeadShare, "lead_share_pct"},
		{p.Partners != nil, "partners"}, {p.Members != nil, "members"}, {p.Approach != nil, "approach"},
		{p.Plan != nil, "plan"}, {p.Budget != nil, "budget"}, {p.CommitmentSigned != nil, "commitment_signed"},
		{p.IntegrityPledgeSigned != nil, "integrity_pledge_signed"},
	} {
		if x.set {
			f = append(f, x.name)
		}
	}
	return f
}
