package load_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"jiebang/cmd/app"
	"jiebang/cmd/load"
	"jiebang/domain/account"
	"jiebang/repository"
	"jiebang/repository/testdb"
	"jiebang/seed"
)

// cheapHash keeps the seeded accounts' logins fast in tests.
var cheapHash = account.HashParams{MemoryKiB: 64, Time: 1, Threads: 1}

// seeded is an application on db with a small scale seed (its load experts included), served over loopback
// HTTP through wrap (nil: as is).
func seeded(t *testing.T, db *repository.DB, wrap func(http.Handler) http.Handler) (*app.App, string) {
	t.Helper()
	cfg := app.Config{DataDir: t.TempDir(), JWTSecret: "test-secret-0123456789abcdef0123456789", PasswordHash: cheapHash,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Placeholder: []byte("<html>placeholder</html>")}
	a, err := app.New(cfg, db)
	if err != nil {
		t.Fatal(err)
	}
	// The scale seed writes through the stores: it needs the transactions, the clock, the database and the audit
	// service that seals its entries.
	s := seed.Services{Tx: a.Tx, Clock: a.Clock, DB: a.DB, PasswordHash: a.Cfg.PasswordHash, Audit: a.Audit}
	if _, err := seed.Scale(context.Background(), s, seed.ScaleOptions{N: 40, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	api, err := a.API()
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = api.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return a, srv.URL
}

func run(t *testing.T, url, mix string, clients int, d time.Duration) (load.Report, error) {
	t.Helper()
	return load.Run(context.Background(), load.Options{URLs: []string{url}, Duration: d, Concurrency: clients, Mix: mix,
		Password: seed.ScalePassword, Seed: 1})
}

func endpoint(r load.Report, name string) load.EndpointReport {
	for _, e := range r.Endpoints {
		if e.Endpoint == name {
			return e
		}
	}
	return load.EndpointReport{}
}

// runUntil runs a mix for a second at a time until done accepts the report (at most 5 runs, so a busy machine
// that lets few requests through in a second does not fail the test), checking each run with each.
func runUntil(t *testing.T, url, mix string, clients int, each func(load.Report), done func(load.Report) bool) {
	t.Helper()
	for range 5 {
		rep, err := run(t, url, mix, clients, time.Second)
		if err != nil {
			t.Fatalf("%s: %v", mix, err)
		}
		each(rep)
		if done(rep) {
			return
		}
	}
	t.Fatalf("%s: not done after 5 runs", mix)
}

// TestWriteMixes: the score, writes and write mixes run without errors on a scale-seeded database, and the
// check after the run reads every acknowledged write back as sent. The write mixes run again and again on the
// same database: later runs take up the bids of the first and rescore the same assignments.
func TestWriteMixes(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		_, url := seeded(t, db, nil)
		for _, c := range []struct {
			mix       string
			endpoints []string
		}{
			{"score", []string{"score submit"}},
			{"writes", []string{"score submit", "bid patch", "bid submit"}},
			{"write", []string{"bid patch", "bid submit"}},
		} {
			seen := map[string]bool{}
			runUntil(t, url, c.mix, 6, func(rep load.Report) {
				if rep.Errors != 0 {
					t.Fatalf("%s: %d errors: %+v", c.mix, rep.Errors, rep.Endpoints)
				}
				if v := rep.Verify; v == nil || v.Lost != 0 || v.Err() != nil {
					t.Fatalf("%s: verification %+v", c.mix, v)
				}
				for _, name := range c.endpoints {
					if e := endpoint(rep, name); e.Statuses["200"] != e.Requests {
						t.Fatalf("%s: %s: %+v", c.mix, name, e)
					} else if e.Requests > 0 && rep.Verify.Checked > 0 {
						seen[name] = true
					}
				}
			}, func(load.Report) bool { return len(seen) == len(c.endpoints) })
		}
	})
}

// TestVerificationFindsLostWrites: a server that answers 200 to score submissions or bid edits without
// storing them (every one after the first few) is caught by the check after the run.
func TestVerificationFindsLostWrites(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		mix    string
		method string
		suffix string
	}{
		{"score", "POST", "/score"},
		{"write", "PATCH", ""},
	} {
		t.Run(c.mix, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int64
			lie := func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method == c.method && strings.HasSuffix(r.URL.Path, c.suffix) && n.Add(1) > 4 {
						w.Header().Set("Content-Type", "application/json")
						_, _ = w.Write([]byte(`{}`))
						return
					}
					next.ServeHTTP(w, r)
				})
			}
			_, url := seeded(t, testdb.New(t, repository.DialectSQLite), lie)
			runUntil(t, url, c.mix, 4, func(load.Report) {}, func(rep load.Report) bool {
				v := rep.Verify
				return v != nil && v.Lost > 0 && len(v.Problems) > 0 && v.Err() != nil
			})
		})
	}
}

