package race

import (
	"context"

	"jiebang/domain"
	"jiebang/domain/challenge"
	"jiebang/domain/event"
)

// Events of the race, the notice (公示) and the acceptance (验收): each change publishes one inside its
// transaction, with the payload named beside it; the reactions are registered by Register (react.go).
const (
	// EventStart: the race started (Started).
	EventStart = "race.start"
	// EventReport: a racer submitted a stage report (ReportSubmitted).
	EventReport = "race.report"
	// EventStageDecide: the bureau decided a stage (StageDecided).
	EventStageDecide = "race.stage_decide"
	// EventReadmit: an eliminated racer was re-admitted, 复活 (RacerChanged).
	EventReadmit = "race.readmit"
	// EventMerge: a racer was merged into another, 强强联合 (RacerChanged).
	EventMerge = "race.merge"
	// EventNoticePublish: a selection was put on notice (NoticePublished).
	EventNoticePublish = "notice.publish"
	// EventNoticeClose: a notice period ended, by the job or the bureau (NoticeMoved).
	EventNoticeClose = "notice.close"
	// EventNoticeSupersede: a notice was replaced by a re-notice (NoticeMoved).
	EventNoticeSupersede = "notice.supersede"
	// EventNoticeObject: an objection (异议) was filed (Objected).
	EventNoticeObject = "notice.object"
	// EventNoticeResolve: the bureau answered an objection (ObjectionResolved).
	EventNoticeResolve = "notice.resolve"
	// EventAcceptanceOpinion: the enterprise recorded its acceptance opinion on a racer (OpinionRecorded).
	EventAcceptanceOpinion = "acceptance.opinion"
	// EventAcceptanceConclude: the bureau concluded the acceptance (Concluded).
	EventAcceptanceConclude = "acceptance.conclude"
)

// Started is the payload of EventStart: the challenge (as before the start) and its new racers.
type Started struct {
	Challenge challenge.Challenge
	Racers    []Racer
}

// ReportSubmitted is the payload of EventReport.
type ReportSubmitted struct {
	Challenge challenge.Challenge
	Racer     Racer
	Report    Report
}

// StageDecided is the payload of EventStageDecide: the decision and the challenge's racers as they were
// before it (those racing then raced the stage).
type StageDecided struct {
	Challenge challenge.Challenge
	Decision  Decision
	Racers    []Racer
}

// RacerChanged is the payload of EventReadmit and EventMerge: the racer after the change and the written
// reason.
type RacerChanged struct {
	Challenge challenge.Challenge
	Racer     Racer
	Reason    string
}

// NoticePublished is the payload of EventNoticePublish: the new notice and the one it replaced (nil for the
// first).
type NoticePublished struct {
	Challenge challenge.Challenge
	Notice    Notice
	Previous  *Notice
}

// NoticeMoved is the payload of EventNoticeClose and EventNoticeSupersede: the notice as it was, and the
// status it moved to.
type NoticeMoved struct {
	Notice Notice
	To     NoticeStatus
}

// Objected is the payload of EventNoticeObject.
type Objected struct {
	Notice    Notice
	Objection Objection
}

// ObjectionResolved is the payload of EventNoticeResolve: the objection after the answer.
type ObjectionResolved struct {
	Objection Objection
}

// OpinionRecorded is the payload of EventAcceptanceOpinion.
type OpinionRecorded struct {
	Challenge challenge.Challenge
	Racer     Racer
	Opinion   Opinion
}

// Concluded is the payload of EventAcceptanceConclude: the outcome, the opinion and every racer of the
// challenge after the conclusion.
type Concluded struct {
	Challenge challenge.Challenge
	Outcome   Outcome
	Opinion   string
	Racers    []Racer
}

// publish publishes data as the event name about id in ctx's transaction (nothing without a bus).
func publish[T any](ctx context.Context, s *Service, name string, actor domain.Actor, id int64, data T) error {
	return event.Publish(ctx, s.d.Events, name, actor, id, data)
}
