package app

import (
	"context"
	"sync"
	"time"

	"jiebang/domain/schedule"
	"jiebang/repository"
)

// OrphanAge is how old an unreferenced stored file must be before the cleanup removes it: far longer than any
// upload's transaction (the file is put before the row is committed).
const OrphanAge = 6 * time.Hour

// OrphanJob is the scheduled cleanup of unreferenced stored files.
const OrphanJob = "storage_orphans"

// wireStorage opens the attachment store (--storage-url: the local directory <data-dir>/uploads by default, or
// an S3-compatible bucket) and schedules the orphan cleanup.
func (a *App) wireStorage() error {
	blobs, err := repository.OpenBlobStore(a.Cfg.StorageURL, a.Cfg.DataDir)
	if err != nil {
		return err
	}
	a.Blobs = blobs
	a.storagePing = cachedCheck(5*time.Second, blobs.Ping)
	refs := repository.NewBlobRefs(a.DB)
	// The ages are those of the store's own clock (an object's modification time), not the test clock's.
	a.AddJob(schedule.Job{Name: OrphanJob, Every: time.Hour, Run: func(ctx context.Context, _ time.Time) error {
		now := time.Now()
		if t, ok := blobs.(interface {
			RemoveStaleTemp(before time.Time) (int, error)
		}); ok {
			if _, err := t.RemoveStaleTemp(now.Add(-24 * time.Hour)); err != nil {
				a.Logger.Warn("remove stale upload temporaries", "err", err)
			}
		}
		rep, err := repository.RemoveOrphans(ctx, blobs, refs, now.Add(-OrphanAge))
		if rep.Removed > 0 {
			a.Logger.Info("removed unreferenced attachment files", "store", blobs.Describe(), "scanned", rep.Scanned, "removed", rep.Removed)
		}
		return err
	}})
	return nil
}

// StorageKind is "s3" or "local".
func (a *App) StorageKind() string {
	if repository.IsRemoteStorage(a.Cfg.StorageURL) {
		return "s3"
	}
	return "local"
}

// cachedCheck runs check at most once per ttl (a load balancer's probes must not each cost a request to the
// store) and answers the last result in between.
func cachedCheck(ttl time.Duration, check func(context.Context) error) func(context.Context) error {
	var mu sync.Mutex
	var at time.Time
	var last error
	return func(ctx context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		if !at.IsZero() && time.Since(at) < ttl {
			return last
		}
		last, at = check(ctx), time.Now()
		return last
	}
}
