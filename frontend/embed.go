// Package frontend embeds the built single-page application (揭榜 web UI).
//
// The Vite build writes into dist/; a committed dist/.gitkeep keeps go:embed
// working on a checkout where Node was never run. In that case Dist reports
// false and the server should answer with Placeholder instead.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Placeholder is a small bilingual HTML page telling the operator that the
// frontend was not built (run `make frontend`).
//
//go:embed placeholder.html
var Placeholder []byte

// Dist returns the built application rooted at dist/ and true when it
// contains index.html; otherwise false (the frontend was not built).
func Dist() (fs.FS, bool) {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		return nil, false
	}
	if _, err := fs.Stat(sub, "index.html"); err != nil {
		return nil, false
	}
	return sub, true
}
