package api

func (a *API) registerBidRoutes() {}
