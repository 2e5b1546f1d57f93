package repository

import (
	"context"

	"jiebang/domain/race"
)

// A race board (GET /challenges/{id}/racers) reads seven lists of its challenge's race. They are cached per
// challenge and served while race_version (migration 00063, bumped by triggers on every change of those rows
// and of an organisation's name) is the one they were read at: one prepared single-row read per board. Races
// change rarely (reports, decisions, a few times a stage), so one version for every race is enough.

const (
	raceVersionSQL = "SELECT v FROM race_version WHERE id = 1"
	// raceBoardCacheSize bounds the boards kept (a few KB each).
	raceBoardCacheSize = 4096
)

type raceBoardEntry struct {
	version int64
	data    race.BoardData
}

var _ race.BoardReader = (*RaceStore)(nil)

// BoardData reads everything a race board shows: from the cache when it is current. The slices are shared by
// every reader of the same version (race.BoardReader: read them, never write into them).
func (s *RaceStore) BoardData(ctx context.Context, challengeID int64) (_ race.BoardData, err error) {
	if InTxContext(ctx) {
		return s.readBoardData(ctx, challengeID)
	}
	var v int64
	if err := s.boardVersion.scan(ctx, nil, &v); err != nil {
		wrap(&err, "race store: board version")
		return race.BoardData{}, err
	}
	if e, ok := s.boards.get(challengeID); ok && e.version == v {
		return e.data, nil
	}
	d, err := s.readBoardData(ctx, challengeID)
	if err != nil {
		return d, err
	}
	s.boards.put(challengeID, raceBoardEntry{version: v, data: d})
	return d, nil
}

func (s *RaceStore) readBoardData(ctx context.Context, challengeID int64) (d race.BoardData, err error) {
	if d.Racers, err = s.Racers(ctx, challengeID); err != nil {
		return d, err
	}
	if d.Reports, err = s.Reports(ctx, challengeID); err != nil {
		return d, err
	}
	if d.Events, err = s.Events(ctx, challengeID); err != nil {
		return d, err
	}
	if d.Decisions, err = s.Decisions(ctx, challengeID); err != nil {
		return d, err
	}
	if d.Opinions, err = s.Opinions(ctx, challengeID); err != nil {
		return d, err
	}
	if d.Attachments, err = s.Attachments(ctx, challengeID); err != nil {
		return d, err
	}
	d.Rectifications, err = s.Rectifications(ctx, challengeID)
	return d, err
}
