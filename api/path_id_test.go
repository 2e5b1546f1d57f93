package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestPathIDsArePlainDecimal: an id in a path names a thing only when written as a plain decimal number. Any
// other spelling of an existing id (a sign, a leading zero, a space, a fraction, an exponent, hex) answers 404
// not_found, for reads and writes alike, and changes nothing; so do ids that are not numbers, zero, negative
// or beyond int64.
func TestPathIDsArePlainDecimal(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ent := h.enterprise()
	boss := h.bureau()
	id := h.chPublished(ent, 72*time.Hour)
	n := fmt.Sprint(id)
	h.must(h.do("GET", "/api/v1/challenges/"+n, "", nil), http.StatusOK)

	spellings := []string{"+" + n, "0" + n, "00" + n, n + ".0", " " + n, n + " ", "\t" + n, n + "e0", "%2B" + n,
		"0x" + fmt.Sprintf("%x", id), n + "abc", "-" + n, "0", "-0", "abc", "1.5", "99999999999999999999", "٣"}
	for _, s := range spellings {
		p := "/api/v1/challenges/" + url.PathEscape(s)
		if strings.HasPrefix(s, "%") {
			p = "/api/v1/challenges/" + s
		}
		if r := h.do("GET", p, "", nil); r.Status != http.StatusNotFound || r.code() != "not_found" {
			t.Errorf("GET %s: want 404 not_found, got %d %s", p, r.Status, r.Raw)
		}
		if r := h.do("POST", p+"/amendments", boss.Token, map[string]any{"content": "补充说明"}); r.Status != http.StatusNotFound || r.code() != "not_found" {
			t.Errorf("POST %s/amendments: want 404 not_found, got %d %s", p, r.Status, r.Raw)
		}
	}
	// Nothing was amended through another spelling.
	r := h.must(h.do("GET", "/api/v1/challenges/"+n, "", nil), http.StatusOK)
	if a, _ := r.Body["amendments"].([]any); len(a) != 0 {
		t.Errorf("amended through a non-plain id: %v", a)
	}
	// Nested ids and the stage and year numbers follow the same rule.
	for _, p := range []string{
		"/api/v1/bids/+1/attachments/1", "/api/v1/bids/1/attachments/01",
		"/api/v1/challenges/" + n + "/stages/+1/decision", "/api/v1/challenges/" + n + "/stages/1.0/decision",
	} {
		if r := h.do("GET", p, boss.Token, nil); r.Status != http.StatusNotFound || r.code() != "not_found" {
			t.Errorf("GET %s: want 404 not_found, got %d %s", p, r.Status, r.Raw)
		}
	}
	for _, y := range []string{"+2027", "02027", "2027.0", "2027e0"} {
		body := map[string]any{"holidays": []string{}, "workdays": []string{}}
		if r := h.do("PUT", "/api/v1/calendar/"+y, boss.Token, body); r.Status != http.StatusNotFound || r.code() != "not_found" {
			t.Errorf("PUT /api/v1/calendar/%s: want 404 not_found, got %d %s", y, r.Status, r.Raw)
		}
	}
}
