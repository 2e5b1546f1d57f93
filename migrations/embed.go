// Package migrations holds the versioned SQL schema, one folder per dialect with identical version numbers,
// embedded in the binary and applied with goose.
package migrations

import "embed"

// FS holds sqlite/*.sql and postgres/*.sql.
//
//go:embed sqlite/*.sql postgres/*.sql
var FS embed.FS
