package api

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
)

const (
	ctxRequestID = "request_id"
	ctxActor     = "actor"
)

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// arrival stamps the instant the request reached the server on the server clock (the test clock when enabled)
// into its context, first of all the middleware: a bid write that arrived before the deadline counts as of
// then (domain.ArrivalGrace). Reads (GET, HEAD, OPTIONS) change nothing and are not stamped: a copy of every
// request for them was a measurable part of a board read.
func (a *API) arrival(c *gin.Context) {
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
	default:
		c.Request = c.Request.WithContext(domain.WithArrival(c.Request.Context(), a.d.Clock.Now()))
	}
	c.Next()
}

func (a *API) requestID(c *gin.Context) {
	id := c.GetHeader("X-Request-ID")
	if !validRequestID.MatchString(id) {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Set(ctxRequestID, id)
	c.Header("X-Request-ID", id)
	c.Next()
}

func logger(c *gin.Context) *slog.Logger {
	if l, ok := c.Get("logger"); ok {
		return l.(*slog.Logger)
	}
	return slog.Default()
}

func (a *API) accessLog(c *gin.Context) {
	c.Set("logger", a.d.Logger)
	start := time.Now()
	c.Next()
	a.d.Logger.Info("http",
		"method", c.Request.Method, "path", c.Request.URL.Path, "route", routeOf(c),
		"status", c.Writer.Status(), "duration_ms", float64(time.Since(start).Microseconds())/1000,
		"bytes", c.Writer.Size(), "ip", c.ClientIP(), "request_id", c.GetString(ctxRequestID),
		"user_id", actor(c).UserID)
}

// recovery turns a panic into the contract's 500 body (the generic message and the request id); the stack goes
// to the log only, with the request id, method and route.
func (a *API) recovery(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			if r == http.ErrAbortHandler {
				panic(r)
			}
			a.d.Logger.Error("panic", "panic", r, "request_id", c.GetString(ctxRequestID),
				"method", c.Request.Method, "route", routeOf(c), "stack", string(debug.Stack()))
			if !c.Writer.Written() {
				c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{"error": internalError(c)})
			} else {
				c.Abort()
			}
		}
	}()
	c.Next()
}

// contentSecurityPolicy is satisfied by the Vite build: no inline scripts, no eval, nothing from elsewhere.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
	"script-src 'self'; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; " +
	"form-action 'self'; frame-ancestors 'none'"

// securityHeaderValues are the security headers of every response, keys in canonical form. The value slices
// are shared by all responses (nothing appends to or edits a header's values in place), so setting them
// allocates nothing.
var securityHeaderValues = map[string][]string{
	"X-Content-Type-Options":     {"nosniff"},
	"X-Frame-Options":            {"DENY"},
	"Referrer-Policy":            {"same-origin"},
	"Content-Security-Policy":    {contentSecurityPolicy},
	"Cross-Origin-Opener-Policy": {"same-origin"},
}

func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	for k, v := range securityHeaderValues {
		h[k] = v
	}
	c.Next()
}

// bodyLimit caps request bodies; multipart uploads get the upload limit plus room for the form.
func (a *API) bodyLimit(c *gin.Context) {
	limit := a.d.BodyLimit
	if strings.HasPrefix(c.ContentType(), "multipart/") {
		limit = a.d.UploadLimit + 1<<20
	}
	if c.Request.ContentLength > limit {
		fail(c, domain.NewError(domain.ErrTooLarge, "body_too_large", "请求体过大", "request body too large"))
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	c.Next()
}

// authenticate reads an optional bearer token; a present but invalid token is 401 even on public routes so
// the client refreshes instead of silently seeing less. The scheme is case-insensitive (RFC 9110). A response
// to a request that carries credentials is never stored by a cache (Cache-Control: no-store).
func (a *API) authenticate(c *gin.Context) {
	act := domain.Actor{RequestID: c.GetString(ctxRequestID), IP: c.ClientIP()}
	h := c.GetHeader("Authorization")
	if h != "" {
		c.Header("Cache-Control", "no-store")
		tok, ok := bearerToken(h)
		if !ok || a.d.Auth == nil {
			fail(c, domain.NewError(domain.ErrUnauthenticated, "invalid_token", "无效的访问令牌", "invalid access token"))
			return
		}
		u, err := a.d.Auth.Authenticate(c.Request.Context(), tok)
		if err != nil {
			fail(c, err)
			return
		}
		u.RequestID, u.IP = act.RequestID, act.IP
		act = u
		if act.MFAEnrolmentRequired && !enrolmentAllowed(c.Request.Method, c.FullPath()) {
			fail(c, errMFAEnrolmentRequired())
			return
		}
	}
	c.Set(ctxActor, act)
	c.Next()
}

// bearerToken returns the token of an "Authorization: Bearer <token>" header, the scheme in any case.
func bearerToken(h string) (string, bool) {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
	tok = strings.TrimSpace(tok)
	return tok, ok && strings.EqualFold(scheme, "Bearer") && tok != ""
}

// actor returns the acting user of the request (anonymous when not logged in).
func actor(c *gin.Context) domain.Actor {
	if v, ok := c.Get(ctxActor); ok {
		return v.(domain.Actor)
	}
	return domain.Actor{RequestID: c.GetString(ctxRequestID), IP: c.ClientIP()}
}
