-- +goose Up
-- The funding ledger (资助台账): append-only decisions and disbursements, plus running totals per challenge
-- and per racer and source, so an invariant check reads one row instead of summing the ledger. racer_id has no
-- foreign key: racers belong to the race area, which the ledger reaches through an interface.
CREATE TABLE funding_decisions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id    INTEGER NOT NULL REFERENCES challenges(id),
    racer_id        INTEGER NOT NULL,
    tranche         TEXT NOT NULL CHECK (tranche IN ('startup', 'final_award') OR tranche GLOB 'stage-[1-9]*'),
    source          TEXT NOT NULL CHECK (source IN ('government', 'enterprise', 'self')),
    amount_fen      BIGINT NOT NULL,
    basis           TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    decided_by      INTEGER NOT NULL,
    decided_by_name TEXT NOT NULL DEFAULT '',
    decided_at      DATETIME NOT NULL,
    reverses_id     INTEGER NULL REFERENCES funding_decisions(id),
    CHECK ((reverses_id IS NULL AND amount_fen > 0) OR (reverses_id IS NOT NULL AND amount_fen < 0))
);
CREATE UNIQUE INDEX idx_funding_decisions_reverses ON funding_decisions(reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX idx_funding_decisions_challenge ON funding_decisions(challenge_id, id);
CREATE INDEX idx_funding_decisions_racer ON funding_decisions(racer_id, source, tranche);

CREATE TABLE funding_disbursements (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id     INTEGER NOT NULL REFERENCES challenges(id),
    racer_id         INTEGER NOT NULL,
    decision_id      INTEGER NOT NULL REFERENCES funding_decisions(id),
    source           TEXT NOT NULL CHECK (source IN ('government', 'enterprise', 'self')),
    amount_fen       BIGINT NOT NULL CHECK (amount_fen > 0),
    paid_on          TEXT NOT NULL,
    reference        TEXT NOT NULL,
    recorded_by      INTEGER NOT NULL,
    recorded_by_name TEXT NOT NULL DEFAULT '',
    recorded_at      DATETIME NOT NULL
);
CREATE INDEX idx_funding_disbursements_challenge ON funding_disbursements(challenge_id, id);
CREATE INDEX idx_funding_disbursements_decision ON funding_disbursements(decision_id);

-- +goose StatementBegin
CREATE TRIGGER funding_decisions_append_only_u BEFORE UPDATE ON funding_decisions
BEGIN SELECT RAISE(ABORT, 'funding_decisions is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER funding_decisions_append_only_d BEFORE DELETE ON funding_decisions
BEGIN SELECT RAISE(ABORT, 'funding_decisions is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER funding_disbursements_append_only_u BEFORE UPDATE ON funding_disbursements
BEGIN SELECT RAISE(ABORT, 'funding_disbursements is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER funding_disbursements_append_only_d BEFORE DELETE ON funding_disbursements
BEGIN SELECT RAISE(ABORT, 'funding_disbursements is append-only'); END;
-- +goose StatementEnd

-- One row per challenge with a ledger: the per-challenge lock and the running totals.
CREATE TABLE funding_totals (
    challenge_id       INTEGER PRIMARY KEY REFERENCES challenges(id),
    gov_decided_fen    BIGINT NOT NULL DEFAULT 0,
    gov_disbursed_fen  BIGINT NOT NULL DEFAULT 0,
    ent_decided_fen    BIGINT NOT NULL DEFAULT 0,
    ent_disbursed_fen  BIGINT NOT NULL DEFAULT 0,
    self_decided_fen   BIGINT NOT NULL DEFAULT 0,
    self_disbursed_fen BIGINT NOT NULL DEFAULT 0,
    records            INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE funding_racer_totals (
    racer_id      INTEGER NOT NULL,
    source        TEXT NOT NULL,
    challenge_id  INTEGER NOT NULL REFERENCES challenges(id),
    decided_fen   BIGINT NOT NULL DEFAULT 0,
    disbursed_fen BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (racer_id, source),
    CHECK (disbursed_fen <= decided_fen)
);
CREATE INDEX idx_funding_racer_totals_challenge ON funding_racer_totals(challenge_id);

-- +goose Down
DROP TABLE funding_racer_totals;
DROP TABLE funding_totals;
DROP TRIGGER funding_disbursements_append_only_d;
DROP TRIGGER funding_disbursements_append_only_u;
DROP TRIGGER funding_decisions_append_only_d;
DROP TRIGGER funding_decisions_append_only_u;
DROP TABLE funding_disbursements;
DROP TABLE funding_decisions;
