package api

func (a *API) registerAccountRoutes() {}
