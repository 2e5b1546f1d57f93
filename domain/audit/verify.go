package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"runtime"
	"sync"
)

// verifyBatch is the unit of parallel verification: entries in chain order and, once done is closed, whether
// each one's stored Hash is the hash of its content and stored PrevHash.
type verifyBatch struct {
	entries []Entry
	hashOK  []bool
	sealOK  []bool
	done    chan struct{}
}

// verifyBatchSize is the number of entries hashed by one worker at a time.
const verifyBatchSize = 2048

// verifyBatches walks the store's chain: it groups entries into batches, hashes the batches on every core,
// and calls check with each batch in chain order (never concurrently). Memory stays bounded: at most a few
// batches per core are in flight.
// With a key, sealOK says whether each entry's seal is that key's.
func verifyBatches(ctx context.Context, store Store, key *Key, check func(entries []Entry, hashOK, sealOK []bool)) error {
	workers := max(1, runtime.GOMAXPROCS(0))
	jobs := make(chan *verifyBatch, 2*workers)
	ordered := make(chan *verifyBatch, 4*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 0, 1024)
			var hexSum [64]byte
			var sealOK func(hash, seal string) bool
			if key != nil {
				sealOK = key.sealChecker()
			}
			for b := range jobs {
				for i := range b.entries {
					e := &b.entries[i]
					buf = appendHashInput(buf[:0], e.PrevHash, *e)
					sum := sha256.Sum256(buf)
					hex.Encode(hexSum[:], sum[:])
					b.hashOK[i] = string(hexSum[:]) == e.Hash
					if sealOK != nil {
						b.sealOK[i] = sealOK(e.Hash, e.Seal)
					}
				}
				close(b.done)
			}
		}()
	}
	checked := make(chan struct{})
	go func() {
		defer close(checked)
		for b := range ordered {
			<-b.done
			check(b.entries, b.hashOK, b.sealOK)
		}
	}()
	cur := make([]Entry, 0, verifyBatchSize)
	flush := func() {
		if len(cur) == 0 {
			return
		}
		b := &verifyBatch{entries: cur, hashOK: make([]bool, len(cur)), sealOK: make([]bool, len(cur)), done: make(chan struct{})}
		ordered <- b
		jobs <- b
		cur = make([]Entry, 0, verifyBatchSize)
	}
	err := store.Each(ctx, func(e Entry) error {
		cur = append(cur, e)
		if len(cur) == verifyBatchSize {
			flush()
		}
		return ctx.Err()
	})
	if err == nil {
		flush()
	}
	close(jobs)
	close(ordered)
	<-checked
	wg.Wait()
	return err
}
