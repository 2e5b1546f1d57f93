-- +goose Up
-- A racer's task book (任务书) as numbered versions: v1 at the start, the next one per approved change
-- (补充任务书). content is the canonical JSON every signer signs, digest its SHA-256 (hex); signed counts the
-- signatures given in order (compare-and-set); superseded_at is set when a later version replaced it.
CREATE TABLE taskbook_versions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    racer_id      INTEGER NOT NULL REFERENCES racers(id),
    number        INTEGER NOT NULL,
    content       TEXT NOT NULL,
    digest        TEXT NOT NULL,
    signed        INTEGER NOT NULL DEFAULT 0,
    superseded_at DATETIME NULL,
    created_at    DATETIME NOT NULL,
    UNIQUE (racer_id, number)
);

-- One signature of a version: who signed, for which slot and organisation, the digest signed.
CREATE TABLE taskbook_signatures (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    version_id INTEGER NOT NULL REFERENCES taskbook_versions(id),
    racer_id   INTEGER NOT NULL REFERENCES racers(id),
    version    INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    slot       TEXT NOT NULL,
    role       TEXT NOT NULL,
    org_id     INTEGER NOT NULL DEFAULT 0,
    org_name   TEXT NOT NULL DEFAULT '',
    on_behalf  BOOLEAN NOT NULL DEFAULT 0,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    user_name  TEXT NOT NULL DEFAULT '',
    digest     TEXT NOT NULL,
    signed_at  DATETIME NOT NULL,
    UNIQUE (version_id, slot),
    UNIQUE (version_id, seq)
);
CREATE INDEX idx_taskbook_signatures_racer ON taskbook_signatures(racer_id, version, seq);

-- A change request (项目变更): submitted → consented → approved | rejected | withdrawn.
CREATE TABLE taskbook_changes (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    racer_id        INTEGER NOT NULL REFERENCES racers(id),
    challenge_id    INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    reason          TEXT NOT NULL,
    proposed        TEXT NOT NULL,
    attachments     TEXT NOT NULL DEFAULT '[]',
    status          TEXT NOT NULL,
    filed_by        INTEGER NOT NULL,
    filed_by_name   TEXT NOT NULL DEFAULT '',
    by_bureau       BOOLEAN NOT NULL DEFAULT 0,
    consented_by    INTEGER NOT NULL DEFAULT 0,
    consented_at    DATETIME NULL,
    decided_by      INTEGER NOT NULL DEFAULT 0,
    decided_at      DATETIME NULL,
    decision_reason TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 0,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE INDEX idx_taskbook_changes_racer ON taskbook_changes(racer_id, id);

-- +goose Down
DROP TABLE taskbook_changes;
DROP TABLE taskbook_signatures;
DROP TABLE taskbook_versions;
