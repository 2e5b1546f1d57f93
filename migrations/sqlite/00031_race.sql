-- +goose Up
-- The horse race (赛马): public notices (公示) of a selection and their objections (异议), racers with their task
-- books (任务书), stage reports, stage decisions, the racers' history (advanced, eliminated, re-admitted,
-- merged, winner) and the enterprise's acceptance opinions (验收意见). JSON columns are read and written with
-- their row, never queried on their own.
CREATE TABLE notices (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id     INTEGER NOT NULL REFERENCES challenges(id),
    seq              INTEGER NOT NULL,
    bid_ids          TEXT NOT NULL DEFAULT '[]',
    reason           TEXT NOT NULL DEFAULT '',
    notice_days      INTEGER NOT NULL CHECK (notice_days > 0),
    starts_at        DATETIME NOT NULL,
    ends_at          DATETIME NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('open', 'closed', 'superseded')),
    closed_at        DATETIME NULL,
    created_by       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (challenge_id, seq)
);
CREATE INDEX idx_notices_due ON notices(status, ends_at);

CREATE TABLE objections (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    notice_id    INTEGER NOT NULL REFERENCES notices(id),
    challenge_id INTEGER NOT NULL REFERENCES challenges(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    reason       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open', 'upheld', 'dismissed')),
    answer       TEXT NOT NULL DEFAULT '',
    answered_by  INTEGER NULL,
    answered_at  DATETIME NULL,
    created_at   DATETIME NOT NULL
);
CREATE INDEX idx_objections_notice ON objections(notice_id, status);

CREATE TABLE racers (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id       INTEGER NOT NULL REFERENCES challenges(id),
    bid_id             INTEGER NOT NULL REFERENCES bids(id),
    org_id             INTEGER NOT NULL REFERENCES orgs(id),
    status             TEXT NOT NULL CHECK (status IN ('racing', 'eliminated', 'winner', 'finished')),
    tolerance          BOOLEAN NULL,
    eliminated_stage   INTEGER NOT NULL DEFAULT 0,
    elimination_reason TEXT NOT NULL DEFAULT '',
    readmitted         BOOLEAN NOT NULL DEFAULT FALSE,
    merged_into        INTEGER NULL REFERENCES racers(id),
    task_book          TEXT NOT NULL DEFAULT '{}',
    started_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL,
    UNIQUE (challenge_id, bid_id)
);
CREATE INDEX idx_racers_org ON racers(org_id, status);

CREATE TABLE racer_reports (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    racer_id     INTEGER NOT NULL REFERENCES racers(id),
    challenge_id INTEGER NOT NULL REFERENCES challenges(id),
    stage        INTEGER NOT NULL CHECK (stage > 0),
    summary      TEXT NOT NULL,
    kpi_values   TEXT NOT NULL DEFAULT '{}',
    due_at       DATETIME NOT NULL,
    submitted_at DATETIME NOT NULL,
    late         BOOLEAN NOT NULL DEFAULT FALSE,
    submitted_by INTEGER NOT NULL,
    UNIQUE (racer_id, stage)
);
CREATE INDEX idx_racer_reports_challenge ON racer_reports(challenge_id, stage);

CREATE TABLE stage_decisions (
    challenge_id INTEGER NOT NULL REFERENCES challenges(id),
    stage        INTEGER NOT NULL CHECK (stage > 0),
    advance      TEXT NOT NULL DEFAULT '[]',
    eliminate    TEXT NOT NULL DEFAULT '[]',
    scores       TEXT NOT NULL DEFAULT '{}',
    reason       TEXT NOT NULL DEFAULT '',
    decided_by   INTEGER NOT NULL,
    decided_at   DATETIME NOT NULL,
    PRIMARY KEY (challenge_id, stage)
);

CREATE TABLE racer_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    racer_id     INTEGER NOT NULL REFERENCES racers(id),
    challenge_id INTEGER NOT NULL REFERENCES challenges(id),
    stage        INTEGER NOT NULL DEFAULT 0,
    kind         TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    actor_id     INTEGER NOT NULL DEFAULT 0,
    at           DATETIME NOT NULL
);
CREATE INDEX idx_racer_events_challenge ON racer_events(challenge_id, id);

CREATE TABLE acceptance_opinions (
    challenge_id INTEGER NOT NULL REFERENCES challenges(id),
    racer_id     INTEGER NOT NULL REFERENCES racers(id),
    kpi_results  TEXT NOT NULL DEFAULT '{}',
    opinion      TEXT NOT NULL,
    by_user      INTEGER NOT NULL,
    at           DATETIME NOT NULL,
    PRIMARY KEY (challenge_id, racer_id)
);

-- +goose Down
DROP TABLE acceptance_opinions;
DROP TABLE racer_events;
DROP TABLE stage_decisions;
DROP TABLE racer_reports;
DROP TABLE racers;
DROP TABLE objections;
DROP TABLE notices;
