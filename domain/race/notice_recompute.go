package race

import (
	"context"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// When the bureau enters a year's calendar, a notice still running was counted on the calendar that stood before
// (often the provisional one of a year not yet entered): its end is counted again, from its start and its number
// of working days, on the new calendar. A date already passed stays as it was. The notice is the only date of the
// race that depends on the calendar: a stage's due date is months from the start (StageDue), whatever the
// holidays, so no other date moves.

// ActionRecompute is the audit action of a notice's end moved by a newly entered calendar.
const ActionRecompute = "recompute"

// NoticeEnds reads and moves the ends of running notices (the race store satisfies it).
type NoticeEnds interface {
	// RunningNotices are the open notices whose end is after now, in ID order.
	RunningNotices(ctx context.Context, now time.Time) ([]Notice, error)
	// MoveNoticeEnd sets an open notice's end compare-and-set on its stored end; false when the notice closed
	// or its end moved meanwhile.
	MoveNoticeEnd(ctx context.Context, id int64, from, to time.Time) (bool, error)
}

// RecomputeNotices counts the end of every running notice again on the calendar as it now stands, in the
// caller's transaction (the one that entered the calendar, so that the calendar and the notices change
// together), each move audited with the end before and after. A notice already ended (its end at or before
// now, even if the job has not closed it yet) is left as it was. A running notice that the new calendar would
// have ended already keeps its end too: a period announced as running is never closed retroactively. It
// returns the number of notices moved.
func (s *Service) RecomputeNotices(ctx context.Context, actor domain.Actor, ends NoticeEnds) (int, error) {
	now := s.now()
	ns, err := ends.RunningNotices(ctx, now)
	if err != nil {
		return 0, err
	}
	moved := 0
	for _, n := range ns {
		if !n.Running(now) {
			continue
		}
		end, err := s.d.Calendar.AddWorkdays(ctx, n.StartsAt, n.NoticeDays)
		if err != nil {
			return moved, err
		}
		end = end.UTC()
		if end.Equal(n.EndsAt) || !end.After(now) {
			continue
		}
		won, err := ends.MoveNoticeEnd(ctx, n.ID, n.EndsAt, end)
		if err != nil {
			return moved, err
		}
		if !won {
			return moved, domain.Conflict("notice_moved", "公示期刚刚发生变化，请重试", "the notice changed meanwhile: try again")
		}
		if err := s.log(ctx, actor, audit.EntityNotice, n.ID, ActionRecompute,
			map[string]any{"ends_at": n.EndsAt, "notice_days": n.NoticeDays},
			map[string]any{"ends_at": end, "notice_days": n.NoticeDays}); err != nil {
			return moved, err
		}
		moved++
	}
	return moved, nil
}
