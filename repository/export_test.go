package repository

// VersionCheckSQL are the statements of the version checks (SQLite placeholders), for the plan test.
var VersionCheckSQL = map[string]string{"board version": boardVersionSQL, "detail version": cardVersionSQL,
	"programme version": programmeVersionSQL, "race version": raceVersionSQL, "workbench versions": workbenchVersionSQL}

// AuthSQL is the authentication statement (SQLite placeholders), for the plan test.
const AuthSQL = authSQL
