package api

func (a *API) registerChallengeRoutes() {}
