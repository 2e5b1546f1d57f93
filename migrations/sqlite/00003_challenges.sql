-- +goose Up
CREATE TABLE challenges (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    status           TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'rejected',
                         'published', 'bidding_closed', 'reviewing', 'notice', 'in_progress', 'completed',
                         'failed', 'cancelled')),
    title            TEXT NOT NULL DEFAULT '',
    field            TEXT NOT NULL DEFAULT '',
    background       TEXT NOT NULL DEFAULT '',
    problem          TEXT NOT NULL DEFAULT '',
    kpis             TEXT NOT NULL DEFAULT '[]',
    deliverables     TEXT NOT NULL DEFAULT '',
    duration_months  INTEGER NOT NULL DEFAULT 0,
    budget_fen       INTEGER NOT NULL DEFAULT 0 CHECK (budget_fen >= 0),
    gov_funding_fen  INTEGER NOT NULL DEFAULT 0 CHECK (gov_funding_fen >= 0),
    cofunding_fen    INTEGER NOT NULL DEFAULT 0 CHECK (cofunding_fen >= 0),
    ip_terms         TEXT NOT NULL DEFAULT '',
    eligibility      TEXT NOT NULL DEFAULT '',
    mode             TEXT NOT NULL DEFAULT 'single' CHECK (mode IN ('single', 'race')),
    max_racers       INTEGER NOT NULL DEFAULT 1,
    stages           TEXT NOT NULL DEFAULT '[]',
    bid_deadline     DATETIME NULL,
    published_at     DATETIME NULL,
    submitted_at     DATETIME NULL,
    approved_at      DATETIME NULL,
    closed_at        DATETIME NULL,
    cancelled_at     DATETIME NULL,
    cancel_reason    TEXT NOT NULL DEFAULT '',
    last_opinion     TEXT NOT NULL DEFAULT '',
    winner_racer_ids TEXT NOT NULL DEFAULT '[]',
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL
);
CREATE INDEX idx_challenges_org ON challenges(org_id);
CREATE INDEX idx_challenges_status_deadline ON challenges(status, bid_deadline);
CREATE INDEX idx_challenges_board ON challenges(COALESCE(published_at, created_at) DESC, id DESC);

CREATE TABLE challenge_history (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id  INTEGER NOT NULL REFERENCES challenges(id),
    action        TEXT NOT NULL,
    from_status   TEXT NOT NULL DEFAULT '',
    to_status     TEXT NOT NULL,
    opinion       TEXT NOT NULL DEFAULT '',
    actor_id      INTEGER NOT NULL DEFAULT 0,
    actor_name    TEXT NOT NULL DEFAULT '',
    actor_role    TEXT NOT NULL DEFAULT '',
    at            DATETIME NOT NULL
);
CREATE INDEX idx_challenge_history_challenge ON challenge_history(challenge_id, id);

CREATE TABLE challenge_amendments (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id     INTEGER NOT NULL REFERENCES challenges(id),
    content          TEXT NOT NULL,
    created_by       INTEGER NOT NULL DEFAULT 0,
    created_by_name  TEXT NOT NULL DEFAULT '',
    created_at       DATETIME NOT NULL
);
CREATE INDEX idx_challenge_amendments_challenge ON challenge_amendments(challenge_id, id);

-- +goose Down
DROP TABLE challenge_amendments;
DROP TABLE challenge_history;
DROP TABLE challenges;
