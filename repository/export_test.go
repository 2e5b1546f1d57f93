package repository

// VersionCheckSQL are the statements of the version checks (SQLite placeholders), for the plan test.
var VersionCheckSQL = map[string]string{"board version": boardVersionSQL, "detail version": cardVersionSQL}

// AuthSQL is the authentication statement (SQLite placeholders), for the plan test.
const AuthSQL = authSQL
