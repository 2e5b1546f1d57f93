package audit

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"sort"
	"time"
)

// VerifyResult is the outcome of a chain check.
type VerifyResult struct {
	OK      bool
	Entries int64
	// FirstBrokenID and Reason name the first problem (Problems[0]).
	FirstBrokenID int64
	Reason        string
	// Checkpoints is the number of signed checkpoints the chain was checked against (database, anchors and
	// other copies together).
	Checkpoints int
	// Problems is every disagreement found, each naming what differs; the chain is intact when there is none.
	Problems []Problem
	// Warnings are findings that are not evidence of an edit (checkpoints of the database that no anchor
	// holds: the anchor could not be written then, or another server copied them to its own anchor).
	Warnings []string
	// DatabaseCheckpoints is how many of them the database holds.
	DatabaseCheckpoints int
	// Anchors is the number of anchors the chain was checked against; Rotations the key rotations found.
	Anchors   int
	Rotations int
}

// Problem is one disagreement: the entry it concerns (0 when none) and what is wrong.
type Problem struct {
	ID  int64
	Msg string
}

// CheckpointSource is a list of checkpoints kept elsewhere: another copy's GET /audit/checkpoints, or a copy an
// outside party saved.
type CheckpointSource struct {
	Name        string
	Checkpoints []Checkpoint
}

// VerifyOptions says what to check the chain against besides the database's own checkpoints.
type VerifyOptions struct {
	// Anchors are read anchors; nil means this service's own anchor (when it has one).
	Anchors []AnchorSource
	// Against are checkpoint lists of other copies.
	Against []CheckpointSource
	// Observe, when set, is called with every entry in chain order (e.g. to recompute the funding ledger).
	Observe func(Entry)
}

// Verify walks the whole chain and checks it against the database's checkpoints and this server's anchor.
func (s *Service) Verify(ctx context.Context) (VerifyResult, error) {
	return s.VerifyWith(ctx, VerifyOptions{})
}

// VerifyAgainst is Verify with further checkpoints (copies kept outside, e.g. fetched earlier from
// GET /audit/checkpoints) checked as well.
func (s *Service) VerifyAgainst(ctx context.Context, extra []Checkpoint) (VerifyResult, error) {
	return s.VerifyWith(ctx, VerifyOptions{Against: []CheckpointSource{{Name: "the saved checkpoints", Checkpoints: extra}}})
}

// epoch is the part of the chain one key signs: checkpoints of more than after entries, entries after after.
type epoch struct {
	after int64
	id    string
	pub   ed25519.PublicKey
}

// walkFacts is what one pass over the chain gathers.
type walkFacts struct {
	hashAt    map[int64]string
	rotations []Rotation
	// firstBadSeal is the first entry since the last rotation entry whose seal is not this server's key's
	// (entries from before sealing excepted).
	firstBadSeal int64
	// sealed counts the entries that carry this key's seal.
	sealed       int64
	rotationErrs []Problem
}

