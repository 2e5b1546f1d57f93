package api_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"

	"jiebang/cmd/app"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// lockedBuffer is a log sink safe for the handler's writers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// records returns the JSON log records with the message msg.
func (b *lockedBuffer) records(t *testing.T, msg string) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(b.buf.Bytes()))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		var r map[string]any
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		if r["msg"] == msg {
			out = append(out, r)
		}
	}
	return out
}

// TestInternalErrorIsTracedByRequestID: a request that fails unexpectedly (here: the database is gone) answers
// 500 with the generic message and its request id (in the body and the X-Request-ID header) and nothing of
// the cause, and the log line of the failure carries the same request id, the method and route, the error
// chain naming the store operation and its key, the source location in the repository where the error was
// first wrapped, and the handler that answered.
func TestInternalErrorIsTracedByRequestID(t *testing.T) {
	var logs lockedBuffer
	db := testdb.New(t, repository.DialectSQLite)
	h := newHarnessWith(t, db, func(c *app.Config) { c.Logger = slog.New(slog.NewJSONHandler(&logs, nil)) })
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	for _, lang := range []struct{ accept, message string }{
		{"zh-CN", "服务器内部错误，请稍后再试"}, {"en", "internal error, please retry later"},
	} {
		r := h.do("GET", "/api/v1/challenges/7", "", nil, "X-Request-ID", "trace-"+lang.accept, "Accept-Language", lang.accept)
		h.must(r, 500)
		e, _ := r.Body["error"].(map[string]any)
		if e["code"] != "internal" || e["message"] != lang.message || e["request_id"] != "trace-"+lang.accept ||
			r.Header.Get("X-Request-ID") != "trace-"+lang.accept {
			t.Fatalf("500 body %s, X-Request-ID %q", r.Raw, r.Header.Get("X-Request-ID"))
		}
		for _, leak := range []string{"closed", "challenge store", ".go", "sql"} {
			if strings.Contains(string(r.Raw), leak) {
				t.Fatalf("the 500 body leaks %q: %s", leak, r.Raw)
			}
		}
	}

	recs := logs.records(t, "request failed")
	t.Logf("logged: %v", recs)
	if len(recs) != 2 {
		t.Fatalf("want one error log line per 500, got %d: %v", len(recs), recs)
	}
	rec := recs[0]
	if rec["level"] != "ERROR" || rec["request_id"] != "trace-zh-CN" || rec["method"] != "GET" ||
		rec["route"] != "/api/v1/challenges/:id" {
		t.Fatalf("log line lacks the request's identity: %v", rec)
	}
	if msg, _ := rec["err"].(string); !strings.Contains(msg, "challenge store: ") || !strings.Contains(msg, " 7: ") ||
		!strings.Contains(msg, "database is closed") {
		t.Fatalf("log line's error chain does not name the store operation, its key and the cause: %q", msg)
	}
	if src, _ := rec["source"].(string); !regexp.MustCompile(`^repository/challenge[a-z_]*\.go:\d+$`).MatchString(src) {
		t.Fatalf("log line's source is %q, want the store's file:line", src)
	}
	if hd, _ := rec["handler"].(string); !regexp.MustCompile(`^api/challenge[a-z_]*\.go:\d+$`).MatchString(hd) {
		t.Fatalf("log line's handler is %q, want the handler's file:line", hd)
	}
}

// TestClientErrorsKeepTheirBody: a 4xx body stays as it was (no request_id: the same answer has the same body,
// which the login's enumeration check relies on); its X-Request-ID header names the request.
func TestClientErrorsKeepTheirBody(t *testing.T) {
	h := newHarness(t)
	for _, c := range []struct {
		method, path string
		body         any
		status       int
	}{
		{"GET", "/api/v1/challenges/999999", nil, 404},
		{"GET", "/api/v1/audit", nil, 401},
		{"POST", "/api/v1/auth/login", "{", 400},
		{"POST", "/api/v1/auth/register", map[string]any{}, 422},
	} {
		r := h.do(c.method, c.path, "", c.body, "X-Request-ID", "ref-1")
		h.must(r, c.status)
		if e, _ := r.Body["error"].(map[string]any); e == nil || e["request_id"] != nil || r.Header.Get("X-Request-ID") != "ref-1" {
			t.Fatalf("%s %s: body %s, X-Request-ID %q", c.method, c.path, r.Raw, r.Header.Get("X-Request-ID"))
		}
	}
}
