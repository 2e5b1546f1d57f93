// Package api is Jiebang's HTTP layer: gin routes under /api/v1, middleware (request id, access log,
// recovery, security headers, body limit, metrics, authentication), request/response DTOs, one error mapper,
// the generated OpenAPI document and the embedded single-page application.
package api

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
	"jiebang/domain/bid"
	"jiebang/domain/calendar"
	"jiebang/domain/call"
	"jiebang/domain/challenge"
	"jiebang/domain/credit"
	"jiebang/domain/funding"
	"jiebang/domain/mail"
	"jiebang/domain/notify"
	"jiebang/domain/qa"
	"jiebang/domain/race"
	"jiebang/domain/review"
	"jiebang/domain/settings"
	"jiebang/domain/taskbook"
)

// Authenticator turns a bearer access token into the acting user, re-reading the user so a disabled account
// stops working at once.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (domain.Actor, error)
}

// Deps are the services and settings the HTTP layer needs; cmd wires them.
type Deps struct {
	Logger *slog.Logger
	Clock  domain.Clock
	// TestClock is set only when the server runs with JIEBANG_TEST_CLOCK=1.
	TestClock *domain.ManualClock
	// RunDue runs background work that is due at the clock's time (closing bidding at the deadline).
	RunDue func(ctx context.Context) error
	// Ready checks the database for /readyz.
	Ready func(ctx context.Context) error
	// StorageReady checks the attachment store for /readyz (nil: not reported). An unreachable store leaves
	// the server ready but "degraded": everything but uploads and downloads still works.
	StorageReady func(ctx context.Context) error
	// Storage names the kind of attachment store ("local" or "s3") for /readyz.
	Storage string
	// MissingSecrets names the shared secrets (jwt_secret, audit_key) this server generated in its own data
	// dir although the deployment requires them shared (--require-shared-secrets, or S3 storage): /readyz
	// answers 503 while there are any, with the reason.
	MissingSecrets func() []string
	Auth           Authenticator

	Audit *audit.Service
	// AuditRegister reads the audit register (审计台账) for officers and the administrator.
	AuditRegister *audit.Register
	Accounts      *account.Service
	Challenges    *challenge.Service
	Bids          *bid.Service
	Reviews       *review.Service
	Calendar      *calendar.Service
	Race          *race.Service
	Funding       *funding.Service
	Taskbook      *taskbook.Service
	Credit        *credit.Service
	Settings      *settings.Service
	// QA is questions and answers (答疑), follows and amendments.
	QA     *qa.Service
	Notify *notify.Service
	Mail   *mail.Service
	// Calls are the calls for needs (申报批次).
	Calls *call.Service

	// Metrics is the Prometheus registry (a new one when nil); MetricsHandler serves it on its own address.
	Metrics *prometheus.Registry
	// BodyLimit caps request bodies (default 10 MiB); uploads have their own, larger limit.
	BodyLimit int64
	// UploadLimit caps one uploaded file (default 20 MiB).
	UploadLimit int64
	// TrustedProxies are the CIDRs whose X-Forwarded-For is believed (none by default).
	TrustedProxies []string
	// Frontend is the built SPA; nil serves the placeholder page.
	Frontend fs.FS
	// Placeholder is served when Frontend is nil.
	Placeholder []byte
}

// API is the HTTP application.
type API struct {
	d      Deps
	engine *gin.Engine
	v1     *gin.RouterGroup
	doc    *openAPIDoc
	m      *metrics
	// rendered keeps the JSON of shared public challenge details (challenge_render.go).
	rendered *renderCache
	// assetGzip keeps the compressed copies of the web app's files (compress.go).
	assetGzip assetGzip
	// ops is the route table as registered (Operations).
	ops []Operation
}

// New builds the gin engine with every route.
func New(d Deps) (*API, error) {
	gin.SetMode(gin.ReleaseMode)
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.BodyLimit <= 0 {
		d.BodyLimit = 10 << 20
	}
	if d.UploadLimit <= 0 {
		d.UploadLimit = 20 << 20
	}
	if d.Metrics == nil {
		d.Metrics = prometheus.NewRegistry()
	}
	e := gin.New()
	if err := e.SetTrustedProxies(d.TrustedProxies); err != nil {
		return nil, err
	}
	e.HandleMethodNotAllowed = false
	a := &API{d: d, engine: e, doc: newOpenAPIDoc(), m: newMetrics(d.Metrics), rendered: newRenderCache(4096)}
	e.Use(a.arrival, a.requestID, a.accessLog, a.recovery, securityHeaders, a.m.middleware)
	e.GET("/healthz", a.healthz)
	e.GET("/readyz", a.readyz)
	e.GET("/metrics", a.noMetrics)
	a.v1 = e.Group("/api/v1", a.bodyLimit, queryTextGuard, a.authenticate)
	a.registerCoreRoutes()
	a.registerAuditRegisterRoutes()
	a.registerAccountRoutes()
	a.registerChallengeRoutes()
	a.registerQARoutes()
	a.registerCallRoutes()
	a.registerBidRoutes()
	a.registerReviewRoutes()
	a.registerCalendarRoutes()
	a.registerRaceRoutes()
	a.registerFundingRoutes()
	a.registerTrancheRoutes()
	a.registerCreditRoutes()
	a.registerDashboardRoutes()
	a.registerSettingsRoutes()
	a.registerNotifyRoutes()
	a.registerMailRoutes()
	if err := a.doc.err(); err != nil {
		return nil, err
	}
	e.NoRoute(a.noRoute)
	return a, nil
}

// Handler returns the http.Handler to serve.
func (a *API) Handler() http.Handler { return a.engine }

// Engine exposes the gin engine (tests list its routes).
func (a *API) Engine() *gin.Engine { return a.engine }
