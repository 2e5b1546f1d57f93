package audit

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"jiebang/domain"
)

// memAnchor is an anchor in memory; fail makes Append fail.
type memAnchor struct {
	recs []AnchorRecord
	fail bool
}

func (m *memAnchor) Name() string { return "mem" }
func (m *memAnchor) Read() ([]AnchorRecord, error) {
	return append([]AnchorRecord(nil), m.recs...), nil
}
func (m *memAnchor) Append(recs []AnchorRecord) error {
	if m.fail {
		return errors.New("disk full")
	}
	m.recs = append(m.recs, recs...)
	return nil
}

type noTx struct{}

func (noTx) InTx(ctx context.Context, fn func(context.Context) error) error { return fn(ctx) }

type anchored struct {
	m   *memStore
	cs  *memCheckpoints
	an  *memAnchor
	s   *Service
	clk *domain.ManualClock
	got []error
}

func newAnchored(t *testing.T, key *Key) *anchored {
	t.Helper()
	m := &memStore{}
	x := &anchored{m: m, cs: &memCheckpoints{m: m}, an: &memAnchor{}, clk: domain.NewFrozenClock(time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC))}
	x.restart(t, key)
	return x
}

// restart is a new service over the same stores and anchor (a server restart).
func (x *anchored) restart(t *testing.T, key *Key) {
	t.Helper()
	x.s = NewService(x.m, x.clk)
	x.s.UseCheckpoints(x.cs, key)
	x.s.UseAnchor(x.an, func(err error) { x.got = append(x.got, err) })
	_ = x.s.PrepareAnchor(context.Background())
}

func (x *anchored) log(t *testing.T, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		x.clk.Advance(time.Minute)
		if err := x.s.Log(context.Background(), domain.System, Record{Entity: EntityOrg, EntityID: int64(i), Action: "verify"}); err != nil {
			t.Fatal(err)
		}
	}
}

