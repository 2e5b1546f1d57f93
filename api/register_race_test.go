package api_test

import (
	"net/http"
	"sync"
	"testing"
)

// TestTheSameRegistrationSentInParallel: one account and one organisation; every other copy of the form is
// told the e-mail is registered (email_taken), never to retry.
func TestTheSameRegistrationSentInParallel(t *testing.T) {
	eachDB(t, func(t *testing.T, h *harness) {
		body := map[string]any{"email": "twice@example.cn", "password": testPassword, "name": "王二", "role": "team",
			"org": map[string]any{"name": "双击大学", "type": "university", "credit_code": h.creditCode()}}
		const n = 12
		got := make([]resp, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() { defer wg.Done(); got[i] = h.do("POST", "/api/v1/auth/register", "", body) }()
		}
		wg.Wait()
		created := 0
		for _, r := range got {
			switch {
			case r.Status == http.StatusCreated:
				created++
			case r.Status != http.StatusConflict || r.code() != "email_taken":
				t.Fatalf("a copy of the form: %d %s", r.Status, r.Raw)
			}
		}
		if created != 1 {
			t.Fatalf("%d accounts created", created)
		}
	})
}
