package api

import (
	"jiebang/domain"
	"time"

	"jiebang/domain/review"
)

// resultLineDTO is one expert's line of an item, anonymised (专家A, B, …: labels follow the order of first
// assignment across the round).
type resultLineDTO struct {
	Expert     string   `json:"expert" required:"true" description:"anonymous label: A, B, … (专家A)"`
	Scores     []int    `json:"scores" required:"true" description:"per criterion, in rubric order"`
	Weighted   float64  `json:"weighted" required:"true" description:"Σ score×weight/100"`
	Normalised *float64 `json:"normalised,omitempty" description:"zscore rounds: the z-score mapped back to the round's scale"`
	Flagged    bool     `json:"flagged" required:"true" description:"more than 20 points from the item's median"`
}

// resultItemDTO is one item's line of the results (the contract's {item_id, bid_id, racer_id, final_score,
// rank, flags}).
type resultItemDTO struct {
	ItemID           int64           `json:"item_id" required:"true"`
	BidID            int64           `json:"bid_id" required:"true"`
	RacerID          int64           `json:"racer_id" required:"true"`
	Label            string          `json:"label" required:"true"`
	FinalScore       *float64        `json:"final_score" required:"true" description:"null when the item has no score"`
	Rank             int             `json:"rank" required:"true" description:"0 for an unscored item"`
	Flags            []string        `json:"flags" required:"true" description:"outlier, incomplete, unscored"`
	Median           *float64        `json:"median,omitempty"`
	TopCriterionMean *float64        `json:"top_criterion_mean,omitempty" description:"first tie-break"`
	SubmittedAt      *time.Time      `json:"submitted_at,omitempty" description:"second tie-break"`
	Experts          []resultLineDTO `json:"experts,omitempty" description:"bureau only"`
}

// resultsResp is a closed round's results in rank order.
type resultsResp struct {
	Round roundDTO        `json:"round" required:"true"`
	Items []resultItemDTO `json:"items" required:"true"`
}

func toResultsResp(act domain.Actor, r review.Results) resultsResp {
	out := resultsResp{Round: toRoundDTO(act, r.Round), Items: make([]resultItemDTO, 0, len(r.Lines))}
	if !r.Full {
		out.Round.Seed, out.Round.PoolDigest, out.Round.Draws, out.Round.CloseReason = 0, "", 0, ""
	}
	for _, l := range r.Lines {
		d := resultItemDTO{ItemID: l.ItemID, BidID: l.Item.BidID, RacerID: l.Item.RacerID, Label: l.Item.Label,
			FinalScore: l.Final, Rank: l.Rank, Flags: l.Flags}
		if d.Flags == nil {
			d.Flags = []string{}
		}
		if r.Full {
			med, top, at := l.Median, l.TopCriterionMean, l.SubmittedAt
			d.Median, d.TopCriterionMean, d.SubmittedAt = &med, &top, &at
			d.Experts = make([]resultLineDTO, 0, len(l.Lines))
			for _, x := range l.Lines {
				d.Experts = append(d.Experts, resultLineDTO{Expert: x.Label, Scores: x.Scores, Weighted: x.Weighted,
					Normalised: x.Normalised, Flagged: x.Flagged})
			}
		}
		out.Items = append(out.Items, d)
	}
	return out
}

// panelMemberDTO is one assignment of an item's panel (bureau progress: names are shown to the bureau).
type panelMemberDTO struct {
	AssignmentID int64    `json:"assignment_id" required:"true"`
	ExpertID     int64    `json:"expert_id" required:"true"`
	ExpertName   string   `json:"expert_name" required:"true"`
	Status       string   `json:"status" required:"true"`
	FieldMatch   bool     `json:"field_match" required:"true"`
	Draft        bool     `json:"draft" required:"true"`
	RecuseReason string   `json:"recuse_reason,omitempty"`
	Actions      []string `json:"actions" required:"true" description:"what the caller may do now to this assignment (see Assignment.actions)"`
}

// itemProgressDTO is one item's progress.
type itemProgressDTO struct {
	Item    itemDTO          `json:"item" required:"true"`
	Scored  int              `json:"scored" required:"true"`
	Pending int              `json:"pending" required:"true"`
	Recused int              `json:"recused" required:"true"`
	Panel   []panelMemberDTO `json:"panel" required:"true"`
}

