-- +goose Up
-- Rectification (限期整改): a stage decision may keep a racer on condition of a rectification with a due date
-- (the decision lists them in rectify, JSON read with its row), and the first failing acceptance may give
-- one. Each is a record with its own machine: open → reported → passed | eliminated. One per racer and stage
-- (the acceptance's is at the last stage, so it is given once).
ALTER TABLE stage_decisions ADD COLUMN rectify TEXT NOT NULL DEFAULT '[]';

CREATE TABLE racer_rectifications (
    id           BIGSERIAL PRIMARY KEY,
    racer_id     BIGINT NOT NULL REFERENCES racers(id),
    challenge_id BIGINT NOT NULL REFERENCES challenges(id),
    kind         TEXT NOT NULL CHECK (kind IN ('stage', 'acceptance')),
    stage        INTEGER NOT NULL CHECK (stage > 0),
    requirements TEXT NOT NULL,
    due_at       TIMESTAMPTZ NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open', 'reported', 'passed', 'eliminated')),
    summary      TEXT NOT NULL DEFAULT '',
    reported_at  TIMESTAMPTZ NULL,
    reported_by  BIGINT NOT NULL DEFAULT 0,
    late         BOOLEAN NOT NULL DEFAULT FALSE,
    reason       TEXT NOT NULL DEFAULT '',
    decided_by   BIGINT NOT NULL DEFAULT 0,
    decided_at   TIMESTAMPTZ NULL,
    created_by   BIGINT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (racer_id, stage)
);
CREATE INDEX idx_racer_rectifications_challenge ON racer_rectifications(challenge_id);
CREATE INDEX idx_racer_rectifications_status ON racer_rectifications(status, due_at);

-- +goose Down
DROP TABLE racer_rectifications;
ALTER TABLE stage_decisions DROP COLUMN rectify;
