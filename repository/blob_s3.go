package repository

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"jiebang/domain"
	"jiebang/domain/bid"
)

// S3Config is where an S3-compatible bucket is and how to reach it.
type S3Config struct {
	// Endpoint is host[:port] (default s3.amazonaws.com).
	Endpoint string
	Bucket   string
	// Prefix is put before every key ("" or ending in "/").
	Prefix string
	Region string
	// Secure is HTTPS (default true; secure=false for a local MinIO or SeaweedFS).
	Secure bool
	// PathStyle forces path-style requests (host/bucket/key); otherwise the client decides (path style for
	// every endpoint but AWS's and a few clouds').
	PathStyle bool
	// AccessKey, SecretKey, SessionToken come from the environment (see ParseS3URL).
	AccessKey, SecretKey, SessionToken string
	// TmpDir is where uploads are staged while they are hashed and checked (default: the system's).
	TmpDir string
	// Timeout bounds each small request (stat, delete, list page; default 10 s); an upload gets Timeout plus one
	// second per MiB.
	Timeout time.Duration
}

// ParseS3URL reads s3://bucket[/prefix]?endpoint=host:port&region=R&secure=false&path_style=true. The
// credentials come from the environment: JIEBANG_S3_ACCESS_KEY and JIEBANG_S3_SECRET_KEY when set, else
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN); never from the URL, so it can be logged.
func ParseS3URL(raw string) (S3Config, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return S3Config{}, fmt.Errorf("storage url %q: want s3://bucket?endpoint=host:port", raw)
	}
	if u.User != nil {
		return S3Config{}, errors.New("storage url: put the credentials in JIEBANG_S3_ACCESS_KEY/JIEBANG_S3_SECRET_KEY or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, not in the URL")
	}
	q := u.Query()
	c := S3Config{Bucket: u.Host, Endpoint: q.Get("endpoint"), Region: q.Get("region"), Secure: true}
	if c.Endpoint == "" {
		c.Endpoint = "s3.amazonaws.com"
	}
	if p := strings.Trim(u.Path, "/"); p != "" {
		c.Prefix = p + "/"
	}
	for name, dst := range map[string]*bool{"secure": &c.Secure, "path_style": &c.PathStyle} {
		if v := q.Get(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return S3Config{}, fmt.Errorf("storage url: %s=%q is not true or false", name, v)
			}
			*dst = b
		}
	}
	for name := range q {
		switch name {
		case "endpoint", "region", "secure", "path_style":
		default:
			return S3Config{}, fmt.Errorf("storage url: unknown parameter %q (endpoint, region, secure, path_style)", name)
		}
	}
	c.AccessKey, c.SecretKey = os.Getenv("JIEBANG_S3_ACCESS_KEY"), os.Getenv("JIEBANG_S3_SECRET_KEY")
	if c.AccessKey == "" && c.SecretKey == "" {
		c.AccessKey, c.SecretKey = os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
		c.SessionToken = os.Getenv("AWS_SESSION_TOKEN")
	}
	return c, nil
}

// S3Blobs implements BlobStore on an S3-compatible bucket (AWS S3, MinIO, SeaweedFS, ...). An upload is staged
// in a local temporary file while it is hashed and its type checked (nothing a second server needs), then put
// under <prefix><first two hex digits>/<sha256> before the transaction that records it (bid.Uploader). When the
// store cannot be reached, every operation fails with domain.StorageUnavailable (503 storage_unavailable).
type S3Blobs struct {
	c       *minio.Client
	cfg     S3Config
	staging *FileBlobs
}

var (
	_ BlobStore    = (*S3Blobs)(nil)
	_ BlobStore    = (*FileBlobs)(nil)
	_ bid.Uploader = (*stagedObject)(nil)
)

// NewS3Blobs connects to the bucket (no request is made: Ping checks it).
func NewS3Blobs(cfg S3Config) (*S3Blobs, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.TmpDir == "" {
		cfg.TmpDir = filepath.Join(os.TempDir(), "jiebang-upload-tmp")
	}
	staging, err := NewFileBlobs(cfg.TmpDir)
	if err != nil {
		return nil, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	tr.ResponseHeaderTimeout = 30 * time.Second
	opts := &minio.Options{Secure: cfg.Secure, Region: cfg.Region, Transport: tr, MaxRetries: 2,
		Creds: credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, cfg.SessionToken)}
	if cfg.PathStyle {
		opts.BucketLookup = minio.BucketLookupPath
	}
	c, err := minio.New(cfg.Endpoint, opts)
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	return &S3Blobs{c: c, cfg: cfg, staging: staging}, nil
}

