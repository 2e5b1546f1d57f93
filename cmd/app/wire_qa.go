package app

import (
	"context"

	"jiebang/domain/call"
	"jiebang/domain/qa"
	"jiebang/repository"
)

// wireQA builds questions and answers, follows and amendments over the challenge service, with the rules
// (question window, minimum days after an amendment) of the challenge's call (申报批次), each falling back to
// the settings, read at each use.
func (a *App) wireQA() {
	a.QA = qa.NewService(repository.NewQAStore(a.DB), a.Challenges, a.Tx, a.Audit, a.Clock, a.Notify, a.Settings)
	a.QA.UseRules(callQARules{a.Calls})
}

// callQARules reads the question window and the minimum days after an amendment from a challenge's call.
type callQARules struct{ calls *call.Service }

// QARules returns the call's rules in force for the challenge (the settings' for a standing challenge).
func (r callQARules) QARules(ctx context.Context, challengeID int64) (qa.Rules, error) {
	c, err := r.calls.RulesFor(ctx, challengeID)
	if err != nil {
		return qa.Rules{}, err
	}
	return qa.Rules{QuestionWindowDays: c.QuestionWindowDays, AddendumMinDays: c.AddendumMinDays}, nil
}
