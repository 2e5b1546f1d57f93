package app

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/schedule"
	"jiebang/repository"
)

// auditKeyFile is the default checkpoint signing key in the data directory.
const auditKeyFile = "audit-key.pem"

// auditAnchorFile is the default audit anchor in the data directory (point --audit-anchor elsewhere).
const auditAnchorFile = "audit-anchor.jsonl"

// DefaultCheckpointEvery is how often the server signs a checkpoint of the audit chain (when it grew).
const DefaultCheckpointEvery = 10 * time.Minute

// wireAudit gives the audit service its checkpoint key and store and schedules the checkpoints.
func (a *App) wireAudit() error {
	var key *audit.Key
	var err error
	switch {
	case a.Cfg.AuditKeyPEM != "":
		key, err = parseAuditKey([]byte(a.Cfg.AuditKeyPEM), "JIEBANG_AUDIT_KEY")
	default:
		if a.Cfg.AuditKeyFile == "" {
			a.localSecrets = append(a.localSecrets, "audit_key")
		}
		key, err = loadAuditKey(a.auditKeyPath(), a)
	}
	if err != nil {
		return err
	}
	a.Audit.UseCheckpoints(repository.NewAuditCheckpointStore(a.DB), key)
	a.Audit.UseAnchor(repository.NewAuditAnchorFile(a.AuditAnchorPath()), func(err error) {
		a.Logger.Error("AUDIT ANCHOR FAILING: checkpoints are not copied outside the database; fix the anchor "+
			"(see /readyz and jiebang_audit_anchor_errors_total)", "anchor", a.AuditAnchorPath(), "err", err)
	})
	if err := a.Audit.PrepareAnchor(context.Background()); err != nil {
		a.Logger.Error("audit anchor refused", "anchor", a.AuditAnchorPath(), "err", err)
	}
	a.registerAnchorMetrics()
	every := a.Cfg.CheckpointEvery
	if every <= 0 {
		every = DefaultCheckpointEvery
	}
	a.AddJob(schedule.Job{Name: "audit_checkpoint", Every: every, Run: func(ctx context.Context, _ time.Time) error {
		_, _, err := a.Audit.MakeCheckpoint(ctx)
		return err
	}})
	return nil
}

// AuditAnchorPath is where this server copies its checkpoints: --audit-anchor, or the data dir's default.
func (a *App) AuditAnchorPath() string {
	if a.Cfg.AuditAnchor != "" {
		return a.Cfg.AuditAnchor
	}
	return filepath.Join(a.Cfg.DataDir, auditAnchorFile)
}

// registerAnchorMetrics exposes how writing the anchor goes.
func (a *App) registerAnchorMetrics() {
	st := a.Audit.AnchorStatus
	a.Metrics.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "jiebang_audit_anchor_errors_total",
			Help: "Failed writes of the audit anchor (checkpoints not copied outside the database) since start."},
			func() float64 { return float64(st().Errors) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "jiebang_audit_anchor_ok",
			Help: "1 while the audit anchor is written, 0 from a failed write until the next one succeeds."},
			func() float64 {
				if st().OK {
					return 1
				}
				return 0
			}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "jiebang_audit_anchor_last_success_timestamp_seconds",
			Help: "Unix time of the last successful write of the audit anchor (0: none since start)."},
			func() float64 {
				if t := st().LastSuccessAt; !t.IsZero() {
					return float64(t.UnixNano()) / 1e9
				}
				return 0
			}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "jiebang_audit_anchor_pending_records",
			Help: "Anchor records waiting to be written after a failed write."},
			func() float64 { return float64(st().Pending) }),
	)
}

func (a *App) auditKeyPath() string {
	if a.Cfg.AuditKeyFile != "" {
		return a.Cfg.AuditKeyFile
	}
	return filepath.Join(a.Cfg.DataDir, auditKeyFile)
}

// loadAuditKey reads the Ed25519 key (PKCS#8 PEM) at path, generating it (mode 0600) on first use. Keep it apart
// from the database (and give every server of one deployment the same file): whoever holds it can sign
// checkpoints.
func loadAuditKey(path string, a *App) (*audit.Key, error) {
	for range 2 {
		b, err := os.ReadFile(path)
		if err == nil {
			return parseAuditKey(b, path)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		if err := ensureDir(filepath.Dir(path)); err != nil {
			return nil, err
		}
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		der, err := x509.MarshalPKCS8PrivateKey(priv)
		if err != nil {
			return nil, err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue // another process generated it first: read theirs
		}
		if err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
		werr := pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der})
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return nil, fmt.Errorf("write %s: %w", path, werr)
		}
		k, err := audit.NewKey(priv)
		if err != nil {
			return nil, err
		}
		a.Logger.Info("generated a new audit checkpoint key", "file", path, "key_id", k.ID())
		return k, nil
	}
	return nil, fmt.Errorf("cannot read or create %s", path)
}

// parseAuditKey reads an Ed25519 key in PKCS#8 PEM; source names it in errors.
func parseAuditKey(b []byte, source string) (*audit.Key, error) {
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("%s: not a PEM private key", source)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%s: not an Ed25519 key", source)
	}
	return audit.NewKey(priv)
}

// RotateAuditKey replaces the checkpoint key with a new one (a signed, audited event: see audit.RotateKey). The
// new key is written next to the old one first (FILE.new), then the rotation is recorded, then the new file
// takes the old one's place. Stop every other server first and give them the new key file before they start.
func (a *App) RotateAuditKey(ctx context.Context, actor domain.Actor) (audit.Rotation, error) {
	if a.Cfg.AuditKeyPEM != "" {
		return audit.Rotation{}, errors.New("the audit key comes from JIEBANG_AUDIT_KEY: rotate with a key file (--audit-key-file) instead")
	}
	path := a.auditKeyPath()
	next := path + ".new"
	if _, err := os.Stat(next); err == nil {
		return audit.Rotation{}, fmt.Errorf("%s exists (left by an interrupted rotation): check `jiebang audit verify`, then remove it", next)
	}
	k, err := writeAuditKey(next)
	if err != nil {
		return audit.Rotation{}, err
	}
	r, err := a.Audit.RotateKey(ctx, a.Tx, actor, k)
	if err != nil {
		_ = os.Remove(next)
		return audit.Rotation{}, err
	}
	if err := os.Rename(next, path); err != nil {
		return r, fmt.Errorf("the rotation is recorded but the new key is still at %s: move it to %s: %w", next, path, err)
	}
	return r, nil
}

// writeAuditKey generates an Ed25519 key and writes it (PKCS#8 PEM, mode 0600) to a new file at path.
func writeAuditKey(path string) (*audit.Key, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	werr := pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der})
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		_ = os.Remove(path)
		return nil, fmt.Errorf("write %s: %w", path, werr)
	}
	return audit.NewKey(priv)
}
