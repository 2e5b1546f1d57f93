-- +goose Up
-- The organisations' credit ledger (信用记录): warnings, bars with an end date (the last day, China time) and
-- lifts, each with its reason and the decision it comes from. orgs.credit_status follows from these events.
CREATE TABLE credit_events (
    id           BIGSERIAL PRIMARY KEY,
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    kind         TEXT NOT NULL CHECK (kind IN ('warn', 'bar', 'lift')),
    reason       TEXT NOT NULL,
    until        TEXT NULL,
    source       TEXT NOT NULL DEFAULT 'manual',
    source_id    BIGINT NOT NULL DEFAULT 0,
    created_by   BIGINT NOT NULL DEFAULT 0,
    created_name TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_credit_events_org ON credit_events(org_id, id);

-- +goose Down
DROP TABLE credit_events;
