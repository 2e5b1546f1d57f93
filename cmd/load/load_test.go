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
)

// cheapHash keeps the seeded accounts' logins fast in tests.
var cheapHash = account.HashParams{MemoryKiB: 64, Time: 1, Threads: 1}

// seeded is an application on db with a small scale seed (and the load experts when experts > 0), served
// over loopback HTTP through wrap (nil: as is).
func seeded(t *testing.T, db *repository.DB, experts int, wrap func(http.Handler) http.Handler) (*app.App, string) {
	t.Helper()
	cfg := app.Config{DataDir: t.TempDir(), JWTSecret: "test-secret-0123456789abcdef0123456789", PasswordHash: cheapHash,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Placeholder: []byte("<html>placeholder</html>")}
	a, err := app.New(cfg, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.SeedScale(context.Background(), app.ScaleOptions{N: 40, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	if experts > 0 {
		addLoadExperts(t, a, experts)
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
		Password: app.ScalePassword, Seed: 1})
}

func endpoint(r load.Report, name string) load.EndpointReport {
	for _, e := range r.Endpoints {
		if e.Endpoint == name {
			return e
		}
	}
	return load.EndpointReport{}
}

// TestWriteMixes: the score, writes and write mixes run without errors on a scale-seeded database, and the
// check after the run reads every acknowledged write back as sent. The write mixes run twice on the same
// database: the second run takes up the bids of the first and rescores the same assignments.
func TestWriteMixes(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		_, url := seeded(t, db, 2, nil)
		for _, c := range []struct {
			mix       string
			endpoints []string
		}{
			{"score", []string{"score submit"}},
			{"writes", []string{"score submit", "bid patch", "bid submit"}},
			{"write", []string{"bid patch", "bid submit"}},
			{"writes", []string{"score submit", "bid patch", "bid submit"}},
		} {
			rep, err := run(t, url, c.mix, 6, 2*time.Second)
			if err != nil {
				t.Fatalf("%s: %v", c.mix, err)
			}
			if rep.Errors != 0 {
				t.Fatalf("%s: %d errors: %+v", c.mix, rep.Errors, rep.Endpoints)
			}
			for _, name := range c.endpoints {
				if e := endpoint(rep, name); e.Requests == 0 || e.Statuses["200"] != e.Requests {
					t.Fatalf("%s: %s: %+v", c.mix, name, e)
				}
			}
			if v := rep.Verify; v == nil || v.Checked == 0 || v.Lost != 0 || v.Err() != nil {
				t.Fatalf("%s: verification %+v", c.mix, v)
			}
		}
	})
}

// TestVerificationFindsLostWrites: a server that answers 200 to a score submission or a bid edit without
// storing it is caught by the check after the run.
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
					// Every third write after the first few is acknowledged and dropped.
					if r.Method == c.method && strings.HasSuffix(r.URL.Path, c.suffix) && n.Add(1) > 20 && n.Load()%3 == 0 {
						w.Header().Set("Content-Type", "application/json")
						_, _ = w.Write([]byte(`{}`))
						return
					}
					next.ServeHTTP(w, r)
				})
			}
			_, url := seeded(t, testdb.New(t, repository.DialectSQLite), 2, lie)
			rep, err := run(t, url, c.mix, 4, 700*time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			if v := rep.Verify; v == nil || v.Lost == 0 || len(v.Problems) == 0 || v.Err() == nil {
				t.Fatalf("dropped writes not found: %+v", v)
			}
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
	_, url := seeded(t, testdb.New(t, repository.DialectSQLite), 2, replay)
	rep, err := run(t, url, "score", 4, 700*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if v := rep.Verify; v == nil || v.Lost == 0 || !strings.Contains(strings.Join(v.Problems, "\n"), "audited") {
		t.Fatalf("replayed writes not found: %+v", v)
	}
}

// TestScoreMixNeedsLoadExperts: without the load experts the score mix refuses to start and says how to
// seed them.
func TestScoreMixNeedsLoadExperts(t *testing.T) {
	t.Parallel()
	_, url := seeded(t, testdb.New(t, repository.DialectSQLite), 0, nil)
	for _, mix := range []string{"score", "writes"} {
		_, err := run(t, url, mix, 4, 200*time.Millisecond)
		if err == nil || !strings.Contains(err.Error(), "loadexpert") || !strings.Contains(err.Error(), "seed --scale") {
			t.Fatalf("%s without load experts: %v", mix, err)
		}
	}
}

// TestUploadMix: two clients upload 20 MiB attachments (each stored, then removed) while the others read
// the board, without errors.
func TestUploadMix(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		a, url := seeded(t, db, 0, nil)
		rep, err := run(t, url, "upload", 4, 1500*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Errors != 0 {
			t.Fatalf("%d errors: %+v", rep.Errors, rep.Endpoints)
		}
		up := endpoint(rep, "upload 20MiB")
		if up.Requests == 0 || up.Statuses["201"] != up.Requests || endpoint(rep, "attachment delete").Statuses["204"] == 0 {
			t.Fatalf("uploads: %+v %+v", up, endpoint(rep, "attachment delete"))
		}
		var reads int64
		for _, e := range rep.Endpoints {
			if strings.HasPrefix(e.Endpoint, "board ") || e.Endpoint == "search" || e.Endpoint == "detail" {
				reads += e.Requests
			}
		}
		if reads == 0 {
			t.Fatalf("no board reads beside the uploads: %+v", rep.Endpoints)
		}
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
		rep, err = run(t, url, "upload", 3, 500*time.Millisecond)
		if err != nil || rep.Errors != 0 || endpoint(rep, "upload 20MiB").Statuses["201"] == 0 {
			t.Fatalf("a run on a bid at the attachment limit: %v %+v", err, rep.Endpoints)
		}
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
	body, _ := json.Marshal(map[string]string{"email": email, "password": app.ScalePassword})
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
