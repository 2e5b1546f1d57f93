package api

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/bid"
	"jiebang/domain/race"
)

// reportAttachmentDTO is a file attached to a stage report.
type reportAttachmentDTO struct {
	ID          int64     `json:"id" required:"true"`
	Stage       int       `json:"stage" required:"true"`
	Filename    string    `json:"filename" required:"true"`
	Size        int64     `json:"size" required:"true"`
	ContentType string    `json:"content_type" required:"true"`
	SHA256      string    `json:"sha256" required:"true"`
	UploadedAt  time.Time `json:"uploaded_at" required:"true"`
}

func toReportAttachmentDTO(a race.Attachment) reportAttachmentDTO {
	return reportAttachmentDTO{ID: a.ID, Stage: a.Stage, Filename: a.Filename, Size: a.Size, ContentType: a.ContentType,
		SHA256: a.SHA256, UploadedAt: a.UploadedAt}
}

func (a *API) registerRaceAttachmentRoutes() {
	a.handle(op{Method: http.MethodPost, Path: "/racers/{id}/reports/{stage}/attachments", Summary: "Attach a file (PDF, Office, PNG, JPEG by content; 20 MiB) to the racer's submitted report of a stage, before its decision",
		Tag: "race", Roles: []domain.Role{domain.RoleTeam}, Multipart: true, Resp: reportAttachmentDTO{}, Status: http.StatusCreated}, a.uploadReportAttachment)
	a.handle(op{Method: http.MethodGet, Path: "/racers/{id}/attachments/{aid}", Summary: "Download a report attachment (the racer's team, the owner enterprise, the bureau)",
		Tag: "race", Auth: true, RespContentTypes: bid.AllowedTypes}, a.downloadReportAttachment)
}

func (a *API) uploadReportAttachment(c *gin.Context) {
	id, st, ok := stagePath(c)
	if !ok {
		return
	}
	a.receiveUpload(c, func(ctx context.Context, filename string, r io.Reader) (any, error) {
		att, err := a.d.Race.AddAttachment(ctx, actor(c), id, st, filename, r)
		return toReportAttachmentDTO(att), err
	})
}

func (a *API) downloadReportAttachment(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	aid, ok := pathID(c, "aid")
	if !ok {
		return
	}
	att, rc, err := a.d.Race.OpenAttachment(c.Request.Context(), actor(c), id, aid)
	if err != nil {
		fail(c, err)
		return
	}
	serveFile(c, att.Filename, att.ContentType, att.Size, rc)
}
