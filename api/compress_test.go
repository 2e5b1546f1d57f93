package api_test

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestSharedAnswersAreSentCompressedToClientsThatAcceptIt: the answers encoded once (a page of the board, a
// public detail, 我的揭榜, the programme dashboard) go gzip-compressed to a client that accepts gzip, with their
// length and Vary: Accept-Encoding, and decompress to exactly what a client that does not accept it gets, from
// a fresh encoding and from the kept one alike; a refusal (gzip;q=0) and a missing header get the plain JSON.
func TestSharedAnswersAreSentCompressedToClientsThatAcceptIt(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		owner, tm, boss := h.enterprise(), h.team(), h.bureau()
		var ids []int64
		for range 3 {
			ids = append(ids, h.chPublished(owner, 72*time.Hour))
		}
		h.bidDraft(tm, ids[0])
		h.bidDraft(tm, ids[1])
		reads := []struct{ what, path, token string }{
			{"board", "/api/v1/challenges?page_size=20", ""},
			{"board as a team without items of its own", "/api/v1/challenges?page_size=20", tm.Token},
			{"board as an officer", "/api/v1/challenges?page_size=20", boss.Token},
			{"detail", "/api/v1/challenges/" + strconv.FormatInt(ids[2], 10), ""},
			{"my bids", "/api/v1/me/bids", tm.Token},
			{"dashboard", "/api/v1/programme/dashboard", boss.Token},
		}
		for _, rd := range reads {
			plain := h.must(h.do("GET", rd.path, rd.token, nil), http.StatusOK)
			if plain.Header.Get("Content-Encoding") != "" || !strings.Contains(plain.Header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("%s without Accept-Encoding: Content-Encoding %q, Vary %q", rd.what, plain.Header.Get("Content-Encoding"), plain.Header.Get("Vary"))
			}
			for i := range 2 { // the second read comes from what the first kept
				z := h.must(h.do("GET", rd.path, rd.token, nil, "Accept-Encoding", "gzip, deflate, br"), http.StatusOK)
				if len(plain.Raw) < 1024 { // not worth compressing: sent as it is
					if rd.what != "dashboard" {
						t.Fatalf("%s: %d bytes, too small for the test to show compression", rd.what, len(plain.Raw))
					}
					if z.Header.Get("Content-Encoding") != "" || !bytes.Equal(z.Raw, plain.Raw) {
						t.Fatalf("%s of %d bytes compressed", rd.what, len(plain.Raw))
					}
					continue
				}
				if z.Header.Get("Content-Encoding") != "gzip" || z.Plain == nil {
					t.Fatalf("%s, read %d with Accept-Encoding gzip: Content-Encoding %q", rd.what, i+1, z.Header.Get("Content-Encoding"))
				}
				if !bytes.Equal(z.Plain, plain.Raw) {
					t.Fatalf("%s, read %d: decompressed\n%s\nplain\n%s", rd.what, i+1, z.Plain, plain.Raw)
				}
				if cl := z.Header.Get("Content-Length"); cl != strconv.Itoa(len(z.Raw)) || len(z.Raw) >= len(plain.Raw) {
					t.Errorf("%s: Content-Length %s, %d bytes sent for %d", rd.what, cl, len(z.Raw), len(plain.Raw))
				}
			}
			for _, ae := range []string{"gzip;q=0", "identity", "br"} {
				r := h.must(h.do("GET", rd.path, rd.token, nil, "Accept-Encoding", ae), http.StatusOK)
				if r.Header.Get("Content-Encoding") != "" || !bytes.Equal(r.Raw, plain.Raw) {
					t.Errorf("%s with Accept-Encoding %q: Content-Encoding %q", rd.what, ae, r.Header.Get("Content-Encoding"))
				}
			}
		}
		// An answer encoded for one request only is not compressed (it would cost more than it saves).
		if r := h.must(h.do("GET", "/api/v1/me", tm.Token, nil, "Accept-Encoding", "gzip"), http.StatusOK); r.Header.Get("Content-Encoding") != "" {
			t.Errorf("/me compressed")
		}
		// A change is served compressed too, and decompresses to the new state.
		id := h.chPublished(owner, 96*time.Hour)
		plain := h.must(h.do("GET", reads[0].path, "", nil), http.StatusOK)
		z := h.must(h.do("GET", reads[0].path, "", nil, "Accept-Encoding", "gzip"), http.StatusOK)
		if !bytes.Equal(z.Plain, plain.Raw) || listItem(plain, id) == nil {
			t.Fatalf("after publishing: decompressed\n%s\nplain\n%s", z.Plain, plain.Raw)
		}
	})
}

// TestWebAppFilesAreSentCompressed: the web app's text files go compressed to browsers that accept gzip, with
// their type and cache rules; a range request, a small file and a binary file are sent as they are.
func TestWebAppFilesAreSentCompressed(t *testing.T) {
	t.Parallel()
	js := []byte(strings.Repeat("export const 揭榜 = () => console.log('挂帅');\n", 200))
	png := bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 600)
	dist := fstest.MapFS{
		"index.html":             {Data: []byte("<!doctype html><div id=app></div>")},
		"assets/app-abc123.js":   {Data: js},
		"assets/tiny-abc123.js":  {Data: []byte("console.log(1)")},
		"assets/logo-abc123.png": {Data: png},
	}
	h := spaHarness(t, dist)
	for range 2 {
		r := h.must(h.do("GET", "/assets/app-abc123.js", "", nil, "Accept-Encoding", "gzip"), http.StatusOK)
		if r.Header.Get("Content-Encoding") != "gzip" || !bytes.Equal(r.Plain, js) || len(r.Raw)*4 > len(js) ||
			!strings.Contains(r.Header.Get("Content-Type"), "javascript") || !strings.Contains(r.Header.Get("Cache-Control"), "immutable") ||
			r.Header.Get("Content-Length") != strconv.Itoa(len(r.Raw)) || !strings.Contains(r.Header.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("js with gzip: %d bytes, headers %v", len(r.Raw), r.Header)
		}
	}
	for _, tc := range []struct {
		path string
		hdr  []string
		want []byte
	}{
		{"/assets/app-abc123.js", nil, js},
		{"/assets/app-abc123.js", []string{"Accept-Encoding", "identity"}, js},
		{"/assets/tiny-abc123.js", []string{"Accept-Encoding", "gzip"}, []byte("console.log(1)")},
		{"/assets/logo-abc123.png", []string{"Accept-Encoding", "gzip"}, png},
	} {
		r := h.must(h.do("GET", tc.path, "", nil, tc.hdr...), http.StatusOK)
		if r.Header.Get("Content-Encoding") != "" || !bytes.Equal(r.Raw, tc.want) {
			t.Errorf("%s %v: Content-Encoding %q, %d bytes", tc.path, tc.hdr, r.Header.Get("Content-Encoding"), len(r.Raw))
		}
	}
	r := h.do("GET", "/assets/app-abc123.js", "", nil, "Accept-Encoding", "gzip", "Range", "bytes=0-9")
	if r.Status != http.StatusPartialContent || r.Header.Get("Content-Encoding") != "" || !bytes.Equal(r.Raw, js[:10]) {
		t.Errorf("range with gzip: %d %q %q", r.Status, r.Header.Get("Content-Encoding"), r.Raw)
	}
}