func (x *anchored) verify(t *testing.T) VerifyResult {
	t.Helper()
	res, err := x.s.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestSealsCatchAppendedAndRehashedEntries: an entry with a correct hash but no seal of the key is reported,
// and no checkpoint is signed over it.
func TestSealsCatchAppendedAndRehashedEntries(t *testing.T) {
	t.Parallel()
	x := newAnchored(t, testKey(t, 1))
	x.log(t, 3)
	if res := x.verify(t); !res.OK {
		t.Fatalf("sealed chain: %+v", res)
	}
	// Appended with a correct hash, by someone without the key (a copied seal does not fit).
	if err := x.m.Append(context.Background(), &Entry{Entity: EntityOrg, Action: "forged"}); err != nil {
		t.Fatal(err)
	}
	x.m.entries[3].Seal = x.m.entries[2].Seal
	if res := x.verify(t); res.OK || res.FirstBrokenID != 4 || !strings.Contains(res.Reason, "not sealed") {
		t.Fatalf("appended entry: %+v", res)
	}
	if _, _, err := x.s.MakeCheckpoint(context.Background()); err == nil || !strings.Contains(err.Error(), "entry 4") {
		t.Fatalf("a checkpoint over a forged tail: %v", err)
	}
	if len(x.cs.cps) != 0 {
		t.Fatal("nothing may be signed over a forged tail")
	}
	// A checkpoint row made up to cover the forged entry is no starting point for the next checkpoint.
	x.cs.cps = append(x.cs.cps, Checkpoint{Entries: 4, HeadHash: x.m.entries[3].Hash, SignedAt: x.clk.Now(),
		KeyID: testKey(t, 1).ID(), Signature: "AAAA"})
	x.log(t, 1)
	if _, _, err := x.s.MakeCheckpoint(context.Background()); err == nil || !strings.Contains(err.Error(), "entry 4") {
		t.Fatalf("a checkpoint over a forged tail behind a made-up checkpoint: %v", err)
	}
}

// TestNoCheckpointOfARolledBackChain: the server refuses to sign a chain shorter than its anchor's last
// checkpoint.
func TestNoCheckpointOfARolledBackChain(t *testing.T) {
	t.Parallel()
	x := newAnchored(t, testKey(t, 1))
	x.log(t, 4)
	if _, _, err := x.s.MakeCheckpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	x.m.entries, x.cs.cps = x.m.entries[:2], nil
	x.restart(t, testKey(t, 1))
	if _, _, err := x.s.MakeCheckpoint(context.Background()); err == nil || !strings.Contains(err.Error(), "rolled back") {
		t.Fatalf("a rolled-back chain: %v", err)
	}
}

// TestAnchorPinsTheKeyAndKeepsCheckpoints: the anchor starts with the key, receives every checkpoint, and a
// deleted or re-signed set of checkpoints in the database, or another key, is caught against it.
func TestAnchorPinsTheKeyAndKeepsCheckpoints(t *testing.T) {
	t.Parallel()
	x := newAnchored(t, testKey(t, 1))
	x.log(t, 3)
	if _, made, err := x.s.MakeCheckpoint(context.Background()); !made || err != nil {
		t.Fatal(made, err)
	}
	if len(x.an.recs) != 2 || x.an.recs[0].Kind != AnchorGenesis || x.an.recs[0].KeyID != testKey(t, 1).ID() ||
		x.an.recs[1].Kind != AnchorCheckpoint || x.an.recs[1].Entries != 3 {
		t.Fatalf("anchor: %+v", x.an.recs)
	}
	x.cs.cps = nil
	if res := x.verify(t); res.OK || !strings.Contains(res.Reason, "missing from the database") {
		t.Fatalf("checkpoints deleted: %+v", res)
	}
	// The database re-signed with another key, and that key given to the server.
	x.restart(t, testKey(t, 2))
	if st := x.s.AnchorStatus(); st.OK || !strings.Contains(st.LastError, "rotate-key") {
		t.Fatalf("an unannounced key at start: %+v", st)
	}
	if _, made, err := x.s.MakeCheckpoint(context.Background()); err == nil && made {
		// re-signed with the stranger's key: seals fail first, which is fine too
		t.Log("signed")
	}
	if res := x.verify(t); res.OK || !strings.Contains(res.Reason, "no signed rotation announced") {
		t.Fatalf("another key: %+v", res)
	}
	if len(x.an.recs) != 2 {
		t.Fatalf("nothing is written to an anchor pinning another key: %+v", x.an.recs)
	}
}

// TestAnchorFailureIsRetried: a failed write is reported and counted, the checkpoint stands, and the next
// attempt writes what waited.
func TestAnchorFailureIsRetried(t *testing.T) {
	t.Parallel()
	x := newAnchored(t, testKey(t, 1))
	x.an.fail = true
	x.log(t, 2)
	if _, made, err := x.s.MakeCheckpoint(context.Background()); !made || err != nil {
		t.Fatalf("a checkpoint while the anchor fails: %v %v", made, err)
	}
	st := x.s.AnchorStatus()
	if st.OK || st.Errors != 1 || st.Pending != 1 || len(x.got) != 1 || !strings.Contains(st.LastError, "disk full") {
		t.Fatalf("status: %+v, reported %v", st, x.got)
	}
	x.an.fail = false
	if _, made, err := x.s.MakeCheckpoint(context.Background()); made || err != nil {
		t.Fatal(made, err)
	}
	if st := x.s.AnchorStatus(); !st.OK || st.Pending != 0 || len(x.an.recs) != 2 {
		t.Fatalf("after the retry: %+v %+v", st, x.an.recs)
	}
	if res := x.verify(t); !res.OK || len(res.Warnings) != 0 {
		t.Fatalf("verify after the retry: %+v", res)
	}
}

// TestKeyRotation: the old key signs the new one; verify accepts checkpoints of each key on its side of the
// rotation and refuses one signed by the old key after it, or a rotation not signed by the key in force.
func TestKeyRotation(t *testing.T) {
	t.Parallel()
	k1, k2 := testKey(t, 1), testKey(t, 2)
	x := newAnchored(t, k1)
	x.log(t, 3)
	if _, _, err := x.s.MakeCheckpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	r, err := x.s.RotateKey(context.Background(), noTx{}, domain.System, k2)
	if err != nil || r.Entries != 4 || r.OldKeyID != k1.ID() || r.NewKeyID != k2.ID() {
		t.Fatalf("rotate: %+v %v", r, err)
	}
	x.restart(t, k2)
	if st := x.s.AnchorStatus(); !st.OK {
		t.Fatalf("the anchor accepts the rotated key: %+v", st)
	}
	x.log(t, 2)
	if _, _, err := x.s.MakeCheckpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	if res := x.verify(t); !res.OK || res.Rotations != 1 || res.Checkpoints != 6 {
		t.Fatalf("after a rotation: %+v", res)
	}
	// A checkpoint after the rotation signed by the retired key.
	late := Checkpoint{Entries: 6, HeadHash: x.m.entries[5].Hash, SignedAt: x.clk.Now(), KeyID: k1.ID()}
	late.Signature = sign(k1, late)
	if res, _ := x.s.VerifyAgainst(context.Background(), []Checkpoint{late}); res.OK || !strings.Contains(res.Reason, "not by the key in force") {
		t.Fatalf("the retired key after its rotation: %+v", res)
	}
}

// TestRotationMustBeSignedByTheKeyInForce: a rotation entry from k1 to k3 that k3 signed itself (whoever holds
// only the new key) is refused, though every entry after it is properly sealed by k3.
func TestRotationMustBeSignedByTheKeyInForce(t *testing.T) {
	t.Parallel()
	k1, k3 := testKey(t, 1), testKey(t, 3)
	m := &memStore{}
	clk := domain.NewFrozenClock(time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC))
	s1 := NewService(m, clk)
	s1.UseCheckpoints(&memCheckpoints{m: m}, k1)
	for i := 0; i < 3; i++ {
		if err := s1.Log(context.Background(), domain.System, Record{Entity: EntityOrg, Action: "verify"}); err != nil {
			t.Fatal(err)
		}
	}
	r := Rotation{OldKeyID: k1.ID(), OldPublicKey: k1.Public(), NewKeyID: k3.ID(), NewPublicKey: k3.Public(), At: clk.Now()}
	r.Signature = signStatement(k3, r.Statement())
	s3 := NewService(m, clk)
	s3.UseCheckpoints(&memCheckpoints{m: m}, k3)
	if err := m.AppendSealed(context.Background(), s3.entry(domain.System, Record{Entity: EntityAuditKey, Action: ActionRotate, After: r.summary()}), k3.Seal); err != nil {
		t.Fatal(err)
	}
	if err := s3.Log(context.Background(), domain.System, Record{Entity: EntityOrg, Action: "after"}); err != nil {
		t.Fatal(err)
	}
	res, err := s3.Verify(context.Background())
	if err != nil || res.OK || res.FirstBrokenID != 4 || !strings.Contains(res.Reason, "without a valid signature of the key in force") {
		t.Fatalf("a self-signed rotation: %+v %v", res, err)
	}
}

func sign(k *Key, c Checkpoint) string { return signStatement(k, c.Statement()) }
