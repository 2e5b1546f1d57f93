package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
)

// maxQueryValue bounds every query parameter's value (and name), in bytes: no parameter of the API needs
// more (search text is at most 100 characters), and a huge one must not reach a LIKE or an index.
const maxQueryValue = 1000

// queryTextGuard answers 400 invalid_query for a query string whose decoded text is not valid UTF-8 or holds
// a NUL character (neither can be stored or compared by PostgreSQL: it would fail the query with a 500), or
// whose value is longer than maxQueryValue.
//
// It reads the pairs as url.ParseQuery does (skipping those it would skip) without building the map, which
// gin builds again for the handler.
func queryTextGuard(c *gin.Context) {
	rest := c.Request.URL.RawQuery
	for rest != "" {
		var pair string
		pair, rest, _ = strings.Cut(rest, "&")
		if pair == "" || strings.Contains(pair, ";") {
			continue
		}
		rawName, rawValue, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			continue
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			continue
		}
		for _, v := range [2]string{value, name} {
			if len(v) > maxQueryValue {
				fail(c, badRequest("invalid_query", "查询参数 "+safeName(name)+" 过长",
					"query parameter "+safeName(name)+" is too long").
					WithDetails(map[string]any{"max_bytes": maxQueryValue}))
				return
			}
			if !cleanText(v) {
				fail(c, badRequest("invalid_query",
					"查询参数 "+safeName(name)+" 含有无效字符（非 UTF-8 或空字符）",
					"query parameter "+safeName(name)+" holds invalid characters (not UTF-8, or NUL)"))
				return
			}
		}
	}
	c.Next()
}

// cleanText reports whether s is valid UTF-8 without NUL characters.
func cleanText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// safeName is a parameter name fit for a message.
func safeName(s string) string {
	if cleanText(s) && utf8.RuneCountInString(s) <= 50 {
		return s
	}
	return "?"
}

// hasNULEscape reports whether the raw JSON holds the escape \u0000 in a string (a literal NUL byte is
// already a syntax error). Backslashes occur only inside strings, each starting one escape.
func hasNULEscape(raw []byte) bool {
	for i := bytes.IndexByte(raw, '\\'); i >= 0 && i+1 < len(raw); {
		if raw[i+1] == 'u' && i+6 <= len(raw) && string(raw[i+2:i+6]) == "0000" {
			return true
		}
		j := bytes.IndexByte(raw[i+2:], '\\')
		if j < 0 {
			return false
		}
		i += 2 + j
	}
	return false
}

// nulFieldError is the 422 naming the first field (by JSON path) whose text holds a NUL character; nil when
// the body holds none. PostgreSQL cannot store NUL in text, and no field of the API needs it.
func nulFieldError(raw []byte) error {
	if !hasNULEscape(raw) {
		return nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil
	}
	path, found := findNUL(v, "")
	if !found {
		return nil
	}
	if path == "" {
		path = "(body)"
	}
	return domain.FieldErr(path, "invalid_character", "不能包含空字符（U+0000）", "must not contain the NUL character (U+0000)")
}

// findNUL walks a decoded JSON value for a string (or object key) holding NUL, returning its path.
func findNUL(v any, path string) (string, bool) {
	switch x := v.(type) {
	case string:
		return path, strings.ContainsRune(x, 0)
	case []any:
		for i, e := range x {
			if p, ok := findNUL(e, fmt.Sprintf("%s[%d]", path, i)); ok {
				return p, true
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			if strings.ContainsRune(k, 0) {
				return path, true
			}
			if q, ok := findNUL(x[k], p); ok {
				return q, true
			}
		}
	}
	return "", false
}
