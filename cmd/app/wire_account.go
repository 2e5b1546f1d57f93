package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"jiebang/api"
	"jiebang/domain/account"
	"jiebang/domain/schedule"
	"jiebang/repository"
)

// jwtSecretFile is the generated signing secret in the data directory.
const jwtSecretFile = "jwt-secret"

func (a *App) wireAccounts() error {
	secret, err := a.jwtSecret()
	if err != nil {
		return err
	}
	mfaRoles, err := a.Cfg.MFARoles()
	if err != nil {
		return err
	}
	a.Accounts, err = account.NewService(account.Deps{Store: repository.NewAccountStore(a.DB), Tx: a.Tx,
		Audit: a.Audit, Clock: a.Clock, Secret: secret, Events: a.Events, Config: account.Config{Hash: a.Cfg.PasswordHash,
			MaxConcurrentHashes: a.Cfg.HashConcurrency, MaxRegistrationsPerIP: a.Cfg.RegistrationsPerHour,
			MFARequiredRoles: mfaRoles}})
	if err != nil {
		return err
	}
	a.AddJob(schedule.Job{Name: "prune_logins", Every: time.Hour,
		Run: func(ctx context.Context, _ time.Time) error { return a.Accounts.Prune(ctx) }})
	return nil
}

func (a *App) authenticator() api.Authenticator { return a.Accounts }

// jwtSecret returns Config.JWTSecret (JIEBANG_JWT_SECRET), else the content of Config.JWTSecretFile, else the
// secret kept in <data-dir>/jwt-secret, generating it (mode 0600) on first use so tokens survive a restart (a
// server of several must not: see MissingSecrets).
func (a *App) jwtSecret() ([]byte, error) {
	if s := a.Cfg.JWTSecret; s != "" {
		if len(s) < account.MinSecretLen {
			return nil, fmt.Errorf("the JWT secret must be at least %d characters (32 or more recommended)", account.MinSecretLen)
		}
		if len(s) < 32 {
			a.Logger.Warn("the JWT secret is shorter than 32 characters: use a longer random secret")
		}
		return []byte(s), nil
	}
	if p := a.Cfg.JWTSecretFile; p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("--jwt-secret-file: %w", err)
		}
		s := strings.TrimSpace(string(b))
		if len(s) < 32 {
			return nil, fmt.Errorf("--jwt-secret-file %s holds fewer than 32 characters", p)
		}
		return []byte(s), nil
	}
	// From here the secret is this server's own: a deployment of several servers must not use it.
	a.localSecrets = append(a.localSecrets, "jwt_secret")
	if err := ensureDir(a.Cfg.DataDir); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	path := filepath.Join(a.Cfg.DataDir, jwtSecretFile)
	for range 2 {
		b, err := os.ReadFile(path)
		if err == nil {
			s := strings.TrimSpace(string(b))
			if len(s) < 32 {
				return nil, fmt.Errorf("%s holds fewer than 32 characters: remove it to generate a new secret", path)
			}
			return []byte(s), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		raw := make([]byte, 32)
		if _, err := rand.Read(raw); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue // another process generated it first: read theirs
		}
		if err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
		secret := hex.EncodeToString(raw)
		_, werr := f.WriteString(secret + "\n")
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return nil, fmt.Errorf("write %s: %w", path, werr)
		}
		a.Logger.Info("generated a new JWT signing secret", "file", path)
		return []byte(secret), nil
	}
	return nil, fmt.Errorf("cannot read or create %s", path)
}
