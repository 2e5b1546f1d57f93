package app

import (
	"jiebang/domain/bid"
	"jiebang/repository"
)

// wireBids builds the bid service over the account service (organisations) and the challenge service, with
// attachments in the attachment store (App.Blobs).
func (a *App) wireBids() error {
	a.Bids = bid.NewService(bid.Config{
		MaxPartners:         a.Cfg.MaxPartners,
		MaxActiveBidsPerPI:  a.Cfg.MaxActiveBidsPerPI,
		MaxActiveBidsPerOrg: a.Cfg.MaxActiveBidsPerOrg,
	}, bid.Deps{Store: repository.NewBidStore(a.DB), Blobs: a.Blobs, Tx: a.Tx, Audit: a.Audit, Clock: a.Clock,
		Orgs: a.Accounts, Challenges: a.Challenges, Events: a.Events})
	return nil
}
