package testdb

import (
	"fmt"
	"os"
	"time"
)

// StartVariable names the instant every test clock starts at when set (RFC 3339), so the whole suite can run
// from a difficult day: JIEBANG_TEST_CLOCK_START=2026-09-28T09:00:00+08:00 go test ./...
const StartVariable = "JIEBANG_TEST_CLOCK_START"

// DefaultStart is where the tests' clocks start otherwise: Monday 2026-11-02, 09:00 China time. No test reads the
// real clock.
var DefaultStart = time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)

// Start is the instant the tests' clocks start at: StartVariable when set, else DefaultStart. A value that does
// not parse panics with the variable's name (it is a mistake in how the suite was started).
func Start() time.Time {
	v := os.Getenv(StartVariable)
	if v == "" {
		return DefaultStart
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		panic(fmt.Sprintf("%s=%q is not an RFC 3339 instant", StartVariable, v))
	}
	return t.UTC()
}
