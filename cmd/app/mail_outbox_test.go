package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"jiebang/domain"
	"jiebang/domain/account"
	jbmail "jiebang/domain/mail"
	"jiebang/domain/notify"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// sink is a real SMTP server (go-smtp) that keeps what it accepts: every delivery in arrival order, and the
// messages deduplicated by Message-ID, as a mail store would.
type sink struct {
	mu      sync.Mutex
	raw     []string // Message-IDs in arrival order, duplicates included
	byID    map[string]*netmail.Message
	subject map[string]string // decoded subject by Message-ID
	refuse  atomic.Bool
}

type sinkSession struct{ s *sink }

func (x sinkSession) Reset()                               {}
func (x sinkSession) Logout() error                        { return nil }
func (x sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (x sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (x sinkSession) Data(r io.Reader) error {
	if x.s.refuse.Load() {
		_, _ = io.Copy(io.Discard, r)
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	m, err := netmail.ReadMessage(r)
	if err != nil {
		return err
	}
	if _, err := io.Copy(io.Discard, m.Body); err != nil {
		return err
	}
	id := m.Header.Get("Message-Id")
	subj, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	x.s.raw = append(x.s.raw, id)
	if _, dup := x.s.byID[id]; !dup {
		x.s.byID[id] = m
		x.s.subject[id] = subj
	}
	return nil
}

func startSink(t *testing.T) (*sink, string) {
	t.Helper()
	s := &sink{byID: map[string]*netmail.Message{}, subject: map[string]string{}}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return sinkSession{s}, nil }))
	srv.Domain = "sink.test"
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s, ln.Addr().String()
}

func (s *sink) counts() (raw, unique int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.raw), len(s.byID)
}

var errCrash = errors.New("simulated crash between send and mark")