// TestVerificationFindsDoubledWrites: a server that applies a score submission twice (a replay) is caught
// by the audit count after the run, though the stored scores are the last acknowledged ones.
func TestVerificationFindsDoubledWrites(t *testing.T) {
	t.Parallel()
	var n atomic.Int64
	replay := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == "POST" && strings.HasSuffix(r.URL.Path, "/score") && n.Add(1)%5 == 0 {
				body, _ := io.ReadAll(r.Body)
				first := r.Clone(r.Context())
				first.Body = io.NopCloser(bytes.NewReader(body))
				next.ServeHTTP(httptest.NewRecorder(), first)
				r.Body = io.NopCloser(bytes.NewReader(body))
			}
			next.ServeHTTP(w, r)
		})
	}
	_, url := seeded(t, testdb.New(t, repository.DialectSQLite), replay)
	runUntil(t, url, "score", 4, func(load.Report) {}, func(rep load.Report) bool {
		v := rep.Verify
		return v != nil && v.Lost > 0 && strings.Contains(strings.Join(v.Problems, "\n"), "audited")
	})
}

// TestScoreMixNeedsLoadExperts: on a database seeded before the load experts (none of them), or whose load
// experts have nothing left to score, the score and writes mixes refuse to start and say how to seed.
func TestScoreMixNeedsLoadExperts(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, sql, says string
	}{
		{"no load experts", "UPDATE users SET email = 'old-' || email WHERE email LIKE 'loadexpert%'", "the score mix needs the load experts"},
		{"nothing to score", "UPDATE review_assignments SET status = 'recused', recuse_reason = '测试' WHERE expert_id IN " +
			"(SELECT id FROM users WHERE email LIKE 'loadexpert%')", "has no open assignment"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			a, url := seeded(t, testdb.New(t, repository.DialectSQLite), nil)
			if err := a.DB.Writer.Exec(c.sql).Error; err != nil {
				t.Fatal(err)
			}
			for _, mix := range []string{"score", "writes"} {
				_, err := run(t, url, mix, 4, 200*time.Millisecond)
				if err == nil || !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), "seed --scale") {
					t.Fatalf("%s: %v", mix, err)
				}
			}
		})
	}
}

// TestUploadMix: two clients upload 20 MiB attachments (each stored, then removed) while the others read
// the board, without errors; a run on an uploader's bid left at the attachment limit starts from an empty bid.
func TestUploadMix(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		a, url := seeded(t, db, nil)
		var uploads, reads int64
		each := func(rep load.Report) {
			if rep.Errors != 0 {
				t.Fatalf("%d errors: %+v", rep.Errors, rep.Endpoints)
			}
			up := endpoint(rep, "upload 20MiB")
			if up.Statuses["201"] != up.Requests {
				t.Fatalf("uploads: %+v", up)
			}
			uploads += up.Requests
			for _, e := range rep.Endpoints {
				if strings.HasPrefix(e.Endpoint, "board ") || e.Endpoint == "search" || e.Endpoint == "detail" {
					reads += e.Requests
				}
			}
		}
		runUntil(t, url, "upload", 4, each, func(load.Report) bool { return uploads > 0 && reads > 0 })
		var sizes []int64
		if err := a.DB.Reader.Raw("SELECT size FROM bid_attachments").Scan(&sizes).Error; err != nil {
			t.Fatal(err)
		}
		for _, s := range sizes {
			if s != load.UploadBytes {
				t.Fatalf("attachment of %d bytes stored, %d sent", s, load.UploadBytes)
			}
		}

		// An uploader's bid filled to the attachment limit (as many runs cut off before the removal would
		// leave it) is emptied by the next run's setup.
		fillAttachments(t, url, "load128@scale.jiebang.cn")
		uploads = 0
		runUntil(t, url, "upload", 3, each, func(load.Report) bool { return uploads > 0 })
	})
}

// fillAttachments attaches small PDFs to the account's bid up to the limit of 30.
func fillAttachments(t *testing.T, url, email string) {
	t.Helper()
	call := func(method, path, token, ctype string, body []byte) []byte {
		req, _ := http.NewRequest(method, url+path, bytes.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode >= 300 {
			t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
		}
		return b
	}
	var login struct {
		AccessToken string `json:"access_token"`
	}
	body, _ := json.Marshal(map[string]string{"email": email, "password": seed.ScalePassword})
	_ = json.Unmarshal(call("POST", "/api/v1/auth/login", "", "application/json", body), &login)
	var bids struct {
		Items []struct {
			ID          int64 `json:"id"`
			Attachments []any `json:"attachments"`
		} `json:"items"`
	}
	_ = json.Unmarshal(call("GET", "/api/v1/me/bids", login.AccessToken, "", nil), &bids)
	if len(bids.Items) != 1 {
		t.Fatalf("%s has %d bids", email, len(bids.Items))
	}
	var have struct {
		Attachments []any `json:"attachments"`
	}
	id := bids.Items[0].ID
	_ = json.Unmarshal(call("GET", fmt.Sprintf("/api/v1/bids/%d", id), login.AccessToken, "", nil), &have)
	for i := len(have.Attachments); i < 30; i++ {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		part, _ := w.CreateFormFile("file", "小附件.pdf")
		_, _ = fmt.Fprintf(part, "%%PDF-1.4\n%% small %d\n%%%%EOF\n", i)
		_ = w.Close()
		call("POST", fmt.Sprintf("/api/v1/bids/%d/attachments", id), login.AccessToken, w.FormDataContentType(), buf.Bytes())
	}
}
