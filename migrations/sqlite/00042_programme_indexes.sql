-- +goose Up
-- The bureau's programme view groups every challenge by status, field and year and sums caps: a covering
-- index keeps those scans off the wide challenge rows. Racers' start per challenge dates the stage reports.
CREATE INDEX idx_challenges_programme ON challenges(status, field, (COALESCE(published_at, created_at)), gov_funding_fen, id);
CREATE INDEX idx_racers_challenge_started ON racers(challenge_id, started_at);

-- +goose Down
DROP INDEX idx_racers_challenge_started;
DROP INDEX idx_challenges_programme;
