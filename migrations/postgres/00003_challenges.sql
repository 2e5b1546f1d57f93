-- +goose Up
-- Full-text search on title and problem is ILIKE '%q%' backed by trigram indexes, which work for Chinese
-- (pg_trgm extracts trigrams of CJK characters under a UTF-8 ctype such as C.UTF-8). The extension lives in
-- public so that every schema (and every test schema) shares it; the advisory lock keeps concurrent
-- migrations from racing to create it.
SELECT pg_advisory_xact_lock(7365414);
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE TABLE challenges (
    id               BIGSERIAL PRIMARY KEY,
    org_id           BIGINT NOT NULL REFERENCES orgs(id),
    status           TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'rejected',
                         'published', 'bidding_closed', 'reviewing', 'notice', 'in_progress', 'completed',
                         'failed', 'cancelled')),
    title            TEXT NOT NULL DEFAULT '',
    field            TEXT NOT NULL DEFAULT '',
    background       TEXT NOT NULL DEFAULT '',
    problem          TEXT NOT NULL DEFAULT '',
    kpis             TEXT NOT NULL DEFAULT '[]',
    deliverables     TEXT NOT NULL DEFAULT '',
    duration_months  INTEGER NOT NULL DEFAULT 0,
    budget_fen       BIGINT NOT NULL DEFAULT 0 CHECK (budget_fen >= 0),
    gov_funding_fen  BIGINT NOT NULL DEFAULT 0 CHECK (gov_funding_fen >= 0),
    cofunding_fen    BIGINT NOT NULL DEFAULT 0 CHECK (cofunding_fen >= 0),
    ip_terms         TEXT NOT NULL DEFAULT '',
    eligibility      TEXT NOT NULL DEFAULT '',
    mode             TEXT NOT NULL DEFAULT 'single' CHECK (mode IN ('single', 'race')),
    max_racers       INTEGER NOT NULL DEFAULT 1,
    stages           TEXT NOT NULL DEFAULT '[]',
    bid_deadline     TIMESTAMPTZ NULL,
    published_at     TIMESTAMPTZ NULL,
    submitted_at     TIMESTAMPTZ NULL,
    approved_at      TIMESTAMPTZ NULL,
    closed_at        TIMESTAMPTZ NULL,
    cancelled_at     TIMESTAMPTZ NULL,
    cancel_reason    TEXT NOT NULL DEFAULT '',
    last_opinion     TEXT NOT NULL DEFAULT '',
    winner_racer_ids TEXT NOT NULL DEFAULT '[]',
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_challenges_org ON challenges(org_id);
CREATE INDEX idx_challenges_status_deadline ON challenges(status, bid_deadline);
CREATE INDEX idx_challenges_board ON challenges((COALESCE(published_at, created_at)) DESC, id DESC);
CREATE INDEX idx_challenges_title_trgm ON challenges USING gin (title public.gin_trgm_ops);
CREATE INDEX idx_challenges_problem_trgm ON challenges USING gin (problem public.gin_trgm_ops);

CREATE TABLE challenge_history (
    id            BIGSERIAL PRIMARY KEY,
    challenge_id  BIGINT NOT NULL REFERENCES challenges(id),
    action        TEXT NOT NULL,
    from_status   TEXT NOT NULL DEFAULT '',
    to_status     TEXT NOT NULL,
    opinion       TEXT NOT NULL DEFAULT '',
    actor_id      BIGINT NOT NULL DEFAULT 0,
    actor_name    TEXT NOT NULL DEFAULT '',
    actor_role    TEXT NOT NULL DEFAULT '',
    at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_challenge_history_challenge ON challenge_history(challenge_id, id);

CREATE TABLE challenge_amendments (
    id               BIGSERIAL PRIMARY KEY,
    challenge_id     BIGINT NOT NULL REFERENCES challenges(id),
    content          TEXT NOT NULL,
    created_by       BIGINT NOT NULL DEFAULT 0,
    created_by_name  TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_challenge_amendments_challenge ON challenge_amendments(challenge_id, id);

-- +goose Down
-- pg_trgm stays: other schemas on the server may use it.
DROP TABLE challenge_amendments;
DROP TABLE challenge_history;
DROP TABLE challenges;
