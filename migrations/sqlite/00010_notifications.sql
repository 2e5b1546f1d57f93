-- +goose Up
-- In-app notifications (站内通知): one row per recipient, both languages stored, written in the transaction of
-- the change they report.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    kind       TEXT NOT NULL,
    title_zh   TEXT NOT NULL,
    title_en   TEXT NOT NULL,
    body_zh    TEXT NOT NULL DEFAULT '',
    body_en    TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    entity     TEXT NOT NULL DEFAULT '',
    entity_id  INTEGER NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL,
    read_at    DATETIME NULL
);
CREATE INDEX idx_notifications_user ON notifications(user_id, id);
CREATE INDEX idx_notifications_unread ON notifications(user_id, id) WHERE read_at IS NULL;

-- +goose Down
DROP TABLE notifications;
