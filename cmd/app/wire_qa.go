package app

import (
	"jiebang/domain/qa"
	"jiebang/repository"
)

// wireQA builds questions and answers, follows and amendments over the challenge service, with the rules
// (question window, minimum days after an amendment) read from the settings at each use.
func (a *App) wireQA() {
	a.QA = qa.NewService(repository.NewQAStore(a.DB), a.Challenges, a.Tx, a.Audit, a.Clock, a.Notify, a.Settings)
}
