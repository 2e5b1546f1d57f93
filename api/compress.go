package api

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
)

// Answers encoded once and shared by many requests (a page of the public board, a public detail, an
// organisation's 我的揭榜, the programme dashboard, the web app's files) are also sent gzip-compressed to
// clients that accept it, as every browser does: a page of the board is ~30 KB of JSON and ~4 KB compressed.
// The compressed copy is made once, on the first request that accepts it, and kept beside the JSON, so
// compression costs nothing per request. Answers encoded per request are not compressed: compressing 30 KB
// takes longer than the rest of such a request. Only answers that are the same for everyone who gets them
// are compressed, and none of them reflects the request, so compression leaks nothing (BREACH needs a secret
// and attacker-chosen text in one compressed answer).

// minCompressed is the smallest answer worth compressing: below it the headers outweigh the saving.
const minCompressed = 1024

// sharedJSON is an encoded JSON answer and, once a client accepted it, its gzip.
type sharedJSON struct {
	body  []byte
	level int
	once  sync.Once
	gz    []byte // nil: not worth it (small, or compressing did not shrink it)
}

func newSharedJSON(body []byte) *sharedJSON {
	return &sharedJSON{body: body, level: gzip.DefaultCompression}
}

// gzipped returns the compressed answer (made on the first call), or nil when the plain one is to be sent.
func (s *sharedJSON) gzipped() []byte {
	s.once.Do(func() { s.gz = gzipOf(s.body, s.level) })
	return s.gz
}

// gzipOf compresses b at the level, or returns nil when b is small or does not shrink.
func gzipOf(b []byte, level int) []byte {
	if len(b) < minCompressed {
		return nil
	}
	var buf bytes.Buffer
	buf.Grow(len(b) / 4)
	zw, err := gzip.NewWriterLevel(&buf, level)
	if err != nil {
		return nil
	}
	if _, err := zw.Write(b); err != nil {
		return nil
	}
	if err := zw.Close(); err != nil || buf.Len() >= len(b) {
		return nil
	}
	return buf.Bytes()
}

// write answers 200 with the JSON, compressed when the client accepts gzip and it is worth it.
func (s *sharedJSON) write(c *gin.Context) {
	c.Header("Vary", "Accept-Encoding")
	if acceptsGzip(c.Request) {
		if gz := s.gzipped(); gz != nil {
			c.Header("Content-Encoding", "gzip")
			writeJSONBytes(c, gz)
			return
		}
	}
	writeJSONBytes(c, s.body)
}

// respondKept answers with the encoding kept for a shared answer (kept, from its memo), or encodes value()
// once, keeps it with keep and answers with it: the JSON and, for the clients that accept it, its gzip.
func respondKept(c *gin.Context, kept any, keep func(any), value func() any) {
	if sj, ok := kept.(*sharedJSON); ok {
		sj.write(c)
		return
	}
	b, err := json.Marshal(value())
	if err != nil {
		fail(c, err)
		return
	}
	sj := newSharedJSON(b)
	keep(sj)
	sj.write(c)
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip: listed (or "*") without q=0, and not
// refused by a later gzip;q=0.
func acceptsGzip(r *http.Request) bool {
	ae := r.Header.Values("Accept-Encoding")
	if len(ae) == 0 {
		return false
	}
	gz, star := -1, -1 // -1 not named, 0 refused, 1 accepted
	for _, line := range ae {
		for _, part := range strings.Split(line, ",") {
			coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			if coding != "gzip" && coding != "x-gzip" && coding != "*" {
				continue
			}
			ok := 1
			if qualityZero(params) {
				ok = 0
			}
			if coding == "*" {
				star = ok
			} else {
				gz = ok
			}
		}
	}
	if gz >= 0 {
		return gz == 1
	}
	return star == 1
}

// qualityZero reports whether the parameters of a coding give it q=0 (q=0, q=0.0, q=0.000).
func qualityZero(params string) bool {
	for _, p := range strings.Split(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || strings.ToLower(strings.TrimSpace(k)) != "q" {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return err == nil && q == 0
	}
	return false
}

// assetGzip keeps the compressed copies of the web app's files by name (the embedded files never change
// while the server runs).
type assetGzip struct {
	mu    sync.Mutex
	files map[string]*sharedJSON
}

// sendAssetGzip answers with the compressed copy of the web app's file name when it is text, the request is
// not for a range and the client accepts gzip; it reports whether it answered.
func (a *API) sendAssetGzip(c *gin.Context, name string) bool {
	if !compressibleAsset(name) || c.GetHeader("Range") != "" {
		return false
	}
	c.Header("Vary", "Accept-Encoding")
	if !acceptsGzip(c.Request) {
		return false
	}
	gz := a.assetGzip.get(name, func() ([]byte, error) { return fs.ReadFile(a.d.Frontend, name) })
	if gz == nil {
		return false
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	c.Header("Content-Encoding", "gzip")
	c.Header("Content-Length", strconv.Itoa(len(gz)))
	c.Data(http.StatusOK, ct, gz)
	return true
}

// compressibleAsset reports whether a file of the web app is text worth compressing.
func compressibleAsset(name string) bool {
	for _, ext := range []string{".js", ".css", ".html", ".svg", ".json", ".txt", ".map", ".mjs"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// get returns the compressed copy of the file (read by read on the first call), or nil when it is not worth
// sending compressed.
func (g *assetGzip) get(name string, read func() ([]byte, error)) []byte {
	g.mu.Lock()
	if g.files == nil {
		g.files = map[string]*sharedJSON{}
	}
	s, ok := g.files[name]
	if !ok {
		b, err := read()
		if err != nil {
			g.mu.Unlock()
			return nil
		}
		// once per file while the server runs: the smallest copy is worth the time
		s = &sharedJSON{body: b, level: gzip.BestCompression}
		g.files[name] = s
	}
	g.mu.Unlock()
	return s.gzipped()
}
