package api

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// renderCache keeps the JSON of shared public challenge details by challenge, version, days left (the only
// part of the public view that changes without a new version) and the caller's actions (bid while bidding is
// open for teams and anonymous callers, links for all), so a popular challenge is encoded once per kind of
// caller.
type renderCache struct {
	mu      sync.RWMutex
	max     int
	entries map[renderKey]rendered
}

// renderKey is a challenge and the actions of the callers who share its encoding.
type renderKey struct {
	id      int64
	actions string
}

type rendered struct {
	version  int64
	daysLeft int
	body     *sharedJSON
}

func newRenderCache(max int) *renderCache {
	return &renderCache{max: max, entries: make(map[renderKey]rendered)}
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
	// The shared view is for those who may change nothing in the challenge: their actions are bid and links.
	act := actor(c)
	acts := challenge.ActionNamesAt(act, d.Challenge, a.d.Clock.Now())
	// a team at its organisation's limit (限项) is not offered to start a bid it could never submit
	if act.Is(domain.RoleTeam) && slices.Contains(acts, string(challenge.ActionBid)) && !a.d.Bids.CanStartBid(c.Request.Context(), act, d.ID) {
		acts = slices.DeleteFunc(acts, func(s string) bool { return s == string(challenge.ActionBid) })
	}
	key := renderKey{id: d.ID, actions: strings.Join(acts, ",")}
	rc.mu.RLock()
	e, ok := rc.entries[key]
	rc.mu.RUnlock()
	if !ok || e.version != d.Version || e.daysLeft != dl {
		dto := toChallengeDetailDTO(domain.Actor{}, d)
		dto.Actions = acts
		b, err := json.Marshal(dto)
		if err != nil {
			fail(c, err)
			return
		}
		e = rendered{version: d.Version, daysLeft: dl, body: newSharedJSON(b)}
		rc.mu.Lock()
		if _, ok := rc.entries[key]; !ok && len(rc.entries) >= rc.max {
			for k := range rc.entries {
				delete(rc.entries, k)
				break
			}
		}
		rc.entries[key] = e
		rc.mu.Unlock()
	}
	e.body.write(c)
}

// respondSharedList answers with a page of the public board that every viewer of the public view gets alike:
// encoded once per cached page (a new board version starts a new one) and again only when a day has passed.
func respondSharedList(c *gin.Context, l domain.List[challenge.Challenge], sp *challenge.SharedPage) {
	respondKept(c, sp.Kept, sp.Keep, func() any {
		// The public view is encoded as for an anonymous caller; the bureau's page with the officer's actions,
		// which are every officer's (they depend on the role only).
		as := domain.Actor{}
		if sp.Bureau {
			as = actor(c)
		}
		return toList(l, challengeSummaries(as))
	})
}

// writeJSONBytes answers 200 with JSON already encoded, with its length (no chunked encoding).
func writeJSONBytes(c *gin.Context, body []byte) {
	c.Header("Content-Length", strconv.Itoa(len(body)))
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}
