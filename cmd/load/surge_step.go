package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// surgeStep: a reader reads the board or a surge challenge; a submitter takes the next team (in the order of
// their planned starts), waits for its start, uploads its attachment and submits (a late team waits until
// SurgeLateBy after the deadline to submit); with no team left it waits for the end of the run.
func surgeStep(ctx context.Context, env any, c *Client) {
	e := env.(*surgeEnv)
	if !e.submitter[c] {
		surgeRead(ctx, e, c)
		return
	}
	t, ok := <-e.next
	if !ok {
		<-ctx.Done()
		return
	}
	at := e.localDL.Add(t.start)
	if !sleepUntil(ctx, at) {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.startedLate = time.Since(at)
	c.Token = t.token
	if !surgeUpload(ctx, e, c, t) {
		return
	}
	name := "surge submit"
	var ok409 []int
	if t.late {
		if !sleepUntil(ctx, e.localDL.Add(SurgeLateBy)) {
			return
		}
		name, ok409 = "surge late submit", []int{http.StatusConflict}
	}
	t.submitSent = true
	st, b := c.Do(ctx, name, "POST", fmt.Sprintf("/api/v1/bids/%d/submit", t.bidID), nil, ok409...)
	t.submitSt = st
	var r struct {
		Receipt *surgeReceipt `json:"receipt"`
		Error   struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(b, &r)
	t.submitCode = r.Error.Code
	if st == http.StatusOK && r.Receipt != nil {
		t.receipt = *r.Receipt
	}
}

// surgeUpload sends the team's attachment; it reports whether the server stored it (201).
func surgeUpload(ctx context.Context, e *surgeEnv, c *Client, t *surgeTeam) bool {
	f := e.file
	body := io.MultiReader(bytes.NewReader(f.head), bytes.NewReader(f.prefix), bytes.NewReader(t.tag), bytes.NewReader(f.tail))
	req, err := http.NewRequestWithContext(ctx, "POST", fmt.Sprintf("%s/api/v1/bids/%d/attachments", c.Base, t.bidID), body)
	if err != nil {
		return false
	}
	req.ContentLength = int64(len(f.head) + len(f.prefix) + len(t.tag) + len(f.tail))
	req.Header.Set("Content-Type", f.ctype)
	t.uploadSent = true
	st, b := c.Send("surge upload", req)
	t.uploadSt = st
	if st != http.StatusCreated {
		return false
	}
	var a struct {
		SHA256 string `json:"sha256"`
	}
	if json.Unmarshal(b, &a) != nil || a.SHA256 != t.sha256 {
		// stored, but not what was sent: the check after the run reports it
		t.uploadSt = -1
	}
	return true
}

func sleepUntil(ctx context.Context, at time.Time) bool {
	d := time.Until(at)
	if d <= 0 {
		return ctx.Err() == nil
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-tm.C:
		return true
	}
}

// surgeRead: 40% a board page, 60% a surge challenge's detail (the teams' last look at the call); a reader
// reads once every SurgeReadEvery (people reading, not a flood: the board's throughput has mixes of its own).
func surgeRead(ctx context.Context, e *surgeEnv, c *Client) {
	defer sleepUntil(ctx, time.Now().Add(SurgeReadEvery))
	if c.Rand.IntN(10) < 4 {
		c.Get(ctx, "surge board", fmt.Sprintf("/api/v1/challenges?page=%d&page_size=20", 1+c.Rand.IntN(5)))
		return
	}
	c.Get(ctx, "surge detail", fmt.Sprintf("/api/v1/challenges/%d", e.chIDs[c.Rand.IntN(len(e.chIDs))]))
}

// surgeVerify reads every team's bid back (as the team) and checks: an acknowledged upload is among its
// attachments with the SHA-256 sent; an acknowledged submission is stored as submitted with the receipt's
// version and time, which is before the deadline; a refused submission (and every late one must be refused with
// deadline_passed) stored nothing. Teams whose answers never came are not checked.
func surgeVerify(ctx context.Context, env any, clients []*Client) Verification {
	e := env.(*surgeEnv)
	results := make([]string, len(e.teams))
	checked := make([]bool, len(e.teams))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, t := range e.teams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			c := &Client{Base: clients[i%len(clients)].Base, HTTP: clients[0].HTTP, Rand: newRand(int64(i)), rec: clients[0].rec, Token: t.token}
			checked[i], results[i] = verifyTeam(ctx, e, c, t)
		}()
	}
	wg.Wait()
	var v Verification
	for i := range e.teams {
		if checked[i] {
			v.check(results[i])
		}
	}
	v.Notes = surgeNotes(e)
	return v
}

