-- +goose Up
-- Claims of scheduled work (调度认领): a job's effect for a subject at a due moment happens once, whichever
-- server gets there first (the row is inserted in the transaction of the effect).
CREATE TABLE schedule_claims (
    job        TEXT NOT NULL,
    subject    TEXT NOT NULL,
    due_at     TIMESTAMPTZ NOT NULL,
    claimed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (job, subject, due_at)
);

-- +goose Down
DROP TABLE schedule_claims;