// Describe names the bucket (never the credentials).
func (s *S3Blobs) Describe() string {
	scheme := "https"
	if !s.cfg.Secure {
		scheme = "http"
	}
	return fmt.Sprintf("s3://%s/%s (%s://%s)", s.cfg.Bucket, s.cfg.Prefix, scheme, s.cfg.Endpoint)
}

func (s *S3Blobs) key(sum string) string { return s.cfg.Prefix + sum[:2] + "/" + sum }

// storageErr turns a client error into fs.ErrNotExist (no such key), StorageUnavailable (the store did not
// answer, answered 5xx, or refused the bucket or the credentials: nothing can be stored until an operator acts)
// or leaves it as it is.
func storageErr(err error, what string) error {
	if err == nil {
		return nil
	}
	resp := minio.ToErrorResponse(err)
	switch {
	case resp.Code == "NoSuchKey" || (resp.Code == "" && resp.StatusCode == http.StatusNotFound):
		return fmt.Errorf("%s: %w", what, fs.ErrNotExist)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("%s: %w", what, err)
	}
	return fmt.Errorf("%s: %w (%v)", what, domain.StorageUnavailable(), err)
}

// Ping checks that the bucket exists and the credentials are accepted.
func (s *S3Blobs) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	ok, err := s.c.BucketExists(ctx, s.cfg.Bucket)
	if err != nil {
		return storageErr(err, "storage: ping "+s.cfg.Bucket)
	}
	if !ok {
		return fmt.Errorf("storage: bucket %q does not exist: %w", s.cfg.Bucket, domain.StorageUnavailable())
	}
	return nil
}

// EnsureBucket creates the bucket when it does not exist (jiebang storage init).
func (s *S3Blobs) EnsureBucket(ctx context.Context) (created bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	ok, err := s.c.BucketExists(ctx, s.cfg.Bucket)
	if err != nil {
		return false, storageErr(err, "storage: bucket "+s.cfg.Bucket)
	}
	if ok {
		return false, nil
	}
	if err := s.c.MakeBucket(ctx, s.cfg.Bucket, minio.MakeBucketOptions{Region: s.cfg.Region}); err != nil {
		return false, storageErr(err, "storage: create bucket "+s.cfg.Bucket)
	}
	return true, nil
}

// Stage hashes the upload into a local temporary file (the checks run on it before anything is put).
func (s *S3Blobs) Stage(r io.Reader, limit int64) (bid.StagedBlob, error) {
	st, err := s.staging.Stage(r, limit)
	if err != nil {
		return nil, err
	}
	return &stagedObject{store: s, local: st.(*stagedFile)}, nil
}

// Open opens the object for a streamed download (seekable: ranges are requests of their own).
func (s *S3Blobs) Open(sum string) (io.ReadSeekCloser, error) {
	if !validSum(sum) {
		return nil, fmt.Errorf("blobs: invalid sha256 %q", sum)
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.Timeout)
	defer cancel()
	if _, err := s.c.StatObject(ctx, s.cfg.Bucket, s.key(sum), minio.StatObjectOptions{}); err != nil {
		return nil, storageErr(err, "blobs: open "+sum)
	}
	obj, err := s.c.GetObject(context.Background(), s.cfg.Bucket, s.key(sum), minio.GetObjectOptions{})
	if err != nil {
		return nil, storageErr(err, "blobs: open "+sum)
	}
	return obj, nil
}

// Walk lists the bucket's objects under the prefix.
func (s *S3Blobs) Walk(ctx context.Context, fn func(BlobInfo) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for o := range s.c.ListObjects(ctx, s.cfg.Bucket, minio.ListObjectsOptions{Prefix: s.cfg.Prefix, Recursive: true}) {
		if o.Err != nil {
			return storageErr(o.Err, "storage: list")
		}
		rel := strings.TrimPrefix(o.Key, s.cfg.Prefix)
		name := path.Base(rel)
		if !validSum(name) || rel != name[:2]+"/"+name {
			continue
		}
		if err := fn(BlobInfo{SHA256: name, Size: o.Size, Modified: o.LastModified}); err != nil {
			return err
		}
	}
	return nil
}

