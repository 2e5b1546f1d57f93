package app

func (a *App) wireBids() error { return nil }
