package app

func (a *App) wireChallenges() error { return nil }
