package load

import (
	"context"
	"crypto/sha256"
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// The deadline surge (mix "surge"): SurgeTeams teams (the seed's surge1..surgeN@scale.jiebang.cn, each its own
// organisation) each hold a draft bid on one of the seed's surge challenges, which share one bidding deadline.
// In the last SurgeWindow before that deadline every team uploads one attachment of SurgeAttachmentBytes and
// submits, more and more of them as the deadline nears; a few teams (one in a hundred) upload in time but submit
// SurgeLateBy after the deadline and must be refused (409 deadline_passed) with nothing stored. The other
// clients read the board and the surge challenges meanwhile. The check after the run reads every bid back.
//
// Time is the servers' test clock (JIEBANG_TEST_CLOCK=1): the setup moves each server's clock to shortly before
// the deadline (POST /api/v1/test/clock), so the run never depends on today's date; a server without the test
// clock is refused.
var (
	SurgeTeams           = 2000
	SurgeAttachmentBytes = 5 << 20
	SurgeWindow          = 60 * time.Second
	// SurgeMargin: no team that means to be in time starts its upload later than this before the deadline.
	SurgeMargin = 4 * time.Second
	// SurgeLateBy is how long after the deadline the late teams submit.
	SurgeLateBy = 2 * time.Second
	// SurgeReadEvery is how often each reader reads (one client in eight reads).
	SurgeReadEvery = 100 * time.Millisecond
	// SurgeDrain is the time the run needs after the late submissions for the answers to come back.
	SurgeDrain = 5 * time.Second
)

// surgeTitle begins the surge challenges' titles (seed.SurgeTitle; TestSurgeMix fails when they differ).
const surgeTitle = "截止冲刺压测榜单"

// surgePreroll is the time between the end of the setup and the start of the window.
const (
	surgePreroll = time.Second
	// surgePrep is how far before the deadline the setup first sets the clocks: the logins' tokens (15 minutes)
	// must outlive the deadline, and the setup must finish before the window opens.
	surgePrep = 10 * time.Minute
)

// surgeTeam is one team: its login, bid and plan, and what the servers answered.
type surgeTeam struct {
	n      int // 1-based: surge<n>@scale.jiebang.cn
	token  string
	bidID  int64
	chID   int64
	late   bool
	start  time.Duration // planned start of the upload, relative to the local deadline (negative)
	tag    []byte        // the end of its file, unique to the team
	sha256 string        // of its file

	mu          sync.Mutex
	uploadSt    int    // 0: not sent or no answer
	uploadSent  bool   // the upload was sent
	submitSent  bool   // the submission was sent
	submitSt    int    // 0: no answer
	submitCode  string // the error code of a refused submission
	receipt     surgeReceipt
	startedLate time.Duration // how late the client started it (the load generator's backlog)
}

type surgeReceipt struct {
	SubmittedAt time.Time `json:"submitted_at"`
	Digest      string    `json:"digest"`
	Version     int       `json:"version"`
}

// surgeEnv is the shared state of a surge run.
type surgeEnv struct {
	deadline  time.Time // the surge challenges' deadline (server time)
	localDL   time.Time // the local instant of the deadline on the earliest server's clock
	chIDs     []int64
	teams     []*surgeTeam // in the order of their planned start
	next      chan *surgeTeam
	file      surgeFile
	submitter map[*Client]bool
}

// surgeFile is the attachment every team sends: a shared PDF prefix of SurgeAttachmentBytes minus the tag, then
// the team's tag; the SHA-256 state after the prefix is kept, so each team's digest costs only its tag.
type surgeFile struct {
	head, prefix, tail []byte // multipart head, the file's shared part, multipart tail
	ctype              string
	state              []byte
}

func surgeTag(n int, seed int64) []byte {
	return []byte(fmt.Sprintf("\n%% surge team %09d run %020d\n%%%%EOF\n", n, seed))
}

func newSurgeFile(seed int64) (surgeFile, error) {
	tagLen := len(surgeTag(0, seed))
	if SurgeAttachmentBytes < tagLen+64 {
		return surgeFile{}, fmt.Errorf("the surge attachment must be at least %d bytes", tagLen+64)
	}
	prefix := make([]byte, SurgeAttachmentBytes-tagLen)
	head := []byte("%PDF-1.4\n% jiebang surge\n")
	copy(prefix, head)
	for i := len(head); i < len(prefix); i++ {
		prefix[i] = "0123456789abcdef\n"[i%17]
	}
	h := sha256.New()
	h.Write(prefix)
	state, err := h.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		return surgeFile{}, err
	}
	boundary := "jiebangsurgeboundary7f3a9c"
	mh := fmt.Sprintf("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\nContent-Type: application/pdf\r\n\r\n",
		boundary, "揭榜申报附件.pdf")
	return surgeFile{head: []byte(mh), prefix: prefix, tail: []byte("\r\n--" + boundary + "--\r\n"),
		ctype: "multipart/form-data; boundary=" + boundary, state: state}, nil
}

