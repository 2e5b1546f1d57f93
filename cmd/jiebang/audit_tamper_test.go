package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jiebang/cmd/app"
	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
	"jiebang/domain/funding"
	"jiebang/repository"
	"jiebang/repository/testdb"
	"jiebang/seed"
)

// tamperEnv is a deployment with a funded programme: its application, data directory and clock.
type tamperEnv struct {
	a   *app.App
	cfg app.Config
	clk *domain.ManualClock
}

// newTamperEnv seeds a small programme (bids, reviews, races and the funding ledger, all audited and sealed),
// pays one more disbursement through the funding service (which signs a checkpoint at once) and writes a few
// more audit entries after it, checkpointed by the scheduled job.
func newTamperEnv(t *testing.T, db *repository.DB) *tamperEnv {
	t.Helper()
	ctx := context.Background()
	clk := domain.NewFrozenClock(testdb.Start())
	cfg := app.Config{DataDir: t.TempDir(), JWTSecret: "tamper-secret-0123456789abcdef0123", Clock: clk,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PasswordHash: account.HashParams{MemoryKiB: 64, Time: 1, Threads: 1}}
	a, err := app.New(cfg, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Scale(ctx, seedServices(a), seed.ScaleOptions{N: 20, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	if _, made, err := a.Audit.MakeCheckpoint(ctx); err != nil || !made {
		t.Fatalf("checkpoint of the seeded chain: %v %v", made, err)
	}
	// A payment through the ledger signs a checkpoint at once.
	var dec struct {
		ID, ChallengeID, RacerID, AmountFen, Paid int64
	}
	rows, err := db.Reader.Raw(`SELECT d.id, d.challenge_id, d.racer_id, d.amount_fen,
		COALESCE((SELECT SUM(p.amount_fen) FROM funding_disbursements p WHERE p.decision_id = d.id), 0)
		FROM funding_decisions d WHERE d.reverses_id IS NULL AND d.amount_fen > 0 ORDER BY d.id`).Rows()
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		if err := rows.Scan(&dec.ID, &dec.ChallengeID, &dec.RacerID, &dec.AmountFen, &dec.Paid); err != nil {
			t.Fatal(err)
		}
		if dec.Paid < dec.AmountFen {
			break
		}
	}
	_ = rows.Close()
	if dec.Paid >= dec.AmountFen {
		t.Fatal("the seeded ledger has no decision left to pay")
	}
	var bureau struct {
		ID   int64
		Name string
	}
	if err := db.Reader.Raw("SELECT id, name FROM users WHERE email = ?", "bureau@scale.jiebang.cn").Scan(&bureau).Error; err != nil {
		t.Fatal(err)
	}
	before := countCheckpoints(t, a)
	if _, err := a.Funding.Disburse(ctx, domain.Actor{UserID: bureau.ID, Name: bureau.Name, Role: domain.RoleBureau}, dec.ChallengeID,
		funding.DisbursementInput{RacerID: dec.RacerID, DecisionID: dec.ID, AmountFen: 1_000_00, PaidOn: clk.Now().Format("2006-01-02"),
			Reference: "财拨〔测试〕1号"}); err != nil {
		t.Fatal(err)
	}
	if after := countCheckpoints(t, a); after != before+1 {
		t.Fatalf("a disbursement signs a checkpoint at once: %d checkpoints before, %d after", before, after)
	}
	for i := 1; i <= 4; i++ {
		clk.Advance(time.Minute)
		if err := a.Tx.InTx(ctx, func(ctx context.Context) error {
			return a.Audit.Log(ctx, domain.System, audit.Record{Entity: audit.EntityOrg, EntityID: int64(i), Action: "verify"})
		}); err != nil {
			t.Fatal(err)
		}
	}
	if _, made, err := a.Audit.MakeCheckpoint(ctx); err != nil || !made {
		t.Fatalf("scheduled checkpoint: %v %v", made, err)
	}
	e := &tamperEnv{a: a, cfg: cfg, clk: clk}
	if code, out := e.verify(t); code != 0 || !strings.Contains(out, "funding ledger agrees") || strings.Contains(out, "WARNING") {
		t.Fatalf("the untouched deployment: %d %s", code, out)
	}
	return e
}

func countCheckpoints(t *testing.T, a *app.App) int {
	t.Helper()
	cps, err := a.Audit.Checkpoints(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(cps)
}

// verify runs `jiebang audit verify` with its default settings (and any further options) on a freshly opened
// application, as an auditor would after the fact.
func (e *tamperEnv) verify(t *testing.T, extra ...func(*verifyOptions)) (int, string) {
	t.Helper()
	a, err := app.New(e.cfg, e.a.DB)
	if err != nil {
		t.Fatal(err)
	}
	var opt verifyOptions
	for _, f := range extra {
		f(&opt)
	}
	var out, errb bytes.Buffer
	code := runVerify(context.Background(), a, opt, &out, &errb)
	return code, out.String() + errb.String()
}

func (e *tamperEnv) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if err := e.a.DB.Writer.Exec(q, args...).Error; err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// dropLedgerTriggers removes the triggers that keep the ledger append-only (what an attacker with the
// database's owner rights does first).
func (e *tamperEnv) dropLedgerTriggers(t *testing.T) {
	if e.a.DB.Dialect == repository.DialectPostgres {
		e.exec(t, "DROP TRIGGER funding_decisions_append_only ON funding_decisions")
		e.exec(t, "DROP TRIGGER funding_disbursements_append_only ON funding_disbursements")
		return
	}
	for _, tr := range []string{"funding_decisions_append_only_u", "funding_decisions_append_only_d",
		"funding_disbursements_append_only_u", "funding_disbursements_append_only_d"} {
		e.exec(t, "DROP TRIGGER "+tr)
	}
}

func (e *tamperEnv) head(t *testing.T) int64 {
	t.Helper()
	var n int64
	if err := e.a.DB.Reader.Raw("SELECT COALESCE(MAX(id), 0) FROM audit_entries").Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// rehashFrom recomputes prev_hash and hash of every entry (after an edit), keeping the stored seals.
func (e *tamperEnv) rehash(t *testing.T) {
	t.Helper()
	var entries []audit.Entry
	if err := repository.NewAuditStore(e.a.DB).Each(context.Background(), func(x audit.Entry) error {
		entries = append(entries, x)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	prev := audit.GenesisHash
	for _, x := range entries {
		h := audit.ComputeHash(prev, x)
		if x.PrevHash != prev || x.Hash != h {
			e.exec(t, "UPDATE audit_entries SET prev_hash = ?, hash = ? WHERE id = ?", prev, h, x.ID)
		}
		prev = h
	}
}

// tamperCases are the edits `audit verify` must catch with its default settings, each with what its report
// must say.
var tamperCases = []struct {
	name, want string
	tamper     func(t *testing.T, e *tamperEnv)
}{
	{"last entries deleted", "shorter than a signed checkpoint", func(t *testing.T, e *tamperEnv) {
		e.exec(t, "DELETE FROM audit_entries WHERE id > ?", e.head(t)-3)
		e.exec(t, "DELETE FROM audit_checkpoints WHERE entries > ?", e.head(t))
	}},
	{"an entry appended", "is not sealed by the audit key", func(t *testing.T, e *tamperEnv) {
		var last audit.Entry
		if err := repository.NewAuditStore(e.a.DB).Each(context.Background(), func(x audit.Entry) error { last = x; return nil }); err != nil {
			t.Fatal(err)
		}
		forged := audit.Entry{ID: last.ID + 1, At: last.At.Add(time.Minute), ActorID: 1, ActorName: "管理员", ActorRole: "bureau",
			Entity: audit.EntityFundingDecision, EntityID: 1, Action: "decide", After: `{"amount_fen":100}`}
		forged.PrevHash = last.Hash
		forged.Hash = audit.ComputeHash(last.Hash, forged)
		e.exec(t, `INSERT INTO audit_entries (id, at, actor_id, actor_name, actor_role, entity, entity_id, action, before, after,
			request_id, ip, prev_hash, hash, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, '', '', ?, ?, ?)`,
			forged.ID, forged.At, forged.ActorID, forged.ActorName, forged.ActorRole, forged.Entity, forged.EntityID, forged.Action,
			forged.After, forged.PrevHash, forged.Hash, last.Seal)
	}},
	{"an entry rehashed", "differs from the signed checkpoint", func(t *testing.T, e *tamperEnv) {
		e.exec(t, "UPDATE audit_entries SET actor_name = '某人' WHERE id = 5")
		e.rehash(t)
		e.exec(t, "DELETE FROM audit_checkpoints")
	}},
	{"checkpoints deleted", "missing from the database", func(t *testing.T, e *tamperEnv) {
		e.exec(t, "DELETE FROM audit_checkpoints")
	}},
	{"checkpoints re-signed with a new key", "a key no signed rotation announced", func(t *testing.T, e *tamperEnv) {
		// Whoever holds the database and the data directory (but not the anchor) edits an entry, recomputes
		// the hashes, reseals every entry and re-signs every checkpoint with a key of their own, and puts that
		// key in place of the server's.
		e.exec(t, "UPDATE audit_entries SET actor_name = '某人' WHERE id = 5")
		e.rehash(t)
		_, priv, _ := ed25519.GenerateKey(rand.Reader)
		k, err := audit.NewKey(priv)
		if err != nil {
			t.Fatal(err)
		}
		if err := repository.NewAuditStore(e.a.DB).Each(context.Background(), func(x audit.Entry) error { return nil }); err != nil {
			t.Fatal(err)
		}
		var ids []struct {
			ID   int64
			Hash string
		}
		if err := e.a.DB.Reader.Raw("SELECT id, hash FROM audit_entries ORDER BY id").Scan(&ids).Error; err != nil {
			t.Fatal(err)
		}
		for _, x := range ids {
			e.exec(t, "UPDATE audit_entries SET seal = ? WHERE id = ?", k.Seal(x.Hash), x.ID)
		}
		e.exec(t, "DELETE FROM audit_checkpoints")
		forger := audit.NewService(repository.NewAuditStore(e.a.DB), e.clk)
		forger.UseCheckpoints(repository.NewAuditCheckpointStore(e.a.DB), k)
		if _, made, err := forger.MakeCheckpoint(context.Background()); err != nil || !made {
			t.Fatalf("re-sign: %v %v", made, err)
		}
		der, _ := x509.MarshalPKCS8PrivateKey(priv)
		if err := os.WriteFile(filepath.Join(e.cfg.DataDir, "audit-key.pem"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
	}},
	{"database rolled back to an older copy", "entries were deleted or the database was rolled back", func(t *testing.T, e *tamperEnv) {
		// The copy taken now is restored after more work was checkpointed: the audit chain and its checkpoints
		// are the older copy's (the ledger did not change since).
		n := e.head(t)
		for i := 0; i < 3; i++ {
			if err := e.a.Tx.InTx(context.Background(), func(ctx context.Context) error {
				return e.a.Audit.Log(ctx, domain.System, audit.Record{Entity: audit.EntityOrg, EntityID: 1, Action: "later"})
			}); err != nil {
				t.Fatal(err)
			}
		}
		if _, made, err := e.a.Audit.MakeCheckpoint(context.Background()); err != nil || !made {
			t.Fatalf("checkpoint: %v %v", made, err)
		}
		e.exec(t, "DELETE FROM audit_entries WHERE id > ?", n)
		e.exec(t, "DELETE FROM audit_checkpoints WHERE entries > ?", n)
	}},
	{"a decision's amount changed", "amount_fen is", func(t *testing.T, e *tamperEnv) {
		e.dropLedgerTriggers(t)
		var d struct{ ID, ChallengeID int64 }
		if err := e.a.DB.Reader.Raw("SELECT id, challenge_id FROM funding_decisions WHERE source = 'government' ORDER BY id LIMIT 1").Scan(&d).Error; err != nil {
			t.Fatal(err)
		}
		// Careful: the running totals are moved along, so the ledger's own sums still agree.
		e.exec(t, "UPDATE funding_decisions SET amount_fen = amount_fen + 5000000 WHERE id = ?", d.ID)
		e.exec(t, "UPDATE funding_totals SET gov_decided_fen = gov_decided_fen + 5000000 WHERE challenge_id = ?", d.ChallengeID)
		e.exec(t, "UPDATE funding_racer_totals SET decided_fen = decided_fen + 5000000 WHERE racer_id = (SELECT racer_id FROM funding_decisions WHERE id = ?) AND source = 'government'", d.ID)
	}},
	{"a disbursement changed", "funding_disbursements", func(t *testing.T, e *tamperEnv) {
		e.dropLedgerTriggers(t)
		e.exec(t, "UPDATE funding_disbursements SET amount_fen = amount_fen - 100, reference = '改' WHERE id = (SELECT MAX(id) FROM funding_disbursements)")
	}},
	{"a decision added", "has no audit entry", func(t *testing.T, e *tamperEnv) {
		e.exec(t, `INSERT INTO funding_decisions (challenge_id, racer_id, tranche, source, amount_fen, basis, note, decided_by,
			decided_by_name, decided_at) SELECT challenge_id, racer_id, tranche, source, 100000000, basis, note, decided_by,
			decided_by_name, decided_at FROM funding_decisions ORDER BY id LIMIT 1`)
	}},
	{"running totals edited", "funding_totals", func(t *testing.T, e *tamperEnv) {
		e.exec(t, "UPDATE funding_totals SET gov_disbursed_fen = gov_disbursed_fen + 1 WHERE challenge_id = (SELECT MIN(challenge_id) FROM funding_totals)")
	}},
}

// TestAuditVerifyCatchesEveryTampering: each edit of the database that the hash chain alone cannot show — at
// the end of the chain, of the checkpoints, of the signing key, a rollback, a ledger row — fails `jiebang
// audit verify` with its default settings, naming what differs, on both databases.
func TestAuditVerifyCatchesEveryTampering(t *testing.T) {
	t.Parallel()
	var tried, detected atomic.Int64
	var mu sync.Mutex
	missed := []string{}
	t.Cleanup(func() {
		t.Logf("tampering cases detected: %d of %d tried (%d cases × %d databases)%s", detected.Load(), tried.Load(),
			len(tamperCases), len(testdb.Dialects()), strings.Join(missed, "; "))
	})
	for _, tc := range tamperCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			testdb.Each(t, func(t *testing.T, db *repository.DB) {
				e := newTamperEnv(t, db)
				tc.tamper(t, e)
				tried.Add(1)
				code, out := e.verify(t)
				if code != 1 || !strings.Contains(out, tc.want) {
					mu.Lock()
					missed = append(missed, tc.name+" on "+db.Dialect)
					mu.Unlock()
					t.Fatalf("%s: want exit 1 saying %q, got %d:\n%s", tc.name, tc.want, code, out)
				}
				detected.Add(1)
				t.Logf("%s", out)
			})
		})
	}
}

// TestAuditVerifyAgainstAnotherCopy: the public checkpoint list of another copy catches a rollback on its own
// (here with this server's anchor lost as well), and a copy signed by a key the chain never announced is
// refused.
func TestAuditVerifyAgainstAnotherCopy(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		e := newTamperEnv(t, db)
		api, err := e.a.API()
		if err != nil {
			t.Fatal(err)
		}
		// The other copy: its answer is kept as it is now, before the rollback.
		rec := httptest.NewRecorder()
		api.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/audit/checkpoints", nil))
		if rec.Code != 200 {
			t.Fatalf("checkpoints: %d", rec.Code)
		}
		copyBody := rec.Body.Bytes()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/api/v1/audit/checkpoints" {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(copyBody)
		}))
		defer srv.Close()
		against := func(o *verifyOptions) { o.against = []string{srv.URL} }
		if code, out := e.verify(t, against); code != 0 || !strings.Contains(out, "1 other copies") {
			t.Fatalf("against an agreeing copy: %d %s", code, out)
		}
		n := e.head(t)
		e.exec(t, "DELETE FROM audit_entries WHERE id > ?", n-2)
		e.exec(t, "DELETE FROM audit_checkpoints WHERE entries > ?", n-2)
		if err := os.Rename(e.a.AuditAnchorPath(), e.a.AuditAnchorPath()+".lost"); err != nil {
			t.Fatal(err)
		}
		code, out := e.verify(t, against)
		if code != 1 || !strings.Contains(out, "shorter than a signed checkpoint") || !strings.Contains(out, srv.URL) {
			t.Fatalf("rolled back, against the copy: %d %s", code, out)
		}
		// A copy whose checkpoints a stranger signed.
		var doc map[string]any
		_ = json.Unmarshal(copyBody, &doc)
		items := doc["items"].([]any)
		items[0].(map[string]any)["key_id"] = "0123456789abcdef"
		copyBody, _ = json.Marshal(doc)
		if code, out := e.verify(t, against); code != 1 || !strings.Contains(out, "not by the key in force") {
			t.Fatalf("a copy signed by another key: %d %s", code, out)
		}
		if code, out := e.verify(t, func(o *verifyOptions) { o.against = []string{"ftp://x"} }); code != 1 || !strings.Contains(out, "not an http(s) URL") {
			t.Fatalf("a bad URL: %d %s", code, out)
		}
	})
}
