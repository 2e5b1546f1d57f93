package app

import (
	"jiebang/domain/call"
	"jiebang/domain/race"
	"jiebang/repository"
)

// wireCalls builds the calls (申报批次) over the settings and the challenge service, and makes the challenge
// rules check filing into a call through it. The bids and the race read their per-call rules from it
// (useSettings, wireRace).
func (a *App) wireCalls() {
	a.Calls = call.NewService(call.Deps{Store: repository.NewCallStore(a.DB), Tx: a.Tx, Audit: a.Audit, Clock: a.Clock,
		Settings: a.Settings, Challenges: a.Challenges})
	a.Challenges.UseCalls(a.Calls)
}

// The call serves the race's per-challenge notice period.
var _ race.ChallengeNoticeDefaults = (*call.Service)(nil)
