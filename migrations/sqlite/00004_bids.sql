-- +goose Up
-- Bids (揭榜申报): the working copy lives in bids.content (JSON); every submission is kept in bid_versions as
-- the canonical JSON whose SHA-256 is the receipt's digest. One non-withdrawn bid per lead organisation per
-- challenge. pi_email is the normalised PI e-mail of the latest submitted version, counted by the limits.
CREATE TABLE bids (
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
CREATE UNIQUE INDEX idx_bids_one_open_per_org ON bids(challenge_id, lead_org_id) WHERE status <> 'withdrawn';
CREATE INDEX idx_bids_challenge ON bids(challenge_id, status);
CREATE INDEX idx_bids_org ON bids(lead_org_id, status);
CREATE INDEX idx_bids_pi ON bids(pi_email, status);

CREATE TABLE bid_versions (
    bid_id       INTEGER NOT NULL REFERENCES bids(id),
    version      INTEGER NOT NULL CHECK (version >= 1),
    content      TEXT NOT NULL,
    digest       TEXT NOT NULL,
    submitted_at DATETIME NOT NULL,
    submitted_by INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (bid_id, version)
);

CREATE TABLE bid_attachments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    bid_id       INTEGER NOT NULL REFERENCES bids(id),
    filename     TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size >= 0),
    content_type TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_by  INTEGER NOT NULL REFERENCES users(id),
    uploaded_at  DATETIME NOT NULL,
    removed_at   DATETIME NULL
);
CREATE INDEX idx_bid_attachments_bid ON bid_attachments(bid_id, id);

-- +goose Down
DROP TABLE bid_attachments;
DROP TABLE bid_versions;
DROP TABLE bids;
