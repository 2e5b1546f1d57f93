package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/swaggest/jsonschema-go"
	openapi "github.com/swaggest/openapi-go"
	"github.com/swaggest/openapi-go/openapi31"
)

// openAPIDoc builds the OpenAPI 3.1 document from the registered operations, so the document cannot miss a
// route that handle registered; a test also checks every gin route against it.
type openAPIDoc struct {
	mu   sync.Mutex
	r    *openapi31.Reflector
	errs []error
	json []byte
	// ids holds the operationIds given so far (a duplicate is an error); public the "method path" keys of the
	// operations anyone may call, which get an explicit `security: []`.
	ids    map[string]string
	public map[string]bool
}

func newOpenAPIDoc() *openAPIDoc {
	r := openapi31.NewReflector()
	// A pointer to a shared schema (a $ref) is nullable through `anyOf: [{type: null}, {$ref}]`: JSON Schema
	// 2020-12 cannot add "null" to the type of a referenced object, and Go sends a nil pointer as null.
	r.DefaultOptions = append(r.DefaultOptions, jsonschema.InterceptDefName(schemaName),
		func(rc *jsonschema.ReflectContext) { rc.EnvelopNullability = true },
		jsonschema.InterceptNullability(func(p jsonschema.InterceptNullabilityParams) {
			// The envelope keeps the property's own "type": "object" beside anyOf, which would refuse null.
			if p.Schema.Ref == nil && len(p.Schema.AnyOf) > 0 {
				p.Schema.Type = nil
				for _, alt := range p.Schema.AnyOf {
					if alt.TypeObject != nil && alt.TypeObject.Ref != nil {
						alt.TypeObject.Type = nil
					}
				}
			}
		}))
	r.Spec.Info.WithTitle("Jiebang 揭榜 API").WithVersion("1.0.0").
		WithDescription("揭榜挂帅 / 赛马 platform. Money is integer fen (`_fen`), times RFC 3339, errors `{error: {code, message, details}}`.")
	r.Spec.SetHTTPBearerTokenSecurity("bearer", "JWT", "access token from /api/v1/auth/login")
	r.Spec.WithServers(openapi31.Server{URL: "/", Description: ptr("this server; every path starts with /api/v1")})
	r.Spec.Info.WithLicense(openapi31.License{Name: "Proprietary: the bureau's own platform"})
	for _, t := range tags {
		r.Spec.Tags = append(r.Spec.Tags, openapi31.Tag{Name: t[0], Description: ptr(t[1])})
	}
	return &openAPIDoc{r: r, ids: map[string]string{}, public: map[string]bool{}}
}

// tags are the API's areas in the order a reader meets them, each with what it holds; docs/api.md lists the
// operations under these headings. A tag not named here still appears, after these.
var tags = [][2]string{
	{"meta", "The document itself and the reference data every page needs."},
	{"auth", "Registration, login, token refresh and logout, and the caller's own account."},
	{"orgs", "Organisations: lookup for the register page, verification by the bureau, members and their administrator (单位管理员)."},
	{"users", "The administrator's accounts list: disable and enable."},
	{"challenges", "Challenges (榜单): the enterprise's draft, the bureau's validation and publication, amendments, cancellation, closing the bidding."},
	{"bids", "Bids (揭榜申报): a team's draft, attachments, submission with a receipt, versions, withdrawal, the bureau's eligibility check."},
	{"review", "Review rounds (评审) of every kind (validation, bid review, stage review, acceptance): experts, assignments, recusal, scores, results and their export."},
	{"race", "Selection and public notice (公示), objections, racers (赛马) and their task books, stage reports and decisions, acceptance (验收), results."},
	{"calendar", "The bureau's working-day calendar (holidays and 调休) that deadlines count on."},
	{"funding", "Funding decisions and disbursements (资金), the public totals and the dashboard with its exports."},
	{"credit", "Credit (信用): an organisation's credit status and the credit events recorded against it."},
	{"notifications", "The caller's notifications (站内通知) and e-mail preferences; the undelivered e-mail for the administrator."},
	{"settings", "Platform settings: industry fields, limits and the review rubrics of each round kind."},
	{"audit", "The hash-chained audit log (审计): entries, verification and the signed checkpoints."},
	{"test", "The test clock, present only when the server runs with JIEBANG_TEST_CLOCK=1."},
}

func ptr[T any](v T) *T { return &v }

