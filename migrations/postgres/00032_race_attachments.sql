-- +goose Up
-- Files attached to racers' stage reports, stored by SHA-256 with the bids' attachments.
CREATE TABLE racer_report_attachments (
    id           BIGSERIAL PRIMARY KEY,
    report_id    BIGINT NOT NULL REFERENCES racer_reports(id),
    racer_id     BIGINT NOT NULL REFERENCES racers(id),
    challenge_id BIGINT NOT NULL REFERENCES challenges(id),
    stage        INTEGER NOT NULL CHECK (stage > 0),
    filename     TEXT NOT NULL,
    size         BIGINT NOT NULL CHECK (size >= 0),
    content_type TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_by  BIGINT NOT NULL,
    uploaded_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_racer_report_attachments_challenge ON racer_report_attachments(challenge_id, report_id);

-- +goose Down
DROP TABLE racer_report_attachments;
