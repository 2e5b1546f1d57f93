package race

import "context"

// BoardData is everything a race board shows of a challenge's race, before it is cut to its viewer.
type BoardData struct {
	Racers         []Racer
	Reports        []Report
	Events         []Event
	Decisions      []Decision
	Opinions       []Opinion
	Attachments    []Attachment
	Rectifications []Rectification
}

// BoardReader is a Store that reads a board's data at once (and may serve it from a cache checked against
// the database on every read): the slices may be shared between readers, so they are read, never written.
type BoardReader interface {
	BoardData(ctx context.Context, challengeID int64) (BoardData, error)
}

// boardData reads the board's data through the store's BoardReader when it has one, else list by list.
func (s *Service) boardData(ctx context.Context, challengeID int64) (BoardData, error) {
	var d BoardData
	var err error
	if br, ok := s.d.Store.(BoardReader); ok {
		if d, err = br.BoardData(ctx, challengeID); err != nil {
			return d, err
		}
		if s.d.Rectifications == nil {
			d.Rectifications = nil
		}
		return d, nil
	}
	if d.Racers, err = s.d.Store.Racers(ctx, challengeID); err != nil {
		return d, err
	}
	if d.Reports, err = s.d.Store.Reports(ctx, challengeID); err != nil {
		return d, err
	}
	if d.Events, err = s.d.Store.Events(ctx, challengeID); err != nil {
		return d, err
	}
	if d.Decisions, err = s.d.Store.Decisions(ctx, challengeID); err != nil {
		return d, err
	}
	if d.Opinions, err = s.d.Store.Opinions(ctx, challengeID); err != nil {
		return d, err
	}
	if d.Attachments, err = s.d.Store.Attachments(ctx, challengeID); err != nil {
		return d, err
	}
	if s.d.Rectifications != nil {
		if d.Rectifications, err = s.d.Rectifications.Rectifications(ctx, challengeID); err != nil {
			return d, err
		}
	}
	return d, nil
}
