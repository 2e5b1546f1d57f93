package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

// referenceHash is ComputeHash as first written (one string per field, joined in a strings.Builder). Stored
// chains were hashed with it, so the allocation-free ComputeHash must give the same bytes for every entry.
func referenceHash(prevHash string, e Entry) string {
	var b strings.Builder
	b.WriteString(prevHash)
	for _, s := range []string{
		strconv.FormatInt(e.ID, 10),
		e.At.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano),
		strconv.FormatInt(e.ActorID, 10), e.ActorName, e.ActorRole,
		e.Entity, strconv.FormatInt(e.EntityID, 10), e.Action,
		e.Before, e.After, e.RequestID, e.IP,
	} {
		b.WriteByte('\x1f')
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

func TestComputeHashMatchesTheStoredFormat(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"", "审计", "bureau", "x\x1fy", `{"status":"published"}`, strings.Repeat("长", 700), "9:9"}
	loc := time.FixedZone("CST", 8*3600)
	for i := range 2000 {
		e := Entry{ID: r.Int64N(1 << 40), At: time.Unix(r.Int64N(4e9), r.Int64N(1e9)).In(loc), ActorID: r.Int64N(1e6) - 5,
			ActorName: words[r.IntN(len(words))], ActorRole: words[r.IntN(len(words))], Entity: words[r.IntN(len(words))],
			EntityID: r.Int64N(1e9) - 100, Action: words[r.IntN(len(words))], Before: words[r.IntN(len(words))],
			After: words[r.IntN(len(words))], RequestID: words[r.IntN(len(words))], IP: words[r.IntN(len(words))]}
		if i == 0 {
			e = Entry{} // the zero time and empty fields
		}
		prev := GenesisHash
		if i%2 == 1 {
			prev = referenceHash("", e)
		}
		if got, want := ComputeHash(prev, e), referenceHash(prev, e); got != want {
			t.Fatalf("entry %d %+v: hash %s, stored format gives %s", i, e, got, want)
		}
	}
}

// BenchmarkComputeHash is the per-entry cost of verification.
func BenchmarkComputeHash(b *testing.B) {
	e := Entry{ID: 123456, At: time.Now(), ActorID: 42, ActorName: "省科技厅成果处", ActorRole: "bureau", Entity: EntityBid,
		EntityID: 9876, Action: "submit", After: `{"digest":"0123456789abcdef0123456789abcdef"}`, RequestID: "seed"}
	b.ReportAllocs()
	for b.Loop() {
		ComputeHash(GenesisHash, e)
	}
}

// BenchmarkSealCheck is the cost a seal adds to verifying one entry (one worker).
func BenchmarkSealCheck(b *testing.B) {
	k := testKey(&testing.T{}, 1)
	h := ComputeHash(GenesisHash, Entry{ID: 1, Action: "verify"})
	seal := k.Seal(h)
	check := k.sealChecker()
	b.ReportAllocs()
	for b.Loop() {
		if !check(h, seal) {
			b.Fatal("seal")
		}
	}
}
