-- +goose Up
-- The funding ledger (资助台账): append-only decisions and disbursements, plus running totals per challenge
-- and per racer and source, so an invariant check reads one row instead of summing the ledger. racer_id has no
-- foreign key: racers belong to the race area, which the ledger reaches through an interface.
CREATE TABLE funding_decisions (
    id              BIGSERIAL PRIMARY KEY,
    challenge_id    BIGINT NOT NULL REFERENCES challenges(id),
    racer_id        BIGINT NOT NULL,
    tranche         TEXT NOT NULL CHECK (tranche IN ('startup', 'final_award') OR tranche ~ '^stage-[1-9][0-9]*$'),
    source          TEXT NOT NULL CHECK (source IN ('government', 'enterprise', 'self')),
    amount_fen      BIGINT NOT NULL,
    basis           TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    decided_by      BIGINT NOT NULL,
    decided_by_name TEXT NOT NULL DEFAULT '',
    decided_at      TIMESTAMPTZ NOT NULL,
    reverses_id     BIGINT NULL REFERENCES funding_decisions(id),
    CHECK ((reverses_id IS NULL AND amount_fen > 0) OR (reverses_id IS NOT NULL AND amount_fen < 0))
);
CREATE UNIQUE INDEX idx_funding_decisions_reverses ON funding_decisions(reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX idx_funding_decisions_challenge ON funding_decisions(challenge_id, id);
CREATE INDEX idx_funding_decisions_racer ON funding_decisions(racer_id, source, tranche);

CREATE TABLE funding_disbursements (
    id               BIGSERIAL PRIMARY KEY,
    challenge_id     BIGINT NOT NULL REFERENCES challenges(id),
    racer_id         BIGINT NOT NULL,
    decision_id      BIGINT NOT NULL REFERENCES funding_decisions(id),
    source           TEXT NOT NULL CHECK (source IN ('government', 'enterprise', 'self')),
    amount_fen       BIGINT NOT NULL CHECK (amount_fen > 0),
    paid_on          TEXT NOT NULL,
    reference        TEXT NOT NULL,
    recorded_by      BIGINT NOT NULL,
    recorded_by_name TEXT NOT NULL DEFAULT '',
    recorded_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_funding_disbursements_challenge ON funding_disbursements(challenge_id, id);
CREATE INDEX idx_funding_disbursements_decision ON funding_disbursements(decision_id);

-- +goose StatementBegin
CREATE FUNCTION funding_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER funding_decisions_append_only BEFORE UPDATE OR DELETE ON funding_decisions
    FOR EACH ROW EXECUTE FUNCTION funding_append_only();
CREATE TRIGGER funding_disbursements_append_only BEFORE UPDATE OR DELETE ON funding_disbursements
    FOR EACH ROW EXECUTE FUNCTION funding_append_only();

-- One row per challenge with a ledger: the per-challenge lock (SELECT ... FOR UPDATE) and the running totals.
CREATE TABLE funding_totals (
    challenge_id       BIGINT PRIMARY KEY REFERENCES challenges(id),
    gov_decided_fen    BIGINT NOT NULL DEFAULT 0,
    gov_disbursed_fen  BIGINT NOT NULL DEFAULT 0,
    ent_decided_fen    BIGINT NOT NULL DEFAULT 0,
    ent_disbursed_fen  BIGINT NOT NULL DEFAULT 0,
    self_decided_fen   BIGINT NOT NULL DEFAULT 0,
    self_disbursed_fen BIGINT NOT NULL DEFAULT 0,
    records            INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE funding_racer_totals (
    racer_id      BIGINT NOT NULL,
    source        TEXT NOT NULL,
    challenge_id  BIGINT NOT NULL REFERENCES challenges(id),
    decided_fen   BIGINT NOT NULL DEFAULT 0,
    disbursed_fen BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (racer_id, source),
    CHECK (disbursed_fen <= decided_fen)
);
CREATE INDEX idx_funding_racer_totals_challenge ON funding_racer_totals(challenge_id);

-- +goose Down
DROP TABLE funding_racer_totals;
DROP TABLE funding_totals;
DROP TRIGGER funding_disbursements_append_only ON funding_disbursements;
DROP TRIGGER funding_decisions_append_only ON funding_decisions;
DROP FUNCTION funding_append_only();
DROP TABLE funding_disbursements;
DROP TABLE funding_decisions;
