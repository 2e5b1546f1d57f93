package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	verrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/paths"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// The contract check: every answer that any API test receives from the application under /api/v1 is validated
// against the OpenAPI document that the same application serves, so a status, a field, a null or a content
// type that the document does not declare fails the test that provoked it. The harness wraps its handler in
// checkedHandler; the document is parsed once per test binary (per distinct document).

// contract is a parsed document and its validator.
type contract struct {
	once  sync.Once
	doc   []byte
	model *v3.Document
	v     validator.Validator
	err   error
}

// contracts holds one contract per distinct served document (keyed by its SHA-256), so the tests of a binary
// parse it once, and a configuration that serves another document gets its own.
var contracts sync.Map

// contractFor returns the contract of the document that h serves.
func contractFor(t *testing.T, h http.Handler) *contract {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	if w.Code != http.StatusOK {
		t.Fatalf("contract: GET /api/v1/openapi.json answered %d", w.Code)
	}
	doc := w.Body.Bytes()
	c, _ := contracts.LoadOrStore(sha256.Sum256(doc), &contract{doc: doc})
	ct := c.(*contract)
	ct.once.Do(func() {
		d, err := libopenapi.NewDocument(ct.doc)
		if err != nil {
			ct.err = err
			return
		}
		v, errs := validator.NewValidator(d)
		if len(errs) > 0 {
			ct.err = fmt.Errorf("%v", errs)
			return
		}
		m, err := d.BuildV3Model() // the validator's own model, built once by the document
		if err != nil {
			ct.err = err
			return
		}
		ct.model = &m.Model
		if ok, verrs := v.ValidateDocument(); !ok {
			ct.err = fmt.Errorf("the served document is not valid OpenAPI: %s", describeErrors(verrs))
			return
		}
		ct.v = v
	})
	if ct.err != nil {
		t.Fatalf("contract: %v", ct.err)
	}
	return ct
}

// checked wraps h so that every answer it gives under /api/v1 is checked against the document h serves.
func checked(t *testing.T, h http.Handler) http.Handler {
	t.Helper()
	return checkedHandler{t: t, next: h, c: contractFor(t, h)}
}

// checkedHandler serves a request through next and reports to t every way the answer departs from the
// document. The caller receives the answer unchanged.
type checkedHandler struct {
	t    *testing.T
	next http.Handler
	c    *contract
}

func (ch checkedHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	ch.next.ServeHTTP(rec, r)
	if r.Context().Err() == nil { // a client that went away receives nothing to check
		if msg := ch.c.check(r, rec); msg != "" {
			ch.t.Errorf("%s", msg)
		}
	}
	for k, vs := range rec.Header() {
		w.Header()[k] = vs
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// check validates one answer; it returns "" when the document declares it, else what differs.
func (c *contract) check(r *http.Request, rec *httptest.ResponseRecorder) string {
	if !strings.HasPrefix(r.URL.Path, "/api/v1/") || r.Method == http.MethodHead {
		return "" // the health probes, /metrics and the single-page app are not part of the API document
	}
	body := rec.Body.Bytes()
	if rec.Header().Get("Content-Encoding") == "gzip" {
		plain, err := gunzip(body)
		if err != nil {
			return fmt.Sprintf("contract: %s %s answered Content-Encoding: gzip with a body that is not gzip: %v", r.Method, r.URL.Path, err)
		}
		body = plain
	}
	res := &http.Response{StatusCode: rec.Code, Header: rec.Header().Clone(), Body: io.NopCloser(bytes.NewReader(body)),
		Request: r, ContentLength: int64(len(body))}
	req := r.Clone(r.Context())
	req.Body = http.NoBody
	pathItem, perrs, template := paths.FindPath(req, c.model, nil)
	what := fmt.Sprintf("%s %s", r.Method, r.URL.Path)
	if pathItem == nil || len(perrs) > 0 || operationOf(pathItem, r.Method) == "" {
		// No operation: only the JSON 404 of an unknown API path may answer.
		var e struct {
			Error struct{ Code string } `json:"error"`
		}
		_ = json.Unmarshal(body, &e)
		if rec.Code == http.StatusNotFound && e.Error.Code == "not_found" {
			return ""
		}
		return fmt.Sprintf("contract: %s matches no operation of the OpenAPI document, yet answered %d %q: %s",
			what, rec.Code, rec.Header().Get("Content-Type"), snippet(body))
	}
	what = fmt.Sprintf("%s %s (operation %s, path %s)", r.Method, r.URL.Path, operationOf(pathItem, r.Method), template)
	var problems []string
	if ok, errs := c.v.ValidateHttpResponse(req, res); !ok {
		problems = append(problems, describeErrors(errs))
	}
	if p := undeclaredBody(pathItem, r.Method, rec.Code, body); p != "" {
		problems = append(problems, p)
	}
	if len(problems) == 0 {
		return ""
	}
	return fmt.Sprintf("contract: %s answered %d %q, which the OpenAPI document does not declare:\n  %s\n  body: %s",
		what, rec.Code, rec.Header().Get("Content-Type"), strings.Join(problems, "\n  "), snippet(body))
}

// operationOf is the operationId of the path item's operation for method ("" when it has none).
func operationOf(item *v3.PathItem, method string) string {
	o := item.GetOperations()
	if o == nil {
		return ""
	}
	if op, ok := o.Get(strings.ToLower(method)); ok && op != nil {
		if op.OperationId == "" {
			return "(no operationId)"
		}
		return op.OperationId
	}
	return ""
}

// undeclaredBody reports a body sent with a status whose response declares no content (the validator checks
// bodies only where content is declared).
func undeclaredBody(item *v3.PathItem, method string, status int, body []byte) string {
	if len(body) == 0 {
		return ""
	}
	o, _ := item.GetOperations().Get(strings.ToLower(method))
	if o == nil || o.Responses == nil {
		return ""
	}
	r, ok := o.Responses.Codes.Get(fmt.Sprint(status))
	if !ok || r == nil {
		return "" // the validator reports the undeclared status
	}
	if r.Content == nil || r.Content.Len() == 0 {
		return fmt.Sprintf("status %d is declared without a body, but a body was sent", status)
	}
	return ""
}

// describeErrors lists the validator's findings with the schema failures (field path and reason) of each.
func describeErrors(errs []*verrors.ValidationError) string {
	var b strings.Builder
	for i, e := range errs {
		if i > 0 {
			b.WriteString("\n  ")
		}
		b.WriteString(e.Message)
		if e.Reason != "" && e.Reason != e.Message {
			b.WriteString(": " + e.Reason)
		}
		for _, f := range e.SchemaValidationErrors {
			fmt.Fprintf(&b, "\n    - %s: %s", orDollar(f.FieldPath), f.Reason)
		}
	}
	return b.String()
}

func orDollar(p string) string {
	if p == "" {
		return "$"
	}
	return p
}

// snippet is the start of a body for a failure message.
func snippet(b []byte) string {
	const max = 600
	if !isText(b) {
		return fmt.Sprintf("(%d bytes of binary)", len(b))
	}
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

func isText(b []byte) bool {
	for _, c := range b {
		if c < 0x09 {
			return false
		}
	}
	return true
}
