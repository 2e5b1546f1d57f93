package app

import (
	"path/filepath"

	"jiebang/domain/bid"
	"jiebang/repository"
)

// wireBids builds the bid service over the account service (organisations) and the challenge service, with
// attachments stored under <data-dir>/uploads.
func (a *App) wireBids() error {
	blobs, err := repository.NewFileBlobs(filepath.Join(a.Cfg.DataDir, "uploads"))
	if err != nil {
		return err
	}
	a.Bids = bid.NewService(bid.Config{
		MaxPartners:         a.Cfg.MaxPartners,
		MaxActiveBidsPerPI:  a.Cfg.MaxActiveBidsPerPI,
		MaxActiveBidsPerOrg: a.Cfg.MaxActiveBidsPerOrg,
	}, bid.Deps{Store: repository.NewBidStore(a.DB), Blobs: blobs, Tx: a.Tx, Audit: a.Audit, Clock: a.Clock,
		Orgs: a.Accounts, Challenges: a.Challenges, Events: a.Events})
	return nil
}
