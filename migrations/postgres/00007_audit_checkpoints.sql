-- +goose Up
-- Signed checkpoints of the audit chain (Ed25519, key kept outside the database): the chain's length and head
-- hash at a moment. Verification fails when the chain is shorter than, or differs from, any of them.
CREATE TABLE audit_checkpoints (
    id         BIGSERIAL PRIMARY KEY,
    entries    BIGINT NOT NULL UNIQUE,
    head_hash  TEXT NOT NULL,
    signed_at  TIMESTAMPTZ NOT NULL,
    key_id     TEXT NOT NULL,
    signature  TEXT NOT NULL
);

-- +goose Down
DROP TABLE audit_checkpoints;
