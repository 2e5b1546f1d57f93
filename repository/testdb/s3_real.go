package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"jiebang/repository"
)

// RealS3Variable names a bucket on a real S3-compatible server (SeaweedFS `weed mini`, MinIO, AWS) for the tests
// that run against one (scripts/s3-test.sh, make test-s3); they skip when it is unset.
const RealS3Variable = "JIEBANG_TEST_S3_URL"

// RealS3StopVariable and RealS3StartVariable are shell commands that stop and start that server again (set by
// scripts/s3-test.sh), for the test of the store going away and coming back; it skips when they are unset.
const (
	RealS3StopVariable  = "JIEBANG_TEST_S3_STOP"
	RealS3StartVariable = "JIEBANG_TEST_S3_START"
)

// RealS3URL is the --storage-url of a prefix of its own on the real server's bucket (JIEBANG_TEST_S3_URL, under
// its own prefix if it names one), so tests running at the same time do not see each other's objects; the
// objects under it are removed when the test ends. The test skips when JIEBANG_TEST_S3_URL is unset.
func RealS3URL(t testing.TB) string {
	t.Helper()
	raw := os.Getenv(RealS3Variable)
	if raw == "" {
		t.Skip(RealS3Variable + " is not set: no real S3 server to test against (make test-s3 starts one; docs/storage.md)")
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("%s: %v", RealS3Variable, err)
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := strings.NewReplacer("/", "-", " ", "-").Replace(t.Name())
	u.Path = "/" + strings.Trim(strings.Trim(u.Path, "/")+"/"+name+"-"+hex.EncodeToString(b[:]), "/")
	s := u.String()
	t.Cleanup(func() { emptyPrefix(t, s) })
	return s
}

// emptyPrefix removes every object under the test's prefix (reported, not failed: the server may be down).
func emptyPrefix(t testing.TB, storageURL string) {
	tmp, err := os.MkdirTemp("", "jiebang-s3-cleanup")
	if err != nil {
		t.Logf("clean-up of %s: %v", storageURL, err)
		return
	}
	defer os.RemoveAll(tmp)
	store, err := repository.OpenBlobStore(storageURL, tmp)
	if err != nil {
		t.Logf("clean-up of %s: %v", storageURL, err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var sums []string
	if err := store.Walk(ctx, func(bi repository.BlobInfo) error { sums = append(sums, bi.SHA256); return nil }); err != nil {
		t.Logf("clean-up of %s: %v", storageURL, err)
	}
	for _, s := range sums {
		if err := store.Remove(ctx, s); err != nil {
			t.Logf("clean-up of %s: %v", storageURL, err)
		}
	}
}

// RealS3Control runs the stop or start command of the real server (JIEBANG_TEST_S3_STOP or _START); the test
// skips when the command is not set.
func RealS3Control(t testing.TB, variable string) {
	t.Helper()
	cmd := os.Getenv(variable)
	if cmd == "" {
		t.Skip(variable + " is not set: the test cannot stop and start the S3 server (scripts/s3-test.sh sets it)")
	}
	out, err := exec.Command("sh", "-c", cmd).CombinedOutput()
	if err != nil {
		t.Fatalf("%s (%s): %v\n%s", variable, cmd, err, out)
	}
}

// RequireRealS3Control skips the test unless both JIEBANG_TEST_S3_STOP and JIEBANG_TEST_S3_START are set.
func RequireRealS3Control(t testing.TB) {
	t.Helper()
	if os.Getenv(RealS3StopVariable) == "" || os.Getenv(RealS3StartVariable) == "" {
		t.Skip(RealS3StopVariable + " and " + RealS3StartVariable + " are not both set: the test cannot stop and start the S3 server (scripts/s3-test.sh sets them)")
	}
}