// VerifyWith walks the whole chain once and reports every disagreement:
//   - in the chain: an entry whose hash, link or position is wrong (the first one);
//   - against every signed checkpoint of the database, of the anchors and of other copies: a chain shorter than
//     a checkpoint (entries deleted, the database rolled back), a different entry at its position (an entry
//     edited and the hashes after it recomputed), a signature that does not verify or a key that is not the
//     one in force at that position;
//   - the keys: the anchors pin the first key; a new key is accepted only through a rotation signed by the key
//     before it and recorded in the chain; this server's key must be the last;
//   - presence: checkpoints of an anchor or another copy missing from the database (deleted);
//   - seals: an entry after the last rotation that is not sealed by this server's key (appended or rehashed
//     outside the platform).
func (s *Service) VerifyWith(ctx context.Context, opt VerifyOptions) (VerifyResult, error) {
	var dbCps []Checkpoint
	if s.checkpoints != nil {
		var err error
		if dbCps, err = s.checkpoints.All(ctx); err != nil {
			return VerifyResult{}, err
		}
	}
	anchors := opt.Anchors
	if anchors == nil && s.anchor != nil {
		anchors = []AnchorSource{ReadAnchor(s.anchor)}
	}
	var problems []Problem
	add := func(id int64, format string, args ...any) {
		problems = append(problems, Problem{ID: id, Msg: fmt.Sprintf(format, args...)})
	}
	// Every checkpoint, by where it comes from.
	type sourced struct {
		from string
		cps  []Checkpoint
	}
	sources := []sourced{{"the database", dbCps}}
	var geneses []AnchorRecord
	var anchorRots []AnchorRecord
	var warnings []string
	nAnchors := 0
	for _, a := range anchors {
		switch {
		case a.Err != nil:
			add(0, "anchor %s cannot be read: %v", a.Name, a.Err)
			continue
		case len(a.Records) == 0:
			// Not evidence of an edit: a server that has signed nothing yet (another server of the deployment
			// did) has no anchor. What the database holds then is in no anchor: the gap below says so.
			if len(dbCps) > 0 {
				warnings = append(warnings, fmt.Sprintf("anchor %s does not exist or is empty (this server signed no "+
					"checkpoint yet, or the file was removed)", a.Name))
			}
			continue
		case a.Records[0].Kind != AnchorGenesis:
			add(0, "anchor %s does not start with its genesis record", a.Name)
			continue
		}
		geneses = append(geneses, a.Records[0])
		nAnchors++
		src := sourced{from: "anchor " + a.Name}
		for i, r := range a.Records[1:] {
			switch r.Kind {
			case AnchorCheckpoint:
				c, err := r.checkpoint()
				if err != nil {
					add(0, "anchor %s line %d: %v", a.Name, i+2, err)
					continue
				}
				src.cps = append(src.cps, c)
			case AnchorRotation:
				anchorRots = append(anchorRots, r)
			case AnchorGenesis:
				geneses = append(geneses, r) // two processes started the file at once: both pins are checked
			default:
				add(0, "anchor %s line %d: unknown record kind %q", a.Name, i+2, r.Kind)
			}
		}
		sources = append(sources, src)
	}
	for _, a := range opt.Against {
		sources = append(sources, sourced{from: a.Name, cps: a.Checkpoints})
	}
	want := map[int64]bool{}
	total := 0
	for _, src := range sources {
		total += len(src.cps)
		for _, c := range src.cps {
			want[c.Entries] = true
		}
	}

	// Entries from before sealing: up to what the anchors recorded when they started (the strictest), or,
	// without an anchor, the unsealed beginning of the chain (-1).
	legacy := int64(-1)
	for _, g := range geneses {
		if legacy < 0 || g.LegacyUpTo < legacy {
			legacy = g.LegacyUpTo
		}
	}
	res := VerifyResult{OK: true, Checkpoints: total, DatabaseCheckpoints: len(dbCps), Anchors: nAnchors}
	f, err := s.walk(ctx, want, legacy, opt.Observe, &res)
	if err != nil || !res.OK {
		return res, err
	}
	problems = append(problems, f.rotationErrs...)
	res.Rotations = len(f.rotations)

	// The key schedule: the first key, then one epoch per rotation, each signed by the key before it.
	var epochs []epoch
	switch {
	case len(f.rotations) > 0:
		epochs = append(epochs, epoch{id: f.rotations[0].OldKeyID, pub: f.rotations[0].OldPublicKey})
	case s.key != nil:
		epochs = append(epochs, epoch{id: s.key.ID(), pub: s.key.Public()})
	case len(geneses) > 0:
		if pub, err := publicKeyOf(geneses[0].KeyID, geneses[0].PublicKey); err == nil {
			epochs = append(epochs, epoch{id: geneses[0].KeyID, pub: pub})
		}
	}
	for _, r := range f.rotations {
		cur := epochs[len(epochs)-1]
		if !r.valid() || r.OldKeyID != cur.id {
			add(r.Entries, "entry %d rotates the audit key from %s to %s without a valid signature of the key in force (%s)",
				r.Entries, r.OldKeyID, r.NewKeyID, cur.id)
			continue
		}
		epochs = append(epochs, epoch{after: r.Entries, id: r.NewKeyID, pub: r.NewPublicKey})
	}
	keyAt := func(entries int64) (epoch, bool) {
		var e epoch
		for _, x := range epochs {
			if x.after < entries {
				e = x
			}
		}
		return e, len(epochs) > 0
	}
	for _, g := range geneses {
		if e, ok := keyAt(g.Entries + 1); ok && e.id != g.KeyID {
			add(0, "an anchor pins the audit key %s from entry %d on, but the chain's key there is %s: a key no signed rotation announced",
				g.KeyID, g.Entries+1, e.id)
		}
	}
	for _, r := range anchorRots {
		found := false
		for _, x := range f.rotations {
			found = found || (x.Entries == r.Entries && x.NewKeyID == r.NewKeyID && x.Signature == r.Signature)
		}
		if !found {
			add(r.Entries, "an anchor records the key rotation %s → %s at entry %d, which the chain does not have", r.KeyID, r.NewKeyID, r.Entries)
		}
	}
	if last, ok := keyAt(res.Entries + 1); ok && s.key != nil && last.id != s.key.ID() {
		add(0, "this server's audit key %s is not the chain's key %s: a key no signed rotation announced", s.key.ID(), last.id)
	}

	// Every checkpoint against the chain and the key schedule.
	for _, src := range sources {
		for _, c := range src.cps {
			when := c.SignedAt.UTC().Format(time.RFC3339)
			e, ok := keyAt(c.Entries)
			switch {
			case !ok:
			case c.KeyID != e.id:
				add(c.Entries, "checkpoint of %d entries (signed %s, %s) is signed by key %s, not by the key in force there (%s)",
					c.Entries, when, src.from, c.KeyID, e.id)
				continue
			case !VerifyCheckpoint(e.pub, c):
				add(c.Entries, "checkpoint of %d entries (signed %s, %s) has an invalid signature", c.Entries, when, src.from)
				continue
			}
			switch {
			case res.Entries < c.Entries:
				add(res.Entries+1, "chain is shorter than a signed checkpoint: %d entries, the checkpoint signed %s (%s) has %d "+
					"(entries were deleted or the database was rolled back)", res.Entries, when, src.from, c.Entries)
			case f.hashAt[c.Entries] != c.HeadHash:
				add(c.Entries, "entry %d differs from the signed checkpoint of %s (%s): an entry up to it was changed and the hashes after it recomputed",
					c.Entries, when, src.from)
			}
		}
	}

	// Presence: what an anchor or another copy holds must be in the database; what the database holds should
	// be in an anchor.
	inDB := map[string]bool{}
	for _, c := range dbCps {
		inDB[c.Signature] = true
	}
	anchored := map[string]bool{}
	for _, src := range sources[1:] {
		missing := []int64{}
		for _, c := range src.cps {
			anchored[c.Signature] = true
			if !inDB[c.Signature] {
				missing = append(missing, c.Entries)
			}
		}
		if len(missing) > 0 {
			add(0, "%d checkpoints of %s are missing from the database (deleted or re-signed), of %s entries",
				len(missing), src.from, span(missing))
		}
	}
	res.Warnings = warnings
	if len(anchors) > 0 {
		gap := []int64{}
		for _, c := range dbCps {
			if !anchored[c.Signature] {
				gap = append(gap, c.Entries)
			}
		}
		if len(gap) > 0 {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%d checkpoints in the database are in no anchor given (of %s entries): "+
				"the anchor could not be written then, or another server copied them to its own anchor", len(gap), span(gap)))
		}
	}

	// Seals of the entries in this key's part of the chain.
	if last, ok := keyAt(res.Entries + 1); ok && s.key != nil && last.id == s.key.ID() && f.firstBadSeal > last.after {
		hint := ""
		if f.sealed == 0 {
			hint = fmt.Sprintf(" (no entry carries the seal of this key %s: if this is a copy, verify it with the deployment's key file, --audit-key)", s.key.ID())
		}
		add(f.firstBadSeal, "entry %d is not sealed by the audit key: it was appended or rehashed outside the platform%s", f.firstBadSeal, hint)
	}
	if len(problems) > 0 {
		res.OK, res.Problems = false, problems
		res.FirstBrokenID, res.Reason = problems[0].ID, problems[0].Msg
	}
	return res, nil
}

