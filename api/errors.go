package api

import (
	"context"
	"database/sql/driver"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
)

// lang picks the response language from Accept-Language: English when the first preference is English,
// Chinese otherwise (the default).
func lang(c *gin.Context) string {
	al := strings.ToLower(strings.TrimSpace(c.GetHeader("Accept-Language")))
	if strings.HasPrefix(al, "en") {
		return "en"
	}
	return "zh-CN"
}

func pick(c *gin.Context, zh, en string) string {
	if lang(c) == "en" {
		return en
	}
	return zh
}

// errorPayload is the "error" object of every error body. RequestID, set on a 500 only, repeats the X-Request-ID
// header in the body, so a client that shows the failure can show the reference a report is traced by (错误编号).
// A 4xx leaves it out: its body stays the same for the same answer (an unknown e-mail and a wrong password must
// look alike), and the header still carries the id.
type errorPayload struct {
	Code      string         `json:"code"`
	Message   string         `json:"message"`
	Details   map[string]any `json:"details,omitempty"`
	RequestID string         `json:"request_id,omitempty"`
}

// statusOf maps a domain sentinel to its HTTP status.
func statusOf(err error) int {
	switch {
	case errors.Is(err, domain.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, domain.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, domain.ErrUnauthenticated):
		return http.StatusUnauthorized
	case errors.Is(err, domain.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, domain.ErrRateLimited):
		return http.StatusTooManyRequests
	case errors.Is(err, domain.ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, domain.ErrBadRequest):
		return http.StatusBadRequest
	case errors.Is(err, domain.ErrUnprocessable):
		return http.StatusUnprocessableEntity
	case errors.Is(err, domain.ErrUnavailable):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

var defaultCodes = map[int][3]string{
	http.StatusNotFound:              {"not_found", "未找到", "not found"},
	http.StatusForbidden:             {"forbidden", "无权执行此操作", "forbidden"},
	http.StatusUnauthorized:          {"unauthenticated", "请先登录", "login required"},
	http.StatusConflict:              {"conflict", "与当前状态冲突", "conflict with the current state"},
	http.StatusTooManyRequests:       {"rate_limited", "请求过于频繁，请稍后再试", "too many requests, try again later"},
	http.StatusRequestEntityTooLarge: {"body_too_large", "内容过大", "too large"},
	http.StatusBadRequest:            {"bad_request", "请求格式错误", "malformed request"},
	http.StatusUnprocessableEntity:   {"unprocessable", "请求无法处理", "request breaks a rule"},
	http.StatusServiceUnavailable:    {"unavailable", "服务暂时不可用，请稍后再试", "a service is unavailable, try again later"},
}

// statusClientClosed is the status logged for a request whose client disconnected before the answer (nginx's 499).
const statusClientClosed = 499

// fail writes err as the contract's error body. It is the only place that turns errors into statuses. An
// unexpected error (a 500) is logged with what a report needs to find it (see logInternal); the client gets
// the generic message and the request id only.
func fail(c *gin.Context, err error) {
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		fields := map[string]string{}
		codes := map[string]string{}
		params := map[string]map[string]int64{}
		for _, f := range ve.Fields {
			if _, dup := fields[f.Field]; dup {
				continue
			}
			fields[f.Field] = pick(c, f.Zh, f.En)
			codes[f.Field] = f.Code
			if f.Params != nil {
				params[f.Field] = f.Params
			}
		}
		details := map[string]any{"fields": fields, "field_codes": codes}
		if len(params) > 0 {
			details["field_params"] = params // limits in the field's own unit (fen for *_fen), for the client to format
		}
		c.AbortWithStatusJSON(http.StatusUnprocessableEntity, gin.H{"error": errorPayload{
			Code: "validation_failed", Message: pick(c, "提交的内容有误，请检查标出的字段", "some fields are invalid"),
			Details: details,
		}})
		return
	}
	status := statusOf(err)
	if status == http.StatusInternalServerError && c.Request.Context().Err() != nil &&
		(errors.Is(err, context.Canceled) || errors.Is(err, driver.ErrBadConn)) {
		// The client went away (a closed tab, a load run that ended) and its cancellation interrupted the work
		// (context canceled, or on PostgreSQL a connection closed mid-statement): nothing else failed, the
		// transaction was rolled back, and the answer has no reader. 499 (client closed request) keeps such
		// requests out of the server errors and alerts.
		logger(c).Info("client closed request", "err", err.Error(), "request_id", c.GetString(ctxRequestID))
		c.AbortWithStatusJSON(statusClientClosed, gin.H{"error": errorPayload{Code: "client_closed",
			Message: pick(c, "客户端已断开连接", "the client closed the request")}})
		return
	}
	if status == http.StatusInternalServerError {
		logInternal(c, err)
		c.AbortWithStatusJSON(status, gin.H{"error": internalError(c)})
		return
	}
	p := errorPayload{}
	var de *domain.Error
	if errors.As(err, &de) {
		p.Code, p.Message, p.Details = de.Code, pick(c, de.Zh, de.En), de.Details
		if de.RetryAfterSeconds > 0 {
			c.Header("Retry-After", strconv.Itoa(de.RetryAfterSeconds))
		}
	} else {
		d := defaultCodes[status]
		p.Code, p.Message = d[0], pick(c, d[1], d[2])
	}
	c.AbortWithStatusJSON(status, gin.H{"error": p})
}

// badRequest is a 400 with a code.
func badRequest(code, zh, en string) *domain.Error {
	return domain.NewError(domain.ErrBadRequest, code, zh, en)
}
