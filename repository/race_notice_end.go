package repository

import (
	"context"
	"time"

	"jiebang/domain/race"
)

var _ race.NoticeEnds = (*RaceStore)(nil)

// RunningNotices returns the open notices whose end is after now, in ID order.
func (s *RaceStore) RunningNotices(ctx context.Context, now time.Time) (_ []race.Notice, err error) {
	defer wrap(&err, "race store: running notices")
	var vs []noticeView
	err = s.notices(ctx).Where("notices.status = ? AND notices.ends_at > ?", string(race.NoticeOpen), now.UTC()).
		Order("notices.id").Find(&vs).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]race.Notice, 0, len(vs))
	for _, v := range vs {
		out = append(out, v.toDomain())
	}
	return out, nil
}

// MoveNoticeEnd sets an open notice's end compare-and-set on its stored end.
func (s *RaceStore) MoveNoticeEnd(ctx context.Context, id int64, from, to time.Time) (_ bool, err error) {
	defer wrap(&err, "race store: move notice end %d", id)
	res := s.db.conn(ctx).Model(&noticeRow{}).Where("id = ? AND status = ? AND ends_at = ?", id, string(race.NoticeOpen), dbTime(from)).
		Update("ends_at", dbTime(to))
	return res.RowsAffected == 1, translate(res.Error)
}
