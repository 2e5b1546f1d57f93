-- +goose Up
-- Terminations (终止) and revocations (撤销) of racers, the team's requests to terminate, the expenses the team
-- reports and the bureau accepts, and the refunds due and received: append-only, like the funding ledger.
-- racer_id has no foreign key: racers belong to the race area, which the ledger reaches through an interface.
CREATE TABLE funding_endings (
    racer_id        BIGINT PRIMARY KEY,
    challenge_id    BIGINT NOT NULL REFERENCES challenges(id),
    org_id          BIGINT NOT NULL DEFAULT 0,
    kind            TEXT NOT NULL CHECK (kind IN ('terminate', 'revoke')),
    ground          TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL,
    credit_status   TEXT NOT NULL DEFAULT '',
    decided_by      BIGINT NOT NULL,
    decided_by_name TEXT NOT NULL DEFAULT '',
    decided_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_funding_endings_challenge ON funding_endings(challenge_id);

CREATE TABLE funding_termination_requests (
    id                BIGSERIAL PRIMARY KEY,
    racer_id          BIGINT NOT NULL,
    challenge_id      BIGINT NOT NULL REFERENCES challenges(id),
    reason            TEXT NOT NULL,
    requested_by      BIGINT NOT NULL,
    requested_by_name TEXT NOT NULL DEFAULT '',
    requested_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_funding_termination_requests_racer ON funding_termination_requests(racer_id, id);

CREATE TABLE funding_expenses (
    id           BIGSERIAL PRIMARY KEY,
    racer_id     BIGINT NOT NULL,
    challenge_id BIGINT NOT NULL REFERENCES challenges(id),
    kind         TEXT NOT NULL CHECK (kind IN ('reported', 'accepted')),
    amount_fen   BIGINT NOT NULL CHECK (amount_fen > 0),
    note         TEXT NOT NULL DEFAULT '',
    by_id        BIGINT NOT NULL,
    by_name      TEXT NOT NULL DEFAULT '',
    at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_funding_expenses_racer ON funding_expenses(racer_id, id);

-- A refund due is positive when an ending asks money back and negative when accepted expenses lower it; a
-- refund received is positive.
CREATE TABLE funding_refunds (
    id               BIGSERIAL PRIMARY KEY,
    racer_id         BIGINT NOT NULL,
    challenge_id     BIGINT NOT NULL REFERENCES challenges(id),
    kind             TEXT NOT NULL CHECK (kind IN ('due', 'received')),
    amount_fen       BIGINT NOT NULL CHECK (amount_fen <> 0 AND (kind = 'due' OR amount_fen > 0)),
    received_on      TEXT NOT NULL DEFAULT '',
    reference        TEXT NOT NULL DEFAULT '',
    note             TEXT NOT NULL DEFAULT '',
    recorded_by      BIGINT NOT NULL,
    recorded_by_name TEXT NOT NULL DEFAULT '',
    recorded_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_funding_refunds_challenge ON funding_refunds(challenge_id, racer_id, id);

-- +goose StatementBegin
CREATE FUNCTION funding_endings_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER funding_endings_append_only BEFORE UPDATE OR DELETE ON funding_endings
    FOR EACH ROW EXECUTE FUNCTION funding_endings_append_only();
CREATE TRIGGER funding_expenses_append_only BEFORE UPDATE OR DELETE ON funding_expenses
    FOR EACH ROW EXECUTE FUNCTION funding_endings_append_only();
CREATE TRIGGER funding_refunds_append_only BEFORE UPDATE OR DELETE ON funding_refunds
    FOR EACH ROW EXECUTE FUNCTION funding_endings_append_only();

-- +goose Down
DROP TRIGGER funding_refunds_append_only ON funding_refunds;
DROP TRIGGER funding_expenses_append_only ON funding_expenses;
DROP TRIGGER funding_endings_append_only ON funding_endings;
DROP FUNCTION funding_endings_append_only();
DROP TABLE funding_refunds;
DROP TABLE funding_expenses;
DROP TABLE funding_termination_requests;
DROP TABLE funding_endings;
