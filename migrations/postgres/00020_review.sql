-- +goose Up
-- Expert review (专家评审). The pool is every expert user of a verified organisation; expert_profiles holds
-- what the expert or the bureau changed (fields, the maximum of open assignments, deactivation), so an expert
-- without a row is in the pool with the defaults; the fields of expertise stay in users.expert_fields.
-- Declared conflicts name organisations by credit code.
CREATE TABLE expert_profiles (
    user_id    BIGINT PRIMARY KEY REFERENCES users(id),
    max_open   INTEGER NOT NULL DEFAULT 10 CHECK (max_open >= 1),
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE expert_conflicts (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    credit_code TEXT NOT NULL,
    org_name    TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, credit_code)
);

-- A round's rubric is JSON [{name, weight}]; seed and pool_digest are those of the latest draw, draws counts
-- draws so a redraw is visible.
CREATE TABLE review_rounds (
    id               BIGSERIAL PRIMARY KEY,
    challenge_id     BIGINT NOT NULL REFERENCES challenges(id),
    kind             TEXT NOT NULL CHECK (kind IN ('validation', 'bid_review', 'stage_review', 'acceptance')),
    stage            INTEGER NOT NULL DEFAULT 0,
    rubric           TEXT NOT NULL,
    experts_per_item INTEGER NOT NULL CHECK (experts_per_item >= 1),
    aggregation      TEXT NOT NULL CHECK (aggregation IN ('trimmed_mean', 'mean', 'zscore')),
    deadline         TIMESTAMPTZ NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('open', 'assigned', 'closed')),
    seed             BIGINT NOT NULL DEFAULT 0,
    pool_digest      TEXT NOT NULL DEFAULT '',
    draws            INTEGER NOT NULL DEFAULT 0,
    created_by       BIGINT NOT NULL REFERENCES users(id),
    created_at       TIMESTAMPTZ NOT NULL,
    assigned_at      TIMESTAMPTZ NULL,
    closed_at        TIMESTAMPTZ NULL,
    close_reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_review_rounds_challenge ON review_rounds(challenge_id, kind, stage);
CREATE INDEX idx_review_rounds_status ON review_rounds(status, deadline);

-- An item is what a round scores; parties (JSON) are the organisations and PI the conflict rules check.
CREATE TABLE review_items (
    id           BIGSERIAL PRIMARY KEY,
    round_id     BIGINT NOT NULL REFERENCES review_rounds(id),
    bid_id       BIGINT NOT NULL DEFAULT 0,
    bid_version  INTEGER NOT NULL DEFAULT 0,
    racer_id     BIGINT NOT NULL DEFAULT 0,
    report_id    BIGINT NOT NULL DEFAULT 0,
    org_id       BIGINT NOT NULL DEFAULT 0,
    label        TEXT NOT NULL,
    submitted_at TIMESTAMPTZ NOT NULL,
    parties      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX idx_review_items_round ON review_items(round_id, id);
CREATE INDEX idx_review_items_bid ON review_items(bid_id);

-- status: pending | scored | recused (回避) | replaced (by the bureau) | redrawn (dropped by a redraw).
CREATE TABLE review_assignments (
    id            BIGSERIAL PRIMARY KEY,
    round_id      BIGINT NOT NULL REFERENCES review_rounds(id),
    item_id       BIGINT NOT NULL REFERENCES review_items(id),
    expert_id     BIGINT NOT NULL REFERENCES users(id),
    status        TEXT NOT NULL CHECK (status IN ('pending', 'scored', 'recused', 'replaced', 'redrawn')),
    field_match   BOOLEAN NOT NULL DEFAULT TRUE,
    draw          INTEGER NOT NULL DEFAULT 1,
    replaces_id   BIGINT NOT NULL DEFAULT 0,
    recuse_reason TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    closed_at     TIMESTAMPTZ NULL
);
CREATE UNIQUE INDEX idx_review_assignments_once ON review_assignments(item_id, expert_id)
    WHERE status IN ('pending', 'scored');
CREATE INDEX idx_review_assignments_round ON review_assignments(round_id, item_id);
CREATE INDEX idx_review_assignments_expert ON review_assignments(expert_id, status);
CREATE INDEX idx_review_assignments_status ON review_assignments(status, expert_id);

-- scores is JSON {criterion: 0..100}; a draft is saved work, submitted_at the latest submission.
CREATE TABLE review_scores (
    assignment_id BIGINT PRIMARY KEY REFERENCES review_assignments(id),
    scores        TEXT NOT NULL DEFAULT '{}',
    comment       TEXT NOT NULL DEFAULT '',
    draft         BOOLEAN NOT NULL DEFAULT TRUE,
    saved_at      TIMESTAMPTZ NOT NULL,
    submitted_at  TIMESTAMPTZ NULL
);

-- Results frozen at close: detail is the item's result as JSON (lines, flags, median), for fast reads.
CREATE TABLE review_results (
    round_id    BIGINT NOT NULL REFERENCES review_rounds(id),
    item_id     BIGINT NOT NULL REFERENCES review_items(id),
    position    INTEGER NOT NULL,
    item_rank   INTEGER NOT NULL DEFAULT 0,
    final_score DOUBLE PRECISION NULL,
    detail      TEXT NOT NULL,
    PRIMARY KEY (round_id, item_id)
);
CREATE INDEX idx_review_results_position ON review_results(round_id, position);

-- +goose Down
DROP TABLE review_results;
DROP TABLE review_scores;
DROP TABLE review_assignments;
DROP TABLE review_items;
DROP TABLE review_rounds;
DROP TABLE expert_conflicts;
DROP TABLE expert_profiles;
