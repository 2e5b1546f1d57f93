package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
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

func (a *API) uploadBidAttachment(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	mr, err := c.Request.MultipartReader()
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
		ref, err := a.d.Bids.AddAttachment(c.Request.Context(), actor(c), id, part.FileName(), uploadReader{part})
		_ = part.Close()
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusCreated, toBidAttachmentDTO(ref))
		return
	}
}

func (a *API) downloadBidAttachment(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	aid, ok := pathID(c, "aid")
	if !ok {
		return
	}
	ref, rc, err := a.d.Bids.OpenAttachment(c.Request.Context(), actor(c), id, aid)
	if err != nil {
		fail(c, err)
		return
	}
	defer func() { _ = rc.Close() }()
	c.Header("Cache-Control", "private, no-store")
	c.DataFromReader(http.StatusOK, ref.Size, ref.ContentType, rc, map[string]string{
		"Content-Disposition": mime.FormatMediaType("attachment", map[string]string{"filename": ref.Filename}),
	})
}

func (a *API) deleteBidAttachment(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	aid, ok := pathID(c, "aid")
	if !ok {
		return
	}
	if err := a.d.Bids.RemoveAttachment(c.Request.Context(), actor(c), id, aid); err != nil {
		fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
