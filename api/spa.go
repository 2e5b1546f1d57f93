package api

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
)

// noRoute answers unknown paths under /api/ and /debug/ with the JSON 404 (a client or a probe of the API, or
// of the profiler that the public address does not serve, must never get the web app's page with 200) and
// everything else with the SPA: a file of the build when it exists (hashed assets cached for a year),
// index.html otherwise (never cached).
func (a *API) noRoute(c *gin.Context) {
	p := c.Request.URL.Path
	if isAPIPath(p) || isDebugPath(p) {
		fail(c, domain.NewError(domain.ErrNotFound, "not_found", "接口不存在", "no such API endpoint"))
		return
	}
	if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
		fail(c, domain.NewError(domain.ErrNotFound, "not_found", "未找到", "not found"))
		return
	}
	if a.d.Frontend == nil {
		c.Header("Cache-Control", "no-cache")
		c.Data(http.StatusOK, "text/html; charset=utf-8", a.d.Placeholder)
		return
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	if name != "" && name != "index.html" {
		if st, err := fs.Stat(a.d.Frontend, name); err == nil && !st.IsDir() {
			if strings.HasPrefix(name, "assets/") {
				c.Header("Cache-Control", "public, max-age=31536000, immutable")
			} else {
				c.Header("Cache-Control", "public, max-age=3600")
			}
			if a.sendAssetGzip(c, name) {
				return
			}
			c.FileFromFS(name, http.FS(a.d.Frontend))
			return
		}
		if strings.HasPrefix(name, "assets/") {
			c.String(http.StatusNotFound, "not found")
			return
		}
	}
	b, err := fs.ReadFile(a.d.Frontend, "index.html")
	if err != nil {
		c.Data(http.StatusOK, "text/html; charset=utf-8", a.d.Placeholder)
		return
	}
	c.Header("Cache-Control", "no-cache, no-store, must-revalidate")
	c.Data(http.StatusOK, "text/html; charset=utf-8", b)
}

// isDebugPath is /debug and what lies under it: the profiler's paths, served only on the metrics address.
func isDebugPath(p string) bool { return p == "/debug" || strings.HasPrefix(p, "/debug/") }
