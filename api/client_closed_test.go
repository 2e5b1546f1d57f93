package api_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestClientClosedIsNotAServerError: a request whose client went away before the database answered is
// answered (and logged) as 499 client_closed, not as a 500 internal error.
func TestClientClosedIsNotAServerError(t *testing.T) {
	eachDB(t, func(t *testing.T, h *harness) {
		boss := h.bureau()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		for _, path := range []string{"/api/v1/challenges?q=电机", "/api/v1/audit?page_size=5", "/api/v1/programme/dashboard"} {
			req := httptest.NewRequest("GET", path, nil).WithContext(ctx)
			req.Header.Set("Authorization", "Bearer "+boss.Token)
			w := httptest.NewRecorder()
			h.h.ServeHTTP(w, req)
			if w.Code != 499 || !strings.Contains(w.Body.String(), `"client_closed"`) {
				t.Fatalf("%s with the client gone: %d %s", path, w.Code, w.Body.String())
			}
		}
		// The same requests with the client still there answer normally.
		h.must(h.do("GET", "/api/v1/challenges?q=电机", "", nil), 200)
	})
}
