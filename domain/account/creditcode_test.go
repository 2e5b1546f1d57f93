package account

import "testing"

func TestValidCreditCode(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		code string
		want bool
	}{
		{"published 91350100M000100Y43", "91350100M000100Y43", true},
		{"published 91110108551385082Q", "91110108551385082Q", true},
		{"published 9144030071526726XG", "9144030071526726XG", true},
		{"published 91310000132149237G", "91310000132149237G", true},
		{"published 91330106673959654P", "91330106673959654P", true},
		{"wrong check character", "91350100M000100Y44", false},
		{"two characters swapped", "91530100M000100Y43", false},
		{"lower case", "91350100m000100y43", false},
		{"17 characters", "91350100M000100Y4", false},
		{"19 characters", "91350100M000100Y433", false},
		{"letter I not in the set", "9135010IM000100Y43", false},
		{"letter O not in the set", "91350100M0O0100Y43", false},
		{"empty", "", false},
		{"spaces", " 91350100M000100Y43", false},
		{"all zeros (check 0)", "000000000000000000", true},
		{"old 15-digit registration number", "330200000012345", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := ValidCreditCode(c.code); got != c.want {
				t.Fatalf("ValidCreditCode(%q) = %v, want %v", c.code, got, c.want)
			}
		})
	}
}

func TestCreditCodeCheckChar(t *testing.T) {
	t.Parallel()
	if c, ok := CreditCodeCheckChar("91350100M000100Y4"); !ok || c != '3' {
		t.Fatalf("check char = %q, %v; want '3', true", c, ok)
	}
	if _, ok := CreditCodeCheckChar("91350100M000100Y"); ok {
		t.Fatal("a 16-character body must be refused")
	}
	if _, ok := CreditCodeCheckChar("9135010ZM000100Y4"); ok {
		t.Fatal("Z is not in the character set")
	}
}

func TestNormalizeCreditCode(t *testing.T) {
	t.Parallel()
	if got := NormalizeCreditCode("  91350100m000100y43 "); got != "91350100M000100Y43" {
		t.Fatalf("got %q", got)
	}
}
