package app

import (
	"context"
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	jbmail "jiebang/domain/mail"
)

// smtpConfig is the parsed --smtp-url: smtp://[user:pass@]host[:port]?from=ADDR[&tls=opportunistic|mandatory|none]
// [&base_url=https://...] (smtps:// for implicit TLS on port 465). base_url prefixes the links in the mails.
type smtpConfig struct {
	host     string
	port     int
	user     string
	pass     string
	from     string
	ssl      bool
	tls      gomail.TLSPolicy
	baseURL  string
	idDomain string
}

// parseSMTPURL reads the --smtp-url value.
func parseSMTPURL(raw string) (smtpConfig, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return smtpConfig{}, fmt.Errorf("--smtp-url: %w", err)
	}
	c := smtpConfig{host: u.Hostname(), tls: gomail.TLSOpportunistic, port: 25}
	switch u.Scheme {
	case "smtp":
	case "smtps":
		c.ssl, c.port = true, 465
	default:
		return c, fmt.Errorf("--smtp-url: scheme must be smtp or smtps, not %q", u.Scheme)
	}
	if c.host == "" {
		return c, fmt.Errorf("--smtp-url: no host")
	}
	if p := u.Port(); p != "" {
		if c.port, err = strconv.Atoi(p); err != nil || c.port <= 0 || c.port > 65535 {
			return c, fmt.Errorf("--smtp-url: bad port %q", p)
		}
	}
	if u.User != nil {
		c.user = u.User.Username()
		c.pass, _ = u.User.Password()
	}
	q := u.Query()
	from, err := mail.ParseAddress(q.Get("from"))
	if err != nil {
		return c, fmt.Errorf("--smtp-url: from=ADDRESS is required: %w", err)
	}
	c.from = from.String()
	c.idDomain = from.Address[strings.LastIndex(from.Address, "@")+1:]
	switch q.Get("tls") {
	case "", "opportunistic":
	case "mandatory":
		c.tls = gomail.TLSMandatory
	case "none":
		c.tls = gomail.NoTLS
	default:
		return c, fmt.Errorf("--smtp-url: tls must be opportunistic, mandatory or none")
	}
	c.baseURL = q.Get("base_url")
	return c, nil
}

// smtpSender sends outbox messages with go-mail: UTF-8 text, an encoded subject, and a Message-ID made from the
// message's idempotency key, so every retry of one message carries the same Message-ID.
type smtpSender struct{ c smtpConfig }

// Send delivers one message on its own connection.
func (s smtpSender) Send(ctx context.Context, m jbmail.Message) error {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8))
	if err := msg.From(s.c.from); err != nil {
		return err
	}
	if err := msg.To(m.To); err != nil {
		return err
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(m.Key + "@" + s.c.idDomain)
	msg.SetGenHeader("X-Jiebang-Kind", m.Kind)
	msg.SetDate()
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	opts := []gomail.Option{gomail.WithPort(s.c.port), gomail.WithTimeout(30 * time.Second), gomail.WithTLSPolicy(s.c.tls)}
	if s.c.ssl {
		opts = append(opts, gomail.WithSSL())
	}
	if s.c.user != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(s.c.user), gomail.WithPassword(s.c.pass))
	}
	client, err := gomail.NewClient(s.c.host, opts...)
	if err != nil {
		return err
	}
	return client.DialAndSendWithContext(ctx, msg)
}
