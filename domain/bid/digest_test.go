package bid_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"jiebang/domain/bid"
)

func TestCanonicalDigest(t *testing.T) {
	c := completeContent()
	atts := []bid.AttachmentRef{{ID: 3, Filename: "方案<1>.pdf", Size: 10, ContentType: "application/pdf", SHA256: strings.Repeat("ab", 32)}}
	canon, digest, err := bid.Canonical(7, 1, c, atts)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(canon)
	if digest != hex.EncodeToString(sum[:]) {
		t.Fatal("digest is not the SHA-256 of the canonical JSON")
	}
	s := string(canon)
	for _, want := range []string{`"lead_share_pct":70`, `"kpi_targets":{"寿命":4000,"精度":1.5}`, `"方案<1>.pdf"`,
		`{"amount_fen":200000000,"item":"设备费"}`} {
		if !strings.Contains(s, want) {
			t.Errorf("canonical JSON lacks %s: %s", want, s)
		}
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, canon); err != nil || compact.String() != s {
		t.Errorf("canonical JSON has insignificant whitespace: %s", s)
	}
	if !strings.HasPrefix(s, `{"approach":`) {
		t.Errorf("keys not sorted: %s", s[:40])
	}

	again, digest2, _ := bid.Canonical(7, 1, completeContent(), atts)
	if digest2 != digest || string(again) != s {
		t.Fatal("canonical form is not deterministic")
	}
	changed := completeContent()
	changed.Approach += "。"
	if _, d, _ := bid.Canonical(7, 1, changed, atts); d == digest {
		t.Fatal("a content change must change the digest")
	}
	if _, d, _ := bid.Canonical(7, 1, completeContent(), nil); d == digest {
		t.Fatal("an attachment change must change the digest")
	}

	back, backAtts, err := bid.ParseCanonical(canon)
	if err != nil {
		t.Fatal(err)
	}
	if back.EffectiveLeadShare() != 70 || back.PI != c.PI || len(back.Plan) != 2 || back.Plan[0].KPITargets["精度"] != 1.5 ||
		len(backAtts) != 1 || backAtts[0] != atts[0] || back.BudgetTotal() != c.BudgetTotal() {
		t.Fatalf("round trip lost data: %+v %+v", back, backAtts)
	}
	if _, d, _ := bid.Canonical(7, 1, back, backAtts); d != digest {
		t.Fatal("re-canonicalising a parsed version changes the digest")
	}
}

func TestCanonicalizeJSON(t *testing.T) {
	got, err := bid.CanonicalizeJSON([]byte(`{ "b": [1, 2.50, {"z":1, "a":"<&>"}], "a": null }`))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"a":null,"b":[1,2.50,{"a":"<&>","z":1}]}`; string(got) != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}