// schemaName drops the Go package prefixes from component names ("ApiListRespJiebangApiChallengeDTO" ->
// "ListRespChallengeDTO"), so generated clients get readable type names.
func schemaName(_ reflect.Type, name string) string {
	name = strings.ReplaceAll(name, "JiebangApi", "")
	name = strings.ReplaceAll(name, "JiebangDomain", "")
	if strings.HasPrefix(name, "Api") && len(name) > 3 {
		name = name[3:]
	}
	return name
}

type errorBody struct {
	Error struct {
		Code    string         `json:"code" required:"true"`
		Message string         `json:"message" required:"true"`
		Details map[string]any `json:"details,omitempty"`
		// RequestID is the request's id (as in the X-Request-ID header): the reference a user quotes (错误编号).
		RequestID string `json:"request_id,omitempty" description:"on a 500 only: the request's id, as in the X-Request-ID header, the reference a user quotes in a report (错误编号)"`
	} `json:"error" required:"true"`
}

func (d *openAPIDoc) add(o op) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.json = nil
	oc, err := d.r.NewOperationContext(o.Method, "/api/v1"+o.Path)
	if err != nil {
		d.errs = append(d.errs, err)
		return
	}
	oc.SetSummary(o.Summary)
	id := o.ID
	if id == "" {
		id = operationID(o.Method, o.Path)
	}
	if prev, dup := d.ids[id]; dup {
		d.errs = append(d.errs, fmt.Errorf("operationId %s of %s %s is already used by %s", id, o.Method, o.Path, prev))
		return
	}
	d.ids[id] = o.Method + " " + o.Path
	oc.SetID(id)
	if o.Tag != "" {
		oc.SetTags(o.Tag)
	}
	if !o.Auth && len(o.Roles) == 0 {
		d.public[strings.ToLower(o.Method)+" /api/v1"+o.Path] = true
	}
	if o.Auth || len(o.Roles) > 0 {
		oc.AddSecurity("bearer")
		if len(o.Roles) > 0 {
			rs := make([]string, len(o.Roles))
			for i, r := range o.Roles {
				rs[i] = string(r)
			}
			oc.SetDescription("Roles: " + strings.Join(rs, ", "))
		}
	}
	if pp := pathParamStruct(pathParams(o.Path)); pp != nil {
		oc.AddReqStructure(pp)
	}
	if o.Query != nil {
		oc.AddReqStructure(o.Query)
	}
	switch {
	case o.Multipart:
		oc.AddReqStructure(uploadForm{}, openapi.WithContentType("multipart/form-data"))
	case o.Req != nil:
		oc.AddReqStructure(o.Req)
	}
	status := statusOr(o.Status, http.StatusOK)
	switch {
	case len(o.RespContentTypes) > 0:
		for _, ct := range o.RespContentTypes {
			oc.AddRespStructure(nil, openapi.WithHTTPStatus(status), openapi.WithContentType(ct))
		}
	case o.RespContentType != "":
		oc.AddRespStructure(nil, openapi.WithHTTPStatus(status), openapi.WithContentType(o.RespContentType))
	case o.Resp != nil:
		oc.AddRespStructure(o.Resp, openapi.WithHTTPStatus(status))
	default:
		oc.AddRespStructure(nil, openapi.WithHTTPStatus(status))
	}
	for _, s := range errorStatuses(o) {
		desc := errorDescriptions[s]
		oc.AddRespStructure(errorBody{}, openapi.WithHTTPStatus(s), func(cu *openapi.ContentUnit) { cu.Description = desc })
	}
	if err := d.r.AddOperation(oc); err != nil {
		d.errs = append(d.errs, err)
	}
}