// digest is the SHA-256 of the file ending with tag.
func (f surgeFile) digest(tag []byte) string {
	h := sha256.New()
	if err := h.(encoding.BinaryUnmarshaler).UnmarshalBinary(f.state); err != nil {
		panic(err) // the state came from the same hash
	}
	h.Write(tag)
	return fmt.Sprintf("%x", h.Sum(nil))
}

// serverClock reads (advance "" ) or advances a server's test clock; it returns the server's time and the local
// instant the request was sent.
func serverClock(ctx context.Context, c *Client, advance time.Duration) (time.Time, time.Time, error) {
	method, path, body := "GET", "/api/v1/test/clock", []byte(nil)
	if advance > 0 {
		method = "POST"
		body, _ = json.Marshal(map[string]string{"advance": advance.String()})
	}
	sent := time.Now()
	st, b := c.Do(ctx, "setup", method, path, body)
	if st == 404 {
		return time.Time{}, sent, fmt.Errorf("%s has no test clock: the surge mix needs servers run with JIEBANG_TEST_CLOCK=1 "+
			"(and JIEBANG_TEST_CLOCK_START before the surge deadline, see docs/api.md)", c.Base)
	}
	var r struct {
		Now time.Time `json:"now"`
	}
	if st != 200 || json.Unmarshal(b, &r) != nil {
		return time.Time{}, sent, fmt.Errorf("%s %s%s: status %d %s", method, c.Base, path, st, b)
	}
	return r.Now, sent, nil
}

// perServer returns one client per target URL.
func perServer(clients []*Client) []*Client {
	seen := map[string]bool{}
	var out []*Client
	for _, c := range clients {
		if !seen[c.Base] {
			seen[c.Base] = true
			out = append(out, c)
		}
	}
	return out
}

// surgeChallenges finds the surge challenges still open on the server's clock now, with the earliest deadline.
func surgeChallenges(ctx context.Context, c *Client, now time.Time) ([]int64, time.Time, error) {
	st, b := c.Do(ctx, "setup", "GET", "/api/v1/challenges?status=published&page_size=100&q="+url.QueryEscape(surgeTitle), nil)
	var l struct {
		Items []struct {
			ID          int64      `json:"id"`
			Title       string     `json:"title"`
			BidDeadline *time.Time `json:"bid_deadline"`
		} `json:"items"`
	}
	if st != 200 || json.Unmarshal(b, &l) != nil {
		return nil, time.Time{}, fmt.Errorf("search for the surge challenges: status %d %s", st, b)
	}
	var dl time.Time
	byDL := map[time.Time][]int64{}
	for _, it := range l.Items {
		if !strings.HasPrefix(it.Title, surgeTitle) || it.BidDeadline == nil || !it.BidDeadline.After(now) {
			continue
		}
		d := it.BidDeadline.UTC()
		byDL[d] = append(byDL[d], it.ID)
		if dl.IsZero() || d.Before(dl) {
			dl = d
		}
	}
	if dl.IsZero() {
		return nil, dl, fmt.Errorf("no open surge challenge (title %q) on the server's clock %s: seed a new database with "+
			"jiebang seed --scale N (with its surge teams) and run the servers with JIEBANG_TEST_CLOCK=1 and "+
			"JIEBANG_TEST_CLOCK_START at the seed's start", surgeTitle, now.Format(time.RFC3339))
	}
	ids := byDL[dl]
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids, dl, nil
}

// surgePlan gives every team its challenge and its planned start: the late teams (one in a hundred, at least
// one) early in the window; the others over the window, denser towards its end (the density grows linearly),
// in a shuffled order; the last starts SurgeMargin before the deadline.
func surgePlan(o Options, chIDs []int64) ([]*surgeTeam, error) {
	if SurgeTeams < 2 {
		return nil, fmt.Errorf("the surge mix needs at least 2 teams")
	}
	if SurgeWindow <= SurgeMargin {
		return nil, fmt.Errorf("the surge window must be longer than its margin")
	}
	nLate := max(1, SurgeTeams/100)
	teams := make([]*surgeTeam, SurgeTeams)
	r := newRand(o.Seed)
	perm := r.Perm(SurgeTeams)
	span := float64(SurgeWindow - SurgeMargin)
	for k, n := range perm {
		t := &surgeTeam{n: n + 1, chID: chIDs[n%len(chIDs)], tag: surgeTag(n+1, o.Seed)}
		if k < nLate {
			t.late = true
			t.start = -SurgeWindow + time.Duration(span*float64(k)/float64(2*nLate))
		} else {
			u := (float64(k-nLate) + 0.5) / float64(SurgeTeams-nLate)
			t.start = -SurgeWindow + time.Duration(span*math.Sqrt(u))
		}
		teams[n] = t
	}
	return teams, nil
}
