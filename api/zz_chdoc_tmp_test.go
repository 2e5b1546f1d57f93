package api_test

import (
	"os"
	"testing"
)

func TestZZDumpDoc(t *testing.T) {
	h := newHarness(t)
	r := h.do("GET", "/api/v1/openapi.json", "", nil)
	_ = os.WriteFile("/tmp/chdoc.json", r.Raw, 0o644)
}