// walk reads the chain once: the in-chain check (res), the hashes at the wanted positions, the rotations and
// the seals.
func (s *Service) walk(ctx context.Context, want map[int64]bool, legacy int64, observe func(Entry), res *VerifyResult) (walkFacts, error) {
	f := walkFacts{hashAt: map[int64]string{}}
	prev := GenesisHash
	var lastID int64
	prefix := true
	// The chain is read in order; the hashes are computed in parallel (an entry's hash depends only on its own
	// content and its stored PrevHash, and PrevHash is checked against the previous entry in order), then the
	// batches are checked in order, so the first broken entry and its reason are the same as one by one.
	err := verifyBatches(ctx, s.store, s.key, func(b []Entry, hashOK, sealOK []bool) {
		for i, e := range b {
			res.Entries++
			if observe != nil {
				observe(e)
			}
			if !res.OK {
				continue
			}
			switch {
			case e.ID != lastID+1:
				res.OK, res.FirstBrokenID, res.Reason = false, e.ID, "gap or reorder before this entry"
			case e.PrevHash != prev:
				res.OK, res.FirstBrokenID, res.Reason = false, e.ID, "previous hash does not match"
			case !hashOK[i]:
				res.OK, res.FirstBrokenID, res.Reason = false, e.ID, "content does not match its hash"
			}
			if !res.OK {
				res.Problems = []Problem{{ID: res.FirstBrokenID, Msg: fmt.Sprintf("entry %d: %s", res.FirstBrokenID, res.Reason)}}
			}
			if want[e.ID] {
				f.hashAt[e.ID] = e.Hash
			}
			prefix = prefix && e.Seal == ""
			older := e.Seal == "" && (legacy < 0 && prefix || e.ID <= legacy)
			if s.key != nil && !sealOK[i] && !older && f.firstBadSeal == 0 {
				f.firstBadSeal = e.ID
			}
			if s.key != nil && sealOK[i] {
				f.sealed++
			}
			if isRotation(e) {
				r, err := rotationOfEntry(e)
				if err != nil {
					f.rotationErrs = append(f.rotationErrs, Problem{ID: e.ID, Msg: fmt.Sprintf("entry %d: a key rotation that cannot be read: %v", e.ID, err)})
				} else {
					f.rotations = append(f.rotations, r)
				}
				f.firstBadSeal = 0
			}
			prev, lastID = e.Hash, e.ID
		}
	})
	return f, err
}

// span describes a set of chain lengths: "3" or "3 to 120".
func span(ns []int64) string {
	sort.Slice(ns, func(i, j int) bool { return ns[i] < ns[j] })
	if ns[0] == ns[len(ns)-1] {
		return fmt.Sprint(ns[0])
	}
	return fmt.Sprintf("%d to %d", ns[0], ns[len(ns)-1])
}
