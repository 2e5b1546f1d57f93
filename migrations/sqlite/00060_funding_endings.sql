-- +goose Up
-- Terminations (终止) and revocations (撤销) of racers, the team's requests to terminate, the expenses the team
-- reports and the bureau accepts, and the refunds due and received: append-only, like the funding ledger.
-- racer_id has no foreign key: racers belong to the race area, which the ledger reaches through an interface.
CREATE TABLE funding_endings (
    racer_id        INTEGER PRIMARY KEY,
    challenge_id    INTEGER NOT NULL REFERENCES challenges(id),
    org_id          INTEGER NOT NULL DEFAULT 0,
    kind            TEXT NOT NULL CHECK (kind IN ('terminate', 'revoke')),
    ground          TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL,
    credit_status   TEXT NOT NULL DEFAULT '',
    decided_by      INTEGER NOT NULL,
    decided_by_name TEXT NOT NULL DEFAULT '',
    decided_at      DATETIME NOT NULL
);
CREATE INDEX idx_funding_endings_challenge ON funding_endings(challenge_id);

CREATE TABLE funding_termination_requests (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    racer_id          INTEGER NOT NULL,
    challenge_id      INTEGER NOT NULL REFERENCES challenges(id),
    reason            TEXT NOT NULL,
    requested_by      INTEGER NOT NULL,
    requested_by_name TEXT NOT NULL DEFAULT '',
    requested_at      DATETIME NOT NULL
);
CREATE INDEX idx_funding_termination_requests_racer ON funding_termination_requests(racer_id, id);

CREATE TABLE funding_expenses (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    racer_id     INTEGER NOT NULL,
    challenge_id INTEGER NOT NULL REFERENCES challenges(id),
    kind         TEXT NOT NULL CHECK (kind IN ('reported', 'accepted')),
    amount_fen   BIGINT NOT NULL CHECK (amount_fen > 0),
    note         TEXT NOT NULL DEFAULT '',
    by_id        INTEGER NOT NULL,
    by_name      TEXT NOT NULL DEFAULT '',
    at           DATETIME NOT NULL
);
CREATE INDEX idx_funding_expenses_racer ON funding_expenses(racer_id, id);

-- A refund due is positive when an ending asks money back and negative when accepted expenses lower it; a
-- refund received is positive.
CREATE TABLE funding_refunds (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    racer_id         INTEGER NOT NULL,
    challenge_id     INTEGER NOT NULL REFERENCES challenges(id),
    kind             TEXT NOT NULL CHECK (kind IN ('due', 'received')),
    amount_fen       BIGINT NOT NULL CHECK (amount_fen <> 0 AND (kind = 'due' OR amount_fen > 0)),
    received_on      TEXT NOT NULL DEFAULT '',
    reference        TEXT NOT NULL DEFAULT '',
    note             TEXT NOT NULL DEFAULT '',
    recorded_by      INTEGER NOT NULL,
    recorded_by_name TEXT NOT NULL DEFAULT '',
    recorded_at      DATETIME NOT NULL
);
CREATE INDEX idx_funding_refunds_challenge ON funding_refunds(challenge_id, racer_id, id);

-- +goose StatementBegin
CREATE TRIGGER funding_endings_append_only_u BEFORE UPDATE ON funding_endings
BEGIN SELECT RAISE(ABORT, 'funding_endings is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER funding_endings_append_only_d BEFORE DELETE ON funding_endings
BEGIN SELECT RAISE(ABORT, 'funding_endings is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER funding_expenses_append_only_u BEFORE UPDATE ON funding_expenses
BEGIN SELECT RAISE(ABORT, 'funding_expenses is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER funding_expenses_append_only_d BEFORE DELETE ON funding_expenses
BEGIN SELECT RAISE(ABORT, 'funding_expenses is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER funding_refunds_append_only_u BEFORE UPDATE ON funding_refunds
BEGIN SELECT RAISE(ABORT, 'funding_refunds is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER funding_refunds_append_only_d BEFORE DELETE ON funding_refunds
BEGIN SELECT RAISE(ABORT, 'funding_refunds is append-only'); END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER funding_refunds_append_only_d;
DROP TRIGGER funding_refunds_append_only_u;
DROP TRIGGER funding_expenses_append_only_d;
DROP TRIGGER funding_expenses_append_only_u;
DROP TRIGGER funding_endings_append_only_d;
DROP TRIGGER funding_endings_append_only_u;
DROP TABLE funding_refunds;
DROP TABLE funding_expenses;
DROP TABLE funding_termination_requests;
DROP TABLE funding_endings;
