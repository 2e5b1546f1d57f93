-- +goose Up
-- Formal review with a correction window (形式审查 + 补正): after the bidding deadline the bureau may ask a
-- submitted bid to correct named defects (content fields or attachments, as JSON) by a due time instead of
-- finding it ineligible. The bid keeps its status; the correction is its own record. At most one correction
-- of a bid is pending (open or resubmitted) at a time.
CREATE TABLE bid_corrections (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    bid_id              INTEGER NOT NULL REFERENCES bids(id),
    challenge_id        INTEGER NOT NULL REFERENCES challenges(id),
    status              TEXT NOT NULL CHECK (status IN ('open', 'resubmitted', 'corrected', 'lapsed', 'void')),
    defects             TEXT NOT NULL,
    due_at              DATETIME NOT NULL,
    base_version        INTEGER NOT NULL CHECK (base_version >= 1),
    requested_by        INTEGER NOT NULL REFERENCES users(id),
    requested_at        DATETIME NOT NULL,
    resubmitted_version INTEGER NOT NULL DEFAULT 0,
    resubmitted_at      DATETIME,
    closed_by           INTEGER,
    closed_at           DATETIME
);
CREATE INDEX idx_bid_corrections_bid ON bid_corrections(bid_id, id);
CREATE INDEX idx_bid_corrections_challenge ON bid_corrections(challenge_id, status);
CREATE INDEX idx_bid_corrections_due ON bid_corrections(status, due_at);
CREATE UNIQUE INDEX idx_bid_corrections_one_pending ON bid_corrections(bid_id) WHERE status IN ('open', 'resubmitted');

-- +goose Down
DROP TABLE bid_corrections;
