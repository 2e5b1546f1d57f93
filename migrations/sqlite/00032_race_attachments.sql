-- +goose Up
-- Files attached to racers' stage reports, stored by SHA-256 with the bids' attachments.
CREATE TABLE racer_report_attachments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id    INTEGER NOT NULL REFERENCES racer_reports(id),
    racer_id     INTEGER NOT NULL REFERENCES racers(id),
    challenge_id INTEGER NOT NULL REFERENCES challenges(id),
    stage        INTEGER NOT NULL CHECK (stage > 0),
    filename     TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size >= 0),
    content_type TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_by  INTEGER NOT NULL,
    uploaded_at  DATETIME NOT NULL
);
CREATE INDEX idx_racer_report_attachments_challenge ON racer_report_attachments(challenge_id, report_id);

-- +goose Down
DROP TABLE racer_report_attachments;