// errorStatuses are the error statuses o can answer: what every operation can answer (400 for a malformed
// request or query, 401 for an invalid or expired token, which is refused on public routes too, 500), what
// its shape implies (403 for a logged-in caller: a role, an organisation, a membership or a second factor
// may be missing; 404 for a path parameter naming nothing the caller may see, and 409 and 422 when such a
// thing is changed: every state change is compare-and-set and checks the thing's rules; 413 and 422 for a body), and o.Errors. Sorted, each once.
func errorStatuses(o op) []int {
	set := map[int]bool{http.StatusBadRequest: true, http.StatusUnauthorized: true, http.StatusInternalServerError: true}
	if o.Auth || len(o.Roles) > 0 {
		set[http.StatusForbidden] = true
	}
	if len(pathParams(o.Path)) > 0 {
		set[http.StatusNotFound] = true
		if o.Method != http.MethodGet {
			// A change to an existing thing is compare-and-set on its state (one that moved first is a 409) and
			// checks the thing's own rules (a submission lists every missing field: 422).
			set[http.StatusConflict] = true
			set[http.StatusUnprocessableEntity] = true
		}
	}
	if o.Query != nil {
		set[http.StatusUnprocessableEntity] = true // a filter outside its choices (validation_failed on the parameter)
	}
	if o.Req != nil || o.Multipart {
		set[http.StatusRequestEntityTooLarge] = true
		set[http.StatusUnprocessableEntity] = true
	}
	if o.Multipart || len(o.RespContentTypes) > 0 {
		// Uploads and attachment downloads need the attachment store (`storage_unavailable` while it is down).
		set[http.StatusServiceUnavailable] = true
	}
	for _, s := range o.Errors {
		set[s] = true
	}
	out := make([]int, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Ints(out)
	return out
}

// errorDescriptions describe each error status in the document.
var errorDescriptions = map[int]string{
	http.StatusBadRequest:            "malformed request: JSON, query parameter or upload (`malformed_json`, `invalid_query`, `bad_request`, ...)",
	http.StatusUnauthorized:          "not logged in, or the access token is invalid or expired (`unauthenticated`, `invalid_token`, ...)",
	http.StatusForbidden:             "the caller's role, organisation or membership may not do this (`forbidden`, ...)",
	http.StatusNotFound:              "no such thing, or one the caller may not know exists (`not_found`)",
	http.StatusConflict:              "the thing is in the wrong state for this, or the request conflicts with another (`invalid_transition`, `deadline_passed`, `conflict`, ...)",
	http.StatusRequestEntityTooLarge: "the body or file is over its limit (`body_too_large`, `file_too_large`)",
	http.StatusUnprocessableEntity:   "valid JSON that breaks a rule; `details.fields` names each field (`validation_failed`, ...)",
	http.StatusTooManyRequests:       "too many attempts; retry after the `Retry-After` header's seconds (`rate_limited`)",
	http.StatusInternalServerError:   "an unexpected failure; `request_id` is the reference to quote (`internal`)",
	http.StatusServiceUnavailable:    "a service the operation needs is unavailable (`storage_unavailable`: the attachment store); nothing was changed; retry after the `Retry-After` header's seconds",
}

// uploadForm documents a multipart upload of one file.
type uploadForm struct {
	File multipart.File `formData:"file" required:"true" description:"the file; its type is detected from its content"`
}

// pathParamStruct builds a struct type with one integer path parameter per name, for the reflector.
func pathParamStruct(params []string) any {
	if len(params) == 0 {
		return nil
	}
	fields := make([]reflect.StructField, 0, len(params))
	for _, p := range params {
		if stringParams[p] {
			fields = append(fields, reflect.StructField{Name: exportedName(p), Type: reflect.TypeOf(""),
				Tag: reflect.StructTag(`path:"` + p + `" required:"true" minLength:"1"`)})
			continue
		}
		fields = append(fields, reflect.StructField{
			Name: exportedName(p),
			Type: reflect.TypeOf(int64(0)),
			Tag:  reflect.StructTag(`path:"` + p + `" required:"true" minimum:"1"`),
		})
	}
	return reflect.New(reflect.StructOf(fields)).Elem().Interface()
}

func (d *openAPIDoc) err() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return errors.Join(d.errs...)
}

func (d *openAPIDoc) bytes() ([]byte, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.json == nil {
		b, err := d.r.Spec.MarshalJSON()
		if err != nil {
			return nil, err
		}
		if b, err = d.markPublic(b); err != nil {
			return nil, err
		}
		d.json = b
	}
	return d.json, nil
}

// markPublic writes `security: []` on the public operations (the generator omits an empty list), so a client
// generator knows they need no token while the others name the bearer scheme.
func (d *openAPIDoc) markPublic(b []byte) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	paths, _ := doc["paths"].(map[string]any)
	for path, item := range paths {
		ops, _ := item.(map[string]any)
		for method, o := range ops {
			if opm, ok := o.(map[string]any); ok && d.public[method+" "+path] {
				opm["security"] = []any{}
			}
		}
	}
	return json.MarshalIndent(doc, "", "  ")
}

func (a *API) openAPI(c *gin.Context) {
	b, err := a.doc.bytes()
	if err != nil {
		fail(c, err)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", b)
}

// exportedName turns a snake_case path parameter into an exported Go field name ("bid_id" -> "PBidID").
func exportedName(p string) string {
	var b strings.Builder
	b.WriteString("P")
	for _, part := range strings.Split(p, "_") {
		if part == "" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}
