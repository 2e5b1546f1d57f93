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

	"jiebang/domain/audit"
	"jiebang/domain/schedule"
	"jiebang/repository"
)

// auditKeyFile is the default checkpoint signing key in the data directory.
const auditKeyFile = "audit-key.pem"

// DefaultCheckpointEvery is how often the server signs a checkpoint of the audit chain (when it grew).
const DefaultCheckpointEvery = 10 * time.Minute

// wireAudit gives the audit service its checkpoint key and store and schedules the checkpoints.
func (a *App) wireAudit() error {
	key, err := loadAuditKey(a.auditKeyPath(), a)
	if err != nil {
		return err
	}
	a.Audit.UseCheckpoints(repository.NewAuditCheckpointStore(a.DB), key)
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
			blk, _ := pem.Decode(b)
			if blk == nil || blk.Type != "PRIVATE KEY" {
				return nil, fmt.Errorf("%s: not a PEM private key", path)
			}
			k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			priv, ok := k.(ed25519.PrivateKey)
			if !ok {
				return nil, fmt.Errorf("%s: not an Ed25519 key", path)
			}
			return audit.NewKey(priv)
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
