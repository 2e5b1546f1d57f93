package api

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
)

// op describes one endpoint: how it is routed, who may call it and its shapes for the OpenAPI document.
type op struct {
	Method  string
	Path    string // OpenAPI style under /api/v1: "/challenges/{id}"
	Summary string
	Tag     string
	// ID is the OpenAPI operationId; empty derives it from the method and path (operationID), so a new route
	// needs nothing more. Give one only to keep an existing id when a path changes.
	ID string
	// Roles that may call it; empty with Auth false means public.
	Roles []domain.Role
	// Auth requires any logged-in user.
	Auth bool
	// Req is the JSON body type (a zero value, e.g. createChallengeReq{}); Query the query-parameter struct
	// (fields tagged `query:"name"`).
	Req   any
	Query any
	// Resp is the success body type; Status its status (200 by default).
	Resp   any
	Status int
	// RespContentType for non-JSON bodies (file downloads); RespContentTypes when the type depends on the file
	// (an attachment is sent as the type detected at upload); Multipart for uploads.
	RespContentType  string
	RespContentTypes []string
	Multipart        bool
	// Errors are the refusals the operation can answer beyond those its shape implies (errorStatuses derives
	// 400, 401 and 500 for every operation, 403 for a logged-in caller, 404 for a path parameter and 409 when
	// the operation changes the thing it names, 413 and 422 for a body): 409 for a creation that can conflict,
	// 404 for a thing named in the body or query, 422 for a query that breaks a rule, 429 for throttling. The contract check of the API tests fails on a status that
	// an operation answers without declaring it.
	Errors []int
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// stringParams are the path parameters that are codes, not integer ids.
var stringParams = map[string]bool{"code": true, "kind": true}

// handle registers h under /api/v1 with the role checks of o and adds o to the OpenAPI document.
func (a *API) handle(o op, h gin.HandlerFunc) {
	ginPath := pathParam.ReplaceAllString(o.Path, ":$1")
	chain := []gin.HandlerFunc{}
	if o.Auth || len(o.Roles) > 0 {
		chain = append(chain, requireRoles(o.Roles))
	}
	chain = append(chain, h)
	a.v1.Handle(o.Method, ginPath, chain...)
	a.doc.add(o)
	a.record(o)
}

// requireRoles answers 401 to the anonymous and 403 to a logged-in user of another role.
func requireRoles(roles []domain.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		act := actor(c)
		if act.Anonymous() {
			fail(c, domain.NewError(domain.ErrUnauthenticated, "unauthenticated", "请先登录", "login required"))
			c.Abort()
			return
		}
		if len(roles) == 0 {
			return
		}
		for _, r := range roles {
			if act.Role == r {
				return
			}
		}
		fail(c, domain.Forbidden("forbidden", "当前角色无权执行此操作", "your role may not do this"))
		c.Abort()
	}
}

func pathParams(p string) []string {
	var out []string
	for _, m := range pathParam.FindAllStringSubmatch(p, -1) {
		out = append(out, m[1])
	}
	return out
}

func isAPIPath(p string) bool { return p == "/api" || strings.HasPrefix(p, "/api/") }

// statusOr returns s, or def when s is zero.
func statusOr(s, def int) int {
	if s == 0 {
		return def
	}
	return s
}

// operationID derives a stable operationId from the method and path: the lower-case method, then each path
// segment in PascalCase, a parameter as "By" + its name ("GET /challenges/{id}/bids" -> "getChallengesByIdBids",
// "POST /challenges/{id}/close-bidding" -> "postChallengesByIdCloseBidding"). Method and path are unique per
// route, so the ids are too (the document refuses a duplicate).
func operationID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, seg := range strings.Split(path, "/") {
		if seg == "" {
			continue
		}
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			b.WriteString("By")
			seg = seg[1 : len(seg)-1]
		}
		for _, w := range strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

var _ = http.MethodGet
