package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"jiebang/domain"
	"jiebang/domain/audit"
)

func (a *API) registerCoreRoutes() {
	a.handle(op{Method: http.MethodGet, Path: "/openapi.json", Summary: "This OpenAPI document", Tag: "meta",
		Resp: map[string]any{}}, a.openAPI)
	if a.d.TestClock != nil {
		a.handle(op{Method: http.MethodGet, Path: "/test/clock", Summary: "Read the test clock (JIEBANG_TEST_CLOCK=1 only)",
			Tag: "test", Resp: clockResp{}}, a.getClock)
		a.handle(op{Method: http.MethodPost, Path: "/test/clock", Summary: "Advance the test clock and run due background work",
			Tag: "test", Req: clockReq{}, Resp: clockResp{}}, a.advanceClock)
	}
	a.handle(op{Method: http.MethodGet, Path: "/audit", Summary: "Audit entries, newest first", Tag: "audit",
		Roles: bureauOnly, Query: auditQuery{}, Resp: listResp[auditEntryDTO]{}}, a.listAudit)
	a.handle(op{Method: http.MethodGet, Path: "/audit/verify", Summary: "Verify the audit hash chain", Tag: "audit",
		Roles: bureauOnly, Resp: auditVerifyResp{}}, a.verifyAudit)
	a.handle(op{Method: http.MethodGet, Path: "/audit/checkpoints", Summary: "Signed checkpoints of the audit chain and the public key to check them",
		Tag: "audit", Resp: checkpointsResp{}}, a.auditCheckpoints)
}

func (a *API) healthz(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) }

// readyz answers 503 when the database is down, or when the server lacks a secret the deployment requires
// shared (its tokens or audit seals would not match the other servers'). A failing audit anchor or an
// unreachable attachment store does not make the server unready: the answer stays 200 but says "degraded" and
// why (see docs/security.md and docs/storage.md).
func (a *API) readyz(c *gin.Context) {
	if a.d.Ready != nil {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
		defer cancel()
		if err := a.d.Ready(ctx); err != nil {
			a.d.Logger.Warn("not ready", "err", err)
			c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "database": "down"})
			return
		}
	}
	body := gin.H{"status": "ready", "database": "up"}
	if a.d.MissingSecrets != nil {
		if missing := a.d.MissingSecrets(); len(missing) > 0 {
			body["status"], body["secrets"], body["missing_secrets"] = "unavailable", "missing", missing
			body["reason"] = "this server generated its own " + strings.Join(missing, " and ") +
				" in its data dir, but the deployment shares them (--require-shared-secrets or S3 storage): set " +
				"JIEBANG_JWT_SECRET or --jwt-secret-file, and JIEBANG_AUDIT_KEY or --audit-key-file, the same on every server"
			c.JSON(http.StatusServiceUnavailable, body)
			return
		}
		body["secrets"] = "ok"
	}
	// A failing audit anchor does not stop the service (it answers 200 so the load balancer keeps sending
	// traffic) but says so: status "degraded" and the anchor's state, which monitoring should alert on.
	if st := a.d.Audit.AnchorStatus(); st.Configured {
		body["audit_anchor"] = "ok"
		if !st.OK {
			body["status"], body["audit_anchor"] = "degraded", "failing"
			body["audit_anchor_error"] = st.LastError
			body["audit_anchor_pending"] = st.Pending
		}
	}
	// An unreachable attachment store makes uploads and downloads answer 503 storage_unavailable; every other
	// page still works, so the server stays in the load balancer, "degraded".
	if a.d.StorageReady != nil {
		body["storage"] = a.d.Storage
		body["storage_state"] = "ok"
		ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
		defer cancel()
		if err := a.d.StorageReady(ctx); err != nil {
			a.d.Logger.Warn("attachment store unreachable", "err", err)
			body["status"], body["storage_state"] = "degraded", "unreachable"
			body["storage_error"] = "the attachment store does not answer: uploads and downloads answer 503 storage_unavailable"
		}
	}
	c.JSON(http.StatusOK, body)
}

type clockReq struct {
	Advance string `json:"advance" required:"true" example:"72h" description:"a non-negative Go duration"`
}

