-- +goose Up
-- The e-mail outbox (邮件外发): one row per message, written in the transaction of the notification it carries,
-- with its own idempotency key (the Message-ID derives from it). A worker leases due rows (lease_owner,
-- lease_until), sends them and marks them sent, or records the error and the next attempt.
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    idem_key        TEXT NOT NULL UNIQUE,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    to_addr         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at DATETIME NOT NULL,
    lease_owner     TEXT NOT NULL DEFAULT '',
    lease_until     DATETIME NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL,
    sent_at         DATETIME NULL
);
CREATE INDEX idx_mail_outbox_due ON mail_outbox(status, next_attempt_at);

-- Each user's e-mail settings: the language of the mails and the notification kinds not mailed (JSON array).
CREATE TABLE mail_prefs (
    user_id    INTEGER PRIMARY KEY REFERENCES users(id),
    lang       TEXT NOT NULL DEFAULT 'zh-CN',
    muted      TEXT NOT NULL DEFAULT '[]',
    updated_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE mail_prefs;
DROP TABLE mail_outbox;
