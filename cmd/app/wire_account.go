package app

import "jiebang/api"

func (a *App) wireAccounts() error {
	_ = ensureDir(a.Cfg.DataDir)
	return nil
}

func (a *App) authenticator() api.Authenticator { return nil }
