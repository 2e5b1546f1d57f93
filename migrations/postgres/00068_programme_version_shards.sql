-- +goose Up
-- programme_version (00063) was one row that every transaction creating a bid, submitting or withdrawing one,
-- and every other change of the programme view updated: on PostgreSQL each such transaction, on every server,
-- waited for that row's lock until the transaction before it committed (in the deadline surge most of the
-- connections of two servers were queued on it). It is now 16 rows: a transaction bumps the row of its
-- database session (1 + pg_backend_pid() % 16), so concurrent writers on different sessions do not wait for
-- one another, and the version read is their sum, which still grows with every bump
-- (repository/programme_cache.go). SQLite has one writer and keeps the single row.
ALTER TABLE programme_version DROP CONSTRAINT programme_version_id_check;
ALTER TABLE programme_version ADD CONSTRAINT programme_version_shard CHECK (id BETWEEN 1 AND 16);
INSERT INTO programme_version (id, v) SELECT g, 0 FROM generate_series(2, 16) AS g;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION programme_version_bump() RETURNS trigger AS $$
BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1 + pg_backend_pid() % 16;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION programme_version_bump() RETURNS trigger AS $$
BEGIN
    UPDATE programme_version SET v = v + 1 WHERE id = 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
UPDATE programme_version SET v = (SELECT SUM(v) FROM programme_version) WHERE id = 1;
DELETE FROM programme_version WHERE id > 1;
ALTER TABLE programme_version DROP CONSTRAINT programme_version_shard;
ALTER TABLE programme_version ADD CONSTRAINT programme_version_id_check CHECK (id = 1);
