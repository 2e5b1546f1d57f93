package api

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// TestQueryTextGuardReadsPairsAsParseQuery: the guard, which walks the raw query without building a map,
// refuses exactly the queries whose pairs as url.ParseQuery reads them hold a bad or over-long name or value.
func TestQueryTextGuardReadsPairsAsParseQuery(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", maxQueryValue+1)
	raws := []string{"", "page=3&page_size=20", "q=%E7%94%B5%E6%9C%BA", "q=%00", "q=%ff%fe", "%00=1", "%ff=1",
		"q=ok&x=%00", "q=" + long, long + "=1", "q=%zz%00", "q=%00;x=1", "&&q=a&", "q=a+b", "q=%ff&q=ok", "a=1=2&b",
		"q=" + strings.Repeat("%E7%94%B5", 300), "x=%0"}
	for _, raw := range raws {
		want := false
		if vals, _ := url.ParseQuery(raw); vals != nil {
			for name, vs := range vals {
				for _, v := range append(vs, name) {
					want = want || len(v) > maxQueryValue || !cleanText(v)
				}
			}
		}
		w := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(w)
		c.Request = httptest.NewRequest("GET", "/api/v1/challenges", nil)
		c.Request.URL.RawQuery = raw
		queryTextGuard(c)
		if got := c.IsAborted(); got != want {
			t.Errorf("%.60q: refused %v, want %v", raw, got, want)
		}
	}
}
