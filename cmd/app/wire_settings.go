package app

import (
	"jiebang/domain/settings"
	"jiebang/repository"
)

// wireSettings builds the bureau's settings, before the areas that read them (review, race).
func (a *App) wireSettings() {
	a.Settings = settings.NewService(repository.NewSettingsStore(a.DB), a.Tx, a.Audit, a.Clock)
}

// useSettings makes the challenge, bid, account and funding services read their field list and limits
// from the settings at each use (so a change applies without a restart, on every server). Setters: these
// areas are built without settings in their own tests.
func (a *App) useSettings() {
	a.Challenges.UsePolicy(a.Settings)
	a.Bids.UseLimits(a.Calls) // the settings' limits, or a call's own (counted within the call)
	a.Accounts.UseFields(a.Settings)
	a.Funding.UseFields(a.Settings)
}
