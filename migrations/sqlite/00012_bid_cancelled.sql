-- +goose NO TRANSACTION
-- +goose Up
-- A bid ends as 'cancelled' when the bureau cancels its challenge (撤榜): it stops counting for the limits
-- (限项) and shows why (end_reason, ended_at). SQLite cannot change a CHECK constraint in place, so the table
-- is rebuilt the documented way (foreign keys off on this single connection, one transaction, a foreign key
-- check before the commit).
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE bids_new (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id       INTEGER NOT NULL REFERENCES challenges(id),
    lead_org_id        INTEGER NOT NULL REFERENCES orgs(id),
    status             TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'withdrawn', 'eligible', 'ineligible',
                           'selected', 'not_selected', 'cancelled')),
    content            TEXT NOT NULL DEFAULT '{}',
    dirty              BOOLEAN NOT NULL DEFAULT FALSE,
    version            INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
    pi_email           TEXT NOT NULL DEFAULT '',
    submitted_at       DATETIME NULL,
    digest             TEXT NOT NULL DEFAULT '',
    eligibility_reason TEXT NOT NULL DEFAULT '',
    decided_at         DATETIME NULL,
    created_by         INTEGER NOT NULL REFERENCES users(id),
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL,
    withdrawn_at       DATETIME NULL,
    end_reason         TEXT NOT NULL DEFAULT '',
    ended_at           DATETIME NULL
);
INSERT INTO bids_new (id, challenge_id, lead_org_id, status, content, dirty, version, pi_email, submitted_at, digest,
    eligibility_reason, decided_at, created_by, created_at, updated_at, withdrawn_at)
SELECT id, challenge_id, lead_org_id, status, content, dirty, version, pi_email, submitted_at, digest,
    eligibility_reason, decided_at, created_by, created_at, updated_at, withdrawn_at FROM bids;
DROP TABLE bids;
ALTER TABLE bids_new RENAME TO bids;
CREATE UNIQUE INDEX idx_bids_one_open_per_org ON bids(challenge_id, lead_org_id) WHERE status <> 'withdrawn';
CREATE INDEX idx_bids_challenge ON bids(challenge_id, status);
CREATE INDEX idx_bids_org ON bids(lead_org_id, status);
CREATE INDEX idx_bids_pi ON bids(pi_email, status);
PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
PRAGMA foreign_keys = OFF;
BEGIN;
UPDATE bids SET status = 'withdrawn', withdrawn_at = ended_at WHERE status = 'cancelled';
CREATE TABLE bids_old (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id       INTEGER NOT NULL REFERENCES challenges(id),
    lead_org_id        INTEGER NOT NULL REFERENCES orgs(id),
    status             TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'withdrawn', 'eligible', 'ineligible',
                           'selected', 'not_selected')),
    content            TEXT NOT NULL DEFAULT '{}',
    dirty              BOOLEAN NOT NULL DEFAULT FALSE,
    version            INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
    pi_email           TEXT NOT NULL DEFAULT '',
    submitted_at       DATETIME NULL,
    digest             TEXT NOT NULL DEFAULT '',
    eligibility_reason TEXT NOT NULL DEFAULT '',
    decided_at         DATETIME NULL,
    created_by         INTEGER NOT NULL REFERENCES users(id),
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL,
    withdrawn_at       DATETIME NULL
);
INSERT INTO bids_old SELECT id, challenge_id, lead_org_id, status, content, dirty, version, pi_email, submitted_at,
    digest, eligibility_reason, decided_at, created_by, created_at, updated_at, withdrawn_at FROM bids;
DROP TABLE bids;
ALTER TABLE bids_old RENAME TO bids;
CREATE UNIQUE INDEX idx_bids_one_open_per_org ON bids(challenge_id, lead_org_id) WHERE status <> 'withdrawn';
CREATE INDEX idx_bids_challenge ON bids(challenge_id, status);
CREATE INDEX idx_bids_org ON bids(lead_org_id, status);
CREATE INDEX idx_bids_pi ON bids(pi_email, status);
COMMIT;
PRAGMA foreign_keys = ON;