func verifyTeam(ctx context.Context, e *surgeEnv, c *Client, t *surgeTeam) (bool, string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.uploadSent {
		return false, ""
	}
	st, b := c.ReadBack(ctx, "verify", fmt.Sprintf("/api/v1/bids/%d", t.bidID))
	if st != http.StatusOK {
		return true, fmt.Sprintf("surge team %d: bid %d: read back: status %d", t.n, t.bidID, st)
	}
	var got struct {
		Status      string        `json:"status"`
		Version     int           `json:"version"`
		Receipt     *surgeReceipt `json:"receipt"`
		Attachments []struct {
			SHA256 string `json:"sha256"`
		} `json:"attachments"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		return true, fmt.Sprintf("surge team %d: bid %d: %v", t.n, t.bidID, err)
	}
	p := fmt.Sprintf("surge team %d: bid %d: ", t.n, t.bidID)
	has := false
	for _, a := range got.Attachments {
		has = has || a.SHA256 == t.sha256
	}
	switch {
	case t.uploadSt == -1:
		return true, p + "the upload was answered with another SHA-256 than the file's"
	case t.uploadSt == http.StatusCreated && !has:
		return true, p + "the acknowledged attachment is not stored"
	case t.late && t.submitSt == http.StatusOK:
		return true, p + fmt.Sprintf("a submission after the deadline was accepted (receipt %s, deadline %s)",
			t.receipt.SubmittedAt.Format(time.RFC3339Nano), e.deadline.Format(time.RFC3339Nano))
	case t.late && t.submitSt == http.StatusConflict && t.submitCode != "deadline_passed":
		return true, p + "a late submission was refused with " + t.submitCode + ", not deadline_passed"
	case t.submitSt == http.StatusOK:
		r := t.receipt
		if !r.SubmittedAt.Before(e.deadline) {
			return true, p + "receipt at " + r.SubmittedAt.Format(time.RFC3339Nano) + ", not before the deadline"
		}
		if got.Status != "submitted" || got.Version != r.Version || got.Receipt == nil || !got.Receipt.SubmittedAt.Equal(r.SubmittedAt) ||
			got.Receipt.Digest != r.Digest {
			return true, p + fmt.Sprintf("stored %s version %d %+v, acknowledged %+v", got.Status, got.Version, got.Receipt, r)
		}
	case t.submitSt >= 400 && (got.Version != 0 || got.Status != "draft"):
		return true, p + fmt.Sprintf("a refused submission (%d %s) is stored: %s version %d", t.submitSt, t.submitCode, got.Status, got.Version)
	}
	return true, ""
}

// surgeNotes sums up the run: submissions acknowledged and their last receipt, refusals, teams the run did not
// reach, and how far behind its plan the load generator started teams.
func surgeNotes(e *surgeEnv) []string {
	var acked, refusedOnTime, lateRefused, lateAccepted, notStarted, noAnswer int
	var lastReceipt time.Time
	var behind time.Duration
	for _, t := range e.teams {
		t.mu.Lock()
		switch {
		case !t.uploadSent:
			notStarted++
		case t.submitSt == http.StatusOK && t.late:
			lateAccepted++
		case t.submitSt == http.StatusOK:
			acked++
			if t.receipt.SubmittedAt.After(lastReceipt) {
				lastReceipt = t.receipt.SubmittedAt
			}
		case t.late && t.submitSt == http.StatusConflict:
			lateRefused++
		case t.submitSt == 0 && (t.uploadSt == http.StatusCreated || t.submitSent):
			noAnswer++
		default:
			refusedOnTime++
		}
		behind = max(behind, t.startedLate)
		t.mu.Unlock()
	}
	nLate := 0
	for _, t := range e.teams {
		if t.late {
			nLate++
		}
	}
	notes := []string{
		fmt.Sprintf("surge: %d teams, deadline %s (server clock); %d submissions acknowledged before it, the last receipt %s before it",
			len(e.teams), e.deadline.Format(time.RFC3339), acked, e.deadline.Sub(lastReceipt).Round(time.Millisecond)),
		fmt.Sprintf("surge: %d of %d late submissions refused, %d accepted; %d teams meant to be in time failed or were refused, "+
			"%d without an answer, %d not started",
			lateRefused, nLate, lateAccepted, refusedOnTime, noAnswer, notStarted),
		fmt.Sprintf("surge: the load generator started a team at most %s after its planned time", behind.Round(time.Millisecond)),
	}
	return notes
}
