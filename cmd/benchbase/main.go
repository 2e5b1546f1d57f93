// Command benchbase is the yardstick of `make bench`: a bare gin + gorm + SQLite server without
// authentication, middleware, caches or rules, serving the board's list (COUNT + one page of whole rows) and
// a challenge's detail (one row) from a Jiebang database, read-only, and gin's hello-JSON (GET /hello: a small
// constant JSON, no database) in the same process. Jiebang's figures are reported as ratios to its figures,
// measured in the same run on the same rows. `benchbase load` drives the hello-JSON route with the engine of
// `jiebang load` (see hello.go).
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// challenge is a whole row of challenges.
type challenge struct {
	ID             int64      `json:"id"`
	OrgID          int64      `json:"org_id"`
	Status         string     `json:"status"`
	Title          string     `json:"title"`
	Field          string     `json:"field"`
	Background     string     `json:"background"`
	Problem        string     `json:"problem"`
	KPIs           string     `json:"kpis" gorm:"column:kpis"`
	Deliverables   string     `json:"deliverables"`
	DurationMonths int        `json:"duration_months"`
	BudgetFen      int64      `json:"budget_fen"`
	GovFundingFen  int64      `json:"gov_funding_fen"`
	CofundingFen   int64      `json:"cofunding_fen"`
	IPTerms        string     `json:"ip_terms" gorm:"column:ip_terms"`
	Eligibility    string     `json:"eligibility"`
	Mode           string     `json:"mode"`
	MaxRacers      int        `json:"max_racers"`
	Stages         string     `json:"stages"`
	BidDeadline    *time.Time `json:"bid_deadline"`
	PublishedAt    *time.Time `json:"published_at"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

var public = []string{"published", "bidding_closed", "reviewing", "notice", "in_progress", "completed", "failed"}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "load" {
		os.Exit(runLoad(os.Args[2:]))
	}
	dbPath := flag.String("db", "", "Jiebang SQLite database file (opened read-only)")
	addr := flag.String("addr", "127.0.0.1:18090", "listen address")
	flag.Parse()
	if *dbPath == "" {
		fmt.Fprintln(os.Stderr, "usage: benchbase --db FILE [--addr HOST:PORT]")
		os.Exit(2)
	}
	db, err := gorm.Open(sqlite.Open("file:"+*dbPath+"?_journal_mode=WAL&_busy_timeout=5000&_query_only=1"),
		&gorm.Config{Logger: logger.Discard})
	if err != nil {
		log.Fatal(err)
	}
	sqlDB, _ := db.DB()
	sqlDB.SetMaxOpenConns(8)
	sqlDB.SetMaxIdleConns(8)
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/hello", hello)
	r.GET("/api/v1/challenges", func(c *gin.Context) {
		page, _ := strconv.Atoi(c.DefaultQuery("page", "1"))
		size, _ := strconv.Atoi(c.DefaultQuery("page_size", "20"))
		page, size = max(page, 1), min(max(size, 1), 100)
		q := db.Model(&challenge{}).Where("status IN ?", public)
		if f := c.Query("field"); f != "" {
			q = q.Where("field = ?", f)
		}
		if s := c.Query("q"); s != "" {
			q = q.Where("title LIKE ? OR problem LIKE ?", "%"+s+"%", "%"+s+"%")
		}
		var total int64
		if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
			c.JSON(500, gin.H{"error": err.Error()})
			return
		}
		var items []challenge
		if err := q.Order("COALESCE(published_at, created_at) DESC, id DESC").Offset((page - 1) * size).Limit(size).
			Find(&items).Error; err != nil {
			c.JSON(500, gin.H{"error": err.Error()})
			return
		}
		c.JSON(200, gin.H{"items": items, "total": total, "page": page, "page_size": size})
	})
	r.GET("/api/v1/challenges/:id", func(c *gin.Context) {
		var ch challenge
		if err := db.Where("id = ?", c.Param("id")).Take(&ch).Error; err != nil {
			c.JSON(http.StatusNotFound, gin.H{"error": "not found"})
			return
		}
		c.JSON(200, ch)
	})
	log.Printf("benchbase on http://%s serving %s", *addr, *dbPath)
	log.Fatal(http.ListenAndServe(*addr, r))
}
