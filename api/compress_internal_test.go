package api

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"io"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func TestAcceptsGzip(t *testing.T) {
	t.Parallel()
	cases := map[string]bool{
		"":                         false,
		"gzip":                     true,
		"GZip":                     true,
		"x-gzip":                   true,
		"gzip, deflate, br, zstd":  true,
		"deflate, gzip;q=0.5":      true,
		"gzip;q=0":                 false,
		"gzip; q=0.000":            false,
		"gzip;q=0.001":             true,
		"*":                        true,
		"*;q=0":                    false,
		"identity":                 false,
		"br, zstd":                 false,
		"gzip;q=0, *":              false, // gzip refused by name: the star does not bring it back
		"*;q=0, gzip":              true,
		"gzipped":                  false,
		"gzip;level=9":             true,
		"deflate;q=0.3, gzip;q=1 ": true,
	}
	for ae, want := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		if ae != "" {
			r.Header.Set("Accept-Encoding", ae)
		}
		if got := acceptsGzip(r); got != want {
			t.Errorf("Accept-Encoding %q: acceptsGzip = %v, want %v", ae, got, want)
		}
	}
	// two header lines are one list
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Add("Accept-Encoding", "br")
	r.Header.Add("Accept-Encoding", "gzip")
	if !acceptsGzip(r) {
		t.Error("gzip on a second Accept-Encoding line not seen")
	}
}

func TestSharedJSONCompressesOnceAndOnlyWhenWorthIt(t *testing.T) {
	t.Parallel()
	big := []byte(`{"items":[` + strings.Repeat(`{"title":"高效永磁同步电机","status":"published"},`, 100) + `{}]}`)
	s := newSharedJSON(big)
	var wg sync.WaitGroup
	got := make([][]byte, 16)
	for i := range got {
		wg.Add(1)
		go func() { defer wg.Done(); got[i] = s.gzipped() }()
	}
	wg.Wait()
	for i := range got {
		if &got[i][0] != &got[0][0] {
			t.Fatal("compressed more than once")
		}
	}
	zr, err := gzip.NewReader(bytes.NewReader(got[0]))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(plain, big) {
		t.Fatalf("round trip: %v, equal %v", err, bytes.Equal(plain, big))
	}
	if len(got[0])*4 > len(big) {
		t.Errorf("a repetitive page of %d bytes compressed to %d", len(big), len(got[0]))
	}
	if newSharedJSON([]byte(`{"ok":true}`)).gzipped() != nil {
		t.Error("a small answer compressed")
	}
	random := make([]byte, 4096) // does not shrink: sent as it is
	if _, err := rand.Read(random); err != nil {
		t.Fatal(err)
	}
	if newSharedJSON(random).gzipped() != nil {
		t.Error("an answer that does not shrink was kept compressed")
	}
}
