package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
)

// UploadBytes is the size of the upload mix's attachments: the largest file the server accepts by default.
const UploadBytes = 20 << 20

// uploaders is how many clients of the upload mix upload; the others read the board.
const uploaders = 2

// uploadState is an uploading client's draft bid and its multipart body, whose file part is a PDF of
// UploadBytes bytes; a counter written at tagAt makes every upload's content (and SHA-256) new, so the
// server stores each one instead of finding it already stored.
type uploadState struct {
	bidID int64
	body  []byte
	ctype string
	tagAt int
	n     int
}

type uploadEnv struct {
	board *boardEnv
}

// uploadSetup prepares the board reads and, for the first clients, a draft bid of a load team account each
// (load128, load127, ...) to attach files to.
func uploadSetup(ctx context.Context, o Options, clients []*Client) (any, error) {
	if len(clients) < 2 {
		return nil, fmt.Errorf("the upload mix needs at least 2 clients (uploaders and board readers)")
	}
	board, err := boardSetup(ctx, o, clients)
	if err != nil {
		return nil, err
	}
	up := clients[:min(uploaders, len(clients)-1)]
	targets, err := nearDeadline(ctx, clients[0], 8)
	if err != nil {
		return nil, err
	}
	if err := loginAll(ctx, o, up, func(i int) string { return fmt.Sprintf("load%d@scale.jiebang.cn", 128-i) }); err != nil {
		return nil, err
	}
	for i, c := range up {
		id, _, err := draftBid(ctx, o, c, 1000+i, targets[i%len(targets)])
		if err != nil {
			return nil, err
		}
		if err := removeAttachments(ctx, c, id); err != nil {
			return nil, err
		}
		s, err := newUploadState(id)
		if err != nil {
			return nil, err
		}
		c.State = s
	}
	return &uploadEnv{board: board.(*boardEnv)}, nil
}

// removeAttachments removes what an earlier run left on the bid (an upload whose removal the end of the run
// cut off), so a bid used run after run stays under the attachment limit (setup only).
func removeAttachments(ctx context.Context, c *Client, bidID int64) error {
	st, b := c.Do(ctx, "setup", "GET", fmt.Sprintf("/api/v1/bids/%d", bidID), nil)
	if st != 200 {
		return fmt.Errorf("bid %d: status %d %s", bidID, st, b)
	}
	var bid struct {
		Attachments []struct {
			ID int64 `json:"id"`
		} `json:"attachments"`
	}
	if err := json.Unmarshal(b, &bid); err != nil {
		return err
	}
	for _, a := range bid.Attachments {
		if st, b := c.Do(ctx, "setup", "DELETE", fmt.Sprintf("/api/v1/bids/%d/attachments/%d", bidID, a.ID), nil); st != 204 {
			return fmt.Errorf("remove attachment %d of bid %d: status %d %s", a.ID, bidID, st, b)
		}
	}
	return nil
}

// newUploadState builds the multipart body once: the PDF header, the counter, then filler.
func newUploadState(bidID int64) (*uploadState, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	part, err := w.CreateFormFile("file", "压测附件.pdf")
	if err != nil {
		return nil, err
	}
	head := []byte("%PDF-1.4\n% upload 0000000000\n")
	tagAt := buf.Len() + len("%PDF-1.4\n% upload ")
	file := make([]byte, UploadBytes)
	copy(file, head)
	for i := len(head); i < len(file); i++ {
		file[i] = "0123456789abcdef\n"[i%17]
	}
	if _, err := part.Write(file); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return &uploadState{bidID: bidID, body: buf.Bytes(), ctype: w.FormDataContentType(), tagAt: tagAt}, nil
}

// uploadStep: an uploader attaches a new 20 MiB file to its draft and removes it again (a bid holds at most
// 30 attachments); every other client reads the board.
func uploadStep(ctx context.Context, env any, c *Client) {
	s, ok := c.State.(*uploadState)
	if !ok {
		boardStep(ctx, env.(*uploadEnv).board, c)
		return
	}
	s.n++
	copy(s.body[s.tagAt:], fmt.Sprintf("%010d", s.n))
	req, err := http.NewRequestWithContext(ctx, "POST", fmt.Sprintf("%s/api/v1/bids/%d/attachments", c.Base, s.bidID), bytes.NewReader(s.body))
	if err != nil {
		return
	}
	req.Header.Set("Content-Type", s.ctype)
	st, b := c.Send("upload 20MiB", req)
	if st != 201 {
		return
	}
	var a struct {
		ID int64 `json:"id"`
	}
	if json.Unmarshal(b, &a) != nil || a.ID == 0 {
		return
	}
	c.Do(ctx, "attachment delete", "DELETE", fmt.Sprintf("/api/v1/bids/%d/attachments/%d", s.bidID, a.ID), nil)
}