type clockResp struct {
	Now time.Time `json:"now" required:"true"`
}

func (a *API) getClock(c *gin.Context) {
	c.JSON(http.StatusOK, clockResp{Now: a.d.TestClock.Now()})
}

func (a *API) advanceClock(c *gin.Context) {
	var req clockReq
	if !bindJSON(c, &req) {
		return
	}
	d, err := time.ParseDuration(req.Advance)
	if err != nil || d < 0 {
		fail(c, domain.FieldErr("advance", "invalid_duration", "应为非负的时长，如 72h、30m、0s", "must be a non-negative Go duration such as 72h, 30m or 0s"))
		return
	}
	now := a.d.TestClock.Advance(d)
	a.d.Logger.Warn("test clock advanced", "by", d.String(), "now", now)
	if a.d.RunDue != nil {
		if err := a.d.RunDue(c.Request.Context()); err != nil {
			fail(c, err)
			return
		}
	}
	c.JSON(http.StatusOK, clockResp{Now: now})
}

type auditQuery struct {
	pageQueryDoc
	Entity   string `query:"entity" description:"user, org, challenge, bid, round, assignment, notice, objection, racer, funding_decision"`
	EntityID int64  `query:"entity_id"`
}

type auditEntryDTO struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	ActorID   int64     `json:"actor_id"`
	ActorName string    `json:"actor_name"`
	ActorRole string    `json:"actor_role"`
	Entity    string    `json:"entity"`
	EntityID  int64     `json:"entity_id"`
	Action    string    `json:"action"`
	Before    string    `json:"before"`
	After     string    `json:"after"`
	RequestID string    `json:"request_id"`
	PrevHash  string    `json:"prev_hash"`
	Hash      string    `json:"hash"`
}

func toAuditEntryDTO(e audit.Entry) auditEntryDTO {
	return auditEntryDTO{ID: e.ID, At: e.At, ActorID: e.ActorID, ActorName: e.ActorName, ActorRole: e.ActorRole,
		Entity: e.Entity, EntityID: e.EntityID, Action: e.Action, Before: e.Before, After: e.After,
		RequestID: e.RequestID, PrevHash: e.PrevHash, Hash: e.Hash}
}

var auditEntities = map[string]bool{audit.EntityUser: true, audit.EntityOrg: true, audit.EntityChallenge: true,
	audit.EntityBid: true, audit.EntityRound: true, audit.EntityAssignment: true, audit.EntityNotice: true,
	audit.EntityObjection: true, audit.EntityRacer: true, audit.EntityFundingDecision: true}

func (a *API) listAudit(c *gin.Context) {
	p, ok := pageQuery(c)
	if !ok {
		return
	}
	f := audit.Filter{Entity: c.Query("entity")}
	if f.Entity != "" && !auditEntities[f.Entity] {
		fail(c, badRequest("invalid_query", "未知的 entity："+f.Entity, "unknown entity: "+f.Entity))
		return
	}
	id, ok := queryInt(c, "entity_id", 0)
	if !ok {
		return
	}
	f.EntityID = int64(id)
	l, err := a.d.Audit.List(c.Request.Context(), actor(c), f, p)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toList(l, toAuditEntryDTO))
}

type auditVerifyResp struct {
	OK            bool   `json:"ok" required:"true"`
	Entries       int64  `json:"entries" required:"true"`
	FirstBrokenID *int64 `json:"first_broken_id" description:"the first entry concerned (null when intact or when the problem concerns no one entry, such as a checkpoint missing from the database)"`
	Reason        string `json:"reason,omitempty"`
	Checkpoints   int    `json:"checkpoints" required:"true" description:"signed checkpoints the chain was checked against: the database's and the copies in the server's audit anchor"`
}

func (a *API) verifyAudit(c *gin.Context) {
	res, err := a.d.Audit.Verify(c.Request.Context())
	if err != nil {
		fail(c, err)
		return
	}
	out := auditVerifyResp{OK: res.OK, Entries: res.Entries, Reason: res.Reason, Checkpoints: res.Checkpoints}
	if !res.OK && res.FirstBrokenID > 0 {
		out.FirstBrokenID = &res.FirstBrokenID
	}
	c.JSON(http.StatusOK, out)
}
