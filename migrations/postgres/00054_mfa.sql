-- +goose Up
-- A user's second factor (TOTP, RFC 6238). confirmed_at is NULL while enrolment waits for its first code;
-- last_step is the newest 30-second time step whose code was accepted, so a code cannot be used twice.
CREATE TABLE user_mfa (
    user_id      BIGINT PRIMARY KEY REFERENCES users(id),
    secret       TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    confirmed_at TIMESTAMPTZ NULL,
    last_step    BIGINT NOT NULL DEFAULT 0
);

-- One-time recovery codes of a user's second factor; only their SHA-256 is stored.
CREATE TABLE mfa_recovery_codes (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id),
    code_hash  TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ NULL
);
CREATE INDEX idx_mfa_recovery_codes_user ON mfa_recovery_codes(user_id);

-- A login attempt is pending from its reservation until its check ends: pending attempts are not failures
-- (parallel right passwords do not throttle each other); a pending attempt left behind by a crash counts as a
-- failure once it is a minute old.
ALTER TABLE login_attempts ADD COLUMN pending BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE login_attempts DROP COLUMN pending;
DROP TABLE mfa_recovery_codes;
DROP TABLE user_mfa;
