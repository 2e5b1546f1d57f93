-- +goose Up
-- Registrations per client address, for the registration limit (429 with Retry-After).
CREATE TABLE registrations (
    id  BIGSERIAL PRIMARY KEY,
    ip  TEXT NOT NULL,
    at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_registrations_ip ON registrations(ip, at);
-- Whether an account has logged in from an address before (it is then exempt from the address's limit).
CREATE INDEX idx_login_attempts_email_ip ON login_attempts(email, ip, success);

-- +goose Down
DROP INDEX idx_login_attempts_email_ip;
DROP TABLE registrations;
