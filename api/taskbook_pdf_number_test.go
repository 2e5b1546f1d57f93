package api

import "testing"

func TestKPINumberReadsAsWritten(t *testing.T) {
	t.Parallel()
	a, b, c := 0.4, 0.1, 0.2 // variables: Go's constant arithmetic would be exact
	if a-b == 0.3 {
		t.Fatal("the float noise this test is about is gone")
	}
	for in, want := range map[float64]string{a - b: "0.3", b + c: "0.3", 8000: "8000", 1000000: "1000000", 92.5: "92.5", 0.000125: "0.000125"} {
		if got := kpiNumber(in); got != want {
			t.Errorf("kpiNumber(%v) = %q, want %q", in, got, want)
		}
	}
}
