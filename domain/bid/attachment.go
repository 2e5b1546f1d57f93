package bid

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// AllowedTypes are the attachment types accepted, as detected from the content (never from the name): PDF,
// Office documents old and new, PNG and JPEG.
var AllowedTypes = []string{
	"application/pdf",
	"application/msword",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.ms-excel",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"application/vnd.ms-powerpoint",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation",
	"image/png",
	"image/jpeg",
}

// MaxAttachments is the most attachments a bid's working copy may hold.
const MaxAttachments = 30

// maxFilenameLen is the longest file name kept (characters).
const maxFilenameLen = 200

// DetectType returns the allowed content type of a file from its first bytes, or "" and the detected type
// when the type is not allowed.
func DetectType(head []byte) (allowed, detected string) {
	m := mimetype.Detect(head)
	for _, t := range AllowedTypes {
		if m.Is(t) {
			return t, m.String()
		}
	}
	return "", m.String()
}

// CleanFilename keeps the base name of an uploaded file without control characters, at most 200 characters;
// "attachment" when nothing is left.
func CleanFilename(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(name)
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if r := []rune(name); len(r) > maxFilenameLen {
		name = string(r[len(r)-maxFilenameLen:])
	}
	if name == "" || name == "." || name == "/" || name == ".." {
		return "attachment"
	}
	return name
}

// FileTooLarge is the 413 for an attachment over the size limit.
func FileTooLarge(limit int64) *domain.Error {
	return domain.NewError(domain.ErrTooLarge, "file_too_large",
		fmt.Sprintf("文件超过大小上限 %d MiB", limit>>20), fmt.Sprintf("the file exceeds the limit of %d MiB", limit>>20)).
		WithDetails(map[string]any{"limit_bytes": limit})
}

// FileTypeNotAllowed is the 422 for an attachment whose content is not an allowed type.
func FileTypeNotAllowed(detected string) *domain.Error {
	return domain.NewError(domain.ErrUnprocessable, "file_type_not_allowed",
		"只接受 PDF、Office 文档（doc、docx、xls、xlsx、ppt、pptx）和 PNG、JPEG 图片",
		"only PDF, Office documents (doc, docx, xls, xlsx, ppt, pptx) and PNG or JPEG images are accepted").
		WithDetails(map[string]any{"detected": detected})
}

var errAttachmentNotFound = domain.NewError(domain.ErrNotFound, "not_found", "未找到该附件", "attachment not found")

// AddAttachment stores an uploaded file and attaches it to the bid's working copy before the deadline. The
// type is checked by content; nothing is stored when the file is refused.
func (s *Service) AddAttachment(ctx context.Context, actor domain.Actor, bidID int64, filename string, r io.Reader) (AttachmentRef, error) {
	b, _, corr, err := s.loadForChange(ctx, actor, bidID, ActionAttach)
	if err != nil {
		return AttachmentRef{}, err
	}
	if corr != nil && AllowedBy(corr.Defects).NewAttachments == 0 {
		return AttachmentRef{}, OutsideCorrection([]string{FieldAttachments})
	}
	current, err := s.store.Attachments(ctx, b.ID)
	if err != nil {
		return AttachmentRef{}, err
	}
	if len(current) >= MaxAttachments {
		return AttachmentRef{}, errTooManyAttachments()
	}
	staged, err := s.blobs.Stage(r, s.cfg.MaxAttachmentBytes)
	if errors.Is(err, domain.ErrTooLarge) {
		return AttachmentRef{}, FileTooLarge(s.cfg.MaxAttachmentBytes)
	}
	if err != nil {
		return AttachmentRef{}, err
	}
	defer staged.Discard()
	ctype, detected := DetectType(staged.Head())
	if ctype == "" {
		return AttachmentRef{}, FileTypeNotAllowed(detected)
	}
	a := Attachment{BidID: b.ID, Filename: CleanFilename(filename), Size: staged.Size(), ContentType: ctype,
		SHA256: staged.SHA256(), UploadedBy: actor.UserID}
	if err := UploadStaged(ctx, staged); err != nil {
		return AttachmentRef{}, err
	}
	created := false
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		now, err := s.stillEditable(ctx, b, corr)
		if err != nil {
			return err
		}
		a.UploadedAt = now
		// Touch writes the bid's row first, so concurrent uploads to one bid queue here (row lock on
		// PostgreSQL, the single writer on SQLite) and each counts the attachments the others committed.
		if err := s.store.Touch(ctx, b.ID, b.Status, now); err != nil {
			return Machine.Lost(err, b.Status, ActionAttach)
		}
		current, err := s.store.Attachments(ctx, b.ID)
		if err != nil {
			return err
		}
		if len(current) >= MaxAttachments {
			return errTooManyAttachments()
		}
		if err := s.store.AddAttachment(ctx, &a); err != nil {
			return err
		}
		if err := s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityBid, EntityID: b.ID, Action: string(ActionAttach),
			After: map[string]any{"attachment_id": a.ID, "filename": a.Filename, "size": a.Size, "sha256": a.SHA256}}); err != nil {
			return err
		}
		created, err = staged.Commit()
		return err
	})
	if err != nil {
		if created {
			staged.Uncommit()
		}
		return AttachmentRef{}, err
	}
	return refs([]Attachment{a})[0], nil
}

