package api

import (
	"context"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
)

func (a *API) uploadBidAttachment(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	a.receiveUpload(c, func(ctx context.Context, filename string, r io.Reader) (any, error) {
		ref, err := a.d.Bids.AddAttachment(ctx, actor(c), id, filename, r)
		return toBidAttachmentDTO(ref), err
	})
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
	serveFile(c, ref.Filename, ref.ContentType, ref.Size, rc)
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