// Stat describes one object.
func (s *S3Blobs) Stat(ctx context.Context, sum string) (BlobInfo, error) {
	if !validSum(sum) {
		return BlobInfo{}, fmt.Errorf("invalid sha256 %q", sum)
	}
	// A listing of the one key, not a HEAD request: its modification time is the one Walk sees (some
	// S3-compatible servers answer HEAD with another), which the orphan cleanup compares.
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	key := s.key(sum)
	for o := range s.c.ListObjects(ctx, s.cfg.Bucket, minio.ListObjectsOptions{Prefix: key, Recursive: true, MaxKeys: 1}) {
		if o.Err != nil {
			return BlobInfo{}, storageErr(o.Err, "storage: stat "+sum)
		}
		if o.Key == key {
			return BlobInfo{SHA256: sum, Size: o.Size, Modified: o.LastModified}, nil
		}
	}
	return BlobInfo{}, fmt.Errorf("storage: stat %s: %w", sum, fs.ErrNotExist)
}

// Put uploads an object (a single PUT is atomic: readers see the old state or the whole object).
func (s *S3Blobs) Put(ctx context.Context, sum string, r io.Reader, size int64) error {
	if !validSum(sum) {
		return fmt.Errorf("invalid sha256 %q", sum)
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout+time.Duration(size>>20)*time.Second)
	defer cancel()
	_, err := s.c.PutObject(ctx, s.cfg.Bucket, s.key(sum), r, size, minio.PutObjectOptions{
		ContentType: "application/octet-stream", UserMetadata: map[string]string{"sha256": sum}})
	return storageErr(err, "storage: put "+sum)
}

// Get reads an object.
func (s *S3Blobs) Get(ctx context.Context, sum string) (io.ReadCloser, error) {
	if !validSum(sum) {
		return nil, fmt.Errorf("invalid sha256 %q", sum)
	}
	if _, err := s.Stat(ctx, sum); err != nil {
		return nil, err
	}
	obj, err := s.c.GetObject(ctx, s.cfg.Bucket, s.key(sum), minio.GetObjectOptions{})
	if err != nil {
		return nil, storageErr(err, "storage: get "+sum)
	}
	return obj, nil
}

// Remove deletes an object.
func (s *S3Blobs) Remove(ctx context.Context, sum string) error {
	if !validSum(sum) {
		return fmt.Errorf("invalid sha256 %q", sum)
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	err := s.c.RemoveObject(ctx, s.cfg.Bucket, s.key(sum), minio.RemoveObjectOptions{})
	if err != nil && errors.Is(storageErr(err, ""), fs.ErrNotExist) {
		return nil
	}
	return storageErr(err, "storage: remove "+sum)
}

// RemoveStaleTemp removes staged uploads older than before (left by a crash).
func (s *S3Blobs) RemoveStaleTemp(before time.Time) (int, error) {
	return s.staging.RemoveStaleTemp(before)
}

// stagedObject is an upload staged in a local temporary file, on its way to the bucket.
type stagedObject struct {
	store    *S3Blobs
	local    *stagedFile
	uploaded bool
	created  bool
}

func (o *stagedObject) SHA256() string { return o.local.SHA256() }
func (o *stagedObject) Size() int64    { return o.local.Size() }
func (o *stagedObject) Head() []byte   { return o.local.Head() }

// Upload puts the staged file in the bucket; created is false when the object was there already (it is put
// again all the same, which refreshes its modification time so the orphan cleanup leaves it alone while this
// upload's transaction runs).
func (o *stagedObject) Upload(ctx context.Context) error {
	if o.uploaded {
		return nil
	}
	sum := o.SHA256()
	_, err := o.store.Stat(ctx, sum)
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrNotExist):
		o.created = true
	default:
		return err
	}
	f, err := os.Open(o.local.tmp)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := o.store.Put(ctx, sum, f, o.Size()); err != nil {
		o.created = false
		return err
	}
	o.uploaded = true
	return nil
}

// Commit uploads the file unless Upload did (inside the caller's transaction then: slower, but correct).
func (o *stagedObject) Commit() (bool, error) {
	if err := o.Upload(context.Background()); err != nil {
		return false, err
	}
	o.local.Discard()
	return o.created, nil
}

// Discard removes the local temporary file. An object already put stays for the orphan cleanup (another upload
// of the same bytes may have found it and be committing a reference to it).
func (o *stagedObject) Discard() { o.local.Discard() }

// Uncommit: the transaction failed; the object stays (see Discard) and the orphan cleanup removes it when no
// row names it.
func (o *stagedObject) Uncommit() { o.created = false }
