package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
)

// bindJSON decodes the body into dst. Malformed JSON or a value of the wrong type is 400 (naming the field),
// an oversized body 413. It writes the error itself and returns false on failure.
// A string holding NUL (\u0000) is 422 naming the field: no database column can keep it.
func bindJSON(c *gin.Context, dst any) bool {
	raw, err := io.ReadAll(c.Request.Body)
	if err != nil {
		fail(c, jsonError(err))
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(dst); err != nil {
		fail(c, jsonError(err))
		return false
	}
	if dec.More() {
		fail(c, badRequest("malformed_json", "请求体只能包含一个 JSON 值", "the body must hold exactly one JSON value"))
		return false
	}
	if err := nulFieldError(raw); err != nil {
		fail(c, err)
		return false
	}
	return true
}

// jsonTypeName names the JSON type a Go type is read from (never the Go type itself: a client knows JSON, and
// the server's type names are its own business).
func jsonTypeName(t reflect.Type) (zh, en string) {
	if t == nil {
		return "其他类型", "another type"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "对象", "an object"
	case reflect.Slice, reflect.Array:
		return "数组", "an array"
	case reflect.String:
		return "字符串", "a string"
	case reflect.Bool:
		return "布尔值", "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "整数", "an integer"
	case reflect.Float32, reflect.Float64:
		return "数字", "a number"
	}
	return "其他类型", "another type"
}

func jsonError(err error) error {
	var mbe *http.MaxBytesError
	var ute *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &mbe):
		return domain.NewError(domain.ErrTooLarge, "body_too_large",
			fmt.Sprintf("请求体超过上限 %d 字节", mbe.Limit), fmt.Sprintf("request body exceeds %d bytes", mbe.Limit))
	case errors.Is(err, io.EOF):
		return badRequest("malformed_json", "请求体为空，需要 JSON", "empty body: JSON expected")
	case errors.As(err, &ute):
		field := ute.Field
		if field == "" {
			field = "(body)"
		}
		zh, en := jsonTypeName(ute.Type)
		return badRequest("malformed_json", fmt.Sprintf("字段 %s 的类型错误，应为%s", field, zh),
			fmt.Sprintf("field %s has the wrong type, expected %s", field, en)).
			WithDetails(map[string]any{"field": field, "expected": en})
	case errors.As(err, &se):
		return badRequest("malformed_json", fmt.Sprintf("JSON 格式错误（第 %d 字节）", se.Offset),
			fmt.Sprintf("malformed JSON at byte %d", se.Offset))
	}
	return badRequest("malformed_json", "JSON 格式错误", "malformed JSON: "+err.Error())
}

// pathID reads an id path parameter. An id is written as a plain decimal number from 1 up (no sign, no leading
// zero, no space, no fraction or exponent): any other spelling names nothing, so it answers 404 not_found, the
// same as an id that does not exist, and never reaches the thing "9" names by way of "+9" or "09". It writes
// the error itself and returns false on failure.
func pathID(c *gin.Context, name string) (int64, bool) {
	id, ok := plainDecimal(c.Param(name))
	if !ok {
		fail(c, domain.NewError(domain.ErrNotFound, "not_found", "未找到："+c.Param(name), "not found: "+c.Param(name)))
		return 0, false
	}
	return id, true
}

// plainDecimal parses s when it is a plain decimal number from 1 to the largest int64: digits only, the first
// not 0.
func plainDecimal(s string) (int64, bool) {
	if s == "" || len(s) > 19 || s[0] == '0' {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// queryInt parses an optional integer query parameter (def when absent); 400 invalid_query otherwise.
func queryInt(c *gin.Context, name string, def int) (int, bool) {
	s, ok := c.GetQuery(name)
	if !ok || s == "" {
		return def, true
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		fail(c, badRequest("invalid_query", "查询参数 "+name+" 应为整数", "query parameter "+name+" must be an integer"))
		return 0, false
	}
	return n, true
}

// queryBool parses an optional boolean query parameter; nil when absent.
func queryBool(c *gin.Context, name string) (*bool, bool) {
	s, ok := c.GetQuery(name)
	if !ok || s == "" {
		return nil, true
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		fail(c, badRequest("invalid_query", "查询参数 "+name+" 应为 true 或 false", "query parameter "+name+" must be true or false"))
		return nil, false
	}
	return &b, true
}

// pageQuery reads page and page_size (page_size capped at 100 by domain.Page.Normalize).
func pageQuery(c *gin.Context) (domain.Page, bool) {
	p, ok := queryInt(c, "page", 1)
	if !ok {
		return domain.Page{}, false
	}
	s, ok := queryInt(c, "page_size", domain.DefaultPageSize)
	if !ok {
		return domain.Page{}, false
	}
	if p < 1 || s < 1 {
		fail(c, badRequest("invalid_query", "page 与 page_size 须为正整数", "page and page_size must be positive"))
		return domain.Page{}, false
	}
	return domain.Page{Page: p, PageSize: s}.Normalize(), true
}

// pageQueryDoc documents the paging query parameters.
type pageQueryDoc struct {
	Page     int `query:"page" minimum:"1" default:"1"`
	PageSize int `query:"page_size" minimum:"1" maximum:"100" default:"20"`
}

// listResp is the contract's list envelope.
type listResp[T any] struct {
	Items    []T   `json:"items" required:"true"`
	Total    int64 `json:"total" required:"true"`
	Page     int   `json:"page" required:"true"`
	PageSize int   `json:"page_size" required:"true"`
}

// toList converts a domain page with conv.
func toList[D any, T any](l domain.List[D], conv func(D) T) listResp[T] {
	out := listResp[T]{Items: make([]T, 0, len(l.Items)), Total: l.Total, Page: l.Page, PageSize: l.PageSize}
	for _, x := range l.Items {
		out.Items = append(out.Items, conv(x))
	}
	return out
}
