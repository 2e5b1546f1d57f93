package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"jiebang/domain"
)

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	reg      *prometheus.Registry
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jiebang_http_requests_total", Help: "HTTP requests by route template, method and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "jiebang_http_request_duration_seconds", Help: "HTTP request latency by route template.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"method", "route"}),
	}
	m.requests = registerOnce(reg, m.requests)
	m.duration = registerOnce(reg, m.duration)
	_ = reg.Register(collectors.NewGoCollector())
	_ = reg.Register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) middleware(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(c.Request.Method, route, strconv.Itoa(c.Writer.Status())).Inc()
	m.duration.WithLabelValues(c.Request.Method, route).Observe(time.Since(start).Seconds())
}

// MetricsHandler serves the Prometheus metrics. The binary serves it only on --metrics-addr, never on the
// public address: the metrics name routes, volumes and database pool figures.
func (a *API) MetricsHandler() http.Handler {
	return promhttp.HandlerFor(a.m.reg, promhttp.HandlerOpts{})
}

// noMetrics answers /metrics on the public address with 404.
func (a *API) noMetrics(c *gin.Context) {
	fail(c, domain.NewError(domain.ErrNotFound, "not_found", "未找到", "not found"))
}

// registerOnce registers c, or returns the collector already registered under the same name (a second API
// built on the same registry shares the counters).
func registerOnce[C prometheus.Collector](reg *prometheus.Registry, c C) C {
	if err := reg.Register(c); err != nil {
		if are, ok := err.(prometheus.AlreadyRegisteredError); ok {
			if existing, ok := are.ExistingCollector.(C); ok {
				return existing
			}
		}
		panic(err)
	}
	return c
}