// RemoveAttachment deletes an attachment from the working copy before the deadline. Submitted versions that
// name it keep it (its bytes stay stored).
func (s *Service) RemoveAttachment(ctx context.Context, actor domain.Actor, bidID, attachmentID int64) error {
	b, _, corr, err := s.loadForChange(ctx, actor, bidID, ActionDetach)
	if err != nil {
		return err
	}
	a, err := s.store.Attachment(ctx, b.ID, attachmentID)
	if errors.Is(err, domain.ErrNotFound) || (err == nil && a.RemovedAt != nil) {
		return errAttachmentNotFound
	}
	if err != nil {
		return err
	}
	// During a correction the team removes a named attachment or a file it uploaded for the correction.
	if corr != nil && !AllowedBy(corr.Defects).Attachments[a.ID] && a.UploadedAt.Before(corr.RequestedAt) {
		return OutsideCorrection([]string{fmt.Sprintf("attachment:%d", a.ID)})
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		now, err := s.stillEditable(ctx, b, corr)
		if err != nil {
			return err
		}
		if err := s.store.Touch(ctx, b.ID, b.Status, now); err != nil {
			return Machine.Lost(err, b.Status, ActionDetach)
		}
		if err := s.store.RemoveAttachment(ctx, b.ID, a.ID, now); err != nil {
			if errors.Is(err, domain.ErrConflict) || errors.Is(err, domain.ErrNotFound) {
				return errAttachmentNotFound
			}
			return err
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityBid, EntityID: b.ID, Action: string(ActionDetach),
			Before: map[string]any{"attachment_id": a.ID, "filename": a.Filename, "sha256": a.SHA256}})
	})
}

// OpenAttachment opens an attachment for download by someone who may read the bid: the team any attachment of
// its working copy or of a submitted version, others only those of a submitted version. The caller closes
// the reader.
func (s *Service) OpenAttachment(ctx context.Context, actor domain.Actor, bidID, attachmentID int64) (AttachmentRef, io.ReadSeekCloser, error) {
	b, _, err := s.load(ctx, actor, bidID)
	if err != nil {
		return AttachmentRef{}, nil, err
	}
	a, err := s.store.Attachment(ctx, b.ID, attachmentID)
	if errors.Is(err, domain.ErrNotFound) {
		return AttachmentRef{}, nil, errAttachmentNotFound
	}
	if err != nil {
		return AttachmentRef{}, nil, err
	}
	visible := IsTeam(actor, b) && a.RemovedAt == nil
	if !visible {
		vs, err := s.store.Versions(ctx, b.ID)
		if err != nil {
			return AttachmentRef{}, nil, err
		}
		visible = inVersions(vs, a.ID)
	}
	if !visible {
		return AttachmentRef{}, nil, errAttachmentNotFound
	}
	rc, err := s.blobs.Open(a.SHA256)
	if err != nil {
		return AttachmentRef{}, nil, err
	}
	return refs([]Attachment{a})[0], rc, nil
}

func inVersions(vs []Version, id int64) bool {
	for _, v := range vs {
		for _, r := range v.Attachments {
			if r.ID == id {
				return true
			}
		}
	}
	return false
}

// errTooManyAttachments is the 422 for an upload beyond MaxAttachments.
func errTooManyAttachments() error {
	return domain.NewError(domain.ErrUnprocessable, "too_many_attachments",
		fmt.Sprintf("每份申报最多 %d 个附件", MaxAttachments), fmt.Sprintf("a bid holds at most %d attachments", MaxAttachments))
}
