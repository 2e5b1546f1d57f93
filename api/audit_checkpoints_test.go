package api_test

import (
	"crypto/ed25519"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestAuditCheckpoints: the server signs checkpoints on its schedule; anyone reads them with the public key and
// can check the signatures; verification fails, naming the reason, once entries are deleted from the end.
func TestAuditCheckpoints(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, h *harness) {
		boss := h.bureau()
		h.enterprise()
		h.advance(time.Minute) // the test clock runs the scheduled jobs, the checkpoint among them
		r := h.must(h.do("GET", "/api/v1/audit/checkpoints", "", nil), http.StatusOK)
		items := r.items()
		pk, _ := r.Body["public_key"].(map[string]any)
		if len(items) != 1 || pk == nil || pk["algorithm"] != "Ed25519" || !strings.Contains(pk["pem"].(string), "PUBLIC KEY") {
			t.Fatalf("checkpoints: %s", r.Raw)
		}
		pub, _ := base64.StdEncoding.DecodeString(pk["public_key"].(string))
		cp := items[0]
		sig, _ := base64.StdEncoding.DecodeString(cp["signature"].(string))
		signedAt, _ := time.Parse(time.RFC3339Nano, cp["signed_at"].(string))
		entries := int64(cp["entries"].(float64))
		stmt := "jiebang-audit-checkpoint/v1\n" + strconv.FormatInt(entries, 10) + "\n" + cp["head_hash"].(string) + "\n" +
			signedAt.UTC().Format(time.RFC3339Nano) + "\n"
		if !ed25519.Verify(ed25519.PublicKey(pub), []byte(stmt), sig) || cp["key_id"] != pk["key_id"] {
			t.Fatalf("an outside party cannot check the signature: %s", r.Raw)
		}
		// No new entries, no new checkpoint.
		h.advance(time.Minute)
		if n := len(h.must(h.do("GET", "/api/v1/audit/checkpoints", "", nil), http.StatusOK).items()); n != 1 {
			t.Fatalf("checkpoints after an idle minute: %d", n)
		}
		v := h.must(h.do("GET", "/api/v1/audit/verify", boss.Token, nil), http.StatusOK)
		// The checkpoint is checked twice: as the database holds it and as the server's anchor does.
		if v.Body["ok"] != true || v.num("checkpoints") != 2 {
			t.Fatalf("verify: %s", v.Raw)
		}
		// Deleting the last entries passes the in-chain check, not the checkpoint.
		if err := h.app.DB.Writer.Exec("DELETE FROM audit_entries WHERE id > ?", entries-2).Error; err != nil {
			t.Fatal(err)
		}
		v = h.must(h.do("GET", "/api/v1/audit/verify", boss.Token, nil), http.StatusOK)
		if v.Body["ok"] != false || !strings.Contains(v.str("reason"), "shorter than a signed checkpoint") || v.num("first_broken_id") != entries-1 {
			t.Fatalf("verify after truncation: %s", v.Raw)
		}
	})
}
