package api

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/gin-gonic/gin"
)

// internalError is the body of every 500: a generic message and the request id, which the client shows as the
// error's reference (错误编号) and the log carries beside the cause. Nothing about the cause reaches the client.
func internalError(c *gin.Context) errorPayload {
	return errorPayload{Code: "internal", Message: pick(c, "服务器内部错误，请稍后再试", "internal error, please retry later"),
		RequestID: c.GetString(ctxRequestID)}
}

// logInternal logs an unexpected error with what a report needs to find its cause: the request id the user
// was shown, the method and route, the whole error chain, where the error was created or first wrapped
// (source: the deepest location an error in the chain carries, e.g. the store method's return, else the
// handler's call) and the handler that answered it (handler: the file:line that called fail).
func logInternal(c *gin.Context, err error) {
	handler := failSite()
	source := sourceOf(err)
	if source == "" {
		source = handler
	}
	logger(c).Error("request failed", "request_id", c.GetString(ctxRequestID),
		"method", c.Request.Method, "route", routeOf(c), "err", err.Error(), "source", source, "handler", handler)
}

// routeOf is the route pattern of the request ("/api/v1/challenges/:id"), or "(no route)".
func routeOf(c *gin.Context) string {
	if r := c.FullPath(); r != "" {
		return r
	}
	return "(no route)"
}

// locatedError is an error that knows where in the code it was made (the repository's store errors).
type locatedError interface {
	Location() string
}

// sourceOf returns the location carried by the deepest error of err's chain that has one (errors joined or
// wrapped with several %w are searched in order), or "".
func sourceOf(err error) string {
	loc := ""
	for err != nil {
		if l, ok := err.(locatedError); ok {
			loc = l.Location()
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if l := sourceOf(e); l != "" {
					return l
				}
			}
			return loc
		default:
			return loc
		}
	}
	return loc
}

// failSite is the file:line of the code that called fail (the handler, or the middleware that failed the
// request), skipping fail's own frames and the api's binding helpers. It runs only for a 500.
func failSite() string {
	var pcs [16]uintptr
	n := runtime.Callers(3, pcs[:]) // runtime.Callers, failSite, logInternal
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		switch {
		case strings.HasSuffix(f.File, "/api/errors.go"), strings.HasSuffix(f.File, "/api/bind.go"):
		case f.File != "":
			dir, name := filepath.Split(f.File)
			return fmt.Sprintf("%s:%d", filepath.Join(filepath.Base(dir), name), f.Line)
		}
		if !more {
			return ""
		}
	}
}
