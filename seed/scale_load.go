package seed

import (
	"context"
	"time"

	"jiebang/domain/review"
)

// scaleLoadItems is the number of items the load rounds gather: enough for every load expert's pending
// assignments at five experts per item.
const scaleLoadItems = (ScaleLoadExperts*ScaleLoadAssignments + review.DefaultExpertsPerItem - 1) / review.DefaultExpertsPerItem

// scaleLoadItem is an item of a load round and when its round was assigned.
type scaleLoadItem struct {
	review.Item
	assigned time.Time
}

// seedLoadExperts gives each load expert its pending assignments on the load rounds' items, spread so that no
// expert has an item twice (a programme too small for that gives fewer).
func (s *scaleSeeder) seedLoadExperts(ctx context.Context) error {
	t := len(s.loadItems)
	if t == 0 {
		return nil
	}
	per := min(ScaleLoadAssignments, t)
	as := make([]review.Assignment, 0, len(s.loadExperts)*per)
	for e, expert := range s.loadExperts {
		for j := range per {
			it := s.loadItems[(e*per+j)%t]
			as = append(as, review.Assignment{RoundID: it.RoundID, ItemID: it.ID, ExpertID: expert, Status: review.AssignmentPending,
				FieldMatch: true, Draw: 1, CreatedAt: it.assigned})
		}
	}
	if err := s.reviews.AddAssignments(ctx, as); err != nil {
		return err
	}
	s.n.Assignments += len(as)
	s.n.LoadAssignments += len(as)
	return nil
}
