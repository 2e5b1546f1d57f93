package api

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/bid"
)

// uploadReader reads the file part of an upload. It turns the body limit's error into domain.ErrTooLarge, so
// an oversized upload is a 413 file_too_large however far it got, and any other failure to read the part (a
// body cut off before its closing boundary, a broken connection) into a 400 malformed_multipart: the client's
// fault, never a 500.
type uploadReader struct{ r io.Reader }

var errTruncatedUpload = domain.NewError(domain.ErrBadRequest, "malformed_multipart",
	"上传内容不完整或格式错误，请重新上传", "the upload is truncated or malformed; upload it again")

func (t uploadReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	var mbe *http.MaxBytesError
	switch {
	case err == nil, errors.Is(err, io.EOF):
		return n, err
	case errors.As(err, &mbe):
		return n, fmt.Errorf("%w: %w", domain.ErrTooLarge, err)
	default:
		return n, fmt.Errorf("%w (%v)", errTruncatedUpload, err)
	}
}

// uploadBuffer is how much of an upload's body is read from the connection at a time: the multipart reader
// reads 4 KiB at a time, which on a 20 MiB upload is 5,000 system calls instead of 80.
const uploadBuffer = 256 << 10

// multipartReader reads a multipart/form-data body through an uploadBuffer.
func multipartReader(r *http.Request) (*multipart.Reader, error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, http.ErrNotMultipart
	}
	return multipart.NewReader(bufio.NewReaderSize(r.Body, uploadBuffer), params["boundary"]), nil
}

// receiveUpload streams the "file" part of a multipart body to store and answers 201 with what store returns.
// Every failure of the upload itself is answered here the same way for every area: not multipart or no file
// (400/422), over the body limit (413 file_too_large), cut off before its closing boundary (400
// malformed_multipart); store's own errors go through the one error mapper.
func (a *API) receiveUpload(c *gin.Context, store func(ctx context.Context, filename string, r io.Reader) (any, error)) {
	mr, err := multipartReader(c.Request)
	if err != nil {
		fail(c, badRequest("bad_request", "请以 multipart/form-data 上传，文件字段名为 file",
			"send multipart/form-data with the file in the field \"file\""))
		return
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			fail(c, domain.FieldErr("file", "required", "请选择要上传的文件", "a file is required"))
			return
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			fail(c, bid.FileTooLarge(a.d.UploadLimit))
			return
		}
		if err != nil {
			fail(c, badRequest("bad_request", "multipart 格式错误", "malformed multipart body"))
			return
		}
		if part.FormName() != "file" {
			_ = part.Close()
			continue
		}
		out, err := store(c.Request.Context(), part.FileName(), uploadReader{part})
		_ = part.Close()
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusCreated, out)
		return
	}
}

// serveFile sends a stored attachment as a private download and closes it.
func serveFile(c *gin.Context, filename, contentType string, size int64, rc io.ReadCloser) {
	defer func() { _ = rc.Close() }()
	c.Header("Cache-Control", "private, no-store")
	c.DataFromReader(http.StatusOK, size, contentType, rc, map[string]string{
		"Content-Disposition": mime.FormatMediaType("attachment", map[string]string{"filename": filename}),
	})
}
