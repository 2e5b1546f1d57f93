package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// renderCache keeps the JSON of shared public challenge details by challenge, version and days left (the only
// part of the public view that changes without a new version), so a popular challenge is encoded once.
type renderCache struct {
	mu      sync.RWMutex
	max     int
	entries map[int64]rendered
}

type rendered struct {
	version  int64
	daysLeft int
	body     []byte
}

func newRenderCache(max int) *renderCache {
	return &renderCache{max: max, entries: make(map[int64]rendered)}
}

func daysLeftKey(d *int) int {
	if d == nil {
		return -1 << 31
	}
	return *d
}

// respondShared answers with the shared public view of d, encoded once per version and days left.
func (a *API) respondShared(c *gin.Context, d challenge.Detail) {
	rc := a.rendered
	dl := daysLeftKey(d.DaysLeft)
	rc.mu.RLock()
	e, ok := rc.entries[d.ID]
	rc.mu.RUnlock()
	if !ok || e.version != d.Version || e.daysLeft != dl {
		// The shared view is for those who may do nothing to the challenge: its actions are empty for all.
		b, err := json.Marshal(toChallengeDetailDTO(domain.Actor{}, d))
		if err != nil {
			fail(c, err)
			return
		}
		e = rendered{version: d.Version, daysLeft: dl, body: b}
		rc.mu.Lock()
		if _, ok := rc.entries[d.ID]; !ok && len(rc.entries) >= rc.max {
			for k := range rc.entries {
				delete(rc.entries, k)
				break
			}
		}
		rc.entries[d.ID] = e
		rc.mu.Unlock()
	}
	writeJSONBytes(c, e.body)
}

// respondSharedList answers with a page of the public board that every viewer of the public view gets alike:
// encoded once per cached page (a new board version starts a new one) and again only when a day has passed.
func respondSharedList(c *gin.Context, l domain.List[challenge.Challenge], sp *challenge.SharedPage) {
	if b, ok := sp.Kept.([]byte); ok {
		writeJSONBytes(c, b)
		return
	}
	b, err := json.Marshal(toList(l, challengeSummaries(domain.Actor{})))
	if err != nil {
		fail(c, err)
		return
	}
	sp.Keep(b)
	writeJSONBytes(c, b)
}

// writeJSONBytes answers 200 with JSON already encoded, with its length (no chunked encoding).
func writeJSONBytes(c *gin.Context, body []byte) {
	c.Header("Content-Length", strconv.Itoa(len(body)))
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}
