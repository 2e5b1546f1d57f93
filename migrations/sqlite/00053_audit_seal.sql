-- +goose Up
-- The seal of each audit entry: an HMAC of its hash under a secret derived from the checkpoint key, kept apart
-- from the database, so an entry appended or rehashed by someone who can write the database is detected. Not
-- part of the hash; '' for entries written before sealing.
ALTER TABLE audit_entries ADD COLUMN seal TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE audit_entries DROP COLUMN seal;