// expertProgressDTO is one expert's progress in the round.
type expertProgressDTO struct {
	ExpertID int64  `json:"expert_id" required:"true"`
	Name     string `json:"name" required:"true"`
	OrgName  string `json:"org_name" required:"true"`
	Assigned int    `json:"assigned" required:"true"`
	Scored   int    `json:"scored" required:"true"`
	Pending  int    `json:"pending" required:"true"`
}

// progressResp is a round's progress per item and per expert.
type progressResp struct {
	Round   roundDTO            `json:"round" required:"true"`
	Items   []itemProgressDTO   `json:"items" required:"true"`
	Experts []expertProgressDTO `json:"experts" required:"true"`
}

func toProgressResp(act domain.Actor, p review.Progress) progressResp {
	out := progressResp{Round: toRoundDTO(act, p.Round), Items: []itemProgressDTO{}, Experts: []expertProgressDTO{}}
	for _, ip := range p.Items {
		d := itemProgressDTO{Item: toItemDTO(ip.Item), Scored: ip.Scored, Pending: ip.Pending, Recused: ip.Recused, Panel: []panelMemberDTO{}}
		for _, m := range ip.Panel {
			d.Panel = append(d.Panel, panelMemberDTO{AssignmentID: m.ID, ExpertID: m.ExpertID, ExpertName: m.ExpertName,
				Status: string(m.Status), FieldMatch: m.FieldMatch, Draft: m.Draft, RecuseReason: m.RecuseReason,
				Actions: review.ActionNames(review.AssignmentActionsFor(act, m.Assignment, p.Round.Status))})
		}
		out.Items = append(out.Items, d)
	}
	for _, e := range p.Experts {
		out.Experts = append(out.Experts, expertProgressDTO(e))
	}
	return out
}

// conflictDTO is a declared conflict of interest (回避声明): an organisation by credit code, and why.
type conflictDTO struct {
	CreditCode string `json:"credit_code" required:"true"`
	Reason     string `json:"reason" required:"true"`
}

// expertDTO is an expert of the pool with the profile.
type expertDTO struct {
	UserID      int64         `json:"user_id" required:"true"`
	Name        string        `json:"name" required:"true"`
	Email       string        `json:"email" required:"true"`
	OrgID       int64         `json:"org_id" required:"true"`
	OrgName     string        `json:"org_name" required:"true"`
	OrgVerified bool          `json:"org_verified" required:"true"`
	Fields      []string      `json:"fields" required:"true"`
	Conflicts   []conflictDTO `json:"conflicts" required:"true"`
	MaxOpen     int           `json:"max_open" required:"true"`
	Active      bool          `json:"active" required:"true"`
	InPool      bool          `json:"in_pool" required:"true" description:"active, enabled, an approved member of a verified organisation"`
	Load        int           `json:"load" required:"true" description:"open (pending) assignments"`
}

func toExpertDTO(e review.Expert) expertDTO {
	return expertDTO{UserID: e.UserID, Name: e.Name, Email: e.Email, OrgID: e.OrgID, OrgName: e.OrgName,
		OrgVerified: e.OrgVerified, Fields: e.Fields, MaxOpen: e.MaxOpen, Active: e.Active, InPool: e.InPool(), Load: e.Load,
		Conflicts: convertAll(e.Conflicts, func(c review.Conflict) conflictDTO { return conflictDTO(c) })}
}

// profileReq is the body of PUT /me/expert-profile.
type profileReq struct {
	Fields    []string      `json:"fields" required:"true" description:"industry field codes"`
	Conflicts []conflictDTO `json:"conflicts" required:"true"`
}

// expertPatchReq is the body of PATCH /experts/{id}.
type expertPatchReq struct {
	Active  *bool `json:"active"`
	MaxOpen *int  `json:"max_open" minimum:"1" maximum:"100"`
}

// expertListQuery filters the pool.
type expertListQuery struct {
	pageQueryDoc
	Q      string `query:"q" description:"name, e-mail or organisation"`
	Field  string `query:"field"`
	Active string `query:"active" enum:"true,false"`
}
