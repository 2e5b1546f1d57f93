package testdb

import (
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// FakeS3 is an in-process S3 server (gofakes3, in memory) with one empty bucket, for the tests of the S3
// attachment store.
type FakeS3 struct {
	Backend *s3mem.Backend
	Server  *httptest.Server
	Bucket  string
}

// NewFakeS3 starts a fake S3 server with the bucket "jiebang"; it stops with the test.
func NewFakeS3(t testing.TB) *FakeS3 {
	t.Helper()
	return newFakeS3(t, s3mem.New())
}

// NewFakeS3At is NewFakeS3 whose objects all carry the modification time at (old objects, for the orphan
// cleanup).
func NewFakeS3At(t testing.TB, at time.Time) *FakeS3 {
	t.Helper()
	return newFakeS3(t, s3mem.New(s3mem.WithTimeSource(gofakes3.FixedTimeSource(at))))
}

func newFakeS3(t testing.TB, backend *s3mem.Backend) *FakeS3 {
	t.Helper()
	if err := backend.CreateBucket("jiebang"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	return &FakeS3{Backend: backend, Server: srv, Bucket: "jiebang"}
}

// Endpoint is the server's host:port.
func (f *FakeS3) Endpoint() string { return strings.TrimPrefix(f.Server.URL, "http://") }

// URL is the --storage-url of the bucket (path prefix optional, e.g. "attachments").
func (f *FakeS3) URL(prefix string) string {
	u := "s3://" + f.Bucket
	if prefix != "" {
		u += "/" + prefix
	}
	return u + "?endpoint=" + f.Endpoint() + "&secure=false&region=us-east-1"
}

// DeadS3URL is a --storage-url whose endpoint refuses connections (a port that was just closed): the object
// store unreachable.
func DeadS3URL(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return "s3://jiebang?endpoint=" + addr + "&secure=false&region=us-east-1"
}
