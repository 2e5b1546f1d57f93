-- +goose Up
CREATE TABLE orgs (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT NOT NULL,
    type          TEXT NOT NULL CHECK (type IN ('enterprise', 'university', 'research_institute', 'other')),
    credit_code   TEXT NOT NULL UNIQUE,
    verified      BOOLEAN NOT NULL DEFAULT FALSE,
    credit_status TEXT NOT NULL DEFAULT 'good' CHECK (credit_status IN ('good', 'warned', 'barred')),
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_orgs_verified ON orgs(verified);

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('enterprise', 'team', 'expert', 'bureau', 'admin')),
    org_id        BIGINT NULL REFERENCES orgs(id),
    password_hash TEXT NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    expert_fields TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_users_org ON users(org_id);
CREATE INDEX idx_users_role ON users(role);

CREATE TABLE refresh_tokens (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    family      TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ NULL,
    revoked_at  TIMESTAMPTZ NULL
);
CREATE INDEX idx_refresh_tokens_family ON refresh_tokens(family);
CREATE INDEX idx_refresh_tokens_user ON refresh_tokens(user_id);

CREATE TABLE login_attempts (
    id       BIGSERIAL PRIMARY KEY,
    email    TEXT NOT NULL,
    ip       TEXT NOT NULL DEFAULT '',
    success  BOOLEAN NOT NULL,
    at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_login_attempts_email ON login_attempts(email, success, at);
CREATE INDEX idx_login_attempts_ip ON login_attempts(ip, success, at);

-- +goose Down
DROP TABLE login_attempts;
DROP TABLE refresh_tokens;
DROP TABLE users;
DROP TABLE orgs;