// TestOutboxDeliversEveryMessageOnceThroughCrashes runs the outbox against a real SMTP server with two servers'
// workers on one database: the first dies between the server's acceptance and the mark (mid-batch), the
// second's context is cancelled mid-batch; after their leases end, both workers run concurrently and finish.
// Every message reaches the server at least once and, deduplicated by Message-ID (derived from the message's
// idempotency key), exactly once; a re-send happens only for a message whose worker died after sending.
func TestOutboxDeliversEveryMessageOnceThroughCrashes(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		sk, addr := startSink(t)
		t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
		clk := domain.NewFrozenClock(t0)
		cfg := quietConfig(t, clk)
		cfg.SMTPURL = "smtp://" + addr + "?from=" + "jiebang@kjj.example.cn&tls=none&base_url=https://jiebang.example.cn"
		a1, err := New(cfg, db)
		if err != nil {
			t.Fatal(err)
		}
		db2, err := repository.Open(repository.Options{SQLitePath: db.Path, URL: db.URL})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db2.Close() })
		a2, err := New(cfg, db2)
		if err != nil {
			t.Fatal(err)
		}

		// 12 users: one reads English, one mutes the returned-challenge kind.
		var ids []int64
		err = a1.Tx.InTx(ctx, func(ctx context.Context) error {
			for i := range 12 {
				u := account.User{Email: fmt.Sprintf("officer%d@kjj.example.cn", i), Name: fmt.Sprintf("科员%d", i),
					Role: domain.RoleBureau, CreatedAt: t0, UpdatedAt: t0}
				if err := repository.NewAccountStore(db).CreateUser(ctx, &u, "x"); err != nil {
					return err
				}
				ids = append(ids, u.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		en := domain.Actor{UserID: ids[0], Role: domain.RoleBureau, Name: "a"}
		if _, err := a1.Mail.SavePrefs(ctx, en, jbmail.Prefs{Lang: "en"}); err != nil {
			t.Fatal(err)
		}
		muted := domain.Actor{UserID: ids[1], Role: domain.RoleBureau, Name: "b"}
		if _, err := a1.Mail.SavePrefs(ctx, muted, jbmail.Prefs{Lang: "zh-CN", Muted: []string{"challenge.returned"}}); err != nil {
			t.Fatal(err)
		}
		msg := func(kind, zh, en string) notify.Message {
			return notify.Message{Kind: kind, TitleZh: zh, TitleEn: en, BodyZh: "正文：" + zh, BodyEn: "Body: " + en,
				Link: "/challenges/7", Entity: "challenge", EntityID: 7}
		}
		if err := a1.Notify.ToUsers(ctx, ids, msg("challenge.returned", "榜单《高功率密度电机》被退回修改", "Challenge returned")); err != nil {
			t.Fatal(err)
		}
		if err := a1.Notify.ToUsers(ctx, ids, msg("challenge.published", "榜单《高功率密度电机》已张榜", "Challenge published")); err != nil {
			t.Fatal(err)
		}
		const total = 12 + 12 - 1 // the muted user gets one mail
		pending, err := a1.Mail.Undelivered(ctx, domain.Actor{UserID: 1, Role: domain.RoleBureau}, domain.Page{Page: 1, PageSize: 100})
		if err != nil || pending.Total != total {
			t.Fatalf("outbox after notifying: %d %v", pending.Total, err)
		}

		// Server 1 dies after the SMTP server accepted its 3rd message, before marking it.
		w1, w2 := a1.MailWorker, a2.MailWorker
		w1.Batch, w2.Batch = 8, 8
		n := 0
		w1.AfterSend = func(jbmail.Message) error {
			if n++; n == 3 {
				return errCrash
			}
			return nil
		}
		if sent, err := w1.RunOnce(ctx); !errors.Is(err, errCrash) || sent != 2 {
			t.Fatalf("crashing worker: sent %d, %v", sent, err)
		}
		// Server 2's context is cancelled after its 2nd send: that message is sent but its mark fails.
		cctx, cancel := context.WithCancel(ctx)
		m := 0
		w2.AfterSend = func(jbmail.Message) error {
			if m++; m == 2 {
				cancel()
			}
			return nil
		}
		if sent, err := w2.RunOnce(cctx); err == nil || sent != 1 {
			t.Fatalf("cancelled worker: sent %d, %v", sent, err)
		}
		if raw, _ := sk.counts(); raw != 5 {
			t.Fatalf("deliveries before restart: %d", raw)
		}

		// The leases end; both servers' workers (restarted) deliver the rest concurrently.
		w1.AfterSend, w2.AfterSend = nil, nil
		clk.Advance(w1.Lease + time.Second)
		for round := 0; round < 10; round++ {
			var wg sync.WaitGroup
			var errs [2]error
			for i, w := range []*jbmail.Worker{w1, w2} {
				wg.Add(1)
				go func() { defer wg.Done(); _, errs[i] = w.RunOnce(ctx) }()
			}
			wg.Wait()
			if errs[0] != nil || errs[1] != nil {
				t.Fatalf("round %d: %v %v", round, errs[0], errs[1])
			}
			if l, _ := a1.Mail.Undelivered(ctx, domain.Actor{UserID: 1, Role: domain.RoleBureau}, domain.Page{Page: 1, PageSize: 1}); l.Total == 0 {
				break
			}
		}
		raw, unique := sk.counts()
		if unique != total {
			t.Fatalf("distinct messages delivered: %d, want %d", unique, total)
		}
		if raw != total+2 {
			t.Fatalf("deliveries: %d, want %d (each message once, plus the two whose worker died after sending)", raw, total+2)
		}
		var keys []string
		if err := db.Writer.Table("mail_outbox").Where("status = ?", jbmail.StatusSent).Pluck("idem_key", &keys).Error; err != nil || len(keys) != total {
			t.Fatalf("sent rows: %d %v", len(keys), err)
		}
		sk.mu.Lock()
		defer sk.mu.Unlock()
		for _, k := range keys {
			if _, ok := sk.byID["<"+k+"@kjj.example.cn>"]; !ok {
				t.Errorf("message %s never reached the server", k)
			}
		}
		var english, chinese int
		for _, s := range sk.subject {
			switch {
			case strings.HasPrefix(s, "Challenge"):
				english++
			case strings.HasPrefix(s, "榜单《高功率密度电机》"):
				chinese++
			default:
				t.Errorf("subject %q", s)
			}
		}
		if english != 2 || chinese != total-2 {
			t.Fatalf("subjects: %d English, %d Chinese", english, chinese)
		}
	})
}

// TestOutboxSurvivesARefusingServer: a notification succeeds while the SMTP server refuses; the message waits
// with its error for the bureau to see, and goes out after the backoff once the server accepts again.
func TestOutboxSurvivesARefusingServer(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		sk, addr := startSink(t)
		t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
		clk := domain.NewFrozenClock(t0)
		cfg := quietConfig(t, clk)
		cfg.SMTPURL = "smtp://" + addr + "?from=jiebang@kjj.example.cn&tls=none"
		a, err := New(cfg, db)
		if err != nil {
			t.Fatal(err)
		}
		u := account.User{Email: "pi@lab.example.cn", Name: "张工", Role: domain.RoleTeam, CreatedAt: t0, UpdatedAt: t0}
		if err := a.Tx.InTx(ctx, func(ctx context.Context) error {
			return repository.NewAccountStore(db).CreateUser(ctx, &u, "x")
		}); err != nil {
			t.Fatal(err)
		}
		sk.refuse.Store(true)
		if err := a.Notify.ToUsers(ctx, []int64{u.ID}, notify.Message{Kind: "bid.eligible", TitleZh: "通过形式审查", TitleEn: "Eligible"}); err != nil {
			t.Fatalf("the notification failed with the SMTP server refusing: %v", err)
		}
		if sent, err := a.MailWorker.RunOnce(ctx); err != nil || sent != 0 {
			t.Fatalf("run against a refusing server: %d %v", sent, err)
		}
		boss := domain.Actor{UserID: 1, Role: domain.RoleBureau}
		l, err := a.Mail.Undelivered(ctx, boss, domain.Page{Page: 1, PageSize: 10})
		if err != nil || l.Total != 1 || l.Items[0].Attempts != 1 || !strings.Contains(l.Items[0].LastError, "451") ||
			!l.Items[0].NextAttemptAt.Equal(t0.Add(time.Minute)) {
			t.Fatalf("undelivered: %+v %v", l, err)
		}
		if _, err := a.Mail.Undelivered(ctx, domain.Actor{UserID: u.ID, Role: domain.RoleTeam}, domain.Page{Page: 1, PageSize: 10}); !errors.Is(err, domain.ErrForbidden) {
			t.Fatalf("a team sees the outbox: %v", err)
		}
		sk.refuse.Store(false)
		if sent, _ := a.MailWorker.RunOnce(ctx); sent != 0 {
			t.Fatal("retried before the backoff")
		}
		clk.Advance(time.Minute)
		if sent, err := a.MailWorker.RunOnce(ctx); err != nil || sent != 1 {
			t.Fatalf("after the backoff: %d %v", sent, err)
		}
		if raw, unique := sk.counts(); raw != 1 || unique != 1 {
			t.Fatalf("deliveries %d/%d", raw, unique)
		}
	})
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	want := []time.Duration{time.Minute, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute}
	for n, w := range want {
		if got := jbmail.Backoff(n); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", n, got, w)
		}
	}
	if got := jbmail.Backoff(30); got != 2*time.Hour {
		t.Errorf("Backoff(30) = %v", got)
	}
}

func TestParseSMTPURL(t *testing.T) {
	t.Parallel()
	good := []string{"smtp://mail.example.cn?from=a@example.cn", "smtps://u:p@mail.example.cn:2465?from=a@example.cn&tls=mandatory"}
	for _, s := range good {
		if _, err := parseSMTPURL(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	bad := []string{"http://x?from=a@b.cn", "smtp://?from=a@b.cn", "smtp://x", "smtp://x:99999?from=a@b.cn", "smtp://x?from=a@b.cn&tls=maybe"}
	for _, s := range bad {
		if _, err := parseSMTPURL(s); err == nil {
			t.Errorf("%s accepted", s)
		}
	}
}
