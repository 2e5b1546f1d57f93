-- +goose Up
-- A call for needs (申报批次 / 需求征集): the bureau opens it for a range of China dates, enterprises file their
-- challenges into it, and the bureau publishes its approved challenges together with one bidding deadline.
-- opens_on and closes_on are China dates written YYYY-MM-DD; status is open or published (closed is derived
-- from closes_on); rules holds the call's own limits as JSON, a missing key meaning "the bureau's settings".
CREATE TABLE calls (
    id               BIGSERIAL PRIMARY KEY,
    title            TEXT NOT NULL,
    year             INTEGER NOT NULL,
    opens_on         TEXT NOT NULL,
    closes_on        TEXT NOT NULL,
    notes            TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'open',
    bidding_deadline TIMESTAMPTZ NULL,
    published_at     TIMESTAMPTZ NULL,
    rules            TEXT NOT NULL DEFAULT '{}',
    created_by       BIGINT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_calls_year ON calls(year, id);

-- The call a challenge was filed into; NULL for a challenge outside any call (the standing call).
ALTER TABLE challenges ADD COLUMN call_id BIGINT NULL REFERENCES calls(id);
CREATE INDEX idx_challenges_call ON challenges(call_id, status);

-- +goose Down
DROP INDEX idx_challenges_call;
ALTER TABLE challenges DROP COLUMN call_id;
DROP INDEX idx_calls_year;
DROP TABLE calls;
