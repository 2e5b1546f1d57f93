-- +goose Up
CREATE TABLE audit_entries (
    id          INTEGER PRIMARY KEY,
    at          DATETIME NOT NULL,
    actor_id    INTEGER NOT NULL DEFAULT 0,
    actor_name  TEXT NOT NULL DEFAULT '',
    actor_role  TEXT NOT NULL DEFAULT '',
    entity      TEXT NOT NULL,
    entity_id   INTEGER NOT NULL DEFAULT 0,
    action      TEXT NOT NULL,
    before      TEXT NOT NULL DEFAULT '',
    after       TEXT NOT NULL DEFAULT '',
    request_id  TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX idx_audit_entity ON audit_entries(entity, entity_id);

-- +goose Down
DROP TABLE audit_entries;
